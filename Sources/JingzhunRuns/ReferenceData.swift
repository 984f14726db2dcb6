import JingzhunIO

/// Reference data shipped with a pipeline (`reference:` folder): national statistics per year and
/// division names. See pipelines/reference/README.md for sources.
public struct ReferenceData: Sendable {
    /// Poverty line (yuan/person/year) by year; a year absent is unknown.
    public var povertyLine: [Int32: Double] = [:]
    /// National rural per-capita disposable income (yuan) by year.
    public var nationalRuralIncome: [Int32: Double] = [:]
    /// Division code (2, 4 or 6 digits) → Chinese name.
    public var areaNames: [String: String] = [:]
    /// The files read and their SHA-256, for the manifest (sorted by name).
    public var files: [(name: String, sha256: String)] = []

    public init() {}

    /// Loads `national.csv` (required) and `provinces.csv`, `prefectures.csv`, `counties.csv` (optional).
    public static func load(directory: String) throws(RunError) -> ReferenceData {
        var data = ReferenceData()
        let national = directory + "/national.csv"
        guard FilePath.exists(national) else {
            throw RunError(.pipelineFile, "reference data: \(national) is missing (columns year,poverty_line_yuan,national_rural_income_yuan)", path: national)
        }
        let rows = try readCSV(national)
        guard let header = rows.first, let yi = header.firstIndex(of: "year"), let pi = header.firstIndex(of: "poverty_line_yuan"),
            let ni = header.firstIndex(of: "national_rural_income_yuan")
        else {
            throw RunError(.pipelineFile, "reference data: \(national) needs the columns year, poverty_line_yuan, national_rural_income_yuan", path: national)
        }
        for (lineIndex, row) in rows.dropFirst().enumerated() where row.count == header.count {
            guard let year = Int32(row[yi]) else {
                throw RunError(.pipelineFile, "reference data: \(national) line \(lineIndex + 2): year '\(row[yi])' is not a year", path: national)
            }
            if !row[pi].isEmpty {
                guard let v = Double(row[pi]), v > 0 else {
                    throw RunError(.pipelineFile, "reference data: \(national) line \(lineIndex + 2): poverty_line_yuan '\(row[pi])' is not a positive number", path: national)
                }
                data.povertyLine[year] = v
            }
            if !row[ni].isEmpty {
                guard let v = Double(row[ni]), v > 0 else {
                    throw RunError(.pipelineFile, "reference data: \(national) line \(lineIndex + 2): national_rural_income_yuan '\(row[ni])' is not a positive number", path: national)
                }
                data.nationalRuralIncome[year] = v
            }
        }
        for name in ["provinces.csv", "prefectures.csv", "counties.csv"] {
            let path = directory + "/" + name
            guard FilePath.exists(path) else { continue }
            let rows = try readCSV(path)
            guard let header = rows.first, let ci = header.firstIndex(of: "code"), let ni = header.firstIndex(of: "name") else { continue }
            for row in rows.dropFirst() where row.count == header.count { data.areaNames[row[ci]] = row[ni] }
        }
        for name in (try? FilePath.list(directory)) ?? [] where name.hasSuffix(".csv") {
            if let h = try? FilePath.sha256(of: directory + "/" + name) { data.files.append((name, h.hex)) }
        }
        return data
    }

    /// SHA-256 over the names and hashes of the reference files (one value for the manifest).
    public var combinedHash: String {
        var h = SHA256Hasher()
        for f in files { h.update("\(f.name)\t\(f.sha256)\n") }
        return h.finalizeHex()
    }

    /// Reads a small RFC 4180 CSV file (reference data only; submissions use the streaming scanner).
    static func readCSV(_ path: String) throws(RunError) -> [[String]] {
        let bytes: [UInt8]
        do { bytes = try FilePath.readAll(path) } catch { throw RunError(.io, "cannot read \(path): \(error)", path: path) }
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { quoted = false }
                } else { field.append(b) }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == UInt8(ascii: ",") {
                row.append(String(decoding: field, as: UTF8.self)); field = []
            } else if b == 0x0A {
                row.append(String(decoding: field, as: UTF8.self)); field = []
                rows.append(row); row = []
            } else if b != 0x0D {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(String(decoding: field, as: UTF8.self)); rows.append(row) }
        return rows
    }
}
