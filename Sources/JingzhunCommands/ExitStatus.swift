/// Exit status of `jingzhun run` and the stage executables (runs-and-store.md §Command line).
///
/// All wording and exit-status mapping live here (house-style §3.3).
public enum ExitStatus: Int32, Sendable {
    /// Every submission applied (or nothing to do).
    case ok = 0
    /// The run finished but at least one submission was rejected whole.
    case rejected = 1
    /// Bad command line or pipeline file.
    case usage = 2
    /// Another run holds the output folder's lock.
    case locked = 3
    /// A bug or an unexpected operational failure: please report.
    case internalError = 70
    /// The store is damaged (EX_DATAERR): a table, commit or data file is missing, emptied or
    /// unreadable, or disagrees with the submissions ledger. Nothing was computed or reported;
    /// recover with `jingzhun rebuild PIPELINE.yaml` (issue 13).
    case storeDamaged = 65
    /// Stopped by SIGINT (Ctrl-C) at a safe point; recorded as interrupted (128 + 2).
    case interruptedByInterrupt = 130
    /// Stopped by SIGTERM at a safe point; recorded as interrupted (128 + 15).
    case interruptedByTermination = 143
}
