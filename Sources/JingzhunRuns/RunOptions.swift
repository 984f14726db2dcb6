/// Options of a run from the command line (runs-and-store.md §Command line).
public struct RunOptions: Sendable {
    public var inbox: String?
    public var output: String?
    public var years: Set<Int32>?
    public var dryRun = false
    public var quiet = false
    public var logFormat: RunLogSink.StderrFormat = .text
    /// `jingzhun-ingest --shard K/N`: ingest only this share of the inbox's submissions.
    public var shard: IngestShard?
    /// `jingzhun rebuild`: move the store aside and rebuild it from the inbox (`StoreRebuild`).
    public var rebuild = false
    /// `--engine` and `--master`: override the pipeline's `compute.engine` and `compute.master`.
    public var engine: ComputeEngine?
    public var master: String?
    public init() {}
}

/// The four stages, in order. Only `JingzhunRuns` knows this order (house-style dependency rule).
public enum Stage: String, Sendable, CaseIterable, Comparable {
    case ingest, normalize, compute, render
    public static func < (a: Stage, b: Stage) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How a run ended; the command maps it to an exit status.
public enum RunEnd: Sendable, Equatable {
    case ok
    case submissionRejected
    case usage(String)
    case locked(String)
    /// The system failed the run (permissions, disk, a path taken, an engine missing): 69, 73, 74, 77.
    case systemFailure(SystemFailure, String)
    case internalError(String)
    /// The store failed its integrity check (or a commit or data file is unreadable): nothing
    /// was computed or reported from it (exit 65; recover with `jingzhun rebuild`).
    case storeDamaged(String)
    /// SIGINT or SIGTERM stopped the run at a safe point (exit 128 + signal: 130 or 143).
    case interrupted(signal: Int32)

    /// The exit status of this end: the one mapping, used by the commands to exit and by the run
    /// to record its status in its manifest and metrics.
    public var exitStatus: ExitStatus {
        switch self {
        case .ok: return .ok
        case .submissionRejected: return .rejected
        case .usage: return .usage
        case .locked: return .locked
        case .systemFailure(let failure, _): return ExitStatus(failure)
        case .internalError: return .internalError
        case .storeDamaged: return .storeDamaged
        case .interrupted(let signal): return ExitStatus(interruptedBy: signal)
        }
    }
}
