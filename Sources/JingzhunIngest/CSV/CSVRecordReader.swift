// Pointer code (house style §3.4): `spans` is allocated in `init` with one (start, end) pair per
// contract field and freed in `deinit`; a `RecordFields` over it and the scanner's row is made
// for one `record(lending:)` call and never outlives it (the next row rewrites both).
import JingzhunCore

/// Reads one CSV file of a submission into records: header mapping over `CSVScanner`.
///
/// submissions.md §Value syntax: a header row names the columns in any order; unknown columns
/// are a warning (W001) and ignored; a missing required column (F013), a column named twice
/// (F017) or no header at all (F018) reject the submission. Each data row becomes a record with
/// the known columns' non-empty values; a row whose field count differs from the header's is
/// flagged R001, and the scanner's syntax problems are flagged with their R rule (`RawRecord.defect`).
/// After a rejecting problem the reader ignores the rest of the file (`isRejected`).
///
/// A row is lent to the sink where the scanner holds it (`RawRecordSink.record(lending:)`): each
/// known column's value is a byte range of the scanned row, so no value is copied into a record
/// (issue 20, item 3: `RawRecord.set` and its copies were a fifth of CSV.gz ingest).
///
/// - Complexity: O(n) in bytes; no allocation per row.
public final class CSVRecordReader {
    public let file: String
    public let kind: RecordKind
    private var scanner: CSVScanner
    /// Column index → contract field, nil for unknown columns; empty until the header is read.
    private var columnNames: [ContractField?] = []
    /// The known columns: (column index, contract field's raw value), in column order.
    private var knownColumns: [(column: Int, field: Int)] = []
    /// For each contract field f, the byte range of its value in the row being lent:
    /// `spans[2f] ..< spans[2f+1]`, `spans[2f] == -1` when absent or empty (`RecordFields`). Only
    /// the known columns' slots are ever written, each for every row. Owned by the reader
    /// (allocated in `init`, freed in `deinit`): a pointer, where an array property of a class
    /// costs an exclusivity check and a uniqueness check on every write.
    private let spans: UnsafeMutablePointer<Int32>
    private var hasHeader = false
    public private(set) var isRejected = false
    public private(set) var recordCount = 0

    public init(file: String, kind: RecordKind, maxRecordBytes: Int = 1 << 20) {
        self.file = file
        self.kind = kind
        scanner = CSVScanner(maxRecordBytes: maxRecordBytes)
        spans = .allocate(capacity: 2 * ContractField.allCases.count)
        spans.initialize(repeating: -1, count: 2 * ContractField.allCases.count)
    }

    deinit {
        spans.deallocate()
    }

    /// Scans the next inflated bytes and hands completed records to `sink`.
    public func consume(_ bytes: UnsafeRawBufferPointer, into sink: inout some RawRecordSink) {
        guard !isRejected else { return }
        scanner.consume(bytes) { handle($0, sink: &sink) }
    }

    /// Ends the file.
    public func finish(into sink: inout some RawRecordSink) {
        guard !isRejected else { return }
        scanner.finish { handle($0, sink: &sink) }
        if !hasHeader && !isRejected {
            reject(
                .csvNoHeader, line: 0,
                "the file has no header row; expected the columns "
                    + RecordSchema.columns(of: kind).joined(separator: ","), sink: &sink)
        }
    }

