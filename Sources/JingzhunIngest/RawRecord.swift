public import JingzhunCore

/// Kind of record in a submission (submissions.md §Records and fields).
public enum RecordKind: String, Sendable, Hashable {
    case county, village, household, member
}

/// A field of the contract's records (submissions.md §Records and fields), named by its CSV
/// column; the registry root's attributes (`province`, `year`, `revision`) are fields too.
///
/// Readers resolve names to fields once (a CSV header, the XML vocabulary), so the per-record
/// path compares small integers, never strings.
public enum ContractField: Int, CaseIterable, Sendable {
    case countyCode, ruralPopulation, ruralIncome
    case villageCode, name, poorVillage, population, road, water, electricity, broadband, clinic
    case householdID, registeredYear, category, cause, status, exitYear, housingGrade, safeWater, foodClothingSecured
    case incomeWage, incomeOperating, incomeProperty, incomeTransfer, operatingCost, measures
    case memberID, relation, sex, birthDate, education, schooling, health, labor, medicalInsured
    case seriousIllnessInsured, pensionInsured
    case province, year, revision

    /// The CSV column name (the name messages and rejection rows use).
    public var name: String { Self.names[rawValue] }

    /// The field of a CSV column name, or nil for a name outside the contract.
    public init?(name: String) {
        guard let field = Self.byName[name] else { return nil }
        self = field
    }

    private static let names: [String] = [
        "county_code", "rural_population", "rural_income",
        "village_code", "name", "poor_village", "population", "road", "water", "electricity", "broadband", "clinic",
        "household_id", "registered_year", "category", "cause", "status", "exit_year", "housing_grade", "safe_water",
        "food_clothing_secured",
        "income_wage", "income_operating", "income_property", "income_transfer", "operating_cost", "measures",
        "member_id", "relation", "sex", "birth_date", "education", "schooling", "health", "labor", "medical_insured",
        "serious_illness_insured", "pension_insured",
        "province", "year", "revision",
    ]
    private static let byName: [String: ContractField] = Dictionary(
        uniqueKeysWithValues: allCases.map { (names[$0.rawValue], $0) })
}

/// One record as read from a submission, before validation: contract field → raw bytes.
///
/// Both readers produce these, so validation is format-agnostic:
/// - the CSV reader uses the column names of the header;
/// - the XML reader maps attribute names to the contract's CSV column names
///   (`rural-population` → `rural_population`, `poor-village` → `poor_village`, `id` →
///   `household_id` / `member_id`, `<income wage=…>` → `income_wage`, `<measure>` texts joined
///   by `;` → `measures`, …) and fills the parent's code from the nesting
///   (`county_code` on a village, `village_code` on a household, `household_id` on a member).
/// A field absent from the record is missing; an empty value is also missing (CSV rule). The XML
/// scanner hands households and members over as a `HeldHousehold` instead (the same fields, read
/// in place); the validator reads both through `RecordFields`.
///
/// Storage is one byte buffer holding every value and a (start, end) pair per contract field,
/// so a record costs two allocations however many fields it has, and a reader that reuses one
/// record (`reset`) costs none once the buffers have grown. Only the first value given for a
/// field is kept.
public struct RawRecord: Sendable {
    public var kind: RecordKind
    public var location: SourceLocation
    /// A syntax defect that makes the record unreliable as a whole (CSV R001-R006: ragged row,
    /// unterminated or malformed quote, invalid UTF-8, NUL, too long). The validator rejects the
    /// record with this rule and uses the fields only to find which household it belongs to.
    /// The XML reader leaves it nil (it rejects the document instead).
    public var defect: Rejection? = nil
    /// Every value's bytes, in the order they were set.
    private var storage: [UInt8] = []
    /// For field f: spans[2f] ..< spans[2f+1] in `storage`; spans[2f] == -1 when absent.
    private var spans: [Int32]
    /// Fields in the order they were set (for `fields` and equality of behaviour with readers).
    private var order: [UInt8] = []

    private static let absentSpans = [Int32](repeating: -1, count: 2 * ContractField.allCases.count)

    public init(kind: RecordKind, location: SourceLocation) {
        self.kind = kind
        self.location = location
        spans = Self.absentSpans
    }

    /// Empties the record for the next one, keeping its buffers.
    public mutating func reset(kind: RecordKind, location: SourceLocation) {
        self.kind = kind
        self.location = location
        defect = nil
        storage.removeAll(keepingCapacity: true)
        for field in order { spans[2 * Int(field)] = -1 }
        order.removeAll(keepingCapacity: true)
    }

