import JingzhunCore
import JingzhunReports
import JingzhunStore

/// Builds what a report of year y needs from one consistent store snapshot; shared by the render
/// stage and `jingzhun report`, so both print the same numbers.
enum ReportDataBuilder {
    /// One summary per submission row (every outcome), flagged when it is the revision in force.
    static func summaries(_ snapshot: StoreSnapshot) throws(StoreError) -> [SubmissionSummary] {
        let inForce = Set(try snapshot.inForce().map(\.contentHash))
        return try snapshot.submissions().map { r in
            var summary = SubmissionSummary(
                key: r.key, format: r.format, files: r.files, outcome: r.outcome, inForce: inForce.contains(r.contentHash),
                householdsReceived: r.counts.householdsReceived, householdsRejected: r.counts.householdsRejected,
                membersAccepted: r.counts.membersAccepted, orphanMembers: r.counts.orphanMembers, warnings: r.warnings,
                reasonRule: r.reasonRule, reasonMessage: r.reasonMessage)
            summary.ruleFindings = r.counts.findings
            return summary
        }
    }

    /// Indicators of the years up to y (reports show trends up to their year), the breakdowns,
    /// rejections and warnings of y, and every submission up to y.
    /// - Parameters:
    ///   - summaries: `summaries(snapshot)` when the caller already has them (render, every year).
    ///   - catalogue: The pipeline's catalogue: the reports list the indicators it adds.
    static func build(_ snapshot: StoreSnapshot, year: Int32, areaNames: [String: String],
                      summaries known: [SubmissionSummary]? = nil, catalogue: LoadedCatalogue) throws(StoreError) -> ReportData {
        let years = Array(Set(try snapshot.inForce().map(\.key.year))).sorted()
        let hasYear = years.contains(year)
        let shown = hasYear ? years.filter { $0 <= year } : years
        var indicators: [IndicatorRow] = []
        for y in shown where y <= year { indicators += try snapshot.readIndicators(year: y) }
        let stored = hasYear ? try snapshot.rejections(year: year) : []
        let allSummaries: [SubmissionSummary]
        if let known { allSummaries = known } else { allSummaries = try summaries(snapshot) }
        var data = ReportData(
            indicators: indicators, breakdowns: hasYear ? try snapshot.readBreakdowns(year: year) : [],
            submissions: allSummaries.filter { $0.key.year <= year },
            rejections: stored.filter { !$0.rejection.rule.isWarning }.map {
                SubmissionRejection(submission: $0.submission, rejection: $0.rejection)
            },
            warnings: stored.filter { $0.rejection.rule.isWarning }.map {
                SubmissionDiagnostic(submission: $0.submission, diagnostic: Diagnostic(
                    rule: $0.rejection.rule, location: $0.rejection.location, message: $0.rejection.message))
            },
            areaNames: areaNames, years: shown, siteProvinces: siteProvinces(allSummaries))
        data.addedIndicators = catalogue.addedDefinitions
        return data
    }

    /// Every year of the store with its provinces (submissions in force): the reports that exist,
    /// which the navigation links across years point at.
    static func siteProvinces(_ summaries: [SubmissionSummary]) -> [Int32: [String]] {
        var map: [Int32: Set<String>] = [:]
        for summary in summaries where summary.inForce { map[summary.key.year, default: []].insert(String(summary.key.province)) }
        return map.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }
}
