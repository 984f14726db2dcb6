import JingzhunCore
import JingzhunIO
import JingzhunIngest

/// `jingzhun check`: validate submissions against the contract without a store; one verdict per
/// submission, however its files were named (docs/check.md).
public enum Checker {
    public struct Result: Sendable {
        public var text: String
        public var json: JSONValue
        /// 0 every submission accepted; 1 one is not; 2 a named path does not exist.
        public var status: Int32
        /// Problems with the command line itself (a missing path), for stderr.
        public var errors: [String]
        /// Kept for callers that only ask whether everything passed.
        public var allApplied: Bool { status == 0 }
    }

    /// Settings a check uses: the defaults, or a pipeline file's `settings`.
    public struct Settings: Sendable {
        public var maxRejectedHouseholdPct: Double = 5
        public var maxInflatedBytes: Int64 = 8 << 30
        public var xmlMaxDepth = 16
        public var xmlMaxAttributeBytes = 4096
        public init() {}
        public init(_ pipeline: PipelineConfig.Settings) {
            maxRejectedHouseholdPct = pipeline.maxRejectedHouseholdPct
            maxInflatedBytes = Int64(pipeline.maxInflatedBytes)
            xmlMaxDepth = pipeline.xmlMaxDepth
            xmlMaxAttributeBytes = pipeline.xmlMaxAttributeBytes
        }
    }

    public static func check(paths: [String], settings: Settings, limit: Int) -> Result {
        // Pseudonyms are computed (the validator compares them) but never shown: any fixed key will do.
        var options = IngestOptions(
            pseudonymizer: Pseudonymizer(key: Array("jingzhun-check-only-key".utf8)),
            maxRejectedHouseholdPct: settings.maxRejectedHouseholdPct, maxInflatedBytes: settings.maxInflatedBytes)
        options.xml.maxDepth = settings.xmlMaxDepth
        options.xml.maxAttributeBytes = settings.xmlMaxAttributeBytes
        var text = ""
        var status: Int32 = 0
        var missing: [String] = []
        // Folder → names asked for (nil: the whole folder), in the order first named.
        var folders: [String] = []
        var asked: [String: Set<String>?] = [:]
        for path in paths {
            let absolute = FilePath.absolute(path)
            guard FilePath.exists(absolute) else {
                missing.append(path)
                continue
            }
            let isFolder = FilePath.isDirectory(absolute)
            let folder = isFolder ? absolute : FilePath.directory(of: absolute)
            if asked[folder] == nil { folders.append(folder) }
            if isFolder {
                asked[folder] = .some(nil)
            } else if case .some(.some(var names)) = asked[folder] {
                names.insert(FilePath.basename(of: absolute))
                asked[folder] = .some(names)
            } else if asked[folder] == nil {
                asked[folder] = .some([FilePath.basename(of: absolute)])
            }
        }
        let errors = missing.map {
            "\($0): no such file or folder (reading it for check); nothing was checked for this path"
        }
        var submissionsJSON: [JSONValue] = []
        var noticesJSON: [JSONValue] = []
        for folder in folders {
            let names = asked[folder] ?? nil
            let discovery: InboxDiscovery
            do { discovery = try SubmissionDiscovery.discover(inbox: folder) } catch {
                text += "\(folder): cannot read the folder: \(error)\n"
                status = max(status, 1)
                continue
            }
            for notice in discovery.notices where names.map({ $0.contains(notice.location.file) }) ?? true {
                // A folder may hold other files (README, truth files); a file named on purpose may not.
                if notice.rule == .notASubmission && names == nil { continue }
                text +=
                    """
                    \(DisplayText.escapingControlCharacters(notice.location.file)): \(notice.rule.rawValue) \
                    \(notice.message)\n
                    """
                status = max(status, 1)
                noticesJSON.append(
                    .object([
                        ("file", .string(notice.location.file)), ("rule", .string(notice.rule.rawValue)),
                        ("message", .string(notice.message)),
                    ]))
            }
            // One verdict per submission, however many of its files were named.
            for d in discovery.submissions where names.map({ !$0.isDisjoint(with: d.fileNames) }) ?? true {
                let batch = Ingestor.ingest(d, options: options)
                if batch.outcome != .applied { status = max(status, 1) }
                text += describe(d, batch, settings: settings, limit: limit)
                submissionsJSON.append(json(d, batch, limit: limit))
            }
        }
        if !missing.isEmpty { status = 2 }
        let doc = JSONValue.object([
            ("format", .string("jingzhun-check/1")),
            ("max_rejected_household_pct", .double(settings.maxRejectedHouseholdPct)),
            ("submissions", .array(submissionsJSON)),
            ("files", .array(noticesJSON)),
            ("missing", .array(missing.map { .string($0) })),
            ("exit_status", .int(Int64(status))),
        ])
        return Result(text: text, json: doc, status: status, errors: errors)
    }

    /// A truncated file: a gzip stream that stops early (F005) or XML that ends inside the registry.
    static func isCutShort(_ batch: SubmissionBatch) -> Bool {
        guard let reason = batch.reason else { return false }
        return reason.rule == .gzipTruncated
            || (reason.rule == .xmlNotWellFormed && reason.message.hasPrefix("the file is cut short"))
    }

    static func verdict(_ batch: SubmissionBatch) -> (code: String, text: String) {
        switch batch.outcome {
        case .applied: return ("accepted", "ACCEPTED")
        case .rejected: return ("rejected", "REJECTED WHOLE")
        case .incomplete: return ("incomplete", "INCOMPLETE UPLOAD")
        case .stale: return ("stale", "STALE")
        case .unchanged: return ("unchanged", "UNCHANGED")
        }
    }

