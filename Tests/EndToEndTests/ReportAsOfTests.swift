import Foundation
import Testing

/// `jingzhun report --as-of RUN_ID`: the store read at the table versions a run recorded
/// reproduces that run's report after later runs changed the store.
@Suite(.serialized) struct ReportAsOfTests {
    @Test func asOfAnEarlierRunReproducesItsReport() throws {
        let inbox = Harness.scratch("asof-inbox")
        let out = Harness.scratch("asof-out")
        // Night 1 without the late revision 52-2019-r2; keep its reports.
        try Harness.runSampleThenAddLateRevision(inbox: inbox, output: out)
        let firstRun = try #require(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").sorted().first)
        let csv1 = Harness.read(out + "/reports/2019/province-52.csv")
        let html1 = String(decoding: Harness.read(out + "/reports/2019/province-52.html"), as: UTF8.self)
        // Night 2 applies 52-2019-r2: the 2019 report of province 52 changes.
        let second = try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", out, "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(Harness.read(out + "/reports/2019/province-52.csv") != csv1, "the late revision changes nothing: no test")

        let report = ["report", "province", "--year", "2019", "--area", "52", "--output-dir", out, "--as-of", firstRun]
        let csv = try Harness.run(report + ["--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(Data(csv.stdout.utf8) == csv1, "the CSV as of run 1 differs from the one run 1 wrote")
        // HTML: byte for byte the same but for the one line that says which state of the store it shows.
        let html = try Harness.run(report + ["--format", "html"])
        #expect(html.status == 0, "\(html.stderr)")
        let lines = html.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let asOfLines = lines.filter { $0.hasPrefix("<p class=\"as-of\">") }
        #expect(asOfLines.count == 1 && asOfLines[0].contains("as of run \(firstRun)"), "\(asOfLines)")
        #expect(lines.filter { !$0.hasPrefix("<p class=\"as-of\">") }.joined(separator: "\n") == html1)

        let unknown = try Harness.run(["report", "national", "--year", "2019", "--output-dir", out, "--as-of", "no-such-run"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains(firstRun), "the message lists the runs there are: \(unknown.stderr)")
    }
}
