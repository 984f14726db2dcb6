import JingzhunIO
import JingzhunIngest

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
            throw RunError(
                .pipelineFile,
                "reference data: \(national) is missing (columns year,poverty_line_yuan,national_rural_income_yuan)",
                path: national)
        }
        let rows = try readCSV(national)
        guard let header = rows.first, let yi = header.firstIndex(of: "year"),
            let pi = header.firstIndex(of: "poverty_line_yuan"),
            let ni = header.firstIndex(of: "national_rural_income_yuan")
        else {
            throw RunError(
                .pipelineFile,
                "reference data: \(national) needs the columns year, poverty_line_yuan, national_rural_income_yuan",
                path: national)
        }
        for (lineIndex, row) in rows.dropFirst().enumerated() where row.count == header.count {
            guard let year = Int32(row[yi]) else {
                throw RunError(
                    .pipelineFile, "reference data: \(national) line \(lineIndex + 2): year '\(row[yi])' is not a year",
                    path: national)
            }
            if !row[pi].isEmpty {
                guard let v = Double(row[pi]), v > 0 else {
                    throw RunError(
                        .pipelineFile,
                        """
                        reference data: \(national) line \(lineIndex + 2): poverty_line_yuan '\(row[pi])' is not \
                        a positive number
                        """,
                        path: national)
                }
                data.povertyLine[year] = v
            }
            if !row[ni].isEmpty {
                guard let v = Double(row[ni]), v > 0 else {
                    throw RunError(
                        .pipelineFile,
                        """
                        reference data: \(national) line \(lineIndex + 2): national_rural_income_yuan \
                        '\(row[ni])' is not a positive number
                        """,
                        path: national)
                }
                data.nationalRuralIncome[year] = v
            }
        }
        for name in ["provinces.csv", "prefectures.csv", "counties.csv"] {
            let path = directory + "/" + name
            guard FilePath.exists(path) else { continue }
            let rows = try readCSV(path)
            guard let header = rows.first, let ci = header.firstIndex(of: "code"),
                let ni = header.firstIndex(of: "name")
            else { continue }
            for row in rows.dropFirst() where row.count == header.count { data.areaNames[row[ci]] = row[ni] }
        }
        let names: [String]
        do { names = try FilePath.list(directory) } catch {
            throw RunError(
                .pipelineFile,
                """
                reference data: cannot list the folder \(directory): \(error.message); check that it exists and \
                is readable
                """,
                path: directory)
        }
        for name in names where name.hasSuffix(".csv") {
            let path = directory + "/" + name
            do { data.files.append((name, try RegularFile.sha256(of: path, followingSymlinks: true).hex)) } catch {
                throw RunError(.pipelineFile, "reference data: cannot use \(path): \(error.message)", path: path)
            }
        }
        return data
    }

    /// SHA-256 over the names and hashes of the reference files (one value for the manifest).
    public var combinedHash: String {
        var h = SHA256Hasher()
        for f in files { h.update("\(f.name)\t\(f.sha256)\n") }
        return h.finalizeHex()
    }

    /// Largest reference file read (bytes).
    static let maxReferenceFileBytes = 64 << 20

    /// Reads a small reference CSV file with the project's RFC 4180 scanner (JingzhunIngest).
    static func readCSV(_ path: String) throws(RunError) -> [[String]] {
        // Regular files only, bounded (issue 13): a FIFO or device here must not hang the start-up.
        let bytes: [UInt8]
        do { bytes = try RegularFile.readAll(path, maximumBytes: maxReferenceFileBytes, followingSymlinks: true) } catch
        {
            throw RunError(.pipelineFile, "reference data: cannot use \(path): \(error.message)", path: path)
        }
        var rows: [[String]] = []
        var problem: (line: Int, text: String)?
        var scanner = CSVScanner()
        let collect: (CSVRecordView) -> Void = { record in
            if let p = record.problem, problem == nil { problem = (record.line, "\(p)") }
            rows.append(record.fields.map { String(decoding: $0, as: UTF8.self) })
        }
        scanner.consume(bytes, onRecord: collect)
        scanner.finish(onRecord: collect)
        if let problem {
            throw RunError(.pipelineFile, "reference data: \(path) line \(problem.line): \(problem.text)", path: path)
        }
        return rows
    }
}
