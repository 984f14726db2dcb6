public import JingzhunCore

/// A household and its members as the XML scanner holds them until `</household>`, values in place.
///
/// Why (issue 20, item 2): the validator checks a household before its members and needs all of
/// them at once (it pseudonymises the members together so that their identity-table look-ups
/// overlap), but a household's elements may straddle the scanner's input chunks. The scanner used
/// to copy every attribute value into a `RawRecord` per member (three growing arrays per record,
/// a retain and a release for every value read); it now copies each start tag's bytes once, as
/// read, and notes where each value lies in them. A value that needed decoding (a reference, a
/// TAB or line break), a code inherited from the parents and the joined `<measure>` texts are
/// appended after the tags. The validator reads the values in place (`withRecords`).
///
/// Record 0 is the household (with its `<income>` attributes and `measures`); records 1… are its
/// members in document order. As in `RawRecord`, only the first value given for a field is kept.
///
/// - Complexity: memory of one household's tags; the buffers are kept from one household to the next.
public struct HeldHousehold: Sendable {
    /// Two offsets per contract field and record (see `RecordFields`).
    static let spansPerRecord = 2 * ContractField.allCases.count

    /// The file every record was read from.
    let file: String
    /// The tags' bytes, then whatever was appended after them (see above).
    private var bytes: [UInt8] = []
    /// `spansPerRecord` offsets per record into `bytes`; -1 when the field is absent.
    private var spans: [Int32] = []
    /// Each record's line and column (of the `<` of its start tag).
    private var lines: [Int] = []
    private var columns: [Int?] = []

    init(file: String) {
        self.file = file
    }

    /// Records held: the household (record 0) and its members (1…).
    var recordCount: Int { lines.count }
    /// Members held (records after the household).
    public var memberCount: Int { max(0, lines.count - 1) }

    /// Forgets the household held, keeping the buffers.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        columns.removeAll(keepingCapacity: true)
    }

    /// A record's spans before any field is set, copied in at once: appending `spansPerRecord`
    /// repeated elements went element by element (0.6 % of XML ingest), and a static array costs a
    /// retain and a release per record; a buffer allocated once and never freed costs neither.
    private nonisolated(unsafe) static let absentSpans: UnsafeBufferPointer<Int32> = {
        let spans = UnsafeMutableBufferPointer<Int32>.allocate(capacity: spansPerRecord)
        spans.initialize(repeating: -1)
        return UnsafeBufferPointer(spans)
    }()

    /// Starts the next record (the household first, then each member) with no field, its start
    /// tag at `line` and `column` (the file is the held household's).
    mutating func beginRecord(line: Int, column: Int?) {
        spans.append(contentsOf: Self.absentSpans)
        lines.append(line)
        columns.append(column)
    }

    /// Appends bytes (a start tag as read, or a value) and returns the offset of the first.
    mutating func append(_ value: UnsafeBufferPointer<UInt8>) -> Int {
        let start = bytes.count
        bytes.append(contentsOf: value)
        return start
    }

    /// Gives record `record` the value at `start ..< end` in the bytes, unless the field already
    /// has one. Offsets beyond `Int32` (a household of over 2 GiB, far beyond the scanner's
    /// limits) leave the field missing, and so rejected, rather than trapping.
    mutating func setField(_ field: ContractField, start: Int, end: Int, record: Int) {
        let slot = record * Self.spansPerRecord + 2 * field.rawValue
        precondition(record < recordCount, "a field set on a record not begun")
        guard spans[slot] < 0, end <= Int(Int32.max) else { return }
        spans[slot] = Int32(start)
        spans[slot + 1] = Int32(end)
    }

    /// `setField(_:start:end:record:)` for `count` fields at once, `field(i)` giving the i-th: one
    /// access to the spans (a uniqueness check and no bounds check per value).
    mutating func setFields(
        record: Int, count: Int, _ field: (Int) -> (field: ContractField, start: Int, end: Int)
    ) {
        precondition(record < recordCount, "a field set on a record not begun")
        spans.withUnsafeMutableBufferPointer { spans in
            let recordSpans = spans.baseAddress! + record * Self.spansPerRecord
            for index in 0..<count {
                let (field, start, end) = field(index)
                let slot = 2 * field.rawValue
                guard recordSpans[slot] < 0, end <= Int(Int32.max) else { continue }
                recordSpans[slot] = Int32(start)
                recordSpans[slot + 1] = Int32(end)
            }
        }
    }

    /// Gives record `record` `value`, appended to the bytes (unless the field has one).
    mutating func setField(_ field: ContractField, _ value: UnsafeBufferPointer<UInt8>, record: Int) {
        precondition(record < recordCount, "a field set on a record not begun")
        guard spans[record * Self.spansPerRecord + 2 * field.rawValue] < 0 else { return }
        let start = append(value)
        setField(field, start: start, end: bytes.count, record: record)
    }

    /// The value of a field of the household (record 0), or nil when absent.
    func householdValue(_ field: ContractField) -> ArraySlice<UInt8>? { value(field, ofRecord: 0) }

    private func value(_ field: ContractField, ofRecord record: Int) -> ArraySlice<UInt8>? {
        let slot = record * Self.spansPerRecord + 2 * field.rawValue
        guard slot < spans.count, spans[slot] >= 0 else { return nil }
        return bytes[Int(spans[slot])..<Int(spans[slot + 1])]
    }

    /// The line of record `record`'s start tag (its file is `file`).
    func line(ofRecord record: Int) -> Int { lines[record] }
    /// The column of record `record`'s start tag.
    func column(ofRecord record: Int) -> Int? { columns[record] }

    func location(ofRecord record: Int) -> SourceLocation {
        SourceLocation(file: file, line: lines[record], column: columns[record])
    }

    /// Lends every record's values to `body`.
    func withRecords<Result>(_ body: (Records) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { bytes in
            spans.withUnsafeBufferPointer { spans in
                body(Records(bytes: bytes, spans: spans, count: lines.count))
            }
        }
    }

    /// The records of a held household, valid inside `withRecords`.
    struct Records {
        let bytes: UnsafeBufferPointer<UInt8>
        let spans: UnsafeBufferPointer<Int32>
        /// Records held: the household and its members.
        let count: Int

        /// Record `index` (0: the household; 1…: its members).
        subscript(index: Int) -> RecordFields {
            precondition(index < count, "no such held record")
            return RecordFields(bytes: bytes, spans: spans.baseAddress! + index * HeldHousehold.spansPerRecord)
        }
    }

    // MARK: As records (sinks other than the validator, tests)

    /// The household as a `RawRecord`, its fields in the contract's order.
    public var household: RawRecord { rawRecord(0, kind: .household) }

    /// The members as `RawRecord`s, in document order.
    public var members: [RawRecord] { (0..<memberCount).map { rawRecord($0 + 1, kind: .member) } }

    private func rawRecord(_ index: Int, kind: RecordKind) -> RawRecord {
        var record = RawRecord(kind: kind, location: location(ofRecord: index))
        for field in ContractField.allCases {
            if let value = value(field, ofRecord: index) { record.set(field, Array(value)) }
        }
        return record
    }
}
