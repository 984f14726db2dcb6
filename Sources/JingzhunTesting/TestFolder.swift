import JingzhunIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where tests find the repository and put their scratch files.
public enum TestFolder {
    /// The repository root (three folders above this file: Sources/JingzhunTesting/TestFolder.swift).
    public static let repository = FilePath.directory(of: FilePath.directory(of: FilePath.directory(of: #filePath)))

    /// An empty folder `/tmp/jingzhun-<label>-<pid>-<name>` (whatever an earlier run left there
    /// is removed first); the caller removes it with `remove(_:)` when done.
    public static func fresh(_ label: String, _ name: String) -> String {
        let path = "/tmp/jingzhun-\(label)-\(getpid())-\(name)"
        remove(path)
        do { try POSIXFileSystem().createDirectories(path) } catch {
            preconditionFailure("cannot create the test folder \(path): \(error)")
        }
        return path
    }

    public static func remove(_ path: String) { POSIXFileSystem().removeTree(path) }
}
