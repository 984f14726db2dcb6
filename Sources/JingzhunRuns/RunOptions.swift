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

    /// The exit status the run records in its manifest and metrics (the numbers of `ExitStatus`).
    public var exitStatus: Int32 {
        switch self {
        case .ok: return 0
        case .submissionRejected: return 1
        case .usage: return 2
        case .locked: return 3
        case .systemFailure(.unavailable, _): return 69
        case .systemFailure(.cannotCreate, _): return 73
        case .systemFailure(.io, _): return 74
        case .systemFailure(.permission, _): return 77
        case .internalError: return 70
        case .storeDamaged: return 65
        case .interrupted(let signal): return 128 + signal
        }
    }
}
