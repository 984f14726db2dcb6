#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real file system, through POSIX calls: the only place in the package that opens,
/// reads, writes, renames, links, syncs or unlinks files (a test checks it).
///
/// Interrupted calls (EINTR) are retried by `POSIXFileSystem.retrying`, the one retry policy;
/// `close` is never retried (on Linux the descriptor is gone even when it reports EINTR).
public struct POSIXFileSystem: FileSystem {
    /// Distinguishes temporary files of concurrent writers in one process (threads in tests).
    private static let counter = Locked(0)

    public init() {}

    /// Runs `call` again while it fails with EINTR; returns its last result (errno set on < 0).
    @inline(__always)
    static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    public func info(_ path: String, followingSymlinks: Bool) -> FileInfo? {
        var status = stat()
        let result = followingSymlinks ? stat(path, &status) : lstat(path, &status)
        guard result == 0 else { return nil }
        return Self.info(status)
    }

    static func info(_ status: stat) -> FileInfo {
        let kind: FileInfo.Kind
        switch status.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other(RegularFile.kind(ofMode: UInt32(status.st_mode)))
        }
        #if canImport(Darwin)
            let modified = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
            let changed = Int64(status.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(status.st_ctimespec.tv_nsec)
        #else
            let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
            let changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
        #endif
        return FileInfo(
            kind: kind, size: Int64(status.st_size), modifiedNanoseconds: modified, changedNanoseconds: changed,
            inode: UInt64(status.st_ino), device: UInt64(status.st_dev))
    }

    public func entries(of path: String) throws(IOError) -> [String] {
        guard let handle = opendir(path) else {
            throw IOError("cannot list folder", path: path, operation: .list, errno: errno)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    @discardableResult
    public func read(_ path: String, chunkBytes: Int, _ body: (UnsafeRawBufferPointer) -> Bool) throws(IOError) -> Int64
    {
        let descriptor = Self.retrying { systemOpen(path, O_RDONLY | O_CLOEXEC, 0) }
        guard descriptor >= 0 else { throw IOError("cannot open", path: path, operation: .open, errno: errno) }
        defer { systemClose(descriptor) }
        do {
            return try Self.readChunks(descriptor, chunkBytes: chunkBytes, body)
        } catch {
            throw IOError("cannot read", path: path, operation: .read, errno: error.code)
        }
    }

    public func read(_ path: String, at offset: Int64, count: Int) throws(IOError) -> [UInt8] {
        precondition(offset >= 0 && count >= 0, "a byte range starts at 0 or later")
        let descriptor = Self.retrying { systemOpen(path, O_RDONLY | O_CLOEXEC, 0) }
        guard descriptor >= 0 else { throw IOError("cannot open", path: path, operation: .open, errno: errno) }
        defer { systemClose(descriptor) }
        return try POSIXOpenFile.positionedRead(descriptor, path: path, at: Int(offset), count: count)
    }

    @discardableResult
    public func readRegularFile(
        _ path: String, chunkBytes: Int, followingSymlinks: Bool, _ body: (UnsafeRawBufferPointer) -> Bool
    ) throws(RegularFile.Failure) -> Int64 {
        let (descriptor, _) = try RegularFile.open(path, followingSymlinks: followingSymlinks)
        defer { systemClose(descriptor) }
        do {
            return try Self.readChunks(descriptor, chunkBytes: chunkBytes, body)
        } catch {
            throw .io(errno: error.code, operation: "read")
        }
    }

    struct ReadFailure: Error { var code: Int32 }

    /// The one chunked read loop.
    static func readChunks(
        _ descriptor: Int32, chunkBytes: Int, _ body: (UnsafeRawBufferPointer) -> Bool
    ) throws(ReadFailure) -> Int64 {
        var buffer = [UInt8](repeating: 0, count: max(1, chunkBytes))
        var total: Int64 = 0
        var failure: Int32?
        buffer.withUnsafeMutableBytes { raw in
            while true {
                let count = retrying { systemRead(descriptor, raw.baseAddress, raw.count) }
                if count < 0 {
                    failure = errno
                    return
                }
                if count == 0 { return }
                total += Int64(count)
                if !body(UnsafeRawBufferPointer(rebasing: raw[0..<count])) { return }
            }
        }
        if let failure { throw ReadFailure(code: failure) }
        return total
    }

    /// Writes all of `bytes` to `descriptor`; the errno of the failed write otherwise.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = retrying { systemWrite(descriptor, base + offset, bytes.count - offset) }
            if written < 0 { return errno }
            offset += written
        }
        return nil
    }

    public func createDirectories(_ path: String) throws(IOError) {
        if path.isEmpty || isDirectory(path) { return }
        let parent = FilePath.directory(of: path)
        if parent != path && parent != "." { try createDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw IOError("cannot create folder", path: path, operation: .createDirectory, errno: errno)
        }
    }

