#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Names for files written in several steps (opened, written piece by piece, synced, renamed).
public enum TemporaryPath {
    private static let counter = Locked(0)

    /// A fresh name next to `finalPath`: `.tmp-PID-sN-NAME.partial`, in the same folder (so the
    /// rename is atomic), hidden from Delta readers and `*.parquet` globs, and of the shape the
    /// store's cleanup removes after a killed run (`.tmp-*.partial`). The `s` keeps these names
    /// apart from `POSIXFileSystem.replace`'s temporaries.
    public static func near(_ finalPath: String) -> String {
        let number = counter.withLock {
            $0 += 1
            return $0
        }
        let folder = FilePath.directory(of: finalPath)
        return "\(folder)/.tmp-\(getpid())-s\(number)-\(FilePath.basename(of: finalPath)).partial"
    }
}

/// A file written piece by piece and published atomically (runs-and-store.md §Crash safety):
/// the bytes go to a temporary file next to `path`; `commit()` syncs it and renames it into
/// place, so a reader sees the old file or the whole new one, never a torn one. Memory holds
/// what the caller passes to one `write`, not the file.
public final class AtomicFileWriter {
    public let path: String
    private let temporary: String
    private let file: any OpenFile
    private let fileSystem: any FileSystem

    /// Creates the parent folders and the temporary file.
    public init(path: String, fileSystem: any FileSystem = POSIXFileSystem()) throws(IOError) {
        self.path = path
        self.fileSystem = fileSystem
        try fileSystem.createDirectories(FilePath.directory(of: path))
        temporary = TemporaryPath.near(path)
        file = try fileSystem.open(temporary, mode: .truncating)
    }

    public func write(_ bytes: [UInt8]) throws(IOError) { try file.write(bytes) }

    /// Syncs the bytes, closes the file and renames it to `path` (the rename syncs the folder).
    public func commit() throws(IOError) {
        try file.sync()
        try file.close()
        try fileSystem.rename(temporary, to: path)
    }

    /// Closes and removes the temporary file (after a failure); `path` is left as it was.
    public func abandon() {
        try? file.close()
        try? fileSystem.remove(temporary)
    }
}
