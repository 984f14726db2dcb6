import JingzhunCore
import JingzhunIO
import JingzhunStore
import Logging

/// Problems repeat until solved (issue 16): a submission that is still incomplete, or rejected and
/// not replaced by a later revision, is reported by every run, not only by the night it arrived.
extension StageEngine {
    /// Logs each outstanding submission, counts them in the metrics
    /// (`jingzhun_submissions{outcome="still_incomplete"|"still_rejected"}`), and says whether an
    /// upload has stayed incomplete for more than the pipeline's `max_incomplete_nights`.
    ///
    /// Nights are whole days between the start of the run that first recorded the upload (from the
    /// run manifests; this run when none names it) and now. The submissions this run recorded for
    /// the first time were already reported by ingest and are only counted.
    /// - Returns: true when the run must exit 1 because an upload is overdue.
    func reportOutstanding() -> Bool {
        let log = session.logger("run")
        // try?: the ledger was read by this run already (integrity check, ingest); if it fails now the
        // stages have ended the run with that error, and outstanding submissions are said next run.
        guard FilePath.isDirectory(store.root + "/submissions/_delta_log"), let records = try? store.submissions()
        else {
            return false
        }
        let (_, sightings) = StatusReport.readRuns(output: session.config.output, holder: nil)
        let provinceYears = StatusReport.classify(records, manifests: sightings)
        let seenThisRun = Set(session.manifest.inputs.filter { $0.outcome != "unchanged" }.compactMap(\.contentHash))
        let now = session.context.now()
        let limit = session.config.settings.maxIncompleteNights
        var stillIncomplete = 0
        var stillRejected = 0
        var overdue = false
        for revision in provinceYears.flatMap(\.others) where !revision.isResolved {
            let r = revision.record
            let reason = [r.reasonRule?.rawValue, r.reasonMessage].compactMap { $0 }.joined(separator: ": ")
            let since = revision.run.map { " since run \($0.id)" } ?? ""
            let first = revision.run.flatMap { Self.parseISO8601($0.startedAt) } ?? now
            let nights = Int(max(0, now.milliseconds - first.milliseconds) / 86_400_000)
            let meta: Logger.Metadata = [
                "submission": "\(r.key.id)", "outcome": "\(revision.state)", "rule": "\(r.reasonRule?.rawValue ?? "")",
                "nights": "\(nights)",
            ]
            let isNew = seenThisRun.contains(r.contentHash)
            if revision.state == "incomplete" {
                stillIncomplete += 1
                if nights > limit {
                    overdue = true
                    log.error(
                        """
                        \(r.key.id) has been an incomplete upload for \(nights) nights\(since), more than \
                        max_incomplete_nights (\(limit)): exit status 1 until it is uploaded whole or removed \
                        from the inbox (\(reason))
                        """,
                        metadata: meta)
                } else if !isNew {
                    log.warning(
                        """
                        \(r.key.id) is still an incomplete upload\(since) (\(nights) \
                        night\(nights == 1 ? "" : "s")): \(reason)
                        """,
                        metadata: meta)
                }
            } else {
                stillRejected += 1
                if !isNew {
                    log.warning(
                        "\(r.key.id) is still rejected\(since) and no later revision replaced it: \(reason)",
                        metadata: meta)
                }
            }
        }
        session.metrics.submissionsByOutcome["still_incomplete"] = stillIncomplete
        session.metrics.submissionsByOutcome["still_rejected"] = stillRejected
        return overdue
    }

    /// `2026-12-04T12:52:06.899Z` (as `WallTime.iso8601` writes it) back to a time; nil otherwise.
    static func parseISO8601(_ text: String) -> WallTime? {
        let u = Array(text.utf8)
        guard u.count >= 20, let date = CivilDate.parseISO(u[0..<10]), u[10] == UInt8(ascii: "T") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for b in u[range] {
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int64(b - 48)
            }
            return v
        }
        guard let h = number(11..<13), let m = number(14..<16), let s = number(17..<19) else { return nil }
        let ms = u.count >= 23 ? number(20..<23) ?? 0 : 0
        return WallTime(milliseconds: ((Int64(date.daysSinceEpoch) * 24 + h) * 60 + m) * 60_000 + s * 1000 + ms)
    }
}
