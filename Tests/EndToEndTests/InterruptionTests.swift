import Foundation
import JingzhunIO
import Testing

/// issue 13: SIGTERM and SIGINT stop a run at a safe point; its log and manifest record
/// "interrupted", the lock is released, the exit status is 128 + signal, and the next run
/// completes the work with the outputs of an uninterrupted run.
@Suite(.serialized) struct InterruptionTests {
    @Test(arguments: [("TERM", "SIGTERM", Int32(143)), ("INT", "SIGINT", Int32(130))])
    func aSignalIsRecordedAsInterruptedAndTheNextRunCompletes(_ signal: String, _ name: String, _ status: Int32) throws
    {
        let output = Harness.scratch("interrupted-\(signal)")
        // The failpoint sends the signal to the run itself after its third apply (deterministic).
        let run = try Bounded.run(
            ["run", "pipelines/sample.yaml", "--output", output, "--quiet"],
            environment: ["JINGZHUN_FAILPOINT": "after-apply:3:\(signal)"], timeout: 300)
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.stderr.contains("interrupted"), "\(run.stderr)")
        let manifest = try Bounded.lastManifest(output)
        #expect(manifest["interrupted"] as? String == name)
        #expect(manifest["exit_status"] as? Int == Int(status))
        let runs = try FileManager.default.contentsOfDirectory(atPath: output + "/runs").sorted()
        let log = String(decoding: Harness.read(output + "/runs/" + (runs.last ?? "") + "/log.jsonl"), as: UTF8.self)
        #expect(log.contains("\"code\":\"interrupted\"") && log.contains(name), "\(log)")
        // Lock released (not exit 3); the rest is applied; outputs as an uninterrupted run's.
        let next = try Bounded.run(["run", "pipelines/sample.yaml", "--output", output, "--quiet"], timeout: 300)
        #expect(next.status == 1, "\(next.stderr)")
        for file in [
            "exports/indicators.csv", "exports/breakdowns.csv", "reports/2019/data-quality.md",
            "reports/2019/national.html",
        ] {
            #expect(
                Harness.read(output + "/" + file) == Harness.read(StoreDamageTests.base + "/" + file), "\(file) differs"
            )
        }
    }
}