    static func describe(_ d: DiscoveredSubmission, _ batch: SubmissionBatch, settings: Settings, limit: Int) -> String
    {
        let c = batch.counts
        var text = "\(d.key.id) (\(d.format.rawValue), \(d.fileNames.joined(separator: ", "))): \(verdict(batch).text)"
        if isCutShort(batch) { text += ": the file is cut short (upload it again, whole)" }
        text += "\n"
        if let r = batch.reason { text += "  reason: \(r.rule.rawValue) \(r.location): \(r.message)\n" }
        if batch.outcome == .applied {
            text +=
                """
                  households: \(c.householdsReceived) received, \(c.householdsReceived - c.householdsRejected) \
                accepted, 
                """
                    + """
                    \(c.householdsRejected) rejected (\(formatPct(c.rejectedHouseholdPct))%, threshold \
                    \(formatPct(settings.maxRejectedHouseholdPct))%)\n
                    """
            text +=
                """
                  members: \(c.membersAccepted) accepted of \(c.membersReceived); orphan member rows: \
                \(c.orphanMembers)\n
                """
        } else {
            // Counts of a submission rejected whole are what was read before the verdict: none is accepted.
            text +=
                """
                  households: none accepted (\(c.householdsReceived) read, \(c.householdsRejected) of them \
                rejected, before the verdict)\n
                """
        }
        let byRule = totalsByRule(batch)
        for rule in byRule.keys.sorted() { text += "  \(rule.rawValue) × \(byRule[rule] ?? 0)\n" }
        for r in batch.rejections.prefix(limit) {
            let household = r.householdID.map { " household \($0)" } ?? ""
            let field = r.field.map { " field \($0)" } ?? ""
            text += "    \(r.rule.rawValue) \(r.location)\(household)\(field): \(r.message)\n"
        }
        // Totals in full: rows are kept only up to SubmissionCounts.examplesPerRule per rule.
        let found = byRule.values.reduce(0, +)
        let listed = min(limit, batch.rejections.count)
        if found > listed { text += "    … \(found - listed) more\n" }
        for w in batch.warnings.prefix(limit) { text += "  warning \(w.rule.rawValue) \(w.location): \(w.message)\n" }
        return text
    }

    static func location(_ l: SourceLocation) -> [(String, JSONValue)] {
        [
            ("file", .string(l.file)), ("line", l.line > 0 ? .int(Int64(l.line)) : .null),
            ("column", l.column.map { .int(Int64($0)) } ?? .null),
        ]
    }

    /// Rejections by rule, in full: the kept examples are capped per rule, the counts are not.
    static func totalsByRule(_ batch: SubmissionBatch) -> [RuleCode: Int] {
        var byRule: [RuleCode: Int] = [:]
        for r in batch.rejections { byRule[r.rule, default: 0] += 1 }
        for (rule, total) in batch.counts.findings where !rule.isWarning { byRule[rule] = total }
        return byRule
    }

    static func json(_ d: DiscoveredSubmission, _ batch: SubmissionBatch, limit: Int) -> JSONValue {
        let c = batch.counts
        let byRule = totalsByRule(batch)
        let accepted = batch.outcome == .applied
        return .object([
            ("submission", .string(d.key.id)),
            ("format", .string(d.format.rawValue)),
            ("files", .array(d.fileNames.map { .string($0) })),
            ("verdict", .string(verdict(batch).code)),
            ("cut_short", .bool(isCutShort(batch))),
            (
                "reason",
                batch.reason.map { r in
                    .object(
                        [("rule", .string(r.rule.rawValue))] + location(r.location) + [("message", .string(r.message))])
                } ?? .null
            ),
            (
                "households",
                .object([
                    ("received", .int(Int64(c.householdsReceived))),
                    ("accepted", .int(accepted ? Int64(c.householdsReceived - c.householdsRejected) : 0)),
                    ("rejected", .int(Int64(c.householdsRejected))),
                    ("rejected_pct", .double(c.rejectedHouseholdPct)),
                ])
            ),
            (
                "members",
                .object([
                    ("received", .int(Int64(c.membersReceived))),
                    ("accepted", .int(accepted ? Int64(c.membersAccepted) : 0)),
                    ("orphans", .int(Int64(c.orphanMembers))),
                ])
            ),
            ("rejections_by_rule", .object(byRule.keys.sorted().map { ($0.rawValue, .int(Int64(byRule[$0] ?? 0))) })),
            (
                "rejections",
                .array(
                    batch.rejections.prefix(limit).map { r in
                        .object(
                            [("rule", .string(r.rule.rawValue))] + location(r.location) + [
                                ("household", r.householdID.map { .string($0) } ?? .null),
                                ("field", r.field.map { .string($0) } ?? .null),
                                ("message", .string(r.message)),
                            ])
                    })
            ),
            ("rejections_total", .int(Int64(byRule.values.reduce(0, +)))),
            (
                "warnings",
                .array(
                    batch.warnings.prefix(limit).map { w in
                        .object(
                            [("rule", .string(w.rule.rawValue))] + location(w.location) + [
                                ("message", .string(w.message))
                            ])
                    })
            ),
        ])
    }

    /// Two decimals, without Foundation's locale-dependent formatting.
    static func formatPct(_ v: Double) -> String {
        let hundredths = Int64((abs(v) * 100).rounded())
        let fraction = hundredths % 100
        return (v < 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
