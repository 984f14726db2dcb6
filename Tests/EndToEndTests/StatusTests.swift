import Foundation
import Testing

/// `jingzhun status` (issue 16): what is in force, and what is not and why.
@Suite(.serialized) struct StatusTests {
    /// The sample inbox, plus a second upload of 52-2019-r1 with other bytes (stale once r1 is
    /// applied) and a 41-2019-r2 whose `.sha256` does not match (incomplete): every outcome once.
    static func inboxWithEveryOutcome(_ inbox: String) throws {
        let fm = FileManager.default
        let sample = Harness.repository + "/sample-inputs"
        for name in try fm.contentsOfDirectory(atPath: sample) where name.contains(".") && !name.hasSuffix(".md") {
            try fm.copyItem(atPath: sample + "/" + name, toPath: inbox + "/" + name)
        }
        // Same records, other bytes: the uncompressed form of 52-2019-r1.registry.xml.gz.
        let gunzip = try Harness.run(
            ["-c", "gunzip -c sample-inputs/52-2019-r1.registry.xml.gz > '\(inbox)/52-2019-r1.registry.xml'"],
            executable: "/bin/sh")
        #expect(gunzip.status == 0, "\(gunzip.stderr)")
        try fm.copyItem(atPath: sample + "/41-2019-r1.registry.xml", toPath: inbox + "/41-2019-r2.registry.xml")
        try Data((String(repeating: "0", count: 64) + "  41-2019-r2.registry.xml\n").utf8)
            .write(to: URL(fileURLWithPath: inbox + "/41-2019-r2.registry.xml.sha256"))
    }

    @Test func listsEveryOutcomeOfTheSampleInbox() throws {
        let root = Harness.scratch("status")
        let inbox = root + "/inbox"
        let out = root + "/out"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try Self.inboxWithEveryOutcome(inbox)
        let run = try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", out, "--quiet"])
        #expect(run.status == 1, "\(run.stderr)")

        let json = try Harness.run(["status", "--output", out, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(doc["format"] as? String == "jingzhun-status/1")
        let areas = try #require(doc["areas"] as? [[String: Any]])
        #expect(areas.count == 8, "4 provinces × 2 years")
        func area(_ province: Int, _ year: Int) throws -> [String: Any] {
            try #require(areas.first { $0["province"] as? Int == province && $0["year"] as? Int == year })
        }
        func others(_ a: [String: Any]) -> [(String, String, Bool)] {
            ((a["others"] as? [[String: Any]]) ?? []).map {
                ($0["submission"] as? String ?? "", $0["state"] as? String ?? "", $0["outstanding"] as? Bool ?? false)
            }
        }
        let runs = try #require(doc["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        #expect(runs.first?["exit_status"] as? Int == 1)
        let runID = try #require(runs.first?["id"] as? String)

        // 52-2019: r2 in force, r1 superseded, the second r1 upload stale.
        let a52 = try area(52, 2019)
        let inForce = try #require(a52["in_force"] as? [String: Any])
        #expect(inForce["submission"] as? String == "52-2019-r2")
        #expect(inForce["households"] as? Int == 800)
        #expect((inForce["run"] as? [String: Any])?["id"] as? String == runID)
        #expect(Set(others(a52).map { "\($0.0) \($0.1)" }) == ["52-2019-r1 superseded", "52-2019-r1 stale"])
        // 45-2019: r1 in force, r2 rejected (F012) and outstanding.
        let a45 = try area(45, 2019)
        #expect((a45["in_force"] as? [String: Any])?["submission"] as? String == "45-2019-r1")
        let rejected = try #require((a45["others"] as? [[String: Any]])?.first)
        #expect(rejected["state"] as? String == "rejected")
        #expect(rejected["rule"] as? String == "F012")
        #expect(rejected["outstanding"] as? Bool == true)
        // 41-2019: r2 incomplete (F003) since this run, outstanding.
        let incomplete = try #require((try area(41, 2019)["others"] as? [[String: Any]])?.first)
        #expect(incomplete["state"] as? String == "incomplete")
        #expect(incomplete["rule"] as? String == "F003")
        #expect((incomplete["run"] as? [String: Any])?["id"] as? String == runID)

        let text = try Harness.run(["status", "--output", out])
        #expect(text.status == 0)
        #expect(
            text.stdout.contains("8 in-force, 1 superseded, 1 stale, 1 rejected, 1 incomplete; 2 outstanding"),
            "\(text.stdout)")

        // Read-only and lock-free: the run lock file is neither created nor held by status.
        try? FileManager.default.removeItem(atPath: out + "/.jingzhun.lock")
        _ = try Harness.run(["status", "--output", out])
        #expect(!FileManager.default.fileExists(atPath: out + "/.jingzhun.lock"))
    }

    @Test func noStoreIsAUsageError() throws {
        let empty = Harness.scratch("status-empty")
        let r = try Harness.run(["status", "--output", empty])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no store at \(empty)/store"), "\(r.stderr)")
    }
}
