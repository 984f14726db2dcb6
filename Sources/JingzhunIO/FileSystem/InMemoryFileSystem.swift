/// A file system held in memory, for tests that must not touch the disk.
///
/// Semantics follow `POSIXFileSystem` where callers can tell the difference: listing an absent
/// folder fails, `createExclusive` loses to an existing name, files need their folder to exist
/// (except through `replace`, which creates it), `.scratch` files are readable back, and every
/// change moves the file's modification and status-change times forward (a logical clock, so
/// stamps differ after each write). Symlinks can be planted with `addSymlink` and are refused by
/// `readRegularFile` unless followed; they are never resolved by other operations.
/// Paths are taken literally after dropping a trailing `/`; relative paths are fine.
public final class InMemoryFileSystem: FileSystem, @unchecked Sendable {  // state guarded by `state`
    enum Node {
        case file([UInt8], inode: UInt64, modified: Int64)
        case directory
        case symlink(String)
        case special(String)
    }

    struct State {
        var nodes: [String: Node] = ["/": .directory, ".": .directory]
        var clock: Int64 = 0
        var nextInode: UInt64 = 1
    }

    private let state = Locked(State())

    public init() {}

    static func normalized(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path.isEmpty ? "." : path
    }

    /// Every file path and its bytes, sorted by path (for assertions).
    public var files: [(path: String, bytes: [UInt8])] {
        state.withLock { state in
            state.nodes.compactMap { path, node -> (String, [UInt8])? in
                if case .file(let bytes, _, _) = node { (path, bytes) } else { nil }
            }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        }
    }

    /// Plants a symlink at `path` pointing to `target` (which is never followed except by reads
    /// that ask for it).
    public func addSymlink(_ path: String, to target: String) {
        state.withLock { $0.nodes[Self.normalized(path)] = .symlink(target) }
    }

    /// Plants a special file (FIFO, device) described by `kind`.
    public func addSpecialFile(_ path: String, kind: String) {
        state.withLock { $0.nodes[Self.normalized(path)] = .special(kind) }
    }

    public func info(_ path: String, followingSymlinks: Bool) -> FileInfo? {
        state.withLock { state in Self.info(Self.normalized(path), in: state, following: followingSymlinks ? 8 : 0) }
    }

    private static func info(_ path: String, in state: State, following: Int) -> FileInfo? {
        guard let node = state.nodes[path] else { return nil }
        switch node {
        case .file(let bytes, let inode, let modified):
            return FileInfo(
                kind: .regular, size: Int64(bytes.count), modifiedNanoseconds: modified, changedNanoseconds: modified,
                inode: inode, device: 1)
        case .directory: return FileInfo(kind: .directory, size: 0)
        case .special(let kind): return FileInfo(kind: .other(kind), size: 0)
        case .symlink(let target):
            guard following > 0 else { return FileInfo(kind: .symlink, size: Int64(target.utf8.count)) }
            return info(normalized(target), in: state, following: following - 1)
        }
    }

    public func entries(of path: String) throws(IOError) -> [String] {
        let folder = Self.normalized(path)
        let names: [String]? = state.withLock { state in
            guard case .directory = state.nodes[folder] else { return nil }
            return state.nodes.keys.compactMap { key in
                guard key != folder, FilePath.directory(of: key) == folder else { return nil }
                return FilePath.basename(of: key)
            }
        }
        guard let names else { throw IOError("cannot list folder", path: path, operation: .list, errno: 2) }
        return names
    }

    private func contents(_ path: String, followingSymlinks: Bool) -> Result<[UInt8], RegularFile.Failure> {
        state.withLock { state in
            var current = Self.normalized(path)
            for _ in 0..<8 {
                switch state.nodes[current] {
                case nil: return .failure(.io(errno: 2, operation: "open"))
                case .file(let bytes, _, _): return .success(bytes)
                case .directory: return .failure(.notRegularFile(kind: "folder"))
                case .special(let kind): return .failure(.notRegularFile(kind: kind))
                case .symlink(let target):
                    guard followingSymlinks else { return .failure(.symlink) }
                    current = Self.normalized(target)
                }
            }
            return .failure(.io(errno: 40, operation: "open"))  // ELOOP
        }
    }

