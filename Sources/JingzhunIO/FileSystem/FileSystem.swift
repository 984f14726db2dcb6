/// The file-system operations the pipeline needs, as one value passed to every stage.
///
/// JingzhunIO is the only edge (house style §3.4): stages, the store, compute's scratch runs,
/// the run log and synth reach the disk only through a `FileSystem`. `POSIXFileSystem` is the
/// real one (with one retry policy for interrupted calls); `InMemoryFileSystem` holds files in a
/// dictionary, for tests that must not touch the disk. Paths are plain strings, `/`-separated.
///
/// Durability order for every write that must survive a crash: write a temporary file in the
/// target folder, sync it, make it visible under its final name (rename, or link for
/// create-exclusive), then sync the folder so the new name survives power loss. A failure to
/// sync the folder is an error (except EINVAL: a file system that cannot sync folders).
public protocol FileSystem: Sendable {
    /// What the file at `path` is, or nil when there is none.
    /// - Parameter followingSymlinks: false (`lstat`) reports a symlink as `.symlink`.
    func info(_ path: String, followingSymlinks: Bool) -> FileInfo?

    /// The names in the folder `path` (without `.` and `..`), in no particular order.
    /// - Throws: `IOError` with operation `.list` (an absent folder included).
    func entries(of path: String) throws(IOError) -> [String]

    /// Reads `path` in chunks of at most `chunkBytes`, while `body` returns true.
    ///
    /// Follows symlinks and accepts any file that can be opened (store files, configuration).
    /// - Returns: the number of bytes read.
    @discardableResult
    func read(_ path: String, chunkBytes: Int, _ body: (UnsafeRawBufferPointer) -> Bool) throws(IOError) -> Int64

    /// Up to `count` bytes of `path` from byte `offset` (fewer at the end of the file, none past it):
    /// one positioned read, for readers that need a byte range of a large file (the store reads a
    /// row group's column chunks, not the whole file; issue 20). Follows symlinks, as `read`.
    func read(_ path: String, at offset: Int64, count: Int) throws(IOError) -> [UInt8]

    /// Reads the regular file `path` in chunks, refusing anything else before a byte is read
    /// (issue 13: a FIFO, device, socket, folder, or — unless `followingSymlinks` — a symlink).
    @discardableResult
    func readRegularFile(
        _ path: String, chunkBytes: Int, followingSymlinks: Bool, _ body: (UnsafeRawBufferPointer) -> Bool
    ) throws(RegularFile.Failure) -> Int64

    /// `mkdir -p`.
    func createDirectories(_ path: String) throws(IOError)

    /// Replaces (or creates) `path` atomically and durably, creating parent folders: readers see
    /// the old bytes or the new, never a mix, whatever instant the process dies.
    func replace(_ path: String, with bytes: [UInt8]) throws(IOError)

    /// Creates `path` with `bytes` only if no file of that name exists, durably (Delta's mutual
    /// exclusion for commit files: a second writer loses instead of replacing).
    /// - Returns: false when the name was already taken.
    func createExclusive(_ path: String, with bytes: [UInt8]) throws(IOError) -> Bool

    /// Renames `source` to `destination` (replacing it) and syncs the destination's folder.
    func rename(_ source: String, to destination: String) throws(IOError)

    /// Removes the file `path` (absent is fine) and syncs its folder.
    func remove(_ path: String) throws(IOError)

    /// Removes the folder `path` if it is empty; anything else is left alone, silently.
    func removeEmptyDirectory(_ path: String)

    /// `rm -rf path`, best effort (leftovers of scratch work).
    func removeTree(_ path: String)

    /// Syncs the folder `path`, so names created or removed in it survive power loss.
    func syncDirectory(_ path: String) throws(IOError)

    /// Opens `path` for writing (and, for `.scratch`, reading back) in the given mode.
    func open(_ path: String, mode: OpenMode) throws(IOError) -> any OpenFile
}

/// How `FileSystem.open` opens a file.
public enum OpenMode: Sendable, Equatable {
    /// Created or truncated, readable and writable by the owner only (0600), not synced:
    /// compute's scratch runs, removed after use.
    case scratch
    /// Created if absent, every write appended at the end (0644): the run log.
    case appending
    /// Created or truncated, written from the start (0644): synth's `.partial` files.
    case truncating
}

