#if canImport(Glibc)
import Glibc
#endif
import Logging
import JingzhunCore
import JingzhunIO
import JingzhunIngest
import JingzhunReports
import JingzhunStore

/// Runs the four stages for a `RunSession` against the output folder's store.
final class StageEngine {
    let session: RunSession
    let store: Store
    /// Batches handed from ingest to normalize in the same process.
    var batches: [SubmissionBatch] = []
    var ingestedInThisProcess = false
    var stagingDirectory: String { session.config.output + "/staging" }

    init(session: RunSession) throws {
        self.session = session
        store = Store(root: session.config.output + "/store")
        if !session.options.dryRun {
            _ = try store.removeTemporaryFiles()
            try store.createTables(now: session.context.now().milliseconds)
        }
    }

    func run(_ stage: Stage) throws {
        switch stage {
        case .ingest: try ingest()
        case .normalize: try normalize()
        case .compute: try compute()
        case .render: try render()
        }
    }

    // MARK: - Ingest

    func ingest() throws {
        let log = session.logger("ingest")
        let config = session.config
        let discovery: InboxDiscovery
        do { discovery = try SubmissionDiscovery.discover(inbox: config.inbox) } catch {
            throw RunError(.io, "cannot scan the inbox: \(error)", path: config.inbox)
        }
        for notice in discovery.notices {
            log.notice("\(notice.message)", metadata: ["rule": "\(notice.rule.rawValue)", "file": "\(notice.location.file)"])
            let hash = (try? FilePath.sha256(of: config.inbox + "/" + notice.location.file))
            session.manifest.inputs.append(Manifest.Input(
                path: notice.location.file, size: hash?.size ?? 0, sha256: hash?.hex ?? "", submission: "",
                outcome: notice.rule == .notASubmission ? "not-a-submission" : "refused", reason: notice.message))
        }
        let seen = Dictionary(try store.submissions().map { ($0.contentHash, $0) }, uniquingKeysWith: { a, _ in a })
        var inForce: [String: Int32] = [:]
        for r in try store.submissions() where r.outcome == .applied {
            let k = "\(r.key.province)-\(r.key.year)"
            inForce[k] = max(inForce[k] ?? 0, r.key.revision)
        }
        // Batches staged by an earlier `jingzhun-ingest` that normalize has not applied yet count as seen.
        let staged = Set(stagedBatchFiles().map { $0.hash })
        var ingestOptions = IngestOptions(
            pseudonymizer: session.pseudonymizer, maxRejectedHouseholdPct: config.settings.maxRejectedHouseholdPct,
            maxInflatedBytes: Int64(config.settings.maxInflatedBytes))
        ingestOptions.xml.maxDepth = config.settings.xmlMaxDepth
        ingestOptions.xml.maxAttributeBytes = config.settings.xmlMaxAttributeBytes
        let total = discovery.submissions.count
        for (index, d) in discovery.submissions.enumerated() {
            func record(_ outcome: String, _ reason: String? = nil) {
                for f in d.files {
                    session.manifest.inputs.append(Manifest.Input(
                        path: f.name, size: Int(f.size), sha256: f.sha256, submission: d.key.id, outcome: outcome, reason: reason))
                }
            }
            let bytes = d.files.reduce(0) { $0 + Int($1.size) }
            if let previous = seen[d.contentHash] {
                record("unchanged", "same bytes as \(previous.key.id), already \(previous.outcome.rawValue)")
                continue
            }
            if staged.contains(d.contentHash) {
                record("staged", "validated by an earlier ingest run; waiting for normalize")
                continue
            }
            let provinceYear = "\(d.key.province)-\(d.key.year)"
            if let current = inForce[provinceYear], d.key.revision <= current {
                var batch = SubmissionBatch(key: d.key, format: d.format, files: d.files.map(\.name), contentHash: d.contentHash)
                batch.outcome = .stale
                batch.reason = Rejection(
                    rule: .staleRevision, location: SourceLocation(file: d.files.first?.name ?? d.key.id),
                    message: "revision \(d.key.revision) of \(provinceYear) is not newer than the accepted revision \(current): reported, not applied")
                log.warning("\(batch.reason!.message)", metadata: ["rule": "F016", "submission": "\(d.key.id)"])
                record("stale", batch.reason?.message)
                batches.append(batch)
                continue
            }
            if session.options.dryRun {
                log.info("would ingest \(d.key.id) (\(d.format.rawValue), \(bytes) bytes)")
                record("would-ingest")
                continue
            }
            ProgressLine.shared.show("ingest \(index + 1)/\(total) \(d.key.id) (\(bytes / 1_000_000) MB)")
            let t0 = session.context.now()
            let batch = Ingestor.ingest(d, options: ingestOptions)
            let seconds = max(0.001, Double(session.context.now().milliseconds - t0.milliseconds) / 1000)
            session.metrics.bytesRead += bytes
            session.metrics.recordsRead += batch.counts.householdsReceived
            session.metrics.recordsRejected += batch.counts.householdsRejected
            session.metrics.recordsAccepted += batch.counts.householdsReceived - batch.counts.householdsRejected
            let meta: [String: String] = [
                "submission": d.key.id, "outcome": batch.outcome.rawValue,
                "households_received": "\(batch.counts.householdsReceived)",
                "households_rejected": "\(batch.counts.householdsRejected)",
                "mb_per_s": "\(Double(Int(Double(bytes) / seconds / 1e4)) / 100)",
            ]
            switch batch.outcome {
            case .applied:
                log.info("\(d.key.id): \(batch.counts.householdsReceived - batch.counts.householdsRejected) of \(batch.counts.householdsReceived) households accepted",
                         metadata: meta.mapValues { .string($0) })
                inForce[provinceYear] = d.key.revision
            default:
                let reason = batch.reason.map { "\($0.rule.rawValue) \($0.location): \($0.message)" } ?? batch.outcome.rawValue
                log.warning("\(d.key.id) \(batch.outcome.rawValue): \(reason)", metadata: meta.mapValues { .string($0) })
            }
            record(batch.outcome.rawValue, batch.reason.map { "\($0.rule.rawValue): \($0.message)" })
            batches.append(batch)
        }
        ProgressLine.shared.clear()
        ingestedInThisProcess = true
        if !session.stages.contains(.normalize) && !session.options.dryRun {
            for b in batches {
                try AtomicFile.write(BatchCodec.encode(b), to: stagingDirectory + "/\(b.key.id)-\(b.contentHash.prefix(16)).batch")
            }
            log.info("staged \(batches.count) submission(s) for normalize in \(stagingDirectory)")
        }
        for b in batches where b.outcome == .rejected || b.outcome == .incomplete { session.anyRejectedWhole = true }
    }

