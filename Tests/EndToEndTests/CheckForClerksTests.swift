import Foundation
import Testing

/// `jingzhun check` as a clerk uses it before an upload (issue 16).
@Suite struct CheckForClerksTests {
    @Test func aCSVSetNamedFileByFileIsOneVerdict() throws {
        let files = ["counties", "households", "members", "villages"].map { "sample-inputs/53-2019-r1.\($0).csv.gz" }
        let r = try Harness.run(["check"] + files)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.components(separatedBy: "53-2019-r1 (csv.gz").count - 1 == 1, "\(r.stdout)")
    }

    @Test func truncatedXMLAndGzipAreCutShort() throws {
        let dir = Harness.scratch("check-cut")
        let xml = Harness.read(Harness.repository + "/sample-inputs/41-2019-r1.registry.xml")
        try xml.prefix(20_000).write(to: URL(fileURLWithPath: dir + "/41-2019-r1.registry.xml"))
        let gz = Harness.read(Harness.repository + "/sample-inputs/52-2019-r1.registry.xml.gz")
        try gz.prefix(30_000).write(to: URL(fileURLWithPath: dir + "/52-2019-r1.registry.xml.gz"))
        let r = try Harness.run([
            "check", dir + "/41-2019-r1.registry.xml", dir + "/52-2019-r1.registry.xml.gz", "--format", "json",
        ])
        #expect(r.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let subs = try #require(doc["submissions"] as? [[String: Any]])
        #expect(subs.map { $0["submission"] as? String } == ["41-2019-r1", "52-2019-r1"])
        #expect(subs.map { $0["cut_short"] as? Bool } == [true, true])
        #expect(subs.map { $0["verdict"] as? String } == ["rejected", "incomplete"])
        #expect(subs.map { ($0["households"] as? [String: Any])?["accepted"] as? Int } == [0, 0])
        let text = try Harness.run(["check", dir + "/41-2019-r1.registry.xml"])
        #expect(text.stdout.contains("REJECTED WHOLE: the file is cut short"), "\(text.stdout)")
        #expect(!text.stdout.contains("accepted,"), "no accepted count for a submission rejected whole")
    }

    @Test func aMissingFileIsExitTwo() throws {
        let r = try Harness.run(["check", "sample-inputs/99-2019-r1.registry.xml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("sample-inputs/99-2019-r1.registry.xml: no such file or folder"), "\(r.stderr)")
    }

    @Test func thePipelinesThresholdApplies() throws {
        let dir = Harness.scratch("check-pipeline")
        let yaml = """
            name: strict
            inbox: inbox
            output: out
            reference: \(Harness.repository)/pipelines/reference
            pseudonym_key: {env: JINGZHUN_TEST_KEY}
            settings:
              max_rejected_household_pct: 0.5
            """
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: dir + "/strict.yaml"))
        let file = "sample-inputs/41-2019-r1.registry.xml"  // 4 of 800 households rejected: 0.5%
        let loose = try Harness.run(["check", file, "--format", "json"])
        #expect(loose.status == 0)
        let strictFile = dir + "/strict.yaml"
        let r = try Harness.run([
            "check", "sample-inputs/53-2019-r1.households.csv.gz", "--pipeline", strictFile, "--format", "json",
        ])
        #expect(r.status == 1, "\(r.stdout)")  // 7 of 800 = 0.875% > 0.5%
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["max_rejected_household_pct"] as? Double == 0.5)
        let sub = try #require((doc["submissions"] as? [[String: Any]])?.first)
        #expect((sub["reason"] as? [String: Any])?["rule"] as? String == "F014")
        let badPipeline = try Harness.run(["check", file, "--pipeline", dir + "/missing.yaml"])
        #expect(badPipeline.status == 2)
    }
}
