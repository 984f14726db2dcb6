import JingzhunRuns

/// Exit status of `jingzhun run` and the stage executables (runs-and-store.md §Command line;
/// the full table, with causes, is docs/exit-status.md).
///
/// All wording and exit-status mapping live here (house-style §3.3). The errno classification
/// behind 73, 74 and 77 is `SystemFailure.init(errno:)` (JingzhunRuns), because a run also
/// records its status in its manifest and metrics.
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

    init(_ failure: SystemFailure) {
        switch failure {
        case .unavailable: self = .unavailable
        case .cannotCreate: self = .cannotCreate
        case .io: self = .ioError
        case .permission: self = .permissionDenied
        }
    }

    /// The first word of the message for a system failure.
    static func label(_ failure: SystemFailure) -> String {
        switch failure {
        case .unavailable: return "unavailable"
        case .cannotCreate: return "cannot create"
        case .io: return "I/O error"
        case .permission: return "permission denied"
        }
    }

    /// The table printed by `--help` (and kept in docs/exit-status.md).
    static let helpText = """
        Exit status: 0 every submission applied (or nothing new); 1 the run finished but a submission was rejected \
        whole (or an upload stayed incomplete too long); 2 bad command line, pipeline file, catalogue or template \
        (file and line named); 3 another run holds the output folder's lock; 65 the store is damaged (recover with \
        jingzhun rebuild); 69 an external engine is unavailable; \
        73 an output path cannot be created (a file in a folder's place); 74 an I/O error (disk full, file size \
        limit, EIO); 77 permission denied; 70 a bug in jingzhun (please report); 130/143 \
        stopped by SIGINT/SIGTERM (recorded as interrupted). See docs/exit-status.md.
        """
}
