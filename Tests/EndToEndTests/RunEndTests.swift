import Foundation
import Testing

/// Progress, the end of a run, defaults and log fields (issue 16).
@Suite(.serialized) struct RunEndTests {
    /// On a terminal (a pseudo-terminal from script(1)): ingest shows bytes, percent and ETA, compute
    /// and render a line per step; every run ends with a summary; JSON log lines carry the run id;
    /// normalize's duration is its own.
    @Test func aTerminalSeesProgressAndEveryRunEndsWithASummary() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            print("skipped: script(1) is missing, so no terminal can be simulated")
            return
        }
        let out = Harness.scratch("tty")
        let command = "'\(Harness.binary)' run pipelines/sample.yaml --output '\(out)'"
        let r = try Harness.run(["-qc", command, "/dev/null"], executable: "/usr/bin/script")
        let screen = r.stdout.replacingOccurrences(of: "\r", with: "\n")
        #expect(screen.contains("ingest 1-"), "\(screen.prefix(2000))")
        #expect(screen.range(of: #"MB of [0-9.]+ MB \([0-9]+%\)"#, options: .regularExpression) != nil)
        #expect(screen.contains(", ETA "))
        #expect(screen.contains("compute 2019 (year 2 of 2): province "))
        #expect(screen.contains("render 2019 (year 2 of 2): "))
        #expect(
            screen.contains("summary: 9 submissions applied, 1 rejected, 0 incomplete, 0 stale"),
            "\(screen.suffix(1500))")
        #expect(screen.contains("report files rendered; reports in \(out)/reports"))

        let runs = try FileManager.default.contentsOfDirectory(atPath: out + "/runs")
        let runID = try #require(runs.first)
        let log = String(decoding: Harness.read(out + "/runs/" + runID + "/log.jsonl"), as: UTF8.self)
        let lines = log.split(separator: "\n")
        #expect(lines.count > 10)
        for line in lines { #expect(line.contains("\"run_id\":\"\(runID)\""), "\(line)") }

        let metrics = String(decoding: Harness.read(out + "/metrics.prom"), as: UTF8.self)
        let normalize = metrics.split(separator: "\n").first { $0.contains("stage=\"normalize\"") }
        let seconds = normalize.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
        #expect((seconds ?? 0) > 0, "normalize's duration is measured: \(normalize ?? "none")")

        // Off a terminal: no progress line, the summary still comes.
        let again = Harness.scratch("no-tty")
        let plain = try Harness.run(["run", "pipelines/sample.yaml", "--output", again])
        #expect(!plain.stderr.contains("\u{1B}[2K"))
        #expect(plain.stderr.contains("summary: "))

        // Defaults come from the installation, not the working directory.
        let report = try Harness.run(
            ["-c", "cd / && exec '\(Harness.binary)' report national --year 2019 --format csv --output-dir '\(out)'"],
            executable: "/bin/sh")
        #expect(report.status == 0, "\(report.stderr)")
        // CSV reports start with a UTF-8 byte-order mark (settings.csv_bom, on by default).
        #expect(report.stdout.hasPrefix("\u{FEFF}level,area_code,area_name"), "\(report.stdout.prefix(80))")
    }

    @Test func synthFindsItsReferenceDataFromAnyFolder() throws {
        let out = Harness.scratch("synth-anywhere")
        let r = try Harness.run(
            [
                "-c",
                "cd / && exec '\(Harness.binary)' synth --provinces 52 --years 2019 --households-per-province 5 "
                    + "--seed 1 --out '\(out)'",
            ], executable: "/bin/sh")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("52-2019-r1"))
    }
}
