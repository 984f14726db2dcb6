import Foundation
import Testing

/// `jingzhun report --as-of RUN_ID`: the store read at the table versions a run recorded
/// reproduces that run's reports byte for byte (HTML, Markdown, CSV, XLSX) after later runs
/// changed the store, and every header names the data version that run's manifest records.
@Suite(.serialized) struct ReportAsOfTests {
    /// `data_versions` of a run's manifest: year → version.
    static func dataVersions(_ output: String, run: String) throws -> [String: String] {
        let data = Harness.read(output + "/runs/" + run + "/manifest.json")
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(manifest["data_versions"] as? [String: String], "no data_versions in \(run)'s manifest")
    }

    @Test func asOfAnEarlierRunReproducesItsReports() throws {
        let inbox = Harness.scratch("asof-inbox")
        let out = Harness.scratch("asof-out")
        // Night 1 without the late revision 52-2019-r2; keep its reports.
        try Harness.runSampleThenAddLateRevision(inbox: inbox, output: out)
        let firstRun = try #require(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").sorted().first)
        var published: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out + "/reports/2019") {
            published["2019/" + name] = Harness.read(out + "/reports/2019/" + name)
        }
        published["2018/national.html"] = Harness.read(out + "/reports/2018/national.html")
        let versions1 = try Self.dataVersions(out, run: firstRun)

        // Night 2 applies 52-2019-r2: the 2019 reports change, 2018's do not.
        let second = try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", out, "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        let secondRun = try #require(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").sorted().last)
        let versions2 = try Self.dataVersions(out, run: secondRun)
        #expect(Set(versions1.keys) == ["2018", "2019"] && versions1["2018"] == versions2["2018"])
        #expect(versions1["2019"] != versions2["2019"], "the late revision does not change 2019's data version")
        #expect(
            Harness.read(out + "/reports/2019/province-52.csv") != published["2019/province-52.csv"],
            "the late revision changes nothing: no test")

        // Every header names its data version: the one the manifest of the run that published it records.
        for (path, version) in [
            ("2019/national.html", versions1["2019"]), ("2019/data-quality.md", versions1["2019"]),
            ("2018/national.html", versions1["2018"]),
        ] {
            let text = String(decoding: published[path] ?? Data(), as: UTF8.self)
            #expect(text.contains("Data as of version \(version ?? "?"): "), "\(path): \(text.prefix(1200))")
        }
        let now = String(decoding: Harness.read(out + "/reports/2019/national.html"), as: UTF8.self)
        #expect(now.contains("Data as of version \(versions2["2019"] ?? "?"): "))

        // Every report of 2019 in every format, rendered as of run 1: the bytes run 1 published.
        let reports = published.keys.filter { $0.hasPrefix("2019/") && !$0.hasPrefix("2019/index.") }.sorted()
        #expect(reports.count == 40, "\(reports)")  // national, data quality, 4 provinces × 2 reports; 4 formats
        let scratch = Harness.scratch("asof-files")
        for path in reports + ["2018/national.html"] {
            let file = path.split(separator: "/").last.map(String.init) ?? path
            let stem = file.split(separator: ".").first.map(String.init) ?? file
            let format = file.split(separator: ".").last.map(String.init) ?? "html"
            var arguments = [
                "report", "--year", String(path.prefix(4)), "--output-dir", out, "--as-of", firstRun,
                "--format", format, "-o", scratch + "/" + file,
            ]
            switch stem {
            case "national", "data-quality": arguments.insert(stem, at: 1)
            case let s where s.hasPrefix("province-"):
                arguments.insert(contentsOf: ["province", "--area", String(s.suffix(2))], at: 1)
            default: arguments.insert(contentsOf: ["county-exit", "--area", String(stem.suffix(2))], at: 1)
            }
            let rendered = try Harness.run(arguments)
            #expect(rendered.status == 0, "\(arguments): \(rendered.stderr)")
            #expect(
                Harness.read(scratch + "/" + file) == published[path],
                "\(path) as of \(firstRun) differs from what it published")
        }

        let unknown = try Harness.run([
            "report", "national", "--year", "2019", "--output-dir", out, "--as-of", "no-such-run",
        ])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains(firstRun), "the message lists the runs there are: \(unknown.stderr)")
    }
}