    private func handle(_ row: CSVRecordView, sink: inout some RawRecordSink) {
        guard !isRejected else { return }
        guard hasHeader else {
            readHeader(row, sink: &sink)
            return
        }
        recordCount += 1
        let location = SourceLocation(file: file, line: row.line)
        let fieldCount = row.fieldCount
        let knownColumns = knownColumns
        for (column, field) in knownColumns {
            var start: Int32 = -1
            var end: Int32 = -1
            if column < fieldCount {
                let range = row.fieldRange(column)
                // Spans are Int32, as in `RawRecord`: a value beyond is left missing (so rejected).
                if range.count > 0, range.upperBound <= Int(Int32.max) {
                    start = Int32(range.lowerBound)
                    end = Int32(range.upperBound)
                }
            }
            spans[2 * field] = start
            spans[2 * field + 1] = end
        }
        var defect: Rejection?
        if let problem = row.problem {
            // Name the column the problem is in (the contract's name, or its position).
            var field: String?
            var message = Self.describe(problem, row: row)
            if let index = row.problemField {
                if index < columnNames.count, let name = columnNames[index] {
                    field = name.name
                    message += " (in column `\(name.name)`)"
                } else {
                    message += " (in column \(index + 1))"
                }
            }
            defect = Rejection(rule: problem.rule, location: location, field: field, message: message)
        } else if fieldCount != columnNames.count {
            defect = Rejection(
                rule: .raggedRow, location: location,
                message: "row has \(fieldCount) fields, the header has \(columnNames.count)")
        }
        let fields = RecordFields(bytes: row.content, spans: UnsafePointer(spans))
        sink.record(lending: LentRecord(kind: kind, location: location, defect: defect, fields: fields))
    }

    private static func describe(_ problem: CSVSyntaxProblem, row: CSVRecordView) -> String {
        switch problem {
        case .unterminatedQuote: "a quoted field opened on this line is not closed before the end of the file"
        case .malformedQuote: "a quote inside an unquoted field, or text after a closing quote (RFC 4180)"
        case .invalidUTF8: "the row holds bytes that are not UTF-8"
        case .nulByte: "the row holds a NUL byte"
        case .recordTooLong: "the row is longer than the limit of the CSV scanner"
        }
    }

    /// A header cell shown in messages: shaped like the contract's column names (a lowercase
    /// ASCII letter, then lowercase letters, digits, `_` or `-`; at most 64 bytes). Anything else
    /// is not shown: when the header row is missing, the first data row — a name, an identity
    /// number — is read as the header.
    static func looksLikeColumnName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 64, first >= 0x61, first <= 0x7A else { return false }
        return bytes.allSatisfy { b in (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D }
    }

    private func readHeader(_ row: CSVRecordView, sink: inout some RawRecordSink) {
        hasHeader = true
        if let problem = row.problem {
            reject(
                .csvNoHeader, line: row.line, "the header row is unreadable: " + Self.describe(problem, row: row),
                sink: &sink)
            return
        }
        let known = Set(RecordSchema.columns(of: kind))
        var seen: Set<String> = []
        for index in 0..<row.fieldCount {
            let name = String(decoding: row.field(index), as: UTF8.self)
            guard known.contains(name) else {
                columnNames.append(nil)
                sink.warning(
                    Diagnostic(
                        rule: .unknownColumn, location: SourceLocation(file: file, line: row.line, column: index + 1),
                        message: Self.looksLikeColumnName(name)
                            ? "unknown column \(MessageText.quoted(Array(name.utf8))) ignored"
                            // A header cell that is not a name may be data (the header row is
                            // missing): it may hold a name or an identity number, so it is not shown.
                            : "unknown column \(index + 1) ignored (its header is not shown: it is not shaped like a "
                                + "column name; is the header row missing?)"
                    ))
                continue
            }
            guard seen.insert(name).inserted else {
                reject(.csvDuplicateColumn, line: row.line, "column `\(name)` appears twice in the header", sink: &sink)
                return
            }
            // Every column of `RecordSchema` is a contract field.
            let field = ContractField(name: name)
            if let field { knownColumns.append((columnNames.count, field.rawValue)) }
            columnNames.append(field)
        }
        let missing = RecordSchema.columns(of: kind).filter {
            !seen.contains($0) && !RecordSchema.optionalColumns(of: kind).contains($0)
        }
        if !missing.isEmpty {
            reject(
                .csvColumnMissing, line: row.line,
                "required column(s) missing: " + missing.map { "`\($0)`" }.joined(separator: ", "), sink: &sink)
        }
    }

    private func reject(_ rule: RuleCode, line: Int, _ message: String, sink: inout some RawRecordSink) {
        isRejected = true
        sink.problem(Rejection(rule: rule, location: SourceLocation(file: file, line: line), message: message))
    }
}
