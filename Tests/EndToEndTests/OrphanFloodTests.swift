import Foundation
import JingzhunIO
import Testing

/// issue 13, item 3: a flood of 1,000,000 orphan member rows (a valid row whose household does
/// not exist; the file compresses to about 400 KB) is counted in full but stored and shown as at
/// most 1,000 examples, in bounded time and memory. Before the cap, 3,000,000 such rows took
/// 3.6 GB and 7 minutes to render.
@Suite(.serialized) struct OrphanFloodTests {
    static let rows = 1_000_000

    @Test func anOrphanFloodIsCountedInFullAndBoundedInTimeAndMemory() throws {
        let inbox = Harness.scratch("flood-inbox")
        let output = Harness.scratch("flood-output")
        let sample = Harness.repository + "/sample-inputs/53-2018-r1"
        for kind in ["counties", "villages", "households"] {
            try FileManager.default.copyItem(
                atPath: "\(sample).\(kind).csv.gz", toPath: "\(inbox)/53-2018-r1.\(kind).csv.gz")
        }
        // The sample's members, then the flood (one gzip member each: a multi-member file).
        let orphan = Array(
            "530381197206075973,530381100200-9999,name,head,M,1972-06-07,primary,not_in_school,healthy,ordinary,1,1,1\n"
                .utf8)
        var members = Array(Harness.read("\(sample).members.csv.gz"))
        let block = [UInt8](Array(repeating: orphan, count: 10_000).joined())  // streamed: 1 MB at a time
        let deflater = GzipDeflater()
        for _ in 0..<(Self.rows / 10_000) { deflater.compress(block) { members.append(contentsOf: $0) } }
        deflater.finish { members.append(contentsOf: $0) }
        try Data(members).write(to: URL(fileURLWithPath: inbox + "/53-2018-r1.members.csv.gz"))

        let run = try Bounded.run(
            ["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", output, "--quiet"], timeout: 600)
        #expect(!run.timedOut)
        #expect(run.status == 0, "\(run.stderr)")
        // Bounds: generous for a debug build on a shared machine (about 60 s and 35 MB measured
        // alone); the unbounded version needed gigabytes for the report alone.
        #expect(run.seconds < 300, "took \(run.seconds) s")
        let metrics = String(decoding: Harness.read(output + "/metrics.prom"), as: UTF8.self)
        let peak =
            metrics.split(separator: "\n").first { $0.hasPrefix("jingzhun_peak_resident_bytes") }
            .flatMap { Int64($0.split(separator: " ").last ?? "") } ?? -1
        #expect(peak > 0 && peak < 512 << 20, "peak resident memory \(peak) bytes")

        // Totals exact, examples capped.
        let csv = String(decoding: Harness.read(output + "/reports/2018/data-quality.csv"), as: UTF8.self)
        let lines = csv.split(whereSeparator: \.isNewline).map(String.init)  // CSV lines end in CRLF
        #expect(lines.contains("53,53-2018-r1,orphan_members,,\(Self.rows),,,"), "\(lines.prefix(12))")
        #expect(lines.contains("53,53-2018-r1,rejections_by_rule,M010,\(Self.rows),,,"))
        #expect(lines.filter { $0.hasPrefix("53,53-2018-r1,rejected_record,M010,") }.count == 1_000)
        #expect(csv.utf8.count < 1 << 20, "the data-quality CSV holds \(csv.utf8.count) bytes")
        let markdown = String(decoding: Harness.read(output + "/reports/2018/data-quality.md"), as: UTF8.self)
        // The sample's own 4 rejected records come with the flood.
        #expect(
            markdown.contains(
                "Showing 20 of 1,000,004 rejected records; the CSV lists the 1,004 kept (at most 1,000 per rule)."),
            "\(markdown.prefix(4000))")
        // The next night has nothing new to do (the flood is not read again).
        let again = try Bounded.run(
            ["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", output, "--quiet"], timeout: 120)
        #expect(again.status == 0 && again.seconds < 60, "\(again.seconds) s: \(again.stderr)")
    }
}
