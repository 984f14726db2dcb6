import JingzhunStore

extension RunError {
    /// A store error met while reading the store as runs recorded it (`report --as-of`, `explain`):
    /// damage exits 65, versions the store no longer holds are a usage error naming the runs.
    init(readingStoreAsOf e: StoreError, runs: String) {
        if e.isDamage {
            self.init(.storeDamaged, e.message, path: e.path)
        } else if e.code == .versionNotFound {
            self.init(.usage, "the store no longer holds the versions run \(runs) recorded: \(e.message)")
        } else {
            self.init(.internalError, "cannot read the store: \(e.message)")
        }
    }
}
