// Pointer code lives in this file (house-style §3.4). Invariants:
// - A record is held one of two ways. Copied: `content` holds its field bytes only and
//   `fieldEnds[i]` is the end offset of field i in `content`, so field i is
//   `content[fieldEnds[i-1] ..< fieldEnds[i]]`. Verbatim (within one `scan` call): `content` is
//   empty, the record is `bytes[recordStart ..< index]` of the chunk being scanned, and
//   `fieldEnds[i]` is the offset from `recordStart` of the comma after field i, so field i is
//   `bytes[recordStart + fieldEnds[i-1] + 1 ..< recordStart + fieldEnds[i]]`.
// - A verbatim record is never longer than `maxRecordBytes`, so it holds no more field bytes than
//   a copied one could; before it would, and at the end of the chunk, it is copied (`materialize`).
// - A `CSVRecordView` points into `content` (or the chunk) and `fieldEnds` and is valid only
//   during the callback that receives it; nothing it points to is mutated until the callback returns.
// - The scanner never holds more than `maxRecordBytes` bytes of content: beyond that it keeps
//   scanning (to find where the record ends) but drops the bytes and flags the record.
public import JingzhunCore

/// A syntax problem in one CSV record (submissions.md §Value syntax: RFC 4180).
public enum CSVSyntaxProblem: Sendable, Hashable {
    /// A quoted field still open at the end of the file (R002).
    case unterminatedQuote
    /// A `"` inside an unquoted field, or a byte other than `,`/line end after a closing quote (R006).
    case malformedQuote
    /// Field bytes that are not well-formed UTF-8 (R003).
    case invalidUTF8
    /// A NUL byte (R004).
    case nulByte
    /// More field bytes than the scanner's limit (R005).
    case recordTooLong

    public var rule: RuleCode {
        switch self {
        case .unterminatedQuote: .unterminatedQuote
        case .malformedQuote: .malformedQuote
        case .invalidUTF8: .invalidUTF8
        case .nulByte: .nulByte
        case .recordTooLong: .recordTooLong
        }
    }
}

/// One record as scanned: its physical line and its fields as byte slices.
///
/// Valid only inside the callback that receives it (the bytes live in the scanner's reused buffer).
public struct CSVRecordView {
    /// 1-based physical line of the record's first byte.
    public let line: Int
    /// The first syntax problem found in the record, if any; the fields are then unreliable.
    public let problem: CSVSyntaxProblem?
    /// The 0-based field in which `problem` was found (the field being read when it appeared).
    public let problemField: Int?
    let content: UnsafeBufferPointer<UInt8>
    let fieldEnds: UnsafeBufferPointer<Int>
    /// 1 when `content` is the record as it came (its fields separated by commas), 0 when it is
    /// the fields' bytes alone.
    let separatorWidth: Int

    public var fieldCount: Int { fieldEnds.count }

    /// The unquoted bytes of field `index` (`""` already turned into `"`).
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: content[fieldRange(index)])
    }

    /// Where field `index` lies in `content`.
    @inline(__always)
    func fieldRange(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : fieldEnds[index - 1] + separatorWidth)..<fieldEnds[index]
    }

    /// Copies the fields out (tests and the header row; not for the hot path).
    public var fields: [[UInt8]] { (0..<fieldCount).map { Array(field($0)) } }
}

/// Splits CSV bytes (RFC 4180) into records of byte-slice fields, fed with chunks of any size.
///
/// - Separator `,`, quote `"` with `""` as escape; quoted fields may hold `,`, CR and LF.
/// - Line ends LF or CRLF. A CR not followed by LF is an ordinary byte, except at the very end of
///   the input, where it ends the last line.
/// - An optional UTF-8 BOM at the start of the input is skipped.
/// - Empty physical lines outside quotes produce no record (the contract has no one-column
///   files, so an empty line can only be noise such as a trailing blank line).
/// - Each record carries the physical line of its first byte: line breaks inside quoted fields
///   count, so later records keep their true line numbers.
/// - Each record is checked for well-formed UTF-8 and NUL bytes.
/// Records are identical whatever the chunk boundaries (tested byte by byte and at random splits).
///
/// - Complexity: O(n) in bytes. Memory: one record's content (≤ `maxRecordBytes`) and its field
///   offsets; no allocation per field or per record once the buffers have grown.
public struct CSVScanner {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    public let maxRecordBytes: Int
    private var content: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var state = State.fieldStart
    /// A CR was seen outside quotes; whether it ends the line depends on the next byte.
    private var pendingCR = false
    private var line = 1
    private var recordLine = 1
    private var recordHasContent = false
    private var problem: CSVSyntaxProblem?
    private var problemField: Int?
    /// Up to 3 bytes held at the start of the input until we know whether they are a BOM.
    private var head: [UInt8] = []
    private var isPastHead = false
    private var finished = false

