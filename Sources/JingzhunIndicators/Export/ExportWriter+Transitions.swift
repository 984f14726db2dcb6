import JingzhunCore

extension ExportWriter {
    /// Header of `exports/transitions.csv` (docs/indicators.md §Household dynamics).
    public static let transitionsHeader = "year,level,area_code,from,to,households,population_from,population_to"

    /// The bytes of `transitions.csv`: header, then the rows in export order (year, level, area
    /// code, from, to; codes bytewise), integers in plain decimal, empty for null. Rows in
    /// another order are sorted first, so the bytes depend only on the set of rows.
    /// - Complexity: O(n) for sorted input, O(n log n) otherwise.
    public static func transitionsCSV(_ rows: [TransitionRow]) -> [UInt8] {
        var out = Array((transitionsHeader + "\n").utf8)
        out += transitionsBody(rows)
        return out
    }

    /// The rows of `transitions.csv` without the header (one year's part of the file).
    public static func transitionsBody(_ rows: [TransitionRow]) -> [UInt8] {
        var sorted = true
        for (earlier, later) in zip(rows, rows.dropFirst()) where precedes(later, earlier) {
            sorted = false
            break
        }
        let ordered = sorted ? rows : rows.sorted(by: precedes)
        var out: [UInt8] = []
        out.reserveCapacity(ordered.count * 48)
        for row in ordered {
            let fields = [
                String(row.year), row.level.rawValue, row.areaCode, row.from.rawValue, row.to.rawValue,
                String(row.households), row.populationFrom.map(String.init) ?? "",
                row.populationTo.map(String.init) ?? "",
            ]
            out += fields.joined(separator: ",").utf8
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Export order of transition rows: year, level, area code, from, to (codes bytewise).
    public static func precedes(_ a: TransitionRow, _ b: TransitionRow) -> Bool {
        if a.year != b.year { return a.year < b.year }
        if a.level != b.level { return a.level < b.level }
        if a.areaCode != b.areaCode { return a.areaCode.utf8.lexicographicallyPrecedes(b.areaCode.utf8) }
        if a.from != b.from { return a.from.rawValue.utf8.lexicographicallyPrecedes(b.from.rawValue.utf8) }
        return a.to.rawValue.utf8.lexicographicallyPrecedes(b.to.rawValue.utf8)
    }
}

extension ExportWriter {
    /// Rows read back from `transitionsBody` bytes (header lines are skipped); nil when a line is
    /// not one this writer writes.
    public static func parseTransitions(_ bytes: [UInt8]) -> [TransitionRow]? {
        var rows: [TransitionRow] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            if fields.first == "year" { continue }
            guard fields.count == 8, let year = Int32(fields[0]), let level = AreaLevel(rawValue: fields[1]),
                let from = TransitionState(rawValue: fields[3]), let to = TransitionState(rawValue: fields[4]),
                let households = Int64(fields[5])
            else { return nil }
            rows.append(
                TransitionRow(
                    year: year, level: level, areaCode: fields[2], from: from, to: to, households: households,
                    populationFrom: Int64(fields[6]), populationTo: Int64(fields[7])))
        }
        return rows
    }
}
