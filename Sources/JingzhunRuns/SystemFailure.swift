import JingzhunIO
import JingzhunReports
import JingzhunStore

#if canImport(Glibc)
    import Glibc
#endif

/// A failure of the system around a run, not of jingzhun: what exit statuses 69, 73, 74 and 77 mean
/// (docs/exit-status.md). `ExitStatus` gives each its number (`ExitStatus(_:)`) and JingzhunCommands
/// its wording; the run records the same number in its manifest and metrics (`RunEnd.exitStatus`).
public enum SystemFailure: Sendable, Equatable {
    /// An external engine (Spark, …) is not installed or does not answer: 69.
    case unavailable
    /// An output path cannot be created: something else stands in its place (a file where a
    /// folder is needed), a name is too long, a link loops: 73.
    case cannotCreate
    /// Reading or writing failed: disk full, quota, file size limit, device error: 74.
    case io
    /// The user running jingzhun may not read or write the path: 77.
    case permission

    /// The errno classification, in one place. Nil for errnos that are not the system's fault as
    /// far as we can tell (they stay internal errors, 70, and are reported as bugs).
    public init?(errno code: Int32) {
        switch code {
        case EACCES, EPERM, EROFS: self = .permission
        case ENOSPC, EDQUOT, EFBIG, EIO: self = .io
        case ENOTDIR, EEXIST, EISDIR, ENAMETOOLONG, ELOOP: self = .cannotCreate
        default: return nil
        }
    }

    /// What the operator can do about it (appended to the message that names path and operation).
    public var advice: String {
        switch self {
        case .unavailable: return "install or start the engine, or choose another one"
        case .cannotCreate:
            return
                """
                something else stands where jingzhun must create a file or folder: move it away or choose another \
                output folder
                """
        case .io:
            return
                """
                check free space (df), quotas and file size limits (ulimit -f) and the device, then run again: \
                the run is completed where it stopped
                """
        case .permission:
            return
                """
                give the user running jingzhun (uid \(getuid())) the right to read and write there, or choose \
                another folder
                """
        }
    }

    /// The errno behind an error thrown by a stage, looking through the module errors that carry one.
    public static func errno(of error: any Error) -> Int32? {
        switch error {
        case let e as IOError: return e.errno
        case let e as StoreError: return e.errno ?? e.underlying.flatMap(errno(of:))
        case let e as RunError: return e.errno ?? e.underlying.flatMap(errno(of:))
        case let e as ReportError: return e.underlying.flatMap(errno(of:))
        default: return nil
        }
    }

    /// How a run ends for `error` while doing `operation`: a system failure when the errno says so,
    /// else an internal error; the message names the operation and the path (inside `error`).
    public static func end(for error: any Error, operation: String) -> RunEnd {
        let text = (error as? RunError)?.message ?? (error as? StoreError)?.description ?? "\(error)"
        if let code = errno(of: error), let failure = SystemFailure(errno: code) {
            return .systemFailure(failure, "\(operation): \(text); \(failure.advice)")
        }
        return .internalError("\(operation): \(text)")
    }
}
