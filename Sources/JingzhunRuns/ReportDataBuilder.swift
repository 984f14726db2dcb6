import JingzhunCore
import JingzhunIO
import JingzhunIndicators
import JingzhunReports
import JingzhunStore

/// Builds what a report of year y needs from one consistent store snapshot; shared by the render
/// stage and `jingzhun report`, so both print the same numbers.
enum ReportDataBuilder {
    /// One summary per submission row (every outcome), flagged when it is the revision in force.
    static func summaries(_ snapshot: StoreSnapshot) throws(StoreError) -> [SubmissionSummary] {
        let inForce = Set(try snapshot.inForce().map(\.contentHash))
        return try snapshot.submissions().map {
            SubmissionSummary(record: $0, inForce: inForce.contains($0.contentHash))
        }
    }

    /// Indicators of the years up to y (reports show trends up to their year), the breakdowns,
    /// rejections and warnings of y, and every submission up to y.
    /// - Parameters:
    ///   - summaries: `summaries(snapshot)` when the caller already has them (render, every year).
    ///   - transitions: the household transitions of (y − 1, y) when the caller has them (render:
    ///     compute's cached part); nil tallies them from the snapshot.
    ///   - catalogue: The pipeline's catalogue: the reports list the indicators it adds.
    static func build(
        _ snapshot: StoreSnapshot, year: Int32, areaNames: [String: String],
        summaries known: [SubmissionSummary]? = nil,
        transitions: [TransitionRow]? = nil, catalogue: LoadedCatalogue
    ) throws(StoreError) -> ReportData {
        let revisions = try snapshot.revisionsInForce()
        let inForce = revisions.records
        let years = revisions.years
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
            findings: stored,
            areaNames: areaNames, years: shown, siteProvinces: siteProvinces(allSummaries))
        if hasYear {
            if let transitions {
                data.transitions = transitions
            } else {
                data.transitions = try tallyTransitions(snapshot, year: year).rows()
            }
        }
        let last = shown.last ?? year
        data.dataVersion = dataVersion(inForce.filter { $0.key.year <= last }.map { ($0.key.id, $0.contentHash) })
        data.addedIndicators = catalogue.addedDefinitions
        data.beyondContractIndicators = catalogue.beyondContractDefinitions
        return data
    }

    /// The data version of reports showing these submissions in force (id, content SHA-256): the
    /// first 12 hex digits of a SHA-256 over `id hash` lines in id order. A function of the data
    /// alone (no run id, time or store version), so a run's reports and the same reports rendered
    /// later `--as-of` that run agree byte for byte, and a rerun elsewhere (`verify`) too.
    static func dataVersion(_ inForce: [(id: String, contentHash: String)]) -> String {
        var hasher = SHA256Hasher()
        hasher.update("jingzhun data version 1\n")
        for s in inForce.sorted(by: { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }) {
            hasher.update("\(s.id) \(s.contentHash)\n")
        }
        return String(hasher.finalizeHex().prefix(12))
    }

    /// The data version of each year's reports (the submissions in force up to the year).
    static func dataVersions(_ snapshot: StoreSnapshot) throws(StoreError) -> [(year: Int32, version: String)] {
        let revisions = try snapshot.revisionsInForce()
        let inForce = revisions.records.map { (year: $0.key.year, id: $0.key.id, contentHash: $0.contentHash) }
        return revisions.years.map { y in
            (y, dataVersion(inForce.filter { $0.year <= y }.map { ($0.id, $0.contentHash) }))
        }
    }

    /// Every year of the store with its provinces (submissions in force): the reports that exist,
    /// which the navigation links across years point at.
    static func siteProvinces(_ summaries: [SubmissionSummary]) -> [Int32: [String]] {
        var map: [Int32: Set<String>] = [:]
        for summary in summaries where summary.inForce {
            map[summary.key.year, default: []].insert(String(summary.key.province))
        }
        return map.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }
}

extension ReportDataBuilder {
    /// The household transitions of (year − 1, year), every province in force in both years.
    static func tallyTransitions(_ snapshot: StoreSnapshot, year: Int32) throws(StoreError) -> TransitionTally {
        var tally = TransitionTally(year: year)
        for record in try snapshot.inForce(year: year) {
            guard let previous = try snapshot.loadProvinceYear(year - 1, province: record.key.province) else {
                continue
            }
            tally.add(previous: previous, current: try snapshot.loadProvinceYear(record))
        }
        return tally
    }
}