    private static func feed(_ bytes: [UInt8], chunkBytes: Int, _ body: (UnsafeRawBufferPointer) -> Bool) -> Int64 {
        var total: Int64 = 0
        var start = 0
        let step = max(1, chunkBytes)
        while start < bytes.count {
            let end = min(bytes.count, start + step)
            total += Int64(end - start)
            let more = bytes[start..<end].withUnsafeBytes { body($0) }
            if !more { break }
            start = end
        }
        return total
    }

    @discardableResult
    public func read(_ path: String, chunkBytes: Int, _ body: (UnsafeRawBufferPointer) -> Bool) throws(IOError) -> Int64
    {
        switch contents(path, followingSymlinks: true) {
        case .success(let bytes): return Self.feed(bytes, chunkBytes: chunkBytes, body)
        case .failure: throw IOError("cannot open", path: path, operation: .open, errno: 2)
        }
    }

    public func read(_ path: String, at offset: Int64, count: Int) throws(IOError) -> [UInt8] {
        precondition(offset >= 0 && count >= 0, "a byte range starts at 0 or later")
        switch contents(path, followingSymlinks: true) {
        case .success(let bytes):
            guard offset < Int64(bytes.count) else { return [] }
            let start = Int(offset)
            return Array(bytes[start..<min(bytes.count, start + count)])
        case .failure: throw IOError("cannot open", path: path, operation: .open, errno: 2)
        }
    }

    @discardableResult
    public func readRegularFile(
        _ path: String, chunkBytes: Int, followingSymlinks: Bool, _ body: (UnsafeRawBufferPointer) -> Bool
    ) throws(RegularFile.Failure) -> Int64 {
        switch contents(path, followingSymlinks: followingSymlinks) {
        case .success(let bytes): return Self.feed(bytes, chunkBytes: chunkBytes, body)
        case .failure(let failure): throw failure
        }
    }

    public func createDirectories(_ path: String) throws(IOError) {
        var current = Self.normalized(path)
        var missing: [String] = []
        let blocked: String? = state.withLock { state in
            while true {
                switch state.nodes[current] {
                case .directory?: break
                case nil:
                    missing.append(current)
                    let parent = FilePath.directory(of: current)
                    if parent == current { break }
                    current = parent
                    continue
                default: return current
                }
                break
            }
            for folder in missing { state.nodes[folder] = .directory }
            return nil
        }
        if let blocked { throw IOError("cannot create folder", path: blocked, operation: .createDirectory, errno: 17) }
    }

    /// Stores `bytes` at `path`; the folder must exist. - Returns: false when `exclusive` and taken.
    private func store(_ bytes: [UInt8], at path: String, exclusive: Bool) throws(IOError) -> Bool {
        let target = Self.normalized(path)
        let outcome: Int32? = state.withLock { state in
            guard case .directory = state.nodes[FilePath.directory(of: target)] else { return 2 }  // ENOENT
            switch state.nodes[target] {
            case .directory?: return 21  // EISDIR
            case .some where exclusive: return 17  // EEXIST
            default: break
            }
            state.clock += 1
            state.nextInode += 1
            state.nodes[target] = .file(bytes, inode: state.nextInode, modified: state.clock)
            return nil
        }
        switch outcome {
        case nil: return true
        case 17?: return false
        case let code?: throw IOError("cannot write", path: path, operation: .write, errno: code)
        }
    }

    public func replace(_ path: String, with bytes: [UInt8]) throws(IOError) {
        try createDirectories(FilePath.directory(of: Self.normalized(path)))
        _ = try store(bytes, at: path, exclusive: false)
    }

    public func createExclusive(_ path: String, with bytes: [UInt8]) throws(IOError) -> Bool {
        try store(bytes, at: path, exclusive: true)
    }

