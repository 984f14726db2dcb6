import JingzhunCore
import JingzhunIO
import JingzhunIngest
import JingzhunReports
import JingzhunStore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the four stages for a `RunSession` against the output folder's store.
final class StageEngine {
    let session: RunSession
    let store: Store
    /// Batches written to `staging/` for a separate `jingzhun-normalize` (this process only).
    var stagedCount = 0
    /// Content hashes of every submission row in the store: read once, kept up to date by
    /// `normalizeOne`, so applying N batches does not read the `submissions` table N times.
    private var ledgerCache: Set<String>?
    var ingestedInThisProcess = false
    /// Time spent applying batches while ingest runs (see `handOver`): normalize's share of it.
    var normalizeMillisecondsDuringIngest: Int64 = 0
    /// What this run did, for the summary line at its end.
    var summary = RunSummary()
    /// Dry run only: years whose records the submissions it would ingest or apply would change
    /// (compute) and years whose reports would change, stale submissions included (render), so
    /// the later stages can say what they would redo.
    var dryRunRecordYears: Set<Int32> = []
    var dryRunReportYears: Set<Int32> = []
    /// Digests of the reports this process wrote, for the manifest (`recordOutputs`).
    let outputDigests = OutputDigests()
    var stagingDirectory: String { session.config.output + "/staging" }

