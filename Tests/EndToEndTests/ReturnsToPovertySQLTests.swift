import Foundation
import Testing

/// Returns to poverty within two years of exit (`returned_within_two_years_pct`, issue 18), end to
/// end on a hand-worked fixture (Tests/Fixtures/returns-2019: province 52, 2018 and 2019, the
/// expected values worked out by hand in the 2019 file's comment): `jingzhun run` exports them,
/// and DuckDB on `jingzhun sql --dialect duckdb` gives the same Doubles (and the whole catalogue
/// agrees with the exports). The engine's own test: ReturnsToPovertyTests.
@Suite(.serialized) struct ReturnsToPovertySQLTests {
    static let fixture = Harness.repository + "/Tests/Fixtures/returns-2019"

    /// Hand-worked values of 2019: D = households of H(2019) whose 2018 record is an exit of 2017
    /// or 2018, R = those returned in 2019. 520102: K1, K2 returned, K4 not (2 of 3); 520103: K9
    /// (moved there in 2019) returned (1 of 1); above: 3 of 4.
    static let expected2019: [String: Double] = [
        "CN": 75, "52": 75, "5201": 75, "520102": 200.0 / 3, "520103": 100,
    ]

    /// Runs the fixture once; the folder holds `p.yaml` and `output/`.
    static let folder: String = Harness.runFixture("returns-2019", fixture: fixture)

    /// `year,area` → value of `returned_within_two_years_pct` in `text` (CSV `year,level,area,indicator,value`);
    /// nil: null.
    static func values(_ text: String) -> [String: Double?] {
        var out: [String: Double?] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 5, cells[3] == "returned_within_two_years_pct" else { continue }
            out[cells[0] + "," + cells[2]] = Double(cells[4].trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return out
    }

    static func check(_ actual: [String: Double?], engine: String) {
        // Five areas in each of the two years.
        #expect(actual.count == 10, "\(engine): \(actual.count) rows")
        for (area, value) in expected2019.sorted(by: { $0.key < $1.key }) {
            #expect(
                actual["2019," + area] == .some(value),
                "\(engine) 2019 \(area): \(String(describing: actual["2019," + area]))")
        }
        // 2018 has no 2017 submission: nobody's exit can be matched, so the rate is null, not 0.
        for area in expected2019.keys.sorted() {
            #expect(actual["2018," + area] == .some(nil), "\(engine) 2018 \(area)")
        }
    }

    @Test func swiftEngineExportsTheHandWorkedValues() throws {
        let exports = String(decoding: Harness.read(Self.folder + "/output/exports/indicators.csv"), as: UTF8.self)
        Self.check(Self.values(exports), engine: "exports")
        #expect(exports.contains("2019,county,520102,returned_within_two_years_pct,66.66666666666667\n"))
        #expect(exports.contains("2019,nation,CN,returned_within_two_years_pct,75\n"))
        // The transition matrix counts the same returns: exited → returned is K1, K2, K3, K9 (K3's
        // exit is three years back, so it is a return but not one within two years).
        let transitions = String(decoding: Harness.read(Self.folder + "/output/exports/transitions.csv"), as: UTF8.self)
        #expect(transitions.contains("2019,nation,CN,exited,returned,4,4,4\n"), "\(transitions)")
    }

    @Test func duckDBOnTheScriptGivesTheSameDoubles() throws {
        if let reason = try SQLTests.skipReason("duckdb") {
            print("duckDBOnTheScriptGivesTheSameDoubles skipped: \(reason)")
            return
        }
        let sql = try Harness.run(["sql", "--dialect", "duckdb", "--pipeline", Self.folder + "/p.yaml"])
        #expect(sql.status == 0, "\(sql.stderr)")
        let script = Self.folder + "/returns.sql"
        try sql.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        #expect(sql.stdout.contains("jz_builtin_returned_within_two_years AS\n"))
        let result = try SQLTests.duckDBRows(of: script)
        #expect(result.status == 0, "\(result.stderr)")
        Self.check(Self.values(result.stdout), engine: "duckdb")
        // And the whole catalogue agrees with the exports.
        let check = try SQLTests.py(["scripts/sql_check.py", script, Self.folder + "/output"])
        #expect(check.stdout.contains("RESULT: 0 differences"), "\(check.stdout)\(check.stderr)")
    }
}
