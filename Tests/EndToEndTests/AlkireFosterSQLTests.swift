import Foundation
import Testing

/// The worked example of Alkire & Foster (2011), "Counting and multidimensional poverty
/// measurement", Journal of Public Economics 95(7–8), 476–487 (4 persons × 4 dimensions,
/// k = 2: H = 1/2, A = 3/4, M0 = 3/8), run end to end: `jingzhun run` on the fixture inbox
/// (Tests/Fixtures/af-2011) gives every value of expected.csv in exports/indicators.csv, and
/// DuckDB on `jingzhun sql --dialect duckdb` gives the same Doubles, bit for bit; the Spark
/// script has the same structure. (The Swift engine's own test: AlkireFosterPublishedExampleTests.)
@Suite(.serialized) struct AlkireFosterSQLTests {
    static let fixture = Harness.repository + "/Tests/Fixtures/af-2011"

    /// Runs the fixture once; the folder holds `p.yaml` and `output/`.
    static let folder: String = Harness.runFixture(
        "af-2011", fixture: fixture,
        extra: "catalogue: [\(Harness.repository)/pipelines/catalogue.yaml, \(fixture)/catalogue.yaml]\n")

    /// expected.csv: `area,indicator` → the fraction's nearest Double (nil: null).
    static func expected() -> [String: Double?] {
        let text = String(decoding: Harness.read(fixture + "/expected.csv"), as: UTF8.self)
        var out: [String: Double?] = [:]
        for line in text.split(separator: "\n").dropFirst(4) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let parts = cells[2].split(separator: "/").compactMap { Double($0) }
            out[cells[0] + "," + cells[1]] = parts.count == 2 ? parts[0] / parts[1] : nil
        }
        return out
    }

    /// `area,indicator` → value of the rows of year 2019 in `text` (CSV `year,level,area,indicator,value`).
    static func values(_ text: String) -> [String: Double?] {
        var out: [String: Double?] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 5, cells[3].hasPrefix("af") else { continue }
            out[cells[2] + "," + cells[3]] = Double(cells[4].trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return out
    }

    static func check(_ actual: [String: Double?], engine: String) {
        let expected = expected()
        #expect(expected.count == 210)
        #expect(actual.count == expected.count, "\(engine): \(actual.count) AF rows")
        for (key, value) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(
                actual[key] == .some(value),
                "\(engine) \(key): \(String(describing: actual[key])) expected \(String(describing: value))")
        }
        // The published figures, named once more.
        #expect(
            actual["CN,af2011_h"] == .some(0.5) && actual["CN,af2011_a"] == .some(0.75)
                && actual["CN,af2011_m0"] == .some(0.375))
    }

    @Test func swiftEngineExportsThePublishedValues() throws {
        let exports = String(decoding: Harness.read(Self.folder + "/output/exports/indicators.csv"), as: UTF8.self)
        Self.check(Self.values(exports), engine: "exports")
        // Printed as the shortest round-trip text: 3/8 is 0.375, 50/3 is 16.666666666666668.
        #expect(exports.contains("2019,nation,CN,af2011_m0,0.375\n"))
        #expect(exports.contains("2019,nation,CN,af2011_contribution_d1,16.666666666666668\n"))
        // Nobody poor under the intersection cutoff in 520102: M0 0, A and contributions null.
        #expect(exports.contains("2019,county,520102,af2011_intersection_m0,0\n"))
        #expect(exports.contains("2019,county,520102,af2011_intersection_a,\n"))
    }

    @Test func duckDBOnTheScriptGivesTheSameDoubles() throws {
        if let reason = try SQLTests.skipReason("duckdb") {
            print("duckDBOnTheScriptGivesTheSameDoubles skipped: \(reason)")
            return
        }
        let sql = try Harness.run(["sql", "--dialect", "duckdb", "--pipeline", Self.folder + "/p.yaml"])
        #expect(sql.status == 0, "\(sql.stderr)")
        let script = Self.folder + "/af.sql"
        try sql.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let result = try SQLTests.duckDBRows(of: script)
        #expect(result.status == 0, "\(result.stderr)")
        Self.check(Self.values(result.stdout), engine: "duckdb")
        // And the whole catalogue agrees with the exports (the shipped indicators too).
        let check = try SQLTests.py(["scripts/sql_check.py", script, Self.folder + "/output"])
        #expect(check.stdout.contains("RESULT: 0 differences"), "\(check.stdout)\(check.stderr)")
    }

    /// The shipped `mpi_guarantees` runs on the same inbox (every person's income, 13 to 20 yuan,
    /// is below the line, and nothing else is deprived: H = 1, A = M0 = 1/3, income 100%), and
    /// the national and province reports show the exported values.
    @Test func reportsShowTheExportedShippedIndex() throws {
        let exports = String(decoding: Harness.read(Self.folder + "/output/exports/indicators.csv"), as: UTF8.self)
        #expect(exports.contains("2019,nation,CN,mpi_guarantees_h,1\n"))
        #expect(exports.contains("2019,nation,CN,mpi_guarantees_m0,0.3333333333333333\n"))
        #expect(exports.contains("2019,nation,CN,mpi_guarantees_contribution_income,100\n"))
        #expect(exports.contains("2019,nation,CN,mpi_guarantees_censored_water,0\n"))
        for page in ["national", "province-52"] {
            let html = String(decoding: Harness.read(Self.folder + "/output/reports/2019/\(page).html"), as: UTF8.self)
            let section = html.components(separatedBy: "<section id=\"mpi\">").dropFirst().first ?? ""
            #expect(
                section.contains(
                    "<td class=\"num\">1.0000</td><td class=\"num\">0.3333</td><td class=\"num\">0.3333</td>"),
                "\(page)")
            #expect(section.contains("<td class=\"num\">1.0000</td><td class=\"num\">100.0%</td>"), "\(page): income")
        }
    }

    /// The Spark script computes AF with the same statements as DuckDB's (only the dialect's
    /// spelling of tables, strings and Parquet reads differs).
    @Test func sparkScriptHasTheSameStructure() throws {
        let duckdb = try Harness.run(["sql", "--dialect", "duckdb", "--pipeline", Self.folder + "/p.yaml"])
        let spark = try Harness.run(["sql", "--dialect", "spark", "--pipeline", Self.folder + "/p.yaml"])
        #expect(duckdb.status == 0 && spark.status == 0, "\(duckdb.stderr)\(spark.stderr)")
        func normalized(_ text: String) -> String {
            var text = text.replacing(/read_parquet\('([^']*)'\)/) { "parquet.`\($0.1)`" }
            text = text.replacing("VARCHAR", with: "STRING").replacing(
                "CREATE OR REPLACE TEMPORARY TABLE", with: "CACHE TABLE")
            // Integer division (exact FGT sums): DuckDB's `//` (over a HUGEINT for a DECIMAL) is Spark's `div`.
            text = text.replacing(" // ", with: " div ").replacing(/CAST\((v\.a_[0-9]+) AS HUGEINT\)/) { String($0.1) }
            return text.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
        }
        #expect(normalized(duckdb.stdout) == normalized(spark.stdout))
        // Exact score comparison, never a floating 4/5: (score) * 5 >= 4 * 10.
        #expect(spark.stdout.contains(" * 5 >= 40)"))
        #expect(spark.stdout.contains("'af2011_m0' AS indicator"))
    }
}
