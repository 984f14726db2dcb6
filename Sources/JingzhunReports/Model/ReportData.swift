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
    /// Rejected records, with the submission they came from. Messages are already masked.
    public var rejections: [SubmissionRejection]
    /// Warnings kept with accepted submissions (W-codes).
    public var warnings: [SubmissionDiagnostic]
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
        rejections: [SubmissionRejection] = [], warnings: [SubmissionDiagnostic] = [],
        areaNames: [String: String] = [:], years: [Int32] = [], siteProvinces: [Int32: [String]] = [:]
    ) {
        self.siteProvinces = siteProvinces
        self.indicators = indicators
        self.breakdowns = breakdowns
        self.submissions = submissions
        self.rejections = rejections
        self.warnings = warnings
        self.areaNames = areaNames
        self.years = years
    }
}

/// What the data-quality report needs to know about one submission.
public struct SubmissionSummary: Sendable, Hashable {
    public var key: SubmissionKey
    public var format: SubmissionFormat
    /// Inbox-relative file names (submitted text: escaped when printed).
    public var files: [String]
    public var outcome: SubmissionOutcome
    /// True when this revision is the one in force for its (province, year).
    public var inForce: Bool
    public var householdsReceived: Int
    public var householdsRejected: Int
    public var membersAccepted: Int
    public var orphanMembers: Int
    /// Number of warnings found (in full).
    public var warnings: Int
    /// Per-record findings (rejections and warnings) of each rule, counted in full: the stored
    /// rows hold at most `SubmissionCounts.examplesPerRule` of each (issue 13). Empty: count the rows.
    public var ruleFindings: [RuleCode: Int] = [:]
    /// Rule that rejected the submission whole (outcome `rejected` / `incomplete`).
    public var reasonRule: RuleCode?
    /// Message of that rule (masked).
    public var reasonMessage: String?

    public init(
        key: SubmissionKey, format: SubmissionFormat, files: [String], outcome: SubmissionOutcome, inForce: Bool,
        householdsReceived: Int = 0, householdsRejected: Int = 0, membersAccepted: Int = 0, orphanMembers: Int = 0,
        warnings: Int = 0, reasonRule: RuleCode? = nil, reasonMessage: String? = nil
    ) {
        self.key = key
        self.format = format
        self.files = files
        self.outcome = outcome
        self.inForce = inForce
        self.householdsReceived = householdsReceived
        self.householdsRejected = householdsRejected
        self.membersAccepted = membersAccepted
        self.orphanMembers = orphanMembers
        self.warnings = warnings
        self.reasonRule = reasonRule
        self.reasonMessage = reasonMessage
    }
}

/// A rejected record and the submission it belongs to.
public struct SubmissionRejection: Sendable, Hashable {
    public var submission: SubmissionKey
    public var rejection: Rejection
    public init(submission: SubmissionKey, rejection: Rejection) {
        self.submission = submission
        self.rejection = rejection
    }
}

/// A warning and the submission it belongs to.
public struct SubmissionDiagnostic: Sendable, Hashable {
    public var submission: SubmissionKey
    public var diagnostic: Diagnostic
    public init(submission: SubmissionKey, diagnostic: Diagnostic) {
        self.submission = submission
        self.diagnostic = diagnostic
    }
}
