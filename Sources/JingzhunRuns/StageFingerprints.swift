import JingzhunCore
import JingzhunIO
import JingzhunReports

/// The fingerprints compute and render compare with their state files (`state/compute.json`,
/// `state/render.json`) to decide which years to redo: pure functions of their inputs, so the
/// incremental rules are testable without a run (JingzhunRunsTests/IncrementalDecisionTests).
enum StageFingerprints {
    /// Everything the indicators of `year` depend on: the submissions in force for the year and
    /// the one before (id and content hash), the reference values of both years, the tool version
    /// and the catalogue files (a changed catalogue recomputes every year).
    static func compute(
        year: Int32, inForce: [Int32: [SubmissionRecord]], catalogue: [(name: String, sha256: String)],
        reference: ReferenceData, toolVersion: String = BuildInfo.version
    ) -> String {
        var h = SHA256Hasher()
        h.update("jingzhun \(toolVersion) compute\n")
        for file in catalogue { h.update("catalogue \(file.name) \(file.sha256)\n") }
        for y in [year - 1, year] {
            let line = reference.povertyLine[y].map { "\($0)" } ?? "-"
            let income = reference.nationalRuralIncome[y].map { "\($0)" } ?? "-"
            h.update("year \(y) line \(line) income \(income)\n")
            for s in inForce[y] ?? [] { h.update("\(s.key.id) \(s.contentHash)\n") }
        }
        return h.finalizeHex()
    }

    /// Everything the reports of `year` depend on: the templates, the reference data, the report
    /// options, the site's pages (`site`: every year and its provinces, for the links across years),
    /// the compute fingerprints of this and every earlier year (trends), and the ledger rows of
    /// the year.
    static func render(
        year: Int32, computed: ComputeState, templatesSHA256: String, referenceHash: String, options: String,
        site: String, summaries: [SubmissionSummary], toolVersion: String = BuildInfo.version
    ) -> String {
        var h = SHA256Hasher()
        h.update("jingzhun \(toolVersion) render\ntemplates \(templatesSHA256)\nreference \(referenceHash)\n")
        h.update("options \(options)\nsite \(site)\n")
        for earlier in computed.computedYears where earlier <= year {
            h.update("\(earlier) \(computed.years[earlier]?.fingerprint ?? "")\n")
        }
        for s in summaries where s.key.year == year {
            h.update("\(s.key.id) \(s.outcome.rawValue) \(s.inForce) \(s.householdsReceived) \(s.householdsRejected)\n")
        }
        return h.finalizeHex()
    }
}
