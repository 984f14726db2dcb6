#if canImport(Glibc)
    import Glibc
#endif

/// Exit status of `jingzhun run` and the stage executables (runs-and-store.md §Command line;
/// the full table, with causes, is docs/exit-status.md).
///
/// Every number and the mapping from how a run ended (`RunEnd.exitStatus`) live here, in
/// JingzhunRuns because a run records its status in its manifest and metrics; the wording is in
/// JingzhunCommands (`ExitStatus+Wording`, `finish(with:)`). The errno classification behind 73,
/// 74 and 77 is `SystemFailure.init(errno:)`.
public enum ExitStatus: Int32, Sendable {
    /// Every submission applied (or nothing to do).
    case ok = 0
    /// The run finished but at least one submission was rejected whole.
    case rejected = 1
    /// Bad command line, pipeline file, catalogue or template (the message names file and line).
    case usage = 2
    /// Another run holds the output folder's lock.
    case locked = 3
    /// An external engine (Spark, …) is not available (sysexits EX_UNAVAILABLE).
    case unavailable = 69
    /// A bug: please report.
    case internalError = 70
    /// The store is damaged (EX_DATAERR): a table, commit or data file is missing, emptied or
    /// unreadable, or disagrees with the submissions ledger. Nothing was computed or reported;
    /// recover with `jingzhun rebuild PIPELINE.yaml` (issue 13).
    case storeDamaged = 65
    /// Stopped by SIGINT (Ctrl-C) at a safe point; recorded as interrupted (128 + 2).
    case interruptedByInterrupt = 130
    /// Stopped by SIGTERM at a safe point; recorded as interrupted (128 + 15).
    case interruptedByTermination = 143
    /// An output path cannot be created: a file in a folder's place, a name too long (EX_CANTCREAT).
    case cannotCreate = 73
    /// An I/O error while reading or writing: disk full, quota, file size limit, EIO (EX_IOERR).
    case ioError = 74
    /// Permission denied (EX_NOPERM).
    case permissionDenied = 77

    public init(_ failure: SystemFailure) {
        switch failure {
        case .unavailable: self = .unavailable
        case .cannotCreate: self = .cannotCreate
        case .io: self = .ioError
        case .permission: self = .permissionDenied
        }
    }

    /// The status of a run stopped at a safe point by `signal` (SIGINT or SIGTERM): 128 + signal.
    public init(interruptedBy signal: Int32) {
        self = signal == SIGINT ? .interruptedByInterrupt : .interruptedByTermination
    }

    /// True for the statuses of a run that finished (0 and 1): what `jingzhun_last_success` counts.
    public var isFinished: Bool { self == .ok || self == .rejected }
}