    public init(maxRecordBytes: Int = 1 << 20) {
        precondition(maxRecordBytes > 0, "CSVScanner: maxRecordBytes must be positive")
        self.maxRecordBytes = maxRecordBytes
        content.reserveCapacity(min(maxRecordBytes, 4096))
        fieldEnds.reserveCapacity(32)
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Scans the next bytes, calling `onRecord` for each record they complete.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer, onRecord: (CSVRecordView) -> Void) {
        precondition(!finished, "CSVScanner.consume called after finish")
        var bytes = UnsafeBufferPointer(
            start: chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), count: chunk.count)
        if !isPastHead {
            var taken = 0
            while head.count < 3 && taken < bytes.count {
                head.append(bytes[taken])
                taken += 1
            }
            bytes = UnsafeBufferPointer(rebasing: bytes[taken...])
            guard head.count == 3 else { return }
            releaseHead(onRecord: onRecord)
        }
        scan(bytes, onRecord: onRecord)
    }

    /// Convenience for arrays.
    public mutating func consume(_ chunk: [UInt8], onRecord: (CSVRecordView) -> Void) {
        chunk.withUnsafeBytes { consume($0, onRecord: onRecord) }
    }

    /// Ends the input: emits the last record (flagged `.unterminatedQuote` if a quote is open).
    public mutating func finish(onRecord: (CSVRecordView) -> Void) {
        precondition(!finished, "CSVScanner.finish called twice")
        if !isPastHead { releaseHead(onRecord: onRecord) }
        finished = true
        if pendingCR {
            pendingCR = false
            line += 1
            endRecord(onRecord: onRecord)
        } else if state == .quoted {
            problem = .unterminatedQuote
            problemField = fieldEnds.count
            endRecord(onRecord: onRecord)
        } else if recordHasContent {
            endRecord(onRecord: onRecord)
        }
    }

    private mutating func releaseHead(onRecord: (CSVRecordView) -> Void) {
        isPastHead = true
        let held = head
        head = []
        if held == Self.bom { return }
        held.withUnsafeBufferPointer { scan($0, onRecord: onRecord) }
    }

    /// Whether nothing of a record has been read: the next byte starts one.
    private var isAtRecordStart: Bool {
        state == .fieldStart && !pendingCR && !recordHasContent && content.isEmpty && fieldEnds.isEmpty
            && problem == nil
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, onRecord: (CSVRecordView) -> Void) {
        var index = 0
        let count = bytes.count
        // Where the record being read starts in `bytes` while it is held verbatim (see the file's
        // invariants), nil while it is copied: most records are unquoted and lie within one chunk,
        // and lending them as they are saves copying every field (issue 20, item 3).
        var recordStart: Int? = isAtRecordStart ? 0 : nil
        while index < count {
            if let start = recordStart, index - start >= maxRecordBytes {
                // At the limit: the rest of the record is copied, which flags it if it goes on.
                materialize(bytes, from: start, to: pendingCR ? index - 1 : index)
                recordStart = nil
            }
            let byte = bytes[index]
            index += 1
            if pendingCR {
                pendingCR = false
                if byte == Self.lf {
                    line += 1
                    if let start = recordStart {
                        endVerbatimRecord(UnsafeBufferPointer(rebasing: bytes[start..<(index - 2)]), onRecord: onRecord)
                    } else {
                        endRecord(onRecord: onRecord)
                    }
                    recordStart = index
                    continue
                }
                // A lone CR is an ordinary byte of an unquoted field (verbatim: already in place).
                if state == .quoteInQuoted { flag(.malformedQuote) }
                if recordStart == nil { append(Self.cr) }
                state = .unquoted
                recordHasContent = true
            }
            switch state {
            case .fieldStart:
                switch byte {
                case Self.quote:
                    if let start = recordStart {
                        materialize(bytes, from: start, to: index - 1)
                        recordStart = nil
                    }
                    state = .quoted
                    recordHasContent = true
                case Self.comma:
                    endField(at: recordStart.map { index - 1 - $0 })
                    recordHasContent = true
                case Self.lf:
                    line += 1
                    if let start = recordStart {
                        endVerbatimRecord(UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), onRecord: onRecord)
                    } else {
                        endRecord(onRecord: onRecord)
                    }
                    recordStart = index
                case Self.cr:
                    pendingCR = true
                default:
                    // The field's run of ordinary bytes at once, as in `.unquoted` below.
                    let end = Self.nextSpecial(in: bytes, from: index)
                    takeRun(bytes, (index - 1)..<end, recordStart: &recordStart)
                    index = end
                    state = .unquoted
                    recordHasContent = true
                }
            case .unquoted:
                switch byte {
                case Self.comma:
                    endField(at: recordStart.map { index - 1 - $0 })
                    state = .fieldStart
                case Self.lf:
                    line += 1
                    if let start = recordStart {
                        endVerbatimRecord(UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), onRecord: onRecord)
                    } else {
                        endRecord(onRecord: onRecord)
                    }
                    recordStart = index
                case Self.cr:
                    pendingCR = true
                case Self.quote:
                    flag(.malformedQuote)
                    if recordStart == nil { append(byte) }
                default:
                    // Fast path: the run of ordinary bytes up to the next special byte at once.
                    let end = Self.nextSpecial(in: bytes, from: index)
                    takeRun(bytes, (index - 1)..<end, recordStart: &recordStart)
                    index = end
                }
            case .quoted:
                if byte == Self.quote {
                    state = .quoteInQuoted
                } else {
                    if byte == Self.lf { line += 1 }
                    append(byte)
                }
            case .quoteInQuoted:
                switch byte {
                case Self.quote:
                    append(Self.quote)
                    state = .quoted
                case Self.comma:
                    endField()
                    state = .fieldStart
                case Self.lf:
                    line += 1
                    endRecord(onRecord: onRecord)
                    recordStart = index
                case Self.cr:
                    pendingCR = true
                default:
                    flag(.malformedQuote)
                    append(byte)
                    state = .unquoted
                }
            }
        }
        // A record still open at the end of the chunk is copied: the chunk's bytes go away.
        if let start = recordStart, start < count {
            materialize(bytes, from: start, to: pendingCR ? count - 1 : count)
        }
    }

    /// A run of ordinary bytes of the current field: left in place while the record is verbatim
    /// and stays within the limit, else copied (the record copied first if it was verbatim).
    @inline(__always)
    private mutating func takeRun(_ bytes: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, recordStart: inout Int?) {
        if let start = recordStart {
            guard run.upperBound - start > maxRecordBytes else { return }
            materialize(bytes, from: start, to: run.lowerBound)
            recordStart = nil
        }
        append(UnsafeBufferPointer(rebasing: bytes[run]))
    }

    /// Copies the verbatim record `bytes[start ..< end]` read so far into `content`, its fields'
    /// bytes without the commas between them, and makes `fieldEnds` offsets into `content`: the
    /// state the record would be in had it been copied all along.
    private mutating func materialize(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        var fieldStart = start
        for field in fieldEnds.indices {
            let comma = start + fieldEnds[field]
            content.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fieldStart..<comma]))
            fieldEnds[field] = content.count
            fieldStart = comma + 1
        }
        if fieldStart < end { content.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fieldStart..<end])) }
    }

    /// The index of the first `,` `"` CR or LF in `bytes` at or after `start`, or `bytes.count`.
    /// Eight bytes at a time (issue 20: the CSV.gz path's scan was a third compares per byte).
    @inline(__always) static func nextSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        var index = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                let word = ByteWords.load(raw, index)
                let found =
                    ByteWords.zeroBytes(word ^ ByteWords.broadcast(comma))
                    | ByteWords.zeroBytes(word ^ ByteWords.broadcast(lf))
                    | ByteWords.zeroBytes(word ^ ByteWords.broadcast(cr))
                    | ByteWords.zeroBytes(word ^ ByteWords.broadcast(quote))
                if found != 0 { return index + found.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < count {
            let next = bytes[index]
            if next == comma || next == lf || next == cr || next == quote { break }
            index += 1
        }
        return index
    }

    private mutating func flag(_ found: CSVSyntaxProblem) {
        if problem == nil {
            problem = found
            problemField = fieldEnds.count
        }
    }

    /// A record too long replaces any earlier problem: the rest of the record is not kept.
    private mutating func flagTooLong() {
        if problem != .recordTooLong {
            problem = .recordTooLong
            problemField = fieldEnds.count
        }
    }

    private mutating func append(_ byte: UInt8) {
        guard content.count < maxRecordBytes else {
            flagTooLong()
            return
        }
        content.append(byte)
    }

    private mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        let room = maxRecordBytes - content.count
        if run.count > room {
            flagTooLong()
            content.append(contentsOf: UnsafeBufferPointer(rebasing: run[..<max(room, 0)]))
        } else {
            content.append(contentsOf: run)
        }
    }

    /// Ends the current field: at `rawOffset` (the comma's offset from the record's start) while
    /// the record is verbatim, else at the end of `content`.
    private mutating func endField(at rawOffset: Int? = nil) {
        fieldEnds.append(rawOffset ?? content.count)
    }

    /// Ready for the next record, once a record (or an empty line) has ended.
    private mutating func resetRecord() {
        content.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        state = .fieldStart
        recordHasContent = false
        problem = nil
        problemField = nil
        recordLine = line
    }

    /// Flags the first NUL or malformed UTF-8 in the ended record `bytes`, in the field it is in,
    /// unless a problem was found already. Commas are ASCII, so in a verbatim record too the
    /// offset falls inside its field.
    private mutating func checkEncoding(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard problem == nil, let (found, offset) = Self.encodingProblemAndOffset(in: bytes) else { return }
        problem = found
        problemField = fieldEnds.firstIndex { $0 > offset } ?? max(fieldEnds.count - 1, 0)
    }

    private mutating func endRecord(onRecord: (CSVRecordView) -> Void) {
        defer { resetRecord() }
        guard recordHasContent else { return }  // an empty physical line
        endField()
        content.withUnsafeBufferPointer { checkEncoding($0) }
        let view = content.withUnsafeBufferPointer { contentPointer in
            fieldEnds.withUnsafeBufferPointer { endsPointer in
                CSVRecordView(
                    line: recordLine, problem: problem, problemField: problemField, content: contentPointer,
                    fieldEnds: endsPointer, separatorWidth: 0)
            }
        }
        // The view's pointers stay valid: neither array is mutated until the deferred reset.
        onRecord(view)
    }

    /// Ends a record held verbatim: `record` is its bytes as they came (fields and commas, no line
    /// end). The same record, line, problem and problem field as `endRecord` gives a copied one.
    private mutating func endVerbatimRecord(_ record: UnsafeBufferPointer<UInt8>, onRecord: (CSVRecordView) -> Void) {
        defer { resetRecord() }
        guard recordHasContent else { return }  // an empty physical line
        fieldEnds.append(record.count)
        checkEncoding(record)
        let view = fieldEnds.withUnsafeBufferPointer { endsPointer in
            CSVRecordView(
                line: recordLine, problem: problem, problemField: problemField, content: record,
                fieldEnds: endsPointer, separatorWidth: 1)
        }
        // The view's pointers stay valid: `fieldEnds` is not mutated until the deferred reset, and
        // the chunk outlives the scan.
        onRecord(view)
    }

    /// The first NUL or malformed UTF-8 sequence in `bytes` (RFC 3629: no overlongs, no
    /// surrogates, nothing above U+10FFFF).
    static func encodingProblem(in bytes: UnsafeBufferPointer<UInt8>) -> CSVSyntaxProblem? {
        encodingProblemAndOffset(in: bytes)?.problem
    }

    /// The first NUL or malformed UTF-8 sequence and the offset of its first byte.
    static func encodingProblemAndOffset(in bytes: UnsafeBufferPointer<UInt8>) -> (
        problem: CSVSyntaxProblem, offset: Int
    )? {
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes without a NUL at once (most of a record); the first byte that is
            // not is looked at below.
            if index + 8 <= count, let base = bytes.baseAddress {
                let word = ByteWords.load(UnsafeRawPointer(base), index)
                if word & 0x8080_8080_8080_8080 == 0 && ByteWords.zeroBytes(word) == 0 {
                    index += 8
                    continue
                }
            }
            let lead = bytes[index]
            if lead < 0x80 {
                if lead == 0 { return (.nulByte, index) }
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return (.invalidUTF8, index)
            }
            guard index + length <= count else { return (.invalidUTF8, index) }
            let second = bytes[index + 1]
            guard second >= lower && second <= upper else { return (.invalidUTF8, index) }
            for offset in 2..<max(length, 2) where bytes[index + offset] & 0xC0 != 0x80 { return (.invalidUTF8, index) }
            index += length
        }
        return nil
    }
}
