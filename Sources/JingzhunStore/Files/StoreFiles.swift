import JingzhunIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The store's file operations: JingzhunIO's `FileSystem` (the only edge; house style §3.4),
// with its failures worded as `StoreError`s. The durability order (temporary file, sync,
// rename or link, sync the folder; a folder that cannot be synced is an error) is
// `FileSystem.replace` / `createExclusive`. Temporary names start with "." and end in
// ".partial", so Delta readers, Hive-style globs (`**/*.parquet`) and Spark ignore them.

struct StoreFiles: Sendable {
    /// The file system the store reads and writes (`Store(fileSystem:)`; POSIX unless a test
    /// passes an `InMemoryFileSystem`).
    let fileSystem: any FileSystem

    init(_ fileSystem: any FileSystem = POSIXFileSystem()) { self.fileSystem = fileSystem }

    func exists(_ path: String) -> Bool { fileSystem.exists(path) }

    func isDirectory(_ path: String) -> Bool { fileSystem.isDirectory(path) }

    /// Size in bytes, or nil when there is no such file.
    func size(_ path: String) -> Int64? { fileSystem.size(path) }

    static func directory(of path: String) -> String { FilePath.directory(of: path) }

    /// The store's wording of an IO failure, keeping the errno (it decides the exit status).
    static func storeError(_ error: IOError) -> StoreError {
        let what: String
        var fix = "check that the folder exists and is writable, and that the disk is not full"
        switch error.operation {
        case .open: what = "opening"
        case .read: what = "reading"
        case .write: what = "writing"
        case .sync: what = "syncing"
        case .close: what = "closing"
        case .rename: what = "renaming a temporary file to"
        case .link:
            what = "linking the commit file"
            fix =
                "the store needs a local file system with hard links (ext4, xfs, btrfs, apfs); move the output folder "
                + "to one"
        case .remove: what = "removing"
        case .list: what = "listing the folder"
        case .createDirectory: what = "creating the folder"
        case .lock: what = "locking"
        }
        return StoreError.io(what, path: error.path, errno: error.errno ?? 0, fix: fix)
    }

    /// `mkdir -p`.
    func createDirectories(_ path: String) throws(StoreError) {
        do { try fileSystem.createDirectories(path) } catch { throw Self.storeError(error) }
    }

    /// Names in a folder, sorted bytewise unless `sorted` is false (directory order; the caller
    /// sorts what it keeps); an absent folder has no names.
    func list(_ path: String, sorted: Bool = true) throws(StoreError) -> [String] {
        do {
            return sorted ? try fileSystem.list(path) : try fileSystem.entries(of: path)
        } catch {
            if error.errno == ENOENT { return [] }
            throw Self.storeError(error)
        }
    }

    func readAll(_ path: String) throws(StoreError) -> [UInt8] {
        do { return try fileSystem.readAll(path) } catch { throw Self.storeError(error) }
    }

    /// The bytes `range` of `path` (fewer when the file ends before): a row group's column chunk,
    /// a footer (issue 20: data files are no longer read whole).
    func read(_ path: String, range: Range<Int>) throws(StoreError) -> [UInt8] {
        do { return try fileSystem.read(path, at: Int64(range.lowerBound), count: range.count) } catch {
            throw Self.storeError(error)
        }
    }

    /// Syncs a folder so a new name in it survives power loss.
    func syncDirectory(_ path: String) throws(StoreError) {
        do { try fileSystem.syncDirectory(path) } catch { throw Self.storeError(error) }
    }

    /// Replaces (or creates) `path` atomically: readers see the old bytes or the new, never a mix.
    func writeAtomically(_ bytes: [UInt8], to path: String) throws(StoreError) {
        do { try fileSystem.replace(path, with: bytes) } catch { throw Self.storeError(error) }
    }

    /// Creates `path` with `bytes` only if no file of that name exists (Delta's mutual exclusion
    /// for commit files on POSIX: `link(2)` fails with EEXIST instead of replacing).
    /// - Returns: false when the name was already taken (another writer won the race).
    func createIfAbsent(_ bytes: [UInt8], at path: String) throws(StoreError) -> Bool {
        do { return try fileSystem.createExclusive(path, with: bytes) } catch { throw Self.storeError(error) }
    }

    /// A synced temporary file next to `finalPath`, left there (tests: what a killed writer leaves).
    func writeTemporary(_ bytes: [UInt8], near finalPath: String) throws(StoreError) -> String {
        do {
            if let posix = fileSystem as? POSIXFileSystem { return try posix.writeTemporary(bytes, near: finalPath) }
            let path = Self.directory(of: finalPath) + "/.tmp-leftover.partial"
            try fileSystem.replace(path, with: bytes)
            return path
        } catch { throw Self.storeError(error) }
    }

    /// Renames `source` to `destination` (same folder: atomic) and syncs the folder.
    func rename(_ source: String, to destination: String) throws(StoreError) {
        do { try fileSystem.rename(source, to: destination) } catch { throw Self.storeError(error) }
    }

    /// Removes `path` (absent is fine) and syncs its folder so the removal survives power loss.
    func remove(_ path: String) throws(StoreError) {
        do { try fileSystem.remove(path) } catch { throw Self.storeError(error) }
    }

    /// Removes leftovers of interrupted writes (`.tmp-*.partial`) under `root`.
    ///
    /// Only safe while no other writer is active (the run lock guarantees it).
    func removeTemporaryFiles(under root: String) throws(StoreError) -> Int {
        var removed = 0
        for name in try list(root) {
            let path = "\(root)/\(name)"
            if name.hasPrefix(".tmp-") && name.hasSuffix(".partial") {
                // Not synced one by one: a leftover that comes back after power loss is removed again.
                if (try? fileSystem.remove(path)) != nil { removed += 1 }
            } else if isDirectory(path) {
                removed += try removeTemporaryFiles(under: path)
            }
        }
        return removed
    }
}
