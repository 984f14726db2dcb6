// Pointer code: a record's values read in place (house style §3.4). Invariants: a `RecordFields`
// is made only inside the closure that lends its buffers (`RawRecord.withFields`,
// `HeldHousehold.withRecords`) and never outlives it; for field f, `spans[2f] ..< spans[2f+1]`
// are byte offsets in `bytes`, and `spans[2f] == -1` when the field is absent. Only non-empty
// ranges are ever turned into pointers, so an empty buffer (nil base address) is never read.

/// The values of one record as byte ranges in a buffer its reader owns, for the validator.
///
/// The validator's checks read every field through this view, whichever reader produced the
/// record: a `RawRecord` (CSV, libxml2) lends its storage, and the XML scanner lends the bytes
/// of the household it holds (`HeldHousehold`), where member values stay as the scanner found
/// them instead of being copied field by field into a record (issue 20, item 2). A value is an
/// `UnsafeBufferPointer`, so reading one retains nothing, where a slice of an array retains it.
struct RecordFields {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let spans: UnsafePointer<Int32>

    /// - Parameters:
    ///   - bytes: every value's bytes.
    ///   - spans: 2 × `ContractField.allCases.count` offsets into `bytes` (see the file's invariants).
    init(bytes: UnsafeBufferPointer<UInt8>, spans: UnsafePointer<Int32>) {
        self.bytes = bytes
        self.spans = spans
    }

    /// The value of `field`, or nil when the field is absent or empty (submissions.md: empty = missing).
    @inline(__always)
    func nonEmpty(_ field: ContractField) -> UnsafeBufferPointer<UInt8>? {
        let start = Int(spans[2 * field.rawValue])
        let end = Int(spans[2 * field.rawValue + 1])
        guard start >= 0, end > start else { return nil }
        precondition(end <= bytes.count, "a field's span ends past its record's bytes")
        return UnsafeBufferPointer(start: bytes.baseAddress! + start, count: end - start)
    }
}

extension RawRecord {
    /// Lends the record's values to `body` as `RecordFields`.
    func withFields<Result>(_ body: (RecordFields) -> Result) -> Result {
        withStorage { bytes, spans in body(RecordFields(bytes: bytes, spans: spans.baseAddress!)) }
    }
}
