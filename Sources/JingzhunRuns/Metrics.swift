/// Prometheus text exposition of a run (`runs/{run-id}/metrics.prom`, copied to
/// `<output>/metrics.prom` for node_exporter's textfile collector).
public struct RunMetrics: Sendable {
    public var stageSeconds: [(stage: String, seconds: Double)] = []
    public var recordsRead = 0
    public var recordsAccepted = 0
    public var recordsRejected = 0
    public var bytesRead = 0
    public var submissionsByOutcome: [String: Int] = [:]
    public var exitStatus: Int32 = 0
    public var startedAt = WallTime(milliseconds: 0)
    public var endedAt = WallTime(milliseconds: 0)
    public var lastSuccess: WallTime?
    /// Peak resident memory of the run's process (bytes, `getrusage` ru_maxrss); 0 when unknown.
    public var peakResidentBytes: Int64 = 0
    public init() {}

    public func render(pipeline: String) -> String {
        var out = ""
        let p = "pipeline=\"\(pipeline)\""
        func metric(_ name: String, _ help: String, _ type: String, _ samples: [(String, String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (labels, value) in samples { out += "\(name){\(p)\(labels.isEmpty ? "" : "," + labels)} \(value)\n" }
        }
        metric(
            "jingzhun_stage_duration_seconds", "Wall time of each stage in the last run.", "gauge",
            stageSeconds.map { ("stage=\"\($0.stage)\"", format($0.seconds)) })
        metric("jingzhun_records_read", "Household records read in the last run.", "gauge", [("", "\(recordsRead)")])
        metric(
            "jingzhun_records_accepted", "Household records accepted in the last run.", "gauge",
            [("", "\(recordsAccepted)")])
        metric(
            "jingzhun_records_rejected", "Household records rejected in the last run.", "gauge",
            [("", "\(recordsRejected)")])
        metric("jingzhun_input_bytes", "Submission bytes read in the last run.", "gauge", [("", "\(bytesRead)")])
        metric(
            "jingzhun_submissions",
            """
            Submissions by outcome: recorded by the last run (applied, rejected, stale, incomplete) and still \
            outstanding in the store (still_incomplete, still_rejected).
            """,
            "gauge",
            submissionsByOutcome.keys.sorted().map { ("outcome=\"\($0)\"", "\(submissionsByOutcome[$0]!)") })
        metric("jingzhun_run_exit_status", "Exit status of the last run.", "gauge", [("", "\(exitStatus)")])
        metric(
            "jingzhun_run_duration_seconds", "Wall time of the last run.", "gauge",
            [("", format(Double(endedAt.milliseconds - startedAt.milliseconds) / 1000))])
        metric(
            "jingzhun_run_end_timestamp_seconds", "When the last run ended (Unix time).", "gauge",
            [("", format(endedAt.seconds))])
        if peakResidentBytes > 0 {
            metric(
                "jingzhun_peak_resident_bytes", "Peak resident memory of the last run's process.", "gauge",
                [("", "\(peakResidentBytes)")])
        }
        if let lastSuccess {
            metric(
                "jingzhun_last_success_timestamp_seconds", "When a run last ended with status 0 or 1 (Unix time).",
                "gauge", [("", format(lastSuccess.seconds))])
        }
        return out
    }

    private func format(_ d: Double) -> String {
        let rounded = (d * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int64(rounded)) : "\(rounded)"
    }
}
