import Foundation
import Testing

/// `jingzhun sql` and the README's examples of reading the store (issue 15 items 5-6, issue 16
/// item 5): every example counts only the records in force, and the SQL script run by DuckDB
/// gives the rows of exports/indicators.csv.
@Suite(.serialized) struct SQLTests {
    static var python: String { ProcessInfo.processInfo.environment["JINGZHUN_PYTHON"] ?? "python3" }

    /// Runs a `jingzhun sql` script in DuckDB and prints its rows as the exports' CSV
    /// (`year,level,area_code,indicator,value`); repr() of a Python float is its shortest
    /// round-trip text, as the exports print it.
    static func duckDBRows(of script: String) throws -> Harness.Outcome {
        let python = """
            import duckdb, sys
            rows = duckdb.connect().execute(open(sys.argv[1]).read()).fetchall()
            print('year,level,area_code,indicator,value')
            for y, l, a, i, v in rows:
                print(f"{y},{l},{a},{i},{'' if v is None else repr(v)}")
            """
        return try py(["-c", python, script])
    }

    static func py(_ arguments: [String], in directory: String? = nil) throws -> Harness.Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python] + arguments
        p.currentDirectoryURL = URL(fileURLWithPath: directory ?? Harness.repository)
        let out = Pipe()
        let errorPath = NSTemporaryDirectory() + "jingzhun-sql-stderr-\(ProcessInfo.processInfo.processIdentifier)"
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try err.close()
        return Harness.Outcome(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: Harness.read(errorPath), as: UTF8.self))
    }

    /// Nil when the modules import, else why the test is skipped.
    static func skipReason(_ modules: String) throws -> String? {
        let probe = try py(["-c", "import \(modules)"])
        return probe.status == 0 ? nil : "\(python) cannot import \(modules) (set JINGZHUN_PYTHON): \(probe.stderr)"
    }

    /// The fenced blocks of `language` in the README's section about reading the store.
    static func readmeBlocks(_ language: String) -> [String] {
        let readme = String(decoding: Harness.read(Harness.repository + "/README.md"), as: UTF8.self)
        var blocks: [String] = []
        var current: [Substring]? = nil
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```\(language)" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n"))  // set on the opening line just above
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The sample pipeline run once for the tests of this suite (exit 1: one submission is
    /// rejected on purpose); the folder holds `output/`.
    static let sampleFolder: String = {
        let folder = Harness.scratch("sql-sample")
        let run = try? Harness.run(["run", "pipelines/sample.yaml", "--output", folder + "/output", "--quiet"])
        #expect(run?.status == 1, "\(run?.stderr ?? "cannot run jingzhun")")
        return folder
    }()

    /// Writes the DuckDB script for the store of `output` and compares its result with the exports:
    /// every value within 1e-9, and the FGT indicators, whose sums are exact (docs/catalogue.md,
    /// "Exact FGT sums"), to the last bit.
    static func checkScript(output: String, name: String, extraArguments: [String] = []) throws {
        let sql = try Harness.run(["sql", "--dialect", "duckdb", "--store", output + "/store"] + extraArguments)
        #expect(sql.status == 0, "\(sql.stderr)")
        let script = output + "/\(name).sql"
        try sql.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let check = try py([
            "scripts/sql_check.py", script, output, "--bitwise", "poverty_gap_index,poverty_severity_index",
        ])
        #expect(check.status == 0, "\(name): \(check.stdout)\n\(check.stderr)")
        #expect(check.stdout.contains("RESULT: 0 differences"), "\(name): \(check.stdout)")
        // Some FGT values were compared bit for bit (not all null).
        let compared = check.stdout.split(separator: "\n").first { $0.hasPrefix("bitwise: ") }
        let count = compared.flatMap { Int($0.dropFirst("bitwise: ".count).prefix { $0.isNumber }) } ?? 0
        #expect(count > 0, "\(name): no FGT value compared bit for bit: \(check.stdout)")
    }

    /// catalogue.md §SQL: DuckDB on `jingzhun sql`'s script gives exports/indicators.csv row for
    /// row (nulls in the same places, values within a relative 1e-9) on the sample and on the
    /// edge-case inbox (incomes exactly at z and 1.1 z, thresholds exactly 2 % and 3 %, movers,
    /// revisions, cross-province duplicates, a year without a poverty line).
    @Test func duckDBOnTheScriptAgreesWithTheExports() throws {
        if let reason = try Self.skipReason("duckdb") {
            print("duckDBOnTheScriptAgreesWithTheExports skipped: \(reason)")
            return
        }
        try Self.checkScript(output: Self.sampleFolder + "/output", name: "sample")

        let inbox = Harness.scratch("sql-edge-inbox")
        let edge = Harness.scratch("sql-edge")
        #expect(try Self.py(["Tests/EndToEndTests/EdgeCases/make_edge_inbox.py", inbox]).status == 0)
        // Two revisions are rejected whole on purpose (F012, F014): exit 1.
        #expect(
            try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", edge, "--quiet"]).status == 1
        )
        try Self.checkScript(output: edge, name: "edge")
    }

    /// `jingzhun sql --breakdowns` (the breakdowns compute's Spark engine runs): DuckDB on it gives
    /// exports/breakdowns.csv byte for byte, on the sample and on the edge-case inbox.
    @Test func duckDBOnTheBreakdownsScriptGivesTheExportBytes() throws {
        if let reason = try Self.skipReason("duckdb") {
            print("duckDBOnTheBreakdownsScriptGivesTheExportBytes skipped: \(reason)")
            return
        }
        let inbox = Harness.scratch("sql-breakdowns-edge-inbox")
        let edge = Harness.scratch("sql-breakdowns-edge")
        #expect(try Self.py(["Tests/EndToEndTests/EdgeCases/make_edge_inbox.py", inbox]).status == 0)
        #expect(
            try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", edge, "--quiet"]).status == 1
        )
        for output in [Self.sampleFolder + "/output", edge] {
            let sql = try Harness.run(["sql", "--dialect", "duckdb", "--store", output + "/store", "--breakdowns"])
            #expect(sql.status == 0, "\(sql.stderr)")
            let script = output + "/breakdowns.sql"
            try sql.stdout.write(toFile: script, atomically: true, encoding: .utf8)
            let program = """
                import duckdb, sys
                rows = duckdb.connect().execute(open(sys.argv[1]).read()).fetchall()
                text = "year,level,area_code,dimension,member,households,population\\n" + "".join(
                    ",".join("" if v is None else str(v) for v in row) + "\\n" for row in rows)
                sys.exit(0 if text == open(sys.argv[2]).read() else 1)
                """
            let check = try Self.py(["-c", program, script, output + "/exports/breakdowns.csv"])
            #expect(
                check.status == 0,
                "\(output): the breakdowns script does not give exports/breakdowns.csv: \(check.stderr)")
        }
    }

    /// A catalogue adding one indicator of every kind (pipelines/extra-indicators.yaml: count over
    /// members, ratio, sum of money, fgt at half the line, formula with prev(), af, a builtin
    /// under another id): the script computes them all, and DuckDB agrees with the Swift engine.
    @Test func addedIndicatorsOfEveryKindAgree() throws {
        if let reason = try Self.skipReason("duckdb") {
            print("addedIndicatorsOfEveryKindAgree skipped: \(reason)")
            return
        }
        let folder = Harness.scratch("sql-extra")
        let repository = Harness.repository
        let pipeline = """
            name: extra
            inbox: \(repository)/sample-inputs
            output: \(folder)/output
            reference: \(repository)/pipelines/reference
            templates: \(repository)/templates
            pseudonym_key:
              file: \(repository)/pipelines/sample.key
              sample: true
            catalogue: [\(repository)/pipelines/catalogue.yaml, \(repository)/pipelines/extra-indicators.yaml]

            """
        try pipeline.write(toFile: folder + "/extra.yaml", atomically: true, encoding: .utf8)
        let sql = try Harness.run([
            "sql", "--dialect", "duckdb", "--pipeline", folder + "/extra.yaml", "--store",
            Self.sampleFolder + "/output/store",
        ])
        #expect(sql.status == 0, "\(sql.stderr)")
        for id in [
            "poor_heads_lost_labor", "poor_heads_lost_labor_pct", "poor_transfer_income", "poverty_gap_index_half_line",
            "poor_population_change", "mpi_h", "mpi_a", "mpi_m0", "mpi_censored_income", "mpi_contribution_schooling",
            "panel_income_growth_check",
        ] {
            #expect(sql.stdout.contains("'\(id)' AS indicator"), "\(id) missing from the script")
        }
        let run = try Harness.run(["run", folder + "/extra.yaml", "--quiet"])
        #expect(run.status == 1, "\(run.stderr)")
        let exports = String(decoding: Harness.read(folder + "/output/exports/indicators.csv"), as: UTF8.self)
        #expect(exports.contains(",mpi_contribution_schooling,") && exports.contains(",poor_population_change,"))
        try Self.checkScript(
            output: folder + "/output", name: "extra", extraArguments: ["--pipeline", folder + "/extra.yaml"])
    }

    @Test func sparkScriptDiffersOnlyWhereTheDialectsDo() throws {
        let output = Self.sampleFolder + "/output"
        let duckdb = try Harness.run(["sql", "--dialect", "duckdb", "--store", output + "/store"])
        let spark = try Harness.run(["sql", "--dialect", "spark", "--store", output + "/store"])
        #expect(duckdb.status == 0 && spark.status == 0, "\(duckdb.stderr)\(spark.stderr)")
        #expect(!spark.stdout.contains("read_parquet(") && !spark.stdout.contains("VARCHAR"))
        #expect(spark.stdout.contains("CACHE TABLE jz_values_1 AS"))
        func normalized(_ text: String) -> String {
            var text = text.replacing(/read_parquet\('([^']*)'\)/) { "parquet.`\($0.1)`" }
            text = text.replacing("VARCHAR", with: "STRING").replacing(
                "CREATE OR REPLACE TEMPORARY TABLE", with: "CACHE TABLE")
            // Integer division (exact FGT sums): DuckDB's `//` (over a HUGEINT for a DECIMAL) is Spark's `div`.
            text = text.replacing(" // ", with: " div ").replacing(/CAST\((v\.a_[0-9]+) AS HUGEINT\)/) { String($0.1) }
            return text.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
        }
        #expect(normalized(duckdb.stdout) == normalized(spark.stdout))
        #expect(
            spark.stdout.contains(" div 9007199254740992 AS DOUBLE)")
                && duckdb.stdout.contains(" AS HUGEINT) // 9007199254740992"))
        let bad = try Harness.run(["sql", "--dialect", "postgres"])
        #expect(bad.status == 2 && bad.stderr.contains("duckdb or spark"))
        let noStore = try Harness.run(["sql", "--store", Harness.scratch("sql-empty") + "/store"])
        #expect(noStore.status == 2 && noStore.stderr.contains("no store at"), "\(noStore.stderr)")
    }

    /// A bad catalogue given to `jingzhun sql` is a usage error located at file:line:column.
    @Test func badCatalogueExitsTwoWithItsLocation() throws {
        let folder = Harness.scratch("sql-bad-catalogue")
        let text = """
            version: 1
            indicators:
              - id: poor_wages
                label: Wages of poor households
                unit: yuan
                kind: sum
                value: incom_wage
                of: household

            """
        try text.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
        let r = try Harness.run([
            "sql", "--store", Self.sampleFolder + "/output/store", "--catalogue", folder + "/bad.yaml",
        ])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("bad.yaml:7:") && r.stderr.contains("income_wage"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func readmeExamplesCountOnlyTheRecordsInForce() throws {
        if let reason = try Self.skipReason("duckdb, deltalake") {
            print("readmeExamplesCountOnlyTheRecordsInForce skipped: \(reason)")
            return
        }
        let folder = Self.sampleFolder
        let output = folder + "/output"

        // The README's shell example, with this output's store.
        let shell = Self.readmeBlocks("sh").filter { $0.contains("jingzhun sql") }
        #expect(shell == ["swift run jingzhun sql --views --dialect duckdb > views.sql"])
        let views = try Harness.run(["sql", "--views", "--dialect", "duckdb", "--store", output + "/store"])
        #expect(views.status == 0, "\(views.stderr)")
        try views.stdout.write(toFile: folder + "/views.sql", atomically: true, encoding: .utf8)

        let examples = Self.readmeBlocks("python").filter { $0.contains("output/store") || $0.contains("views.sql") }
        #expect(examples.count == 2)
        for example in examples {
            let run = try Self.py(["-c", example], in: folder)
            #expect(run.status == 0, "\(example)\n\(run.stderr)")
            // 6,340 households in force on the sample; a glob over every file ever written sees 7,133.
            #expect(run.stdout.split(separator: "\n").last == "6340", "\(example)\nprinted: \(run.stdout)")
        }
        let glob = try Self.py(
            [
                "-c",
                "import duckdb; print(duckdb.sql(\"select count(*) from "
                    + "read_parquet('output/store/households/**/*.parquet')\").fetchall()[0][0])",
            ],
            in: folder)
        #expect(
            glob.stdout.hasPrefix("7133"),
            "the sample no longer has superseded files to tell the two apart: \(glob.stdout)")
    }
}
