#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What can go wrong reading a file of the inbox.
enum InboxFileError: Error, Equatable {
    /// The name is a symlink (refused: it may lead outside the inbox), or not a regular file.
    case notRegularFile
    case symlink
    case io(errno: Int32, operation: String)

    var message: String {
        switch self {
        case .notRegularFile: "not a regular file"
        case .symlink: "a symbolic link (refused: it could lead outside the inbox)"
        case .io(let code, let operation): "\(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}

/// Kind of a directory entry, by `lstat` (a symlink is reported as a symlink, never followed).
enum InboxEntryType: Equatable {
    case regular(FileStamp)
    case directory
    case symlink
    case other
}

/// POSIX access to the inbox folder: list it non-recursively, read a file in fixed-size chunks.
///
/// Files are opened with `O_NOFOLLOW`, so a name that was swapped for a symlink after listing
/// is refused rather than followed outside the inbox. Names come from `readdir`, so they hold no
/// `/` and cannot climb out of the inbox; `.` and `..` are skipped.
enum InboxFile {
    /// The inbox's entries (names only), sorted bytewise.
    static func list(_ inbox: String) throws(InboxFileError) -> [(name: String, type: InboxEntryType)] {
        guard let directory = opendir(inbox) else { throw .io(errno: errno, operation: "opendir \(inbox)") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var entries: [(name: String, type: InboxEntryType)] = []
        for name in names {
            var info = stat()
            guard lstat(inbox + "/" + name, &info) == 0 else { continue }  // vanished since readdir
            let type: InboxEntryType
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                type = .regular(
                    FileStamp(
                        size: Int64(info.st_size),
                        modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                        changedNanoseconds: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
                        inode: UInt64(info.st_ino), device: UInt64(info.st_dev)))
            case S_IFDIR: type = .directory
            case S_IFLNK: type = .symlink
            default: type = .other
            }
            entries.append((name, type))
        }
        return entries
    }

    /// Reads `name` in the inbox in chunks of `chunkBytes`, while `body` returns true.
    /// - Returns: the number of bytes read.
    @discardableResult
    static func read(
        inbox: String, name: String, chunkBytes: Int, _ body: (UnsafeRawBufferPointer) -> Bool
    ) throws(InboxFileError) -> Int64 {
        let descriptor = open(inbox + "/" + name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ELOOP ? .symlink : .io(errno: code, operation: "open \(name)")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(errno: errno, operation: "fstat \(name)") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile }
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        var total: Int64 = 0
        var failure: InboxFileError?
        buffer.withUnsafeMutableBytes { raw in
            while true {
                let count = systemRead(descriptor, raw.baseAddress, chunkBytes)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = .io(errno: errno, operation: "read \(name)")
                    return
                }
                if count == 0 { return }
                total += Int64(count)
                if !body(UnsafeRawBufferPointer(rebasing: raw[0..<count])) { return }
            }
        }
        if let failure { throw failure }
        return total
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
