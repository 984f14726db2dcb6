import JingzhunCore

extension PageModel {
    /// The header line naming the data a page shows: `Data as of version 1a2b3c4d5e6f: the 12
    /// submissions in force for 2017–2019 (…)`, or "" when the data carries no version.
    ///
    /// Every page says it, not only pages of `jingzhun report --as-of`: the version is a digest of
    /// the submissions in force (`ReportData.dataVersion`), so the report a run published and the
    /// same report rendered later `--as-of` that run are the same bytes, and a reader can match
    /// the version against `data_versions` in the runs' manifests (docs/architecture.md §Reports
    /// as a site). Run ids are not printed: they hold the wall-clock time, which
    /// runs-and-store.md §Reproducibility keeps out of reports.
    /// - Parameter year: The page's year (the submissions of the years up to it); nil: every year.
    static func dataAsOf(index: ReportIndex, upTo year: Int32?) -> String {
        let version = index.data.dataVersion
        guard !version.isEmpty else { return "" }
        let last = year ?? Int32.max
        let inForce = index.data.submissions.filter { $0.inForce && $0.key.year <= last }
        let years = Set(inForce.map(\.key.year)).sorted()
        let span: String
        switch (years.first, years.last) {
        case (let first?, let last?) where first != last: span = " for \(first)–\(last)"
        case (let first?, _): span = " for \(first)"
        default: span = ""
        }
        let count = inForce.count == 1 ? "the 1 submission" : "the \(ValueFormatter.count(inForce.count)) submissions"
        return "Data as of version \(version): \(count) in force\(span) (the runs that published it list it in "
            + "their manifest's data_versions)."
    }
}