    /// Writes `bytes` to a fresh temporary file next to `finalPath` and syncs it.
    /// - Returns: the temporary path (the caller moves it into place or removes it). Its name
    ///   starts with `.tmp-` and ends in `.partial`, so Delta readers, `**/*.parquet` globs and
    ///   Spark ignore it, and the store's `removeTemporaryFiles` finds it after a crash. Public for
    ///   crash tests, which leave one behind as a killed writer would.
    public func writeTemporary(_ bytes: [UInt8], near finalPath: String) throws(IOError) -> String {
        let folder = FilePath.directory(of: finalPath)
        let number = Self.counter.withLock {
            $0 += 1
            return $0
        }
        let temporary = "\(folder)/.tmp-\(getpid())-\(number)-\(FilePath.basename(of: finalPath)).partial"
        let descriptor = Self.retrying { systemOpen(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else {
            throw IOError("cannot create the temporary file", path: temporary, operation: .open, errno: errno)
        }
        if let code = bytes.withUnsafeBytes({ Self.writeAll(descriptor, $0) }) {
            systemClose(descriptor)
            unlink(temporary)
            throw IOError("cannot write", path: temporary, operation: .write, errno: code)
        }
        if Self.retrying({ fsync(descriptor) }) != 0 {
            let code = errno
            systemClose(descriptor)
            unlink(temporary)
            throw IOError("cannot sync", path: temporary, operation: .sync, errno: code)
        }
        systemClose(descriptor)
        return temporary
    }

    public func replace(_ path: String, with bytes: [UInt8]) throws(IOError) {
        let folder = FilePath.directory(of: path)
        try createDirectories(folder)
        let temporary = try writeTemporary(bytes, near: path)
        if systemRename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw IOError("cannot rename a temporary file into place", path: path, operation: .rename, errno: code)
        }
        try syncDirectory(folder)
    }

    public func createExclusive(_ path: String, with bytes: [UInt8]) throws(IOError) -> Bool {
        let temporary = try writeTemporary(bytes, near: path)
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST { return false }
            throw IOError("cannot link the new file", path: path, operation: .link, errno: code)
        }
        try syncDirectory(FilePath.directory(of: path))
        return true
    }

    public func rename(_ source: String, to destination: String) throws(IOError) {
        if systemRename(source, destination) != 0 {
            throw IOError("cannot rename '\(source)' to", path: destination, operation: .rename, errno: errno)
        }
        try syncDirectory(FilePath.directory(of: destination))
    }

    public func remove(_ path: String) throws(IOError) {
        if unlink(path) != 0 {
            if errno == ENOENT { return }
            throw IOError("cannot remove", path: path, operation: .remove, errno: errno)
        }
        try syncDirectory(FilePath.directory(of: path))
    }

    public func removeEmptyDirectory(_ path: String) {
        _ = rmdir(path)
    }

    public func removeTree(_ path: String) {
        guard let found = info(path, followingSymlinks: false) else { return }
        if found.kind == .directory {
            for name in (try? entries(of: path)) ?? [] { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    public func syncDirectory(_ path: String) throws(IOError) {
        let descriptor = Self.retrying { systemOpen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0) }
        guard descriptor >= 0 else {
            throw IOError("cannot open the folder", path: path, operation: .open, errno: errno)
        }
        defer { systemClose(descriptor) }
        // EINVAL: the file system cannot sync folders (some network file systems); nothing more to do.
        if Self.retrying({ fsync(descriptor) }) != 0 && errno != EINVAL {
            throw IOError("cannot sync the folder", path: path, operation: .sync, errno: errno)
        }
    }

    public func open(_ path: String, mode: OpenMode) throws(IOError) -> any OpenFile {
        let flags: Int32
        let permissions: mode_t
        switch mode {
        case .scratch: (flags, permissions) = (O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        case .appending: (flags, permissions) = (O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        case .truncating: (flags, permissions) = (O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        let descriptor = Self.retrying { systemOpen(path, flags, permissions) }
        guard descriptor >= 0 else { throw IOError("cannot open", path: path, operation: .open, errno: errno) }
        return POSIXOpenFile(path: path, descriptor: descriptor)
    }
}

/// A descriptor opened by `POSIXFileSystem.open`; closed by `close()` or on deinit.
final class POSIXOpenFile: OpenFile {
    let path: String
    private var descriptor: Int32

    init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { systemClose(descriptor) } }

    func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
        if let code = POSIXFileSystem.writeAll(descriptor, bytes) {
            throw IOError("cannot write", path: path, operation: .write, errno: code)
        }
    }

    func read(at offset: Int, count: Int) throws(IOError) -> [UInt8] {
        try Self.positionedRead(descriptor, path: path, at: offset, count: count)
    }

    /// Up to `count` bytes from `offset` of `descriptor` (fewer at the end of the file).
    static func positionedRead(_ descriptor: Int32, path: String, at offset: Int, count: Int) throws(IOError)
        -> [UInt8]
    {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        var failure: Int32?
        bytes.withUnsafeMutableBytes { raw in
            while filled < count {
                let n = POSIXFileSystem.retrying {
                    pread(descriptor, raw.baseAddress! + filled, count - filled, off_t(offset + filled))
                }
                if n < 0 {
                    failure = errno
                    return
                }
                if n == 0 { return }
                filled += n
            }
        }
        if let failure { throw IOError("cannot read", path: path, operation: .read, errno: failure) }
        bytes.removeLast(count - filled)
        return bytes
    }

    func sync() throws(IOError) {
        if POSIXFileSystem.retrying({ fsync(descriptor) }) != 0 {
            throw IOError("cannot sync", path: path, operation: .sync, errno: errno)
        }
    }

    func close() throws(IOError) {
        guard descriptor >= 0 else { return }
        let result = systemClose(descriptor)
        descriptor = -1
        if result != 0 { throw IOError("cannot close", path: path, operation: .close, errno: errno) }
    }
}

#if canImport(Glibc)
    private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
    private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        Glibc.read(fd, buffer, count)
    }
    private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        Glibc.write(fd, buffer, count)
    }
    @discardableResult private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
    private func systemRename(_ a: String, _ b: String) -> Int32 { Glibc.rename(a, b) }
#elseif canImport(Darwin)
    private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Darwin.open(path, flags, mode) }
    private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        Darwin.read(fd, buffer, count)
    }
    private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        Darwin.write(fd, buffer, count)
    }
    @discardableResult private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
    private func systemRename(_ a: String, _ b: String) -> Int32 { Darwin.rename(a, b) }
#endif