    public func rename(_ source: String, to destination: String) throws(IOError) {
        let from = Self.normalized(source)
        let to = Self.normalized(destination)
        let moved: Bool = state.withLock { state in
            guard let node = state.nodes[from] else { return false }
            // A folder moves with everything under it.
            for key in state.nodes.keys where key.hasPrefix(from + "/") {
                state.nodes[to + key.dropFirst(from.count)] = state.nodes.removeValue(forKey: key)
            }
            state.nodes[from] = nil
            state.nodes[to] = node
            return true
        }
        if !moved { throw IOError("cannot rename '\(source)' to", path: destination, operation: .rename, errno: 2) }
    }

    public func remove(_ path: String) throws(IOError) {
        let target = Self.normalized(path)
        let code: Int32? = state.withLock { state in
            if case .directory = state.nodes[target] { return 21 }
            state.nodes[target] = nil
            return nil
        }
        if let code { throw IOError("cannot remove", path: path, operation: .remove, errno: code) }
    }

    public func removeEmptyDirectory(_ path: String) {
        let target = Self.normalized(path)
        state.withLock { state in
            guard case .directory = state.nodes[target],
                !state.nodes.keys.contains(where: { $0 != target && FilePath.directory(of: $0) == target })
            else { return }
            state.nodes[target] = nil
        }
    }

    public func removeTree(_ path: String) {
        let target = Self.normalized(path)
        state.withLock { state in
            for key in state.nodes.keys where key == target || key.hasPrefix(target + "/") { state.nodes[key] = nil }
        }
    }

    public func syncDirectory(_ path: String) throws(IOError) {
        guard isDirectory(path) else {
            throw IOError("cannot open the folder", path: path, operation: .open, errno: 2)
        }
    }

    public func open(_ path: String, mode: OpenMode) throws(IOError) -> any OpenFile {
        let target = Self.normalized(path)
        let existing: [UInt8] =
            mode == .appending
            ? state.withLock { state in if case .file(let bytes, _, _) = state.nodes[target] { bytes } else { [] } }
            : []
        _ = try store(existing, at: target, exclusive: false)
        return InMemoryOpenFile(fileSystem: self, path: target)
    }

    fileprivate func append(_ bytes: UnsafeRawBufferPointer, to path: String) throws(IOError) {
        let appended: Bool = state.withLock { state in
            guard case .file(var content, let inode, _) = state.nodes[path] else { return false }
            state.nodes[path] = nil  // keep `content` uniquely referenced while it grows
            content.append(contentsOf: bytes)
            state.clock += 1
            state.nodes[path] = .file(content, inode: inode, modified: state.clock)
            return true
        }
        if !appended { throw IOError("cannot write", path: path, operation: .write, errno: 9) }  // EBADF
    }

    fileprivate func bytes(of path: String) -> [UInt8]? {
        state.withLock { state in if case .file(let bytes, _, _) = state.nodes[path] { bytes } else { nil } }
    }
}

/// A file opened on an `InMemoryFileSystem`: writes append to the stored bytes.
final class InMemoryOpenFile: OpenFile {
    let path: String
    private let fileSystem: InMemoryFileSystem
    private var isOpen = true

    init(fileSystem: InMemoryFileSystem, path: String) {
        self.fileSystem = fileSystem
        self.path = path
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
        guard isOpen else { throw IOError("cannot write", path: path, operation: .write, errno: 9) }
        try fileSystem.append(bytes, to: path)
    }

    func read(at offset: Int, count: Int) throws(IOError) -> [UInt8] {
        guard isOpen, let bytes = fileSystem.bytes(of: path) else {
            throw IOError("cannot read", path: path, operation: .read, errno: 9)
        }
        guard offset < bytes.count else { return [] }
        return Array(bytes[offset..<min(bytes.count, offset + count)])
    }

    func sync() throws(IOError) {}

    func close() throws(IOError) { isOpen = false }
}
