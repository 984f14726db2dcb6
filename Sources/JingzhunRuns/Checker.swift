import JingzhunCore
import JingzhunIO
import JingzhunIngest

/// `jingzhun check`: validate submissions against the contract without a store; a verdict each.
public enum Checker {
    public struct Result: Sendable {
        public var text: String
        public var allApplied: Bool
    }

    public static func check(paths: [String], maxRejectedHouseholdPct: Double, limit: Int) -> Result {
        var text = ""
        var allApplied = true
        // Pseudonyms are computed (the validator compares them) but never shown: any fixed key will do.
        let options = IngestOptions(
            pseudonymizer: Pseudonymizer(key: Array("jingzhun-check-only-key".utf8)), maxRejectedHouseholdPct: maxRejectedHouseholdPct)
        for path in paths {
            let absolute = FilePath.absolute(path)
            let isFolder = FilePath.isDirectory(absolute)
            let folder = isFolder ? absolute : FilePath.directory(of: absolute)
            let name = isFolder ? nil : FilePath.basename(of: absolute)
            guard FilePath.exists(absolute) else {
                text += "\(path): no such file or folder\n"
                allApplied = false
                continue
            }
            let discovery: InboxDiscovery
            do { discovery = try SubmissionDiscovery.discover(inbox: folder) } catch {
                text += "\(path): \(error)\n"
                allApplied = false
                continue
            }
            for notice in discovery.notices where name == nil || notice.location.file == name {
                text += "\(DisplayText.escapingControlCharacters(notice.location.file)): \(notice.rule.rawValue) \(notice.message)\n"
                if notice.rule != .notASubmission { allApplied = false }
                if name != nil && notice.rule == .notASubmission { allApplied = false }
            }
            for d in discovery.submissions where name == nil || d.fileNames.contains(name!) {
                let batch = Ingestor.ingest(d, options: options)
                let c = batch.counts
                let verdict: String
                switch batch.outcome {
                case .applied: verdict = "ACCEPTED"
                case .rejected: verdict = "REJECTED WHOLE"
                case .incomplete: verdict = "INCOMPLETE UPLOAD"
                default: verdict = batch.outcome.rawValue.uppercased()
                }
                if batch.outcome != .applied { allApplied = false }
                text += "\(d.key.id) (\(d.format.rawValue), \(d.fileNames.joined(separator: ", "))): \(verdict)\n"
                if let r = batch.reason { text += "  reason: \(r.rule.rawValue) \(r.location): \(r.message)\n" }
                text += "  households: \(c.householdsReceived) received, \(c.householdsReceived - c.householdsRejected) accepted, "
                    + "\(c.householdsRejected) rejected (\(formatPct(c.rejectedHouseholdPct))%, threshold \(formatPct(maxRejectedHouseholdPct))%)\n"
                text += "  members: \(c.membersAccepted) accepted of \(c.membersReceived); orphan member rows: \(c.orphanMembers)\n"
                var byRule: [RuleCode: Int] = [:]
                for r in batch.rejections { byRule[r.rule, default: 0] += 1 }
                // Totals in full: rows are kept only up to SubmissionCounts.examplesPerRule per rule.
                for (rule, total) in c.findings where !rule.isWarning { byRule[rule] = total }
                for rule in byRule.keys.sorted() { text += "  \(rule.rawValue) × \(byRule[rule]!)\n" }
                for r in batch.rejections.prefix(limit) {
                    text += "    \(r.rule.rawValue) \(r.location)\(r.householdID.map { " household \($0)" } ?? "")\(r.field.map { " field \($0)" } ?? ""): \(r.message)\n"
                }
                let found = byRule.values.reduce(0, +)
                let listed = min(limit, batch.rejections.count)
                if found > listed { text += "    … \(found - listed) more\n" }
                for w in batch.warnings.prefix(limit) { text += "  warning \(w.rule.rawValue) \(w.location): \(w.message)\n" }
            }
        }
        return Result(text: text, allApplied: allApplied)
    }

    /// Two decimals, without Foundation's locale-dependent formatting.
    static func formatPct(_ v: Double) -> String {
        let hundredths = Int64((abs(v) * 100).rounded())
        let fraction = hundredths % 100
        return (v < 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
