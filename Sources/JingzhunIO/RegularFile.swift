#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens and reads files that must be regular files, never anything else (issue 13).
///
/// A FIFO, a device (`/dev/zero`), a socket, a folder or a symbolic link is refused *before a
/// byte is read*: the file is opened with `O_NONBLOCK` (opening a FIFO without a writer does not
/// wait), `O_NOFOLLOW` (a symlink is not followed: `ELOOP`) and `O_CLOEXEC`, then `fstat` on the
/// open descriptor decides — on the descriptor, not the name, so a name swapped between a check
/// and the open cannot slip through. `O_NONBLOCK` is then cleared: for a regular file it changes
/// nothing, and reads keep their ordinary meaning.
public enum RegularFile {
    /// Why a file was refused or could not be read.
    public enum Failure: Error, Sendable, Equatable {
        /// A symbolic link (refused: it could lead outside the folder it sits in).
        case symlink
        /// Not a regular file: the kind found (`FIFO`, `character device`, `folder`, …).
        case notRegularFile(kind: String)
        /// Larger than the caller's bound (only `readAll(_:maximumBytes:)`).
        case tooLarge(limit: Int)
        /// An IO call failed.
        case io(errno: Int32, operation: String)

        /// A short phrase for messages: what the file is, or what failed.
        public var message: String {
            switch self {
            case .symlink: "a symbolic link (refused: links could lead outside the folder; copy the file in instead)"
            case .notRegularFile(let kind): "not a regular file (a \(kind)); refused without reading it"
            case .tooLarge(let limit): "larger than \(limit) bytes"
            case .io(let code, let operation): "\(operation) failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// The kind of a file from its `st_mode`, in words.
    public static func kind(ofMode mode: UInt32) -> String {
        switch mode_t(mode) & S_IFMT {
        case S_IFREG: "regular file"
        case S_IFDIR: "folder"
        case S_IFLNK: "symbolic link"
        case S_IFIFO: "FIFO (named pipe)"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        case S_IFSOCK: "socket"
        default: "special file"
        }
    }

    /// Opens `path` read-only if it is a regular file; the caller closes the descriptor.
    /// - Parameter followingSymlinks: false (the default, and always for inbox files) refuses a
    ///   symlink; true follows it, and the file it leads to must still be a regular file (for
    ///   configuration such as the pseudonym key, which secret stores often mount as a link).
    /// - Returns: the descriptor and the file's size, from `fstat` on the descriptor.
    public static func open(_ path: String, followingSymlinks: Bool = false) throws(Failure) -> (
        descriptor: Int32, size: Int64
    ) {
        let descriptor = POSIXFileSystem.retrying {
            systemOpen(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followingSymlinks ? 0 : O_NOFOLLOW))
        }
        guard descriptor >= 0 else {
            let code = errno
            throw code == ELOOP ? .symlink : .io(errno: code, operation: "open")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw .io(errno: code, operation: "fstat")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .notRegularFile(kind: kind(ofMode: UInt32(info.st_mode)))
        }
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        return (descriptor, Int64(info.st_size))
    }

    /// Throws unless `path` is a regular file that can be opened for reading (nothing is read).
    public static func check(_ path: String, followingSymlinks: Bool = false) throws(Failure) {
        let (descriptor, _) = try open(path, followingSymlinks: followingSymlinks)
        close(descriptor)
    }

    /// Reads the regular file `path` in chunks of `chunkBytes`, while `body` returns true.
    /// - Returns: the number of bytes read.
    @discardableResult
    public static func read(
        _ path: String, chunkBytes: Int, followingSymlinks: Bool = false, _ body: (UnsafeRawBufferPointer) -> Bool
    ) throws(Failure) -> Int64 {
        try POSIXFileSystem().readRegularFile(path, chunkBytes: chunkBytes, followingSymlinks: followingSymlinks, body)
    }

    /// The whole regular file `path`, refused when it holds more than `maximumBytes` bytes
    /// (at most `maximumBytes + 1` bytes are ever read).
    public static func readAll(_ path: String, maximumBytes: Int, followingSymlinks: Bool = false) throws(Failure)
        -> [UInt8]
    {
        precondition(maximumBytes >= 0 && maximumBytes < Int.max, "readAll needs a bound below Int.max")
        var out: [UInt8] = []
        try read(path, chunkBytes: min(1 << 16, maximumBytes + 1), followingSymlinks: followingSymlinks) { bytes in
            out.append(contentsOf: bytes.prefix(maximumBytes + 1 - out.count))
            return out.count <= maximumBytes
        }
        guard out.count <= maximumBytes else { throw .tooLarge(limit: maximumBytes) }
        return out
    }

    /// SHA-256 (lowercase hex) and size of the regular file `path`, streamed in 1 MiB chunks.
    public static func sha256(of path: String, followingSymlinks: Bool = false) throws(Failure) -> (
        hex: String, size: Int
    ) {
        var hasher = SHA256Hasher()
        let size = try read(path, chunkBytes: 1 << 20, followingSymlinks: followingSymlinks) { bytes in
            hasher.update(bytes)
            return true
        }
        return (hasher.finalizeHex(), Int(size))
    }
}

#if canImport(Glibc)
    private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { Glibc.open(path, flags) }
#elseif canImport(Darwin)
    private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { Darwin.open(path, flags) }
#endif