    /// Sets a field (kept only when the field has no value yet).
    public mutating func set(_ field: ContractField, _ bytes: UnsafeBufferPointer<UInt8>) {
        let slot = 2 * field.rawValue
        // Spans are Int32: the readers' limits keep a record far below 2 GiB; beyond, the field
        // is left missing (and so rejected) rather than trapping.
        guard spans[slot] < 0, storage.count + bytes.count <= Int(Int32.max) else { return }
        spans[slot] = Int32(storage.count)
        storage.append(contentsOf: bytes)
        spans[slot + 1] = Int32(storage.count)
        order.append(UInt8(field.rawValue))
    }

    public mutating func set(_ field: ContractField, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { set(field, $0) }
    }

    /// Sets a field to bytes produced by `fill`, which appends them to the buffer it is given.
    public mutating func set(_ field: ContractField, appending fill: (inout [UInt8]) -> Void) {
        let slot = 2 * field.rawValue
        guard spans[slot] < 0 else { return }
        let start = storage.count
        fill(&storage)
        guard storage.count <= Int(Int32.max) else {
            storage.removeSubrange(start...)
            return
        }
        spans[slot] = Int32(start)
        spans[slot + 1] = Int32(storage.count)
        order.append(UInt8(field.rawValue))
    }

    /// Whether the field was given (empty or not).
    public func has(_ field: ContractField) -> Bool { spans[2 * field.rawValue] >= 0 }

    /// The raw value of a field (possibly empty), or nil when absent.
    @inline(__always)
    public func slice(_ field: ContractField) -> ArraySlice<UInt8>? {
        let start = Int(spans[2 * field.rawValue])
        guard start >= 0 else { return nil }
        return storage[start..<Int(spans[2 * field.rawValue + 1])]
    }

    /// The raw value of a field, or nil when absent.
    public func value(_ field: ContractField) -> [UInt8]? { slice(field).map(Array.init) }

    /// Lends the value bytes and the spans (`RecordFields`).
    func withStorage<Result>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int32>) -> Result
    ) -> Result {
        storage.withUnsafeBufferPointer { bytes in spans.withUnsafeBufferPointer { body(bytes, $0) } }
    }

    // MARK: By name (tests, tools; not the hot path)

    /// A record from (name, value) pairs; a name outside the contract is dropped, as readers do.
    public init(
        kind: RecordKind, fields: [(name: String, value: [UInt8])], location: SourceLocation, defect: Rejection? = nil
    ) {
        self.init(kind: kind, location: location)
        self.defect = defect
        for (name, value) in fields { if let field = ContractField(name: name) { set(field, value) } }
    }

    /// The fields in the order they were set, by CSV column name.
    public var fields: [(name: String, value: [UInt8])] {
        order.map { raw in
            let field = ContractField(rawValue: Int(raw))!
            return (field.name, value(field)!)
        }
    }

    /// The raw value of a field by CSV column name, or nil when absent.
    public func value(_ name: String) -> [UInt8]? { ContractField(name: name).flatMap { value($0) } }
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
    /// A record whose values its reader lends where they are (the CSV reader: the row as
    /// scanned): the same as `record` with a `RawRecord` of those values (`LentRecord.rawRecord`).
    /// The validator reads them in place instead (issue 20, item 3).
    mutating func record(lending lent: LentRecord)
    mutating func warning(_ diagnostic: Diagnostic)
    mutating func problem(_ rejection: Rejection)
    /// A household and its members together, from a reader that holds them (XML, where members
    /// are nested in their household): the same as `record` for the household, then for each
    /// member in order; a sink may look at the members first (the validator pseudonymises them).
    mutating func household(_ household: RawRecord, members: ArraySlice<RawRecord>)
    /// A household and its members held by the XML scanner, values in place: the same as
    /// `household(_:members:)` with `held.household` and `held.members`. The validator reads the
    /// values where they are instead (issue 20).
    mutating func household(_ held: HeldHousehold)
}

extension RawRecordSink {
    public mutating func record(lending lent: LentRecord) { record(lent.rawRecord) }

    public mutating func household(_ household: RawRecord, members: ArraySlice<RawRecord>) {
        record(household)
        for member in members { record(member) }
    }

    public mutating func household(_ held: HeldHousehold) {
        household(held.household, members: held.members[...])
    }
}

/// A record lent by its reader for the length of one `RawRecordSink.record(lending:)` call: its
/// values stay in the reader's buffer (see `RecordFields`) and must not be kept.
public struct LentRecord {
    public let kind: RecordKind
    public let location: SourceLocation
    /// As `RawRecord.defect`.
    public let defect: Rejection?
    let fields: RecordFields

    init(kind: RecordKind, location: SourceLocation, defect: Rejection?, fields: RecordFields) {
        self.kind = kind
        self.location = location
        self.defect = defect
        self.fields = fields
    }

    /// The record copied out, its non-empty values set in the contract's field order.
    public var rawRecord: RawRecord {
        var record = RawRecord(kind: kind, location: location)
        record.defect = defect
        for field in ContractField.allCases {
            if let value = fields.nonEmpty(field) { record.set(field, value) }
        }
        return record
    }
}
