#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JingzhunIO

// The store's POSIX edge: the only place in the module that opens, links, renames or fsyncs
// (house-style §3.4: only the store's commit step and JingzhunIO touch rename and fsync).
//
// Durability order everywhere: write a temporary file in the target folder, fsync it, make it
// visible under its final name (rename, or link for put-if-absent), then fsync the folder so the
// new name survives power loss. Temporary names start with "." and do not end in ".parquet" or
// ".json", so Delta readers, Hive-style globs (`**/*.parquet`) and Spark all ignore them.

enum StoreFiles {
    /// Distinguishes temporary files of concurrent writers in one process (threads in tests).
    private static let counter = AtomicCounter()

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Size in bytes, or nil when there is no such file.
    static func size(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p`.
    static func createDirectories(_ path: String) throws(StoreError) {
        if path.isEmpty || isDirectory(path) { return }
        let parent = directory(of: path)
        if parent != path && parent != "." { try createDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw StoreError.io("creating the folder", path: path, errno: errno)
        }
    }

    /// Names in a folder, sorted bytewise unless `sorted` is false (directory order; the caller
    /// sorts what it keeps); an absent folder has no names.
    static func list(_ path: String, sorted: Bool = true) throws(StoreError) -> [String] {
        guard let handle = opendir(path) else {
            if errno == ENOENT { return [] }
            throw StoreError.io("listing the folder", path: path, errno: errno)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return sorted ? names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } : names
    }

    static func readAll(_ path: String) throws(StoreError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io("opening", path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        var out: [UInt8] = []
        if fstat(fd, &info) == 0 { out.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.io("reading", path: path, errno: errno)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// fsync a folder so a new name in it survives power loss.
    static func syncDirectory(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io("opening the folder", path: path, errno: errno) }
        defer { close(fd) }
        // EINVAL: the file system cannot sync folders (some network file systems); nothing more to do.
        if fsync(fd) != 0 && errno != EINVAL { throw StoreError.io("syncing the folder", path: path, errno: errno) }
    }

    /// Writes `bytes` to a fresh temporary file next to `finalPath` and fsyncs it.
    /// - Returns: the temporary path (the caller moves it into place or removes it).
    static func writeTemporary(_ bytes: [UInt8], near finalPath: String) throws(StoreError) -> String {
        let folder = directory(of: finalPath)
        let base = String(finalPath[finalPath.index(after: finalPath.lastIndex(of: "/") ?? finalPath.startIndex)...])
        let temporary = "\(folder)/.tmp-\(getpid())-\(counter.next())-\(base).partial"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io("creating the temporary file", path: temporary, errno: errno) }
        var offset = 0
        while offset < bytes.count {
            // Force unwrap: the loop runs only while bytes remain, so the buffer is non-empty.
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw StoreError.io("writing", path: temporary, errno: code)
            }
            offset += n
        }
        if fsync(fd) != 0 {
            let code = errno
            close(fd)
            unlink(temporary)
            throw StoreError.io("syncing", path: temporary, errno: code)
        }
        close(fd)
        return temporary
    }

    /// Replaces (or creates) `path` atomically: readers see the old bytes or the new, never a mix.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(StoreError) {
        try createDirectories(directory(of: path))
        let temporary = try writeTemporary(bytes, near: path)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw StoreError.io("renaming a temporary file to", path: path, errno: code)
        }
        try syncDirectory(directory(of: path))
    }

    /// Creates `path` with `bytes` only if no file of that name exists (Delta's mutual exclusion
    /// for commit files on POSIX: `link(2)` fails with EEXIST instead of replacing).
    /// - Returns: false when the name was already taken (another writer won the race).
    static func createIfAbsent(_ bytes: [UInt8], at path: String) throws(StoreError) -> Bool {
        let temporary = try writeTemporary(bytes, near: path)
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST { return false }
            throw StoreError.io(
                "linking the commit file", path: path, errno: code,
                fix: "the store needs a local file system with hard links (ext4, xfs, btrfs, apfs); move the output folder to one")
        }
        try syncDirectory(directory(of: path))
        return true
    }

    /// Removes `path` (absent is fine) and syncs its folder so the removal survives power loss.
    static func remove(_ path: String) throws(StoreError) {
        if unlink(path) != 0 {
            if errno == ENOENT { return }
            throw StoreError.io("removing", path: path, errno: errno)
        }
        try syncDirectory(directory(of: path))
    }

    /// Removes leftovers of interrupted writes (`.tmp-*.partial`) under `root`.
    ///
    /// Only safe while no other writer is active (the run lock guarantees it).
    static func removeTemporaryFiles(under root: String) throws(StoreError) -> Int {
        var removed = 0
        for name in try list(root) {
            let path = "\(root)/\(name)"
            if name.hasPrefix(".tmp-") && name.hasSuffix(".partial") {
                if unlink(path) == 0 { removed += 1 }
            } else if isDirectory(path) {
                removed += try removeTemporaryFiles(under: path)
            }
        }
        return removed
    }
}

/// A process-wide counter for unique temporary names.
final class AtomicCounter: Sendable {
    private let value = Locked(0)
    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}