/// A file opened by `FileSystem.open`. Writes go at the end of what was written so far.
public protocol OpenFile: AnyObject {
    var path: String { get }
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(IOError)
    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(at offset: Int, count: Int) throws(IOError) -> [UInt8]
    /// Makes what was written durable.
    func sync() throws(IOError)
    /// Closes the file; later calls do nothing.
    func close() throws(IOError)
}

extension OpenFile {
    public func write(_ bytes: [UInt8]) throws(IOError) {
        var failure: IOError?
        bytes.withUnsafeBytes { raw in
            do throws(IOError) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

/// What `FileSystem.info` reports: the kind of file and the stamp that identifies its bytes
/// without reading them (size, inode, device, modification and status-change times).
public struct FileInfo: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case regular, directory, symlink
        /// A FIFO, device or socket, described in words (`FIFO (named pipe)`, `character device`).
        case other(String)
    }

    public var kind: Kind
    public var size: Int64
    public var modifiedNanoseconds: Int64
    public var changedNanoseconds: Int64
    public var inode: UInt64
    public var device: UInt64

    public init(
        kind: Kind, size: Int64, modifiedNanoseconds: Int64 = 0, changedNanoseconds: Int64 = 0, inode: UInt64 = 0,
        device: UInt64 = 0
    ) {
        self.kind = kind
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedNanoseconds = changedNanoseconds
        self.inode = inode
        self.device = device
    }

    public var isDirectory: Bool { kind == .directory }
}

extension FileSystem {
    /// Whether anything exists at `path` (symlinks followed).
    public func exists(_ path: String) -> Bool { info(path, followingSymlinks: true) != nil }

    /// Whether `path` is a folder (symlinks followed).
    public func isDirectory(_ path: String) -> Bool { info(path, followingSymlinks: true)?.kind == .directory }

    /// Size in bytes, or nil when there is no such file.
    public func size(_ path: String) -> Int64? { info(path, followingSymlinks: true)?.size }

    /// Names in a folder, sorted bytewise (deterministic).
    public func list(_ path: String) throws(IOError) -> [String] {
        try entries(of: path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `read(_:at:count:)` for file systems without positioned reads: streams the file from its
    /// start, keeping only the range asked for.
    public func read(_ path: String, at offset: Int64, count: Int) throws(IOError) -> [UInt8] {
        precondition(offset >= 0 && count >= 0, "a byte range starts at 0 or later")
        var out: [UInt8] = []
        guard count > 0 else { return out }
        var position: Int64 = 0
        try read(path, chunkBytes: 1 << 20) { chunk in
            let start = max(offset, position)
            let end = min(offset + Int64(count), position + Int64(chunk.count))
            if start < end { out.append(contentsOf: chunk[Int(start - position)..<Int(end - position)]) }
            position += Int64(chunk.count)
            return position < offset + Int64(count)
        }
        return out
    }

    /// A whole file, or its first `maximumBytes` bytes.
    public func readAll(_ path: String, maximumBytes: Int = .max) throws(IOError) -> [UInt8] {
        var out: [UInt8] = []
        if let size = size(path), size < Int64(1 << 30) { out.reserveCapacity(min(Int(size), maximumBytes)) }
        guard maximumBytes > 0 else { return out }
        try read(path, chunkBytes: 1 << 20) { chunk in
            out.append(contentsOf: chunk.prefix(maximumBytes - out.count))
            return out.count < maximumBytes
        }
        return out
    }

    /// SHA-256 (lowercase hex) and size of a file, streamed in 1 MiB chunks.
    public func sha256(of path: String) throws(IOError) -> (hex: String, size: Int) {
        var hasher = SHA256Hasher()
        let size = try read(path, chunkBytes: 1 << 20) { chunk in
            hasher.update(chunk)
            return true
        }
        return (hasher.finalizeHex(), Int(size))
    }

    /// Recursive file listing relative to `root`, sorted bytewise; folders are descended into,
    /// not listed. An unreadable folder contributes nothing.
    public func walkFiles(_ root: String) -> [String] {
        var out: [String] = []
        func walk(_ relative: String) {
            let full = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? list(full) else { return }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                if isDirectory(root + "/" + path) { walk(path) } else { out.append(path) }
            }
        }
        walk("")
        return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
