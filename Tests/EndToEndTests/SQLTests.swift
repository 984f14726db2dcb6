import Foundation
import Testing

/// `jingzhun sql` and the README's examples of reading the store (issue 15 items 5-6, issue 16
/// item 5): every example counts only the records in force, and the SQL script run by DuckDB
/// gives the rows of exports/indicators.csv.
@Suite(.serialized) struct SQLTests {
    static var python: String { ProcessInfo.processInfo.environment["JINGZHUN_PYTHON"] ?? "python3" }

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

    @Test func readmeExamplesCountOnlyTheRecordsInForce() throws {
        if let reason = try Self.skipReason("duckdb, deltalake") {
            print("readmeExamplesCountOnlyTheRecordsInForce skipped: \(reason)")
            return
        }
        let folder = Harness.scratch("readme-store")
        let output = folder + "/output"
        #expect(try Harness.run(["run", "pipelines/sample.yaml", "--output", output, "--quiet"]).status == 1)

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
            ["-c", "import duckdb; print(duckdb.sql(\"select count(*) from read_parquet('output/store/households/**/*.parquet')\").fetchall()[0][0])"],
            in: folder)
        #expect(glob.stdout.hasPrefix("7133"), "the sample no longer has superseded files to tell the two apart: \(glob.stdout)")
    }
}
