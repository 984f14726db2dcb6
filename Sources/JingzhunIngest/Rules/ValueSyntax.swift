public import JingzhunCore

/// Parsers for the contract's value syntax (submissions.md §Value syntax), over raw bytes.
///
/// All are exact: no trimming, no case folding, no locale. A value with surrounding whitespace
/// therefore fails the number, code and boolean parsers by construction; `text` checks it.
public enum ValueSyntax {
    /// Outcome of a numeric parse: the syntax is wrong, or right but the value too large to hold.
    public enum Number: Equatable, Sendable {
        case value(Int64)
        case invalid
        case outOfRange
    }

    /// Largest absolute decimal accepted, exclusive, in fen: |value| < 10,000,000 yuan.
    public static let decimalLimitFen: Int64 = 10_000_000 * 100

    /// Integer: ASCII digits only (no sign, no separators). More than 18 digits is out of range.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Number {
        guard !bytes.isEmpty else { return .invalid }
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return .invalid }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int64(byte - 0x30))
            if overflow1 || overflow2 { return scanRest(bytes) }
            value = sum
        }
        return .value(value)
    }

    /// A digit string too long for Int64 is out of range, anything else invalid.
    private static func scanRest(_ bytes: UnsafeBufferPointer<UInt8>) -> Number {
        bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? .outOfRange : .invalid
    }

    /// Decimal: optional `-`, digits, optional `.` and 1-2 digits; parsed exactly into fen
    /// (1/100 yuan). `.outOfRange` when |value| ≥ 10,000,000.
    static func decimalFen(_ bytes: UnsafeBufferPointer<UInt8>) -> Number {
        var index = bytes.startIndex
        let isNegative = bytes.first == UInt8(ascii: "-")
        if isNegative { index += 1 }
        var whole: Int64 = 0
        var wholeDigits = 0
        var tooLarge = false
        while index < bytes.endIndex, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
            if whole < decimalLimitFen { whole = whole * 10 + Int64(bytes[index] - 0x30) } else { tooLarge = true }
            wholeDigits += 1
            index += 1
        }
        guard wholeDigits > 0 else { return .invalid }
        var fraction: Int64 = 0
        if index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: ".") else { return .invalid }
            index += 1
            let fractionDigits = bytes.endIndex - index
            guard fractionDigits == 1 || fractionDigits == 2 else { return .invalid }
            for position in index..<bytes.endIndex {
                let byte = bytes[position]
                guard byte >= 0x30 && byte <= 0x39 else { return .invalid }
                fraction = fraction * 10 + Int64(byte - 0x30)
            }
            if fractionDigits == 1 { fraction *= 10 }
        }
        guard !tooLarge, whole < decimalLimitFen / 100 else { return .outOfRange }
        let fen = whole * 100 + fraction
        return .value(isNegative ? -fen : fen)
    }

    /// Exactly `count` ASCII digits (codes: county 6, village 12), or nil.
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> Int64? {
        guard bytes.count == count, count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }

    /// `YYYY-MM-DD`, a real date (proleptic Gregorian), or nil.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = digits(UnsafeBufferPointer(rebasing: bytes[0..<4]), count: 4),
            let month = digits(UnsafeBufferPointer(rebasing: bytes[5..<7]), count: 2),
            let day = digits(UnsafeBufferPointer(rebasing: bytes[8..<10]), count: 2)
        else { return nil }
        return CivilDate(year: Int(year), month: Int(month), day: Int(day))
    }

    /// Boolean: `true`/`false` in XML, `1`/`0` in CSV (submissions.md §Value syntax).
    static func boolean(_ bytes: UnsafeBufferPointer<UInt8>, isCSV: Bool) -> Bool? {
        if isCSV {
            guard bytes.count == 1 else { return nil }
            switch bytes[0] {
            case UInt8(ascii: "1"): return true
            case UInt8(ascii: "0"): return false
            default: return nil
            }
        }
        // Compared as words, not with `"true".utf8`: that comparison ran through String's UTF-8
        // view for every boolean field of every XML record (1 % of XML ingest, issue 20).
        if bytes.count == 4 && UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(as: UInt32.self) == trueWord {
            return true
        }
        if bytes.count == 5 && UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(as: UInt32.self) == falseWord
            && bytes[4] == UInt8(ascii: "e")
        {
            return false
        }
        return nil
    }

    /// `true` and the first four bytes of `false` as little-endian words.
    private static let trueWord = UInt32(littleEndian: 0x6575_7274)
    private static let falseWord = UInt32(littleEndian: 0x736C_6166)

    /// Household number: 1-32 of `[A-Za-z0-9-]`.
    static func isHouseholdID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (1...32).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-")
        }
    }

    /// What is wrong with a text value, if anything.
    public enum TextProblem: Equatable, Sendable {
        case invalidUTF8
        case surroundingWhitespace
        case tooLong(codePoints: Int)
    }

    /// Longest text allowed, in Unicode code points (submissions.md: "text ≤ 64 chars").
    public static let maxTextCodePoints = 64

    /// Text: well-formed UTF-8, no surrounding whitespace (ASCII space, tab, CR, LF, or the
    /// ideographic space U+3000 common in Chinese data entry), at most 64 code points.
    static func textProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> TextProblem? {
        guard CSVScanner.encodingProblem(in: bytes) != .invalidUTF8 else { return .invalidUTF8 }
        if startsOrEndsWithWhitespace(bytes) { return .surroundingWhitespace }
        // In well-formed UTF-8 every code point has exactly one byte that is not a continuation byte.
        let codePoints = bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return codePoints > maxTextCodePoints ? .tooLong(codePoints: codePoints) : nil
    }

    private static let ideographicSpace: [UInt8] = [0xE3, 0x80, 0x80]

    static func startsOrEndsWithWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isASCIISpace(_ byte: UInt8?) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        if isASCIISpace(bytes.first) || isASCIISpace(bytes.last) { return true }
        return bytes.starts(with: ideographicSpace) || bytes.reversed().starts(with: ideographicSpace.reversed())
    }

    /// Why a `measures` value is invalid, or the set it denotes. Empty means no measures.
    static func measures(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<MeasureSet, MeasuresProblem> {
        var set = MeasureSet()
        guard !bytes.isEmpty else { return .success(set) }
        // The `;`-separated parts in place, empty ones included (as `split` without omitting
        // them, which built an array of slices for every household: 2 % of XML ingest, issue 20).
        var start = bytes.startIndex
        while true {
            var end = start
            while end < bytes.endIndex && bytes[end] != UInt8(ascii: ";") { end += 1 }
            let part = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard let measure = CodeTables.measure.parse(part) else { return .failure(.unknown(Array(part))) }
            guard set.insert(measure) else { return .failure(.repeated(measure)) }
            guard end < bytes.endIndex else { return .success(set) }
            start = end + 1
        }
    }

    public enum MeasuresProblem: Error, Equatable, Sendable {
        case unknown([UInt8])
        case repeated(Measure)
    }

    // Array and slice forms of the parsers (tests and tools); the validator passes a record's
    // values in place (`RecordFields`).
    public static func integer(_ bytes: [UInt8]) -> Number { integer(bytes[...]) }
    public static func decimalFen(_ bytes: [UInt8]) -> Number { decimalFen(bytes[...]) }
    public static func digits(_ bytes: [UInt8], count: Int) -> Int64? { digits(bytes[...], count: count) }
    public static func date(_ bytes: [UInt8]) -> CivilDate? { date(bytes[...]) }
    public static func boolean(_ bytes: [UInt8], isCSV: Bool) -> Bool? { boolean(bytes[...], isCSV: isCSV) }
    public static func isHouseholdID(_ bytes: [UInt8]) -> Bool { isHouseholdID(bytes[...]) }
    public static func textProblem(_ bytes: [UInt8]) -> TextProblem? { textProblem(bytes[...]) }
    public static func measures(_ bytes: [UInt8]) -> Result<MeasureSet, MeasuresProblem> { measures(bytes[...]) }
    public static func integer(_ bytes: ArraySlice<UInt8>) -> Number { bytes.withUnsafeBufferPointer { integer($0) } }
    public static func decimalFen(_ bytes: ArraySlice<UInt8>) -> Number {
        bytes.withUnsafeBufferPointer { decimalFen($0) }
    }
    public static func digits(_ bytes: ArraySlice<UInt8>, count: Int) -> Int64? {
        bytes.withUnsafeBufferPointer { digits($0, count: count) }
    }
    public static func date(_ bytes: ArraySlice<UInt8>) -> CivilDate? { bytes.withUnsafeBufferPointer { date($0) } }
    public static func boolean(_ bytes: ArraySlice<UInt8>, isCSV: Bool) -> Bool? {
        bytes.withUnsafeBufferPointer { boolean($0, isCSV: isCSV) }
    }
    public static func isHouseholdID(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isHouseholdID($0) }
    }
    public static func textProblem(_ bytes: ArraySlice<UInt8>) -> TextProblem? {
        bytes.withUnsafeBufferPointer { textProblem($0) }
    }
    public static func measures(_ bytes: ArraySlice<UInt8>) -> Result<MeasureSet, MeasuresProblem> {
        bytes.withUnsafeBufferPointer { measures($0) }
    }
}
