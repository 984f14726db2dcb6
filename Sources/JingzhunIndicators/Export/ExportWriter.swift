import JingzhunCore

/// Writes `exports/indicators.csv` and `exports/breakdowns.csv` (indicators.md §Export format).
///
/// Pure: rows in, bytes out; the caller writes the bytes (JingzhunIO owns files). Output is
/// UTF-8 with LF line ends, a header row, rows sorted by year, level (nation, province,
/// prefecture, county), area code, then indicator id, or dimension and member (all codes
/// bytewise). Rows that arrive in that order (as `IndicatorEngine` produces them) are written
/// as they are; others are sorted first, so the bytes depend only on the set of rows.
/// Numbers follow `ExportNumberFormat`; null is an empty field.
public enum ExportWriter {
    public static let indicatorsHeader = "year,level,area_code,indicator,value"
    public static let breakdownsHeader = "year,level,area_code,dimension,member,households,population"

    /// The bytes of `indicators.csv`.
    /// - Complexity: O(n) for sorted input, O(n log n) otherwise.
    public static func indicatorsCSV(_ rows: [IndicatorRow]) -> [UInt8] {
        let ordered = isSorted(rows, by: precedes) ? rows : rows.sorted(by: precedes)
        var out: [UInt8] = []
        out.reserveCapacity(64 + ordered.count * 48)
        out.append(contentsOf: indicatorsHeader.utf8)
        out.append(lineFeed)
        for row in ordered {
            appendInteger(Int64(row.year), to: &out)
            out.append(comma)
            out.append(contentsOf: row.level.rawValue.utf8)
            out.append(comma)
            appendField(row.areaCode, to: &out)
            out.append(comma)
            appendField(row.indicator, to: &out)
            out.append(comma)
            if let value = row.value { ExportNumberFormat.append(value, to: &out) }
            out.append(lineFeed)
        }
        return out
    }

    /// The bytes of `breakdowns.csv`.
    /// - Complexity: O(n) for sorted input, O(n log n) otherwise.
    public static func breakdownsCSV(_ rows: [BreakdownRow]) -> [UInt8] {
        let ordered = isSorted(rows, by: precedes) ? rows : rows.sorted(by: precedes)
        var out: [UInt8] = []
        out.reserveCapacity(64 + ordered.count * 48)
        out.append(contentsOf: breakdownsHeader.utf8)
        out.append(lineFeed)
        for row in ordered {
            appendInteger(Int64(row.year), to: &out)
            out.append(comma)
            out.append(contentsOf: row.level.rawValue.utf8)
            out.append(comma)
            appendField(row.areaCode, to: &out)
            out.append(comma)
            appendField(row.dimension, to: &out)
            out.append(comma)
            appendField(row.member, to: &out)
            out.append(comma)
            appendInteger(row.households, to: &out)
            out.append(comma)
            if let population = row.population { appendInteger(population, to: &out) }
            out.append(lineFeed)
        }
        return out
    }

    /// Export order of indicator rows: year, level, area code, indicator id (bytewise).
    public static func precedes(_ a: IndicatorRow, _ b: IndicatorRow) -> Bool {
        if a.year != b.year { return a.year < b.year }
        if a.level != b.level { return a.level < b.level }
        if a.areaCode != b.areaCode { return bytewise(a.areaCode, b.areaCode) }
        return bytewise(a.indicator, b.indicator)
    }

    /// Export order of breakdown rows: year, level, area code, dimension, member (bytewise).
    public static func precedes(_ a: BreakdownRow, _ b: BreakdownRow) -> Bool {
        if a.year != b.year { return a.year < b.year }
        if a.level != b.level { return a.level < b.level }
        if a.areaCode != b.areaCode { return bytewise(a.areaCode, b.areaCode) }
        if a.dimension != b.dimension { return bytewise(a.dimension, b.dimension) }
        return bytewise(a.member, b.member)
    }

    // MARK: - Pieces

    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let quote = UInt8(ascii: "\"")

    private static func bytewise(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    private static func isSorted<Row>(_ rows: [Row], by precedes: (Row, Row) -> Bool) -> Bool {
        for (earlier, later) in zip(rows, rows.dropFirst()) where precedes(later, earlier) { return false }
        return true
    }

    /// RFC 4180 field: quoted only when it holds a comma, quote or line break (codes never do).
    private static func appendField(_ text: String, to out: inout [UInt8]) {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == comma || $0 == quote || $0 == lineFeed || $0 == UInt8(ascii: "\r") }) else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(quote)
        for byte in bytes {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
    }

    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }
}
