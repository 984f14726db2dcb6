/// What a run did, said in one line at its end (issue 16: "no summary at the end").
struct RunSummary {
    var indicatorValues = 0
    var reportFiles = 0

    /// `summary: 9 submissions applied, 1 rejected, 0 incomplete, 0 stale; 6,340 households accepted; …`
    static func line(_ engine: StageEngine, runDirectory: String) -> String {
        let session = engine.session
        let outcomes = session.metrics.submissionsByOutcome
        var parts = [
            "\(outcomes["applied"] ?? 0) submission\(outcomes["applied"] == 1 ? "" : "s") applied",
            "\(outcomes["rejected"] ?? 0) rejected", "\(outcomes["incomplete"] ?? 0) incomplete",
            "\(outcomes["stale"] ?? 0) stale",
        ].joined(separator: ", ")
        let still = (outcomes["still_incomplete"] ?? 0) + (outcomes["still_rejected"] ?? 0)
        if still > 0 { parts += " (\(still) outstanding: see jingzhun status)" }
        let output = session.config.output
        return "summary: \(parts); \(session.metrics.recordsAccepted) households accepted; "
            + """
            \(engine.summary.indicatorValues) indicator values computed; \(engine.summary.reportFiles) report \
            files rendered; 
            """
                + """
                reports in \(output)/reports, exports in \(output)/exports, this run's log and manifest in \
                \(runDirectory)
                """
    }
}
