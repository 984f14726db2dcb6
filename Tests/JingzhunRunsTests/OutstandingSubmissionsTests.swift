import Foundation
import JingzhunCore
import JingzhunTesting
import Testing

@testable import JingzhunRuns

/// Problems repeat until solved (issue 16): night after night, with a controlled clock.
@Suite(.serialized) struct OutstandingSubmissionsTests {
    static let repository = TestFolder.repository

    static func folder(_ name: String) throws -> String {
        let path = TestFolder.fresh("outstanding", name)
        try FileManager.default.createDirectory(atPath: path + "/inbox", withIntermediateDirectories: true)
        return path
    }

    static func run(_ root: String, at milliseconds: Int64) -> RunEnd {
        var options = RunOptions()
        options.quiet = true
        let context = RunContext(environment: [:], now: { WallTime(milliseconds: milliseconds) })
        return PipelineRunner.run(
            pipelinePath: root + "/p.yaml", stages: Stage.allCases, options: options, context: context)
    }

    static func lastLog(_ root: String) throws -> String {
        let runs = try FileManager.default.contentsOfDirectory(atPath: root + "/out/runs").sorted()
        return try String(contentsOfFile: root + "/out/runs/" + (runs.last ?? "") + "/log.jsonl", encoding: .utf8)
    }

    @Test func anIncompleteUploadIsReportedEveryNightThenFailsTheRunAfterTheLimit() throws {
        let root = try Self.folder("nights")
        let fm = FileManager.default
        try Data(
            PipelineFixture.text(
                name: "nights", inbox: "inbox", output: "out", extra: "settings: {max_incomplete_nights: 2}\n"
            ).utf8
        )
        .write(to: URL(fileURLWithPath: root + "/p.yaml"))
        try fm.copyItem(
            atPath: Self.repository + "/sample-inputs/41-2018-r1.registry.xml",
            toPath: root + "/inbox/41-2018-r1.registry.xml")
        try fm.copyItem(
            atPath: Self.repository + "/sample-inputs/41-2019-r1.registry.xml",
            toPath: root + "/inbox/41-2019-r1.registry.xml")
        try Data((String(repeating: "0", count: 64) + "  41-2019-r1.registry.xml\n").utf8)
            .write(to: URL(fileURLWithPath: root + "/inbox/41-2019-r1.registry.xml.sha256"))
        let night1: Int64 = 1_764_815_400_000  // 2025-12-04T02:30:00Z
        let day: Int64 = 86_400_000

        #expect(Self.run(root, at: night1) == .submissionRejected, "night 1: the incomplete upload is new")
        // Night 2: nothing new, but the upload is still incomplete: said, counted, not yet a failure.
        #expect(Self.run(root, at: night1 + day) == .ok)
        let log2 = try Self.lastLog(root)
        #expect(log2.contains("41-2019-r1 is still an incomplete upload since run "), "\(log2)")
        #expect(log2.contains("(1 night)"))
        let metrics = try String(contentsOfFile: root + "/out/metrics.prom", encoding: .utf8)
        #expect(
            metrics.contains("jingzhun_submissions{pipeline=\"nights\",outcome=\"still_incomplete\"} 1"), "\(metrics)")
        #expect(metrics.contains("jingzhun_submissions{pipeline=\"nights\",outcome=\"still_rejected\"} 0"))
        // Night 4: three nights > max_incomplete_nights 2: exit 1 until it is uploaded whole.
        #expect(Self.run(root, at: night1 + 3 * day) == .submissionRejected)
        #expect(try Self.lastLog(root).contains("has been an incomplete upload for 3 nights"))
        // Uploaded whole (the sidecar now matches): resolved, nothing outstanding.
        try fm.removeItem(atPath: root + "/inbox/41-2019-r1.registry.xml.sha256")
        #expect(Self.run(root, at: night1 + 4 * day) == .ok)
        let resolved = try String(contentsOfFile: root + "/out/metrics.prom", encoding: .utf8)
        #expect(resolved.contains("outcome=\"still_incomplete\"} 0"), "\(resolved)")
        #expect(resolved.contains("outcome=\"applied\"} 1"), "the same bytes, now whole, are applied")
    }

    @Test func anEmptyInboxIsWarnedAbout() throws {
        let root = try Self.folder("empty")
        try Data(PipelineFixture.text(name: "empty", inbox: "inbox", output: "out").utf8)
            .write(to: URL(fileURLWithPath: root + "/p.yaml"))
        #expect(Self.run(root, at: 1_764_815_400_000) == .ok)
        #expect(try Self.lastLog(root).contains("holds no submission"))
        // The second night: still empty, still said; compute says why it does nothing.
        #expect(Self.run(root, at: 1_764_815_400_000 + 86_400_000) == .ok)
        let log = try Self.lastLog(root)
        #expect(log.contains("holds no submission"), "\(log)")
        #expect(!log.contains("up to date for \""), "never 'up to date for' an empty list")
        #expect(log.contains("nothing to compute: no submission is in force yet"), "\(log)")
    }

    @Test func isoTimesReadBack() {
        let t = WallTime(milliseconds: 1_764_815_400_123)
        #expect(StageEngine.parseISO8601(t.iso8601) == t)
        #expect(StageEngine.parseISO8601("garbage") == nil)
    }
}
