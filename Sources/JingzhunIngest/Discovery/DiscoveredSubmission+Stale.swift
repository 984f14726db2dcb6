public import JingzhunCore

extension DiscoveredSubmission {
    /// The record of this submission when its revision is not newer than the one in force
    /// (F016, submissions.md §Snapshot semantics): reported, not applied; no file is read.
    /// - Parameter inForce: the submission in force for the same (province, year).
    public func staleBatch(inForce: SubmissionKey) -> SubmissionBatch {
        var batch = SubmissionBatch(key: key, format: format, files: files.map(\.name), contentHash: contentHash)
        batch.outcome = .stale
        batch.reason = Rejection(
            rule: .staleRevision, location: SourceLocation(file: files.first?.name ?? key.id),
            message:
                "revision \(key.revision) of \(key.province)-\(key.year) is not newer than the accepted revision "
                + "\(inForce.revision): reported, not applied"
        )
        return batch
    }
}
