/// One row of the `submissions` ledger: a submission seen by a run, and what became of it.
///
/// The one type of a ledger row: the store writes and reads it (`submissions` table), the
/// revision in force is decided over it (`RevisionsInForce`), and the reports show it.
/// The row of an applied submission is the store's "applied" marker: it is committed last, so a
/// submission whose row is absent was not (completely) applied and is applied again.
public struct SubmissionRecord: Sendable, Hashable {
    public var key: SubmissionKey
    public var format: SubmissionFormat
    /// Inbox-relative file names, sorted (stored `;`-joined; submitted text: escaped when printed).
    public var files: [String]
    /// SHA-256 (hex) over the submission's files.
    public var contentHash: String
    public var outcome: SubmissionOutcome
    /// Records received, accepted and rejected; per-rule passes and findings (counted in full).
    public var counts: SubmissionCounts
    /// Number of warnings found (in full; at most `SubmissionCounts.examplesPerRule` per rule kept as rows).
    public var warnings: Int
    /// Why the submission was rejected whole, for `.rejected` / `.incomplete` / `.stale`.
    public var reasonRule: RuleCode?
    /// Message of that rule (masked).
    public var reasonMessage: String?

    public init(
        key: SubmissionKey, format: SubmissionFormat, files: [String], contentHash: String, outcome: SubmissionOutcome,
        counts: SubmissionCounts, warnings: Int, reasonRule: RuleCode? = nil, reasonMessage: String? = nil
    ) {
        self.key = key
        self.format = format
        self.files = files
        self.contentHash = contentHash
        self.outcome = outcome
        self.counts = counts
        self.warnings = warnings
        self.reasonRule = reasonRule
        self.reasonMessage = reasonMessage
    }

    /// The record of a batch as ingest hands it over.
    public init(_ batch: SubmissionBatch) {
        self.init(
            key: batch.key, format: batch.format, files: batch.files, contentHash: batch.contentHash,
            outcome: batch.outcome, counts: batch.counts,
            warnings: max(batch.warnings.count, batch.counts.warningsFound),
            reasonRule: batch.reason?.rule, reasonMessage: batch.reason?.message)
    }
}

/// Whether a finding rejected something or only warns.
public enum FindingSeverity: String, Sendable, Hashable {
    /// A rejected record, or the reason a submission was rejected whole.
    case rejection
    /// A warning kept with an accepted record (W-codes).
    case warning
}

/// What ingest found about one submission — a rejected record, the reason the submission was
/// rejected whole, or a warning — with the submission it belongs to.
///
/// The one type of a finding: the store writes and reads it (`rejections` table) and the reports
/// list it; a warning stays a warning (`severity`, from its rule code) all the way.
/// `message` names the field and the offending value; personal values enter it only masked.
public struct SubmissionFinding: Sendable, Hashable {
    public var submission: SubmissionKey
    public var rule: RuleCode
    public var location: SourceLocation
    /// Household number of the household concerned, when known.
    public var householdID: String?
    /// The contract's field name (CSV column name), when the rule is about one field.
    public var field: String?
    public var message: String

    public init(
        submission: SubmissionKey, rule: RuleCode, location: SourceLocation, householdID: String? = nil,
        field: String? = nil, message: String
    ) {
        self.submission = submission
        self.rule = rule
        self.location = location
        self.householdID = householdID
        self.field = field
        self.message = message
    }

    /// A rejection of ingest (a record, or the submission whole).
    public init(submission: SubmissionKey, _ rejection: Rejection) {
        self.init(
            submission: submission, rule: rejection.rule, location: rejection.location,
            householdID: rejection.householdID, field: rejection.field, message: rejection.message)
    }

    /// A warning of ingest.
    public init(submission: SubmissionKey, _ warning: Diagnostic) {
        self.init(submission: submission, rule: warning.rule, location: warning.location, message: warning.message)
    }

    /// Rejection or warning, by the rule's code range (`W…` warns).
    public var severity: FindingSeverity { rule.isWarning ? .warning : .rejection }

    /// The order the reports list findings in: location, rule, household, message.
    public static func listingOrder(_ a: SubmissionFinding, _ b: SubmissionFinding) -> Bool {
        (a.location, a.rule.rawValue, a.householdID ?? "", a.message)
            < (b.location, b.rule.rawValue, b.householdID ?? "", b.message)
    }
}
