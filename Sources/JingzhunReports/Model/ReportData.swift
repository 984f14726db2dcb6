public import JingzhunCore

/// Everything a report is rendered from: built by the caller (JingzhunRuns) from the store.
///
/// Rendering is a pure function of this value and the template directory: no clock, no
/// environment, no file other than the templates. Order of the arrays does not matter; the
/// renderer sorts everything it prints by stable keys (area code, submission key, rule code,
/// source location), so the same data in any order gives byte-identical reports.
public struct ReportData: Sendable {
    /// Indicator rows of every year and level (indicators.md §Catalogue).
    public var indicators: [IndicatorRow]
    /// Breakdown rows (indicators.md §Breakdowns).
    public var breakdowns: [BreakdownRow]
    /// One summary per submission seen by the store (any outcome), every year.
    public var submissions: [SubmissionSummary]
    /// Rejected records, reasons for rejecting a submission whole, and warnings kept with
    /// accepted records (`severity`), with the submission they came from. Messages are already masked.
    public var findings: [SubmissionFinding]
    /// Division code → Chinese name (`"52"` → `"贵州省"`), from the reference data.
    public var areaNames: [String: String]
    /// Years present in the store.
    public var years: [Int32]
    /// Every year of the store (later ones included) with its provinces: what the navigation
    /// links across years may point at, since a report links only to reports that exist.
    /// Empty: the years and provinces of this data.
    public var siteProvinces: [Int32: [String]] = [:]
    /// Household transitions (docs/indicators.md §Household dynamics) of the pairs of years shown.
    public var transitions: [TransitionRow] = []
    /// The data version of these reports: a digest of the submissions in force for the years
    /// shown (`ReportDataBuilder.dataVersion`), which every page's header names. Content-based, so
    /// the same data gives the same header whatever run rendered it or when (`--as-of` reproduces
    /// a run's reports byte for byte; runs-and-store.md §Reproducibility keeps run ids and times
    /// out of reports). Empty: the header names no version.
    public var dataVersion = ""
    /// The indicators a pipeline's own catalogue files add to the shipped catalogue, one per
    /// exported id, in catalogue order: the national and province reports list them in a table
    /// of their own (catalogue.md). Empty: none (the table is absent).
    public var addedIndicators: [IndicatorDefinition] = []
    /// The shipped indicators beyond indicators.md's 42 (the index `mpi_guarantees`, returns to
    /// poverty within two years; issue 18), one per exported id, in catalogue order: the
    /// definitions page lists them after the 42. Empty: none.
    public var beyondContractIndicators: [IndicatorDefinition] = []

    public init(
        indicators: [IndicatorRow] = [], breakdowns: [BreakdownRow] = [], submissions: [SubmissionSummary] = [],
        findings: [SubmissionFinding] = [],
        areaNames: [String: String] = [:], years: [Int32] = [], siteProvinces: [Int32: [String]] = [:]
    ) {
        self.siteProvinces = siteProvinces
        self.indicators = indicators
        self.breakdowns = breakdowns
        self.submissions = submissions
        self.findings = findings
        self.areaNames = areaNames
        self.years = years
    }
}

/// What the data-quality report needs to know about one submission: its ledger row, and whether
/// it is the revision in force. The row's fields read through (`summary.key`, `summary.outcome`).
@dynamicMemberLookup
public struct SubmissionSummary: Sendable, Hashable {
    public var record: SubmissionRecord
    /// True when this revision is the one in force for its (province, year).
    public var inForce: Bool

    public init(record: SubmissionRecord, inForce: Bool) {
        self.record = record
        self.inForce = inForce
    }

    /// A summary from its parts (tests and fixtures).
    public init(
        key: SubmissionKey, format: SubmissionFormat, files: [String], outcome: SubmissionOutcome, inForce: Bool,
        householdsReceived: Int = 0, householdsRejected: Int = 0, membersAccepted: Int = 0, orphanMembers: Int = 0,
        warnings: Int = 0, reasonRule: RuleCode? = nil, reasonMessage: String? = nil
    ) {
        var counts = SubmissionCounts()
        counts.householdsReceived = householdsReceived
        counts.householdsRejected = householdsRejected
        counts.membersAccepted = membersAccepted
        counts.orphanMembers = orphanMembers
        self.init(
            record: SubmissionRecord(
                key: key, format: format, files: files, contentHash: "", outcome: outcome, counts: counts,
                warnings: warnings, reasonRule: reasonRule, reasonMessage: reasonMessage),
            inForce: inForce)
    }

    public subscript<Value>(dynamicMember field: KeyPath<SubmissionRecord, Value>) -> Value { record[keyPath: field] }

    public var householdsReceived: Int { record.counts.householdsReceived }
    public var householdsRejected: Int { record.counts.householdsRejected }
    public var membersAccepted: Int { record.counts.membersAccepted }
    public var orphanMembers: Int { record.counts.orphanMembers }
    /// Per-record findings (rejections and warnings) of each rule, counted in full: the stored
    /// rows hold at most `SubmissionCounts.examplesPerRule` of each (issue 13). Empty: count the rows.
    public var ruleFindings: [RuleCode: Int] {
        get { record.counts.findings }
        set { record.counts.findings = newValue }
    }
}
