import JingzhunRuns

/// The wording of exit statuses (house-style §3.3): the numbers and the mapping from how a run
/// ended are `ExitStatus` and `RunEnd.exitStatus` (JingzhunRuns), since a run records its status
/// in its manifest and metrics; the messages printed for them are `finish(with:)`'s.
extension ExitStatus {
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
