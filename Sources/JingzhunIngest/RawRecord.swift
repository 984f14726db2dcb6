public import JingzhunCore

/// Kind of record in a submission (submissions.md §Records and fields).
public enum RecordKind: String, Sendable, Hashable {
    case county, village, household, member
}

/// One record as read from a submission, before validation: field name → raw bytes.
///
/// Both readers produce these, so validation is format-agnostic:
/// - the CSV reader uses the column names of the header;
/// - the XML reader maps attribute names to the contract's CSV column names
///   (`rural-population` → `rural_population`, `poor-village` → `poor_village`, `id` →
///   `household_id` / `member_id`, `<income wage=…>` → `income_wage`, `<measure>` texts joined
///   by `;` → `measures`, …) and fills the parent's code from the nesting
///   (`county_code` on a village, `village_code` on a household, `household_id` on a member).
/// A field absent from the record is missing; an empty value is also missing (CSV rule).
public struct RawRecord: Sendable {
    public var kind: RecordKind
    public var fields: [(name: String, value: [UInt8])]
    public var location: SourceLocation
    /// A syntax defect that makes the record unreliable as a whole (CSV R001-R006: ragged row,
    /// unterminated or malformed quote, invalid UTF-8, NUL, too long). The validator rejects the
    /// record with this rule and uses `fields` only to find which household it belongs to.
    /// Added for the CSV reader; the XML reader leaves it nil (it rejects the document instead).
    public var defect: Rejection? = nil
    public init(kind: RecordKind, fields: [(name: String, value: [UInt8])], location: SourceLocation) {
        self.kind = kind
        self.fields = fields
        self.location = location
    }
    public init(kind: RecordKind, fields: [(name: String, value: [UInt8])], location: SourceLocation, defect: Rejection?) {
        self.init(kind: kind, fields: fields, location: location)
        self.defect = defect
    }
    /// The raw value of a field, or nil when absent.
    public func value(_ name: String) -> [UInt8]? { fields.first(where: { $0.name == name })?.value }
}

/// Root attributes of an XML submission (`<registry province=".." year=".." revision="..">`).
public struct RegistryRoot: Sendable, Hashable {
    public var province: String?
    public var year: String?
    public var revision: String?
    public init(province: String?, year: String?, revision: String?) {
        self.province = province
        self.year = year
        self.revision = revision
    }
}

/// Receives what a reader reads, in document / file order.
///
/// Readers call `record` for each complete record and `problem` for what makes a record or the
/// whole file unreadable (a `.F…` rule means the submission is rejected whole).
public protocol RawRecordSink {
    mutating func root(_ root: RegistryRoot, at location: SourceLocation)
    mutating func record(_ record: RawRecord)
    mutating func warning(_ diagnostic: Diagnostic)
    mutating func problem(_ rejection: Rejection)
}
