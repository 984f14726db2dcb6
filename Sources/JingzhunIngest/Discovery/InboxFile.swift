import JingzhunIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

/// The inbox folder through a `FileSystem`: list it non-recursively, read a file in chunks.
///
/// Files are read with `FileSystem.readRegularFile` without following symlinks, so a name that
/// was swapped for a symlink after listing is refused rather than followed outside the inbox.
/// Names come from the folder listing, so they hold no `/` and cannot climb out of the inbox.
enum InboxFile {
    /// The inbox's entries (names only), sorted bytewise.
    static func list(_ inbox: String, fileSystem: any FileSystem) throws(InboxFileError) -> [(
        name: String, type: InboxEntryType
    )] {
        let names: [String]
        do {
            names = try fileSystem.list(inbox)
        } catch {
            throw .io(errno: error.errno ?? 0, operation: "opendir \(inbox)")
        }
        var entries: [(name: String, type: InboxEntryType)] = []
        for name in names {
            // A name that vanished since the listing is skipped.
            guard let info = fileSystem.info(inbox + "/" + name, followingSymlinks: false) else { continue }
            let type: InboxEntryType
            switch info.kind {
            case .regular:
                type = .regular(
                    FileStamp(
                        size: info.size, modifiedNanoseconds: info.modifiedNanoseconds,
                        changedNanoseconds: info.changedNanoseconds, inode: info.inode, device: info.device))
            case .directory: type = .directory
            case .symlink: type = .symlink
            case .other(let kind): type = .other(kind: kind)
            }
            entries.append((name, type))
        }
        return entries
    }

    /// The stamp of `name` in the inbox now (by `lstat`), or nil when it is no longer a regular file.
    static func stamp(inbox: String, name: String, fileSystem: any FileSystem) -> FileStamp? {
        guard let info = fileSystem.info(inbox + "/" + name, followingSymlinks: false), info.kind == .regular else {
            return nil
        }
        return FileStamp(
            size: info.size, modifiedNanoseconds: info.modifiedNanoseconds, changedNanoseconds: info.changedNanoseconds,
            inode: info.inode, device: info.device)
    }

    /// Reads `name` in the inbox in chunks of `chunkBytes`, while `body` returns true.
    ///
    /// A symlink, FIFO, device, socket or folder put in place of a listed file is refused before
    /// a byte is read, and opening never waits.
    /// - Returns: the number of bytes read.
    @discardableResult
    static func read(
        inbox: String, name: String, chunkBytes: Int, fileSystem: any FileSystem,
        _ body: (UnsafeRawBufferPointer) -> Bool
    ) throws(InboxFileError) -> Int64 {
        do {
            return try fileSystem.readRegularFile(
                inbox + "/" + name, chunkBytes: chunkBytes, followingSymlinks: false, body)
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
