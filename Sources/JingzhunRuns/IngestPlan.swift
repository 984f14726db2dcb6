import JingzhunCore
import JingzhunIngest
import JingzhunStore

/// What ingest does with one discovered submission (runs-and-store.md §Incremental runs): a
/// pure decision from the ledger of stored submissions, the batches waiting in `staging/` and the
/// revisions in force, so each case is testable without running a stage.
enum IngestDecision: Equatable {
    /// Not seen before and newer than the revision in force (or the first of its province-year): read it.
    case ingest
    /// The same bytes are in the ledger already (`previous`: the submission recorded with them).
    case unchanged(previous: SubmissionKey, outcome: SubmissionOutcome)
    /// Validated by an earlier `jingzhun-ingest`, waiting in `staging/` for normalize.
    case staged
    /// The same bytes as the revision in force.
    case alreadyInForce
    /// An older revision than the one in force: recorded as stale (F016), never applied.
    case stale(inForce: SubmissionKey)
}

enum IngestPlan {
    /// The decision for `submission`.
    ///
    /// An upload recorded incomplete only because its `.sha256` sidecar did not match is ingested
    /// again once the sidecar matches (or is gone): its bytes need not change to become whole. A
    /// submission whose apply was interrupted (no ledger row: the `submissions` commit is the
    /// store's "applied" marker) is simply new again.
    static func decide(
        _ submission: DiscoveredSubmission, ledger seen: [String: SubmissionRecord], staged: Set<String>,
        inForce: RevisionsInForce
    ) -> IngestDecision {
        if let previous = seen[submission.contentHash],
            !(previous.outcome == .incomplete && previous.reasonRule == .checksumMismatch && submission.problem == nil)
        {
            return .unchanged(previous: previous.key, outcome: previous.outcome)
        }
        if staged.contains(submission.contentHash) { return .staged }
        switch inForce.decide(submission.key, contentHash: submission.contentHash) {
        case .newer: return .ingest
        case .alreadyInForce: return .alreadyInForce
        case .stale(let current, _): return .stale(inForce: current)
        }
    }

    /// The ledger by content hash (the first row of each hash), as `decide` reads it.
    static func ledger(_ rows: [SubmissionRecord]) -> [String: SubmissionRecord] {
        Dictionary(rows.map { ($0.contentHash, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
