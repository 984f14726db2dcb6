import JingzhunIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The reference data the synthesizer draws on: real counties and the national figures per year.
///
/// Read from a directory holding `counties.csv`, `poverty_counties.csv` and `national.csv`
/// (`national_reference.csv` is accepted as a fallback: both have `year`,
/// `poverty_line_yuan`, `national_rural_income_yuan`, parsed by header name).
/// Source and licences: shared/reference/SOURCES.md (NBS 2020 division codes via
/// modood/Administrative-divisions-of-China; the 832 poverty counties; NBS national figures).
public struct SynthReference: Sendable {
    /// A real county-level division (GB/T 2260, 2020 vintage).
    public struct County: Sendable, Hashable {
        public var code: Int32
        public var prefecture: Int32
        /// One of the 832 national poverty counties (linked by `county_code_2020`).
        public var isPovertyCounty: Bool
    }

    /// Counties of each province, sorted by code.
    public private(set) var countiesByProvince: [Int32: [County]]
    /// Poverty line, yuan per person per year at current prices, for the years that have one.
    public private(set) var povertyLines: [Int32: Double]
    /// National rural per-capita disposable income, yuan, for the years that have one.
    public private(set) var nationalRuralIncomes: [Int32: Double]

    /// Yearly growth used to extend the poverty line beyond the years in the reference
    /// (≈ the 2014-2019 average of the current-price line, 2800 → 3218).
    static let povertyLineGrowth = 1.03
    /// Yearly growth used to extend national rural income (≈ 2014-2019 nominal average).
    static let ruralIncomeGrowth = 1.088

    public init(
        countiesByProvince: [Int32: [County]], povertyLines: [Int32: Double], nationalRuralIncomes: [Int32: Double]
    ) {
        self.countiesByProvince = countiesByProvince
        self.povertyLines = povertyLines
        self.nationalRuralIncomes = nationalRuralIncomes
    }

    /// Loads the reference directory.
    /// - Throws: `SynthError` `.referenceMissing` / `.referenceMalformed`.
    public static func load(
        directory: String, fileSystem: any FileSystem = POSIXFileSystem()
    ) throws(SynthError) -> SynthReference {
        let counties = try ReferenceTable.read(path: directory + "/counties.csv", fileSystem: fileSystem)
        let codeColumn = try counties.column("code")
        let prefectureColumn = try counties.column("prefecture_code")
        let povertyPath = directory + "/poverty_counties.csv"
        var povertyCodes = Set<Int32>()
        if fileSystem.exists(povertyPath) {
            let poverty = try ReferenceTable.read(path: povertyPath, fileSystem: fileSystem)
            let linked = try poverty.column("county_code_2020")
            for row in poverty.rows {
                if let code = Int32(row[linked]) { povertyCodes.insert(code) }
            }
        }
        var byProvince: [Int32: [County]] = [:]
        for row in counties.rows {
            guard let code = Int32(row[codeColumn]), let prefecture = Int32(row[prefectureColumn]),
                (100_000...999_999).contains(code)
            else {
                throw SynthError(
                    code: .referenceMalformed, message: "county row \(row) has no 6-digit code", path: counties.path)
            }
            byProvince[code / 10_000, default: []].append(
                County(code: code, prefecture: prefecture, isPovertyCounty: povertyCodes.contains(code)))
        }
        for key in byProvince.keys { byProvince[key]?.sort { $0.code < $1.code } }

        var nationalPath = directory + "/national.csv"
        if !fileSystem.exists(nationalPath) { nationalPath = directory + "/national_reference.csv" }
        let national = try ReferenceTable.read(path: nationalPath, fileSystem: fileSystem)
        let yearColumn = try national.column("year")
        let lineColumn = try national.column("poverty_line_yuan")
        let incomeColumn = try national.column("national_rural_income_yuan")
        var lines: [Int32: Double] = [:]
        var incomes: [Int32: Double] = [:]
        for row in national.rows {
            guard let year = Int32(row[yearColumn]) else {
                throw SynthError(code: .referenceMalformed, message: "row \(row) has no year", path: nationalPath)
            }
            if let v = Double(row[lineColumn]), v > 0 { lines[year] = v }
            if let v = Double(row[incomeColumn]), v > 0 { incomes[year] = v }
        }
        guard !lines.isEmpty, !incomes.isEmpty else {
            throw SynthError(
                code: .referenceMalformed, message: "no poverty line or no national rural income in any year",
                path: nationalPath)
        }
        return SynthReference(countiesByProvince: byProvince, povertyLines: lines, nationalRuralIncomes: incomes)
    }

    /// Poverty line of `year`; a year without one is extended from the nearest year that has one
    /// at `povertyLineGrowth` per year (documented approximation, synthetic data only).
    public func povertyLine(_ year: Int32) -> Double {
        Self.extend(povertyLines, to: year, growth: Self.povertyLineGrowth)
    }

    /// National rural income of `year`, extended like `povertyLine(_:)`.
    public func nationalRuralIncome(_ year: Int32) -> Double {
        Self.extend(nationalRuralIncomes, to: year, growth: Self.ruralIncomeGrowth)
    }

    static func extend(_ table: [Int32: Double], to year: Int32, growth: Double) -> Double {
        if let v = table[year] { return v }
        // Nearest year with a value; ties go to the earlier year (keys sorted, so no order dependence).
        let years = table.keys.sorted()
        var nearest = years[0]
        for y in years where abs(y - year) < abs(nearest - year) { nearest = y }
        var value = table[nearest] ?? 0
        if nearest < year {
            for _ in nearest..<year { value *= growth }
        } else {
            for _ in year..<nearest { value /= growth }
        }
        return value
    }

}

/// A small header-addressed CSV table (reference files are simple RFC 4180 text).
struct ReferenceTable {
    var path: String
    var header: [String]
    var rows: [[String]]

    func column(_ name: String) throws(SynthError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw SynthError(
                code: .referenceMalformed,
                message: "column `\(name)` is missing (header: \(header.joined(separator: ",")))", path: path)
        }
        return index
    }

    static func read(path: String, fileSystem: any FileSystem) throws(SynthError) -> ReferenceTable {
        var bytes: [UInt8]
        do {
            bytes = try fileSystem.readAll(path)
        } catch {
            throw SynthError(
                code: .referenceMissing,
                message: "cannot open reference file (errno \(error.errno ?? 0)); pass --reference DIR",
                path: path)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let records = parseCSV(bytes)
        guard let header = records.first else {
            throw SynthError(code: .referenceMalformed, message: "empty reference file", path: path)
        }
        let rows = records.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }
        for row in rows where row.count != header.count {
            throw SynthError(
                code: .referenceMalformed, message: "row has \(row.count) fields, header has \(header.count)",
                path: path)
        }
        return ReferenceTable(path: path, header: header, rows: Array(rows))
    }

    /// RFC 4180: `"` quoting with `""` escapes, LF or CRLF.
    static func parseCSV(_ bytes: [UInt8]) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var index = 0
        while index < bytes.count {
            let b = bytes[index]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                inQuotes = true
            } else if b == UInt8(ascii: ",") {
                record.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if b == UInt8(ascii: "\n") {
                if field.last == UInt8(ascii: "\r") { field.removeLast() }
                record.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                records.append(record)
                record = []
            } else {
                field.append(b)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(String(decoding: field, as: UTF8.self))
            records.append(record)
        }
        return records
    }
}
