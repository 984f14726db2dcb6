#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JingzhunIO

/// What can go wrong reading a file of the inbox.
enum InboxFileError: Error, Equatable {
    /// The name is a symlink (refused: it may lead outside the inbox), or not a regular file.
    case notRegularFile(kind: String)
    case symlink
    case io(errno: Int32, operation: String)

    var message: String {
        switch self {
        case .notRegularFile(let kind): "not a regular file (a \(kind)); refused without reading it"
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
    /// A FIFO, device or socket: never opened.
    case other(kind: String)
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
            default: type = .other(kind: RegularFile.kind(ofMode: UInt32(info.st_mode)))
            }
            entries.append((name, type))
        }
        return entries
    }

    /// Reads `name` in the inbox in chunks of `chunkBytes`, while `body` returns true.
    ///
    /// Through `RegularFile` (JingzhunIO): a symlink, FIFO, device, socket or folder put in
    /// place of a listed file is refused before a byte is read, and opening never waits.
    /// - Returns: the number of bytes read.
    @discardableResult
    static func read(
        inbox: String, name: String, chunkBytes: Int, _ body: (UnsafeRawBufferPointer) -> Bool
    ) throws(InboxFileError) -> Int64 {
        do {
            return try RegularFile.read(inbox + "/" + name, chunkBytes: chunkBytes, body)
        } catch {
            switch error {
            case .symlink: throw .symlink
            case .notRegularFile(let kind): throw .notRegularFile(kind: kind)
            case .tooLarge: throw .io(errno: EFBIG, operation: "read \(name)")
            case .io(let code, let operation): throw .io(errno: code, operation: "\(operation) \(name)")
            }
        }
    }
}