    init(session: RunSession) throws {
        self.session = session
        store = Store(
            root: session.config.output + "/store",
            symlinkLocation: session.config.settings.storeURI.map(SymlinkManifestLocation.init(storeURI:)),
            rowGroupRows: session.config.settings.rowGroupRows, fileSystem: session.fileSystem)
        // An ingest shard only reads the store (the ledger) and writes staging files: other shards
        // run at the same time, so it neither creates tables nor cleans up (normalize does both).
        let writesStore = !session.options.dryRun && session.options.shard == nil
        if writesStore { _ = try store.removeTemporaryFiles() }
        // Before anything changes (and before missing tables would be created empty): a damaged
        // store stops the run with exit 65 instead of publishing zeros (issue 13).
        try store.checkIntegrity(
            computedYears: ComputeState.read(output: session.config.output).expectedByIntegrityCheck)
        if writesStore {
            try store.createTables(now: session.context.now().milliseconds)
            // Manifests of partitions a killed run left behind (see SymlinkManifest.swift).
            try store.refreshSymlinkManifests()
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
        do {
            // Submissions whose files are unchanged since the last run are recognised by their
            // recorded digests, not read again (runs-and-store.md: "not read again").
            let shard = session.options.shard
            discovery = try SubmissionDiscovery.discover(
                inbox: config.inbox, hashCache: InboxHashCacheFile.read(output: config.output, shard: shard),
                nowNanoseconds: session.context.now().milliseconds * 1_000_000,
                including: { key in shard?.contains(key) ?? true }, fileSystem: session.fileSystem)
        } catch {
            throw RunError(.io, "scanning the inbox \(config.inbox): \(error)", path: config.inbox, underlying: error)
        }
        if !session.options.dryRun {
            try InboxHashCacheFile.write(discovery.hashCache, output: config.output, shard: session.options.shard)
        }
        if let shard = session.options.shard {
            log.info("ingest shard \(shard): \(discovery.submissions.count) submission(s) of this shard's provinces")
        }
        if discovery.submissions.isEmpty {
            log.warning(
                """
                the inbox \(config.inbox) holds no submission (\(discovery.notices.count) other \
                file\(discovery.notices.count == 1 ? "" : "s")): nothing to ingest — is it the folder provinces \
                upload into?
                """,
                metadata: ["file": "\(config.inbox)"])
        }
        if discovery.reusedHashes > 0 {
            log.info(
                """
                \(discovery.reusedHashes) of \(discovery.submissions.count) submissions unchanged since the last \
                scan: recognised by their recorded digests, not read
                """
            )
        }
        for notice in discovery.notices where session.options.shard?.reportsNotices ?? true {
            log.notice(
                "\(notice.message)", metadata: ["rule": "\(notice.rule.rawValue)", "file": "\(notice.location.file)"])
            // A refused entry (symlink, FIFO, device, folder) is never opened: it gets no size or
            // digest. A stray regular file is hashed through `RegularFile`, which refuses anything
            // else before reading a byte and never waits on a FIFO (issue 13).
            // try?: a stray file that cannot be hashed is listed without a digest; its notice is logged above.
            let hash =
                notice.rule == .pathOutsideInbox
                ? nil : try? RegularFile.sha256(of: config.inbox + "/" + notice.location.file)
            session.manifest.inputs.append(
                Manifest.Input(
                    path: notice.location.file, size: hash?.size ?? 0, sha256: hash?.hex ?? "", submission: "",
                    outcome: notice.rule == .notASubmission ? "not-a-submission" : "refused", reason: notice.message))
        }
        let rows = try store.submissions()
        ledgerCache = Set(rows.map { Self.ledgerKey($0.contentHash, $0.outcome) })
        let seen = IngestPlan.ledger(rows)
        // The store's rule of the revision in force, kept up to date as this run applies batches.
        var inForce = RevisionsInForce(ledger: rows)
        // Batches staged by an earlier `jingzhun-ingest` that normalize has not applied yet count as seen.
        let staged = Set(stagedBatchFiles().map { $0.hash })
        var ingestOptions = IngestOptions(
            pseudonymizer: session.pseudonymizer, maxRejectedHouseholdPct: config.settings.maxRejectedHouseholdPct,
            maxInflatedBytes: Int64(config.settings.maxInflatedBytes))
        ingestOptions.xml.maxDepth = config.settings.xmlMaxDepth
        ingestOptions.xml.maxAttributeBytes = config.settings.xmlMaxAttributeBytes
        ingestOptions.fileSystem = session.fileSystem
        // Households and members go to scratch rows while validated, and stay there until stored
        // (issue 20); a killed run's leftovers are removed first (the output folder's lock makes
        // the folder ours).
        ingestOptions.scratchFolder = ingestScratch
        session.fileSystem.removeTree(ingestScratch)
        // Phase 1 (in order): decide what each discovered submission needs.
        var work: [DiscoveredSubmission] = []
        for d in discovery.submissions {
            switch IngestPlan.decide(d, ledger: seen, staged: staged, inForce: inForce) {
            case .ingest: break
            case .unchanged(let previous, let outcome):
                record(d, "unchanged", "same bytes as \(previous.id), already \(outcome.rawValue)")
                continue
            case .staged:
                record(d, "staged", "validated by an earlier ingest run; waiting for normalize")
                continue
            case .alreadyInForce:
                // The same bytes as the submission in force (a no-op, submissions.md §Snapshot semantics).
                record(d, "unchanged", "same bytes as \(d.key.id), already applied")
                continue
            case .stale(let current):
                let batch = d.staleBatch(inForce: current)
                log.warning("\(batch.reason!.message)", metadata: ["rule": "F016", "submission": "\(d.key.id)"])
                record(d, "stale", batch.reason?.message)
                if session.options.dryRun { dryRunReportYears.insert(d.key.year) } else { try handOver([batch]) }
                continue
            }
            if session.options.dryRun {
                log.info(
                    "would ingest \(d.key.id) (\(d.format.rawValue), \(d.files.reduce(0) { $0 + Int($1.size) }) bytes)")
                dryRunRecordYears.insert(d.key.year)
                dryRunReportYears.insert(d.key.year)
                record(d, "would-ingest")
                continue
            }
            work.append(d)
        }
        // Phase 2: ingest on every core, a wave of `workers` submissions at a time (memory holds
        // one batch per worker), then log, record and hand over each batch in submission order,
        // so outputs do not depend on which worker finished first.
        let workers = Self.waveWidth
        var done = 0
        var waveStart = 0
        let totalBytes = work.reduce(0) { $0 + $1.files.reduce(0) { $0 + Int($1.size) } }
        var doneBytes = 0
        let ingestStart = session.context.now().milliseconds
        while waveStart < work.count {
            try Interruption.check()
            let wave = Array(work[waveStart..<min(work.count, waveStart + workers)])
            waveStart += wave.count
            ProgressLine.shared.show(
                Self.ingestProgress(
                    done: done, wave: wave, of: work.count, bytes: doneBytes, totalBytes: totalBytes,
                    elapsedMilliseconds: session.context.now().milliseconds - ingestStart))
            let t0 = session.context.now()
            // Optional slots, emptied as each batch is handed over: applying the second batch of a
            // wave does not also hold the first.
            var results: [SubmissionBatch?] = ParallelIngest.run(wave, options: ingestOptions)
            // The validators' tables (ingest worker threads' arenas) are free now: give them back
            // before the batches are stored, or the store's peak stacks on ingest's in one process
            // (issue 20: `jingzhun run` at 3,000,000 households, 545 MiB RSS for a 394 MB heap peak).
            MemoryPolicy.releaseFreeMemory()
            let seconds = max(0.001, Double(session.context.now().milliseconds - t0.milliseconds) / 1000)
            let waveBytes = wave.reduce(0) { $0 + $1.files.reduce(0) { $0 + Int($1.size) } }
            // The wave's batches to store or stage, in submission order, handed over together
            // (so that their files can be written side by side: `handOver`).
            var handed: [SubmissionBatch] = []
            // Every batch's scratch rows are removed once the wave is stored, staged or dropped.
            var scratchRows: [any BatchRows] = []
            defer { for rows in scratchRows { rows.remove() } }
            for (position, d) in wave.enumerated() {
                guard var batch = results[position].take() else { continue }
                if let rows = batch.rows { scratchRows.append(rows) }
                if let failure = batch.scratchFailure {
                    for other in results { other?.rows?.remove() }
                    var error = RunError(.io, "\(d.key.id): \(failure.message)", path: failure.path)
                    error.errno = failure.errno
                    throw error
                }
                // Two uploads of one (province, year) in one inbox (`52-2019-r1.registry.xml` and
                // `.xml.gz` with other bytes, or r1 after r2 in a wave): the later one is stale
                // against the one this run just applied, exactly as it would be on the next night.
                if batch.outcome == .applied {
                    switch inForce.decide(d.key, contentHash: d.contentHash) {
                    case .newer: inForce.accept(SubmissionRecord(batch))
                    case .alreadyInForce:
                        record(d, "unchanged", "same bytes as \(d.key.id), already applied")
                        continue
                    case .stale(let current, _):
                        batch = d.staleBatch(inForce: current)
                        log.warning(
                            "\(batch.reason!.message)", metadata: ["rule": "F016", "submission": "\(d.key.id)"])
                    }
                }
                let bytes = d.files.reduce(0) { $0 + Int($1.size) }
                session.metrics.bytesRead += bytes
                session.metrics.recordsRead += batch.counts.householdsReceived
                session.metrics.recordsRejected += batch.counts.householdsRejected
                session.metrics.recordsAccepted += batch.counts.householdsReceived - batch.counts.householdsRejected
                let meta: [String: String] = [
                    "submission": d.key.id, "outcome": batch.outcome.rawValue,
                    "households_received": "\(batch.counts.householdsReceived)",
                    "households_rejected": "\(batch.counts.householdsRejected)",
                    "bytes": "\(bytes)", "wave_mb_per_s": "\(Double(Int(Double(waveBytes) / seconds / 1e4)) / 100)",
                ]
                switch batch.outcome {
                case .stale: break
                case .applied:
                    log.info(
                        """
                        \(d.key.id): \(batch.counts.householdsReceived - batch.counts.householdsRejected) of \
                        \(batch.counts.householdsReceived) households accepted
                        """,
                        metadata: meta.mapValues { .string($0) })
                default:
                    let reason =
                        batch.reason.map { "\($0.rule.rawValue) \($0.location): \($0.message)" }
                        ?? batch.outcome.rawValue
                    log.warning(
                        "\(d.key.id) \(batch.outcome.rawValue): \(reason)", metadata: meta.mapValues { .string($0) })
                    session.anyRejectedWhole = true
                }
                record(d, batch.outcome.rawValue, batch.reason.map { "\($0.rule.rawValue): \($0.message)" })
                handed.append(batch)
            }
            try handOver(handed)
            done += wave.count
            doneBytes += waveBytes
        }
        ProgressLine.shared.clear()
        session.fileSystem.removeTree(ingestScratch)
        session.fileSystem.removeEmptyDirectory(session.config.output + "/tmp")
        ingestedInThisProcess = true
        if !session.stages.contains(.normalize) && stagedCount > 0 {
            log.info("staged \(stagedCount) submission(s) for normalize in \(stagingDirectory)")
        }
    }

    /// The terminal's progress line during ingest: which submissions, bytes done, percent, ETA.
    /// The ETA extrapolates the bytes read so far (known once the first wave is done).
    static func ingestProgress(
        done: Int, wave: [DiscoveredSubmission], of count: Int, bytes: Int, totalBytes: Int,
        elapsedMilliseconds: Int64
    ) -> String {
        func mb(_ b: Int) -> String { "\(Double(b / 100_000) / 10) MB" }
        let percent = totalBytes > 0 ? bytes * 100 / totalBytes : 100
        var text =
            "ingest \(done + 1)-\(done + wave.count) of \(count) [\(wave.map(\.key.id).joined(separator: ", "))] "
            + "\(mb(bytes)) of \(mb(totalBytes)) (\(percent)%)"
        if bytes > 0 && elapsedMilliseconds > 0 {
            let remaining = Int64(Double(totalBytes - bytes) * Double(elapsedMilliseconds) / Double(bytes) / 1000)
            text += ", ETA \(remaining / 60):\(remaining % 60 < 10 ? "0" : "")\(remaining % 60)"
        }
        return text
    }

    /// What the ledger of stored submissions knows a batch by: its content hash, kept apart for an
    /// incomplete record, so the same bytes found whole later (their sidecar fixed) are still applied.
    static func ledgerKey(_ contentHash: String, _ outcome: SubmissionOutcome) -> String {
        outcome == .incomplete ? contentHash + "/incomplete" : contentHash
    }

    /// Submissions in one wave: ingested at once (one per core, at most 4: memory holds one batch
    /// per worker), then handed over together; staged batches are applied in waves of the same width.
    static var waveWidth: Int { max(1, min(Processors.online, 4)) }

    /// Scratch folder of the ingest stage: each submission's rows while it is validated and stored.
    var ingestScratch: String { session.config.output + "/tmp/ingest" }

    /// Applies a wave's batches now, in submission order, when normalize runs in this process (so
    /// memory holds one wave, not the whole inbox), or stages them for `jingzhun-normalize`.
    func handOver(_ batches: [SubmissionBatch]) throws {
        if session.stages.contains(.normalize) {
            let t0 = session.context.now().milliseconds
            defer { normalizeMillisecondsDuringIngest += session.context.now().milliseconds - t0 }
            let written = try writeSideBySide(batches)
            for (position, batch) in batches.enumerated() { try normalizeOne(batch, written: written[position]) }
        } else {
            for batch in batches {
                // In pieces of 1 MiB: the encoded batch is never held whole beside the batch (issue 20).
                try BatchCodec.write(
                    batch, to: stagingDirectory + "/\(batch.key.id)-\(batch.contentHash.prefix(16)).batch")
                stagedCount += 1
            }
        }
    }

    /// The data files of a wave's small accepted batches, written side by side, one batch per
    /// core (`Store.writeFiles(of:)`), to be committed in submission order by `normalizeOne`.
    ///
    /// One batch's write keeps about 1.3 of 2 cores busy (its columns are encoded a batch of one
    /// per core at a time, and deflate dominates); two batches written at once keep both busy
    /// (issue 20, item 3). Only batches whose households and members each fit in one row group
    /// are written side by side, so memory holds at most one row group per batch written; a
    /// larger batch, whose peak is already that of a full row group and more (issue 20, item 1),
    /// is written alone. Nothing is written here for a batch the store already holds or that is
    /// not applied; a failure is kept and thrown by `normalizeOne` in the batch's turn, so the
    /// batches before it are committed exactly as when written one at a time.
    func writeSideBySide(_ batches: [SubmissionBatch]) throws -> [Result<PreparedApply, StoreError>?] {
        var written = [Result<PreparedApply, StoreError>?](repeating: nil, count: batches.count)
        guard batches.count > 1 else { return written }
        let ledger = try ledgerCache ?? Set(store.submissions().map { Self.ledgerKey($0.contentHash, $0.outcome) })
        ledgerCache = ledger
        let rowGroupRows = session.config.settings.rowGroupRows
        let small = batches.indices.filter { i in
            let b = batches[i]
            return b.outcome == .applied && !ledger.contains(Self.ledgerKey(b.contentHash, b.outcome))
                && b.householdCount <= rowGroupRows && b.memberCount <= rowGroupRows
        }
        guard small.count > 1 else { return written }
        let store = store
        let results = Parallel.map(small.count) { k -> Result<PreparedApply, StoreError> in
            do throws(StoreError) {
                return .success(try store.writeFiles(of: batches[small[k]]))
            } catch {
                return .failure(error)
            }
        }
        for (k, i) in small.enumerated() { written[i] = results[k] }
        return written
    }

    func record(_ d: DiscoveredSubmission, _ outcome: String, _ reason: String? = nil) {
        for f in d.files {
            session.manifest.inputs.append(
                Manifest.Input(
                    path: f.name, size: Int(f.size), sha256: f.sha256, submission: d.key.id, outcome: outcome,
                    reason: reason,
                    contentHash: d.contentHash))
        }
    }

    func stagedBatchFiles() -> [(path: String, hash: String)] {
        // try?: no staging folder means nothing staged (the usual case when ingest and normalize run together).
        ((try? FilePath.list(stagingDirectory)) ?? []).filter { $0.hasSuffix(".batch") }.map { name in
            (stagingDirectory + "/" + name, String(name.dropLast(6).split(separator: "-").last ?? ""))
        }
    }

    // MARK: - Normalize

    func normalize() throws {
        let log = session.logger("normalize")
        // Batches ingested in this process were applied as they were read (see handOver).
        guard !ingestedInThisProcess else { return }
        // Order by the batches' heads, then decode and apply one batch at a time: memory holds one
        // batch, not the whole staging folder.
        var work: [(path: String, key: SubmissionKey, hash: String)] = []
        for f in stagedBatchFiles() {
            // The head (key, files, content hash) sits in the first bytes; a head longer than the
            // prefix (a submission of very many files) is read from the whole file.
            // try? (here and below): an unreadable batch is discarded with a warning naming it (discardUnreadable);
            // its submission is not in the ledger, so the next ingest reads it again from the inbox.
            let prefix = try? FilePath.readAll(f.path, maximumBytes: 1 << 16)
            guard
                let head = prefix.flatMap(BatchCodec.decodeHeader)
                    ?? (try? FilePath.readAll(f.path)).flatMap(BatchCodec.decodeHeader)
            else {
                discardUnreadable(f.path)
                continue
            }
            work.append((f.path, head.key, head.contentHash))
        }
        work.sort { ($0.key, $0.hash) < ($1.key, $1.hash) }
        // A wave of batches at a time, as `jingzhun run` hands them over: small ones are written
        // side by side (`writeSideBySide`), every one committed in order.
        let workers = Self.waveWidth
        var waveStart = 0
        while waveStart < work.count {
            let wave = work[waveStart..<min(work.count, waveStart + workers)]
            waveStart = wave.endIndex
            var batches: [(path: String, batch: SubmissionBatch)] = []
            for item in wave {
                guard let b = Self.readStagedBatch(item.path) else {
                    discardUnreadable(item.path)
                    continue
                }
                if session.options.dryRun {
                    log.info("would apply \(b.key.id) (\(b.outcome.rawValue))")
                    if b.outcome == .applied { dryRunRecordYears.insert(b.key.year) }
                    dryRunReportYears.insert(b.key.year)
                    continue
                }
                batches.append((item.path, b))
            }
            let written = try writeSideBySide(batches.map(\.batch))
            for (position, item) in batches.enumerated() {
                try normalizeOne(item.batch, written: written[position])
                item.batch.rows?.remove()
                FilePath.removeTree(item.path)
            }
        }
    }

    /// Decodes a staged batch; the file's bytes are freed when this returns, before the batch is
    /// applied (so applying does not also hold the encoded copy).
    static func readStagedBatch(_ path: String) -> SubmissionBatch? {
        // try?: an unreadable batch is discarded with a warning by the caller and ingested again.
        try? BatchCodec.read(path)
    }

    private func discardUnreadable(_ path: String) {
        session.logger("normalize").warning(
            "ignoring unreadable staged batch \(path); its submission will be ingested again")
        if !session.options.dryRun { FilePath.removeTree(path) }
    }

    /// Applies (accepted) or records (rejected, stale, incomplete) one batch; a batch whose
    /// content hash the store already holds is skipped (idempotent after a crash).
    /// - Parameter written: the batch's data files when `writeSideBySide` wrote them already.
    func normalizeOne(_ b: SubmissionBatch, written: Result<PreparedApply, StoreError>? = nil) throws {
        try Interruption.check()
        let log = session.logger("normalize")
        var ledger = try ledgerCache ?? Set(store.submissions().map { Self.ledgerKey($0.contentHash, $0.outcome) })
        if ledger.contains(Self.ledgerKey(b.contentHash, b.outcome)) {
            ledgerCache = ledger
            return
        }
        let now = session.context.now().milliseconds
        if b.outcome == .applied {
            if let written { try store.commit(written.get(), now: now) } else { try store.apply(b, now: now) }
            log.info(
                "applied \(b.key.id): \(b.householdCount) households, \(b.memberCount) members",
                metadata: ["submission": "\(b.key.id)"])
        } else {
            try store.record(b, now: now)
            log.info("recorded \(b.key.id) as \(b.outcome.rawValue)", metadata: ["submission": "\(b.key.id)"])
        }
        ledger.insert(Self.ledgerKey(b.contentHash, b.outcome))
        ledgerCache = ledger
        session.metrics.submissionsByOutcome[b.outcome.rawValue, default: 0] += 1
        MemoryPolicy.releaseFreeMemory()
        Failpoint.hit("after-apply", environment: session.context.environment)
    }

    // MARK: - Outputs for the manifest

    func recordOutputs() throws {
        let root = session.config.output
        var outputs: [Manifest.Output] = []
        for rel in FilePath.walkFiles(root) where rel.hasPrefix("exports/") || rel.hasPrefix("reports/") {
            let h = try outputDigests.digest(of: rel, output: root)
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
        // The versions `jingzhun report` reads: those of the last run that finished rendering.
        if session.stages.contains(.render) { try StoreVersionsFile.write(versions, output: session.config.output) }
    }
}

/// Environment-controlled crash points for the crash-safety harness (`JINGZHUN_FAILPOINT=name:N`
/// kills the process with SIGKILL the N-th time `name` is reached; `name:N:TERM` or `name:N:INT`
/// sends itself SIGTERM or SIGINT instead, to test the interrupted record). Inert unless set.
enum Failpoint {
    nonisolated(unsafe) static var counts: [String: Int] = [:]
    static func hit(_ name: String, environment: [String: String]) {
        guard let spec = environment["JINGZHUN_FAILPOINT"] else { return }
        let parts = spec.split(separator: ":")
        guard parts.count == 2 || parts.count == 3, parts[0] == name, let n = Int(parts[1]) else { return }
        counts[name, default: 0] += 1
        guard counts[name] == n else { return }
        switch parts.count == 3 ? parts[2] : "KILL" {
        case "TERM": kill(getpid(), SIGTERM)
        case "INT": kill(getpid(), SIGINT)
        default: kill(getpid(), SIGKILL)
        }
    }
}
