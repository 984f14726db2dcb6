extension StoreSnapshot {
    /// Store-relative paths (`households/year=2019/province=52/part-….parquet`) of every active
    /// data file of every table, sorted: what a run's manifest lists as its store outputs.
    public func activeDataFiles() -> [String] {
        var out: [String] = []
        for table in StoreTable.allCases.sorted() {
            for f in snapshots[table]?.files ?? [] { out.append(table.rawValue + "/" + f.path) }
        }
        return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

extension Store {
    /// Active data files of the newest snapshot (see `StoreSnapshot.activeDataFiles()`).
    public func activeDataFiles() throws(StoreError) -> [String] { try snapshot().activeDataFiles() }
}
