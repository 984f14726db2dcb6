#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one error of the IO edge: what happened, to which path, in which operation, and the
/// errno behind it. Modules wrap it in their own error (`StoreError.io`, `SynthError`) with
/// their wording; the operation and errno stay available for exit statuses.
public struct IOError: Error, Sendable, CustomStringConvertible {
    /// The file-system operation that failed.
    public enum Operation: String, Sendable, Hashable {
        case open, read, write, sync, close, rename, link, remove, list, createDirectory, lock
    }

    public var message: String
    public var path: String
    public var operation: Operation
    public var errno: Int32?

    public init(_ message: String, path: String, operation: Operation, errno: Int32? = nil) {
        self.message = message
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        var s = "\(message): \(path)"
        if let errno { s += " (\(String(cString: strerror(errno))))" }
        return s
    }

    /// The system's words for `errno` (`No such file or directory`), or "" when there is none.
    public var reason: String { errno.map { String(cString: strerror($0)) } ?? "" }
}