    func stagedBatchFiles() -> [(path: String, hash: String)] {
        ((try? FilePath.list(stagingDirectory)) ?? []).filter { $0.hasSuffix(".batch") }.map { name in
            (stagingDirectory + "/" + name, String(name.dropLast(6).split(separator: "-").last ?? ""))
        }
    }

    // MARK: - Normalize

    func normalize() throws {
        let log = session.logger("normalize")
        var work = batches
        var stagedFiles: [String] = []
        if !ingestedInThisProcess {
            for f in stagedBatchFiles() {
                guard let bytes = try? FilePath.readAll(f.path), let b = BatchCodec.decode(bytes) else {
                    log.warning("ignoring unreadable staged batch \(f.path); its submission will be ingested again")
                    FilePath.removeTree(f.path)
                    continue
                }
                work.append(b)
                stagedFiles.append(f.path)
            }
            work.sort { $0.key < $1.key }
        }
        if session.options.dryRun {
            for b in work { log.info("would apply \(b.key.id) (\(b.outcome.rawValue))") }
            return
        }
        let ledger = Set(try store.submissions().map(\.contentHash))
        for b in work {
            if ledger.contains(b.contentHash) { continue }
            let now = session.context.now().milliseconds
            let versions: StoreVersions
            if b.outcome == .applied {
                versions = try store.apply(b, now: now)
                log.info("applied \(b.key.id): \(b.households.count) households, \(b.members.count) members",
                         metadata: ["submission": "\(b.key.id)"])
            } else {
                versions = try store.record(b, now: now)
                log.info("recorded \(b.key.id) as \(b.outcome.rawValue)", metadata: ["submission": "\(b.key.id)"])
            }
            session.metrics.submissionsByOutcome[b.outcome.rawValue, default: 0] += 1
            _ = versions
            Failpoint.hit("after-apply", environment: session.context.environment)
        }
        for path in stagedFiles { FilePath.removeTree(path) }
    }

    // MARK: - Helpers shared by compute and render

    /// Submissions in force per year: (id, content hash), sorted by id.
    func inForceByYear() throws -> [Int32: [(id: String, hash: String)]] {
        var out: [Int32: [(id: String, hash: String)]] = [:]
        let snapshot = try store.snapshot()
        for r in try snapshot.inForce() { out[r.key.year, default: []].append((r.key.id, r.contentHash)) }
        for y in out.keys { out[y]!.sort { $0.id < $1.id } }
        return out
    }

    /// One summary per submission for the data-quality report (history-independent: see docs/architecture.md).
    func submissionSummaries() throws -> [SubmissionSummary] {
        let snapshot = try store.snapshot()
        let inForce = Set(try snapshot.inForce().map(\.contentHash))
        return try snapshot.submissions().map { r in
            SubmissionSummary(
                key: r.key, format: r.format, files: r.files, outcome: r.outcome, inForce: inForce.contains(r.contentHash),
                householdsReceived: r.counts.householdsReceived, householdsRejected: r.counts.householdsRejected,
                membersAccepted: r.counts.membersAccepted, orphanMembers: r.counts.orphanMembers, warnings: r.warnings,
                reasonRule: r.reasonRule, reasonMessage: r.reasonMessage)
        }
    }

    // MARK: - Outputs for the manifest

    func recordOutputs() throws {
        let root = session.config.output
        var outputs: [Manifest.Output] = []
        for rel in FilePath.walkFiles(root) where rel.hasPrefix("exports/") || rel.hasPrefix("reports/") {
            let h = try FilePath.sha256(of: root + "/" + rel)
            outputs.append(Manifest.Output(path: rel, sha256: h.hex, size: h.size))
        }
        for rel in try store.activeDataFiles() {
            let path = "store/" + rel
            let h = try FilePath.sha256(of: root + "/" + path)
            outputs.append(Manifest.Output(path: path, sha256: h.hex, size: h.size))
        }
        session.manifest.outputs = outputs.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let versions = try store.versions()
        session.manifest.tablesWritten = StoreTable.allCases.compactMap { t in versions[t].map { (t.rawValue, $0) } }
    }
}

/// Environment-controlled crash points for the crash-safety harness (`JINGZHUN_FAILPOINT=name:N`
/// kills the process with SIGKILL the N-th time `name` is reached). Inert unless the variable is set.
enum Failpoint {
    nonisolated(unsafe) static var counts: [String: Int] = [:]
    static func hit(_ name: String, environment: [String: String]) {
        guard let spec = environment["JINGZHUN_FAILPOINT"] else { return }
        let parts = spec.split(separator: ":")
        guard parts.count == 2, parts[0] == name, let n = Int(parts[1]) else { return }
        counts[name, default: 0] += 1
        if counts[name] == n { kill(getpid(), SIGKILL) }
    }
}
