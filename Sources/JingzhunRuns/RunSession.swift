import JingzhunCore
import JingzhunIO
import JingzhunReports
import JingzhunStore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// One run in progress: holds what the stages share and records what they did.
final class RunSession {
    let runID: String
    let config: PipelineConfig
    let reference: ReferenceData
    let pseudonymizer: Pseudonymizer
    let options: RunOptions
    let context: RunContext
    let sink: RunLogSink
    let stages: [Stage]
    let startedAt: WallTime
    var manifest: Manifest
    var metrics = RunMetrics()
    var anyRejectedWhole = false
    let runDirectory: String
    /// The file system the run's own files (scratch runs, the store's folder moves) go through.
    let fileSystem: any FileSystem = POSIXFileSystem()

    init(
        runID: String, config: PipelineConfig, reference: ReferenceData, pseudonymizer: Pseudonymizer,
        options: RunOptions,
        context: RunContext, sink: RunLogSink, stages: [Stage], startedAt: WallTime
    ) {
        self.runID = runID
        self.config = config
        self.reference = reference
        self.pseudonymizer = pseudonymizer
        self.options = options
        self.context = context
        self.sink = sink
        self.stages = stages
        self.startedAt = startedAt
        runDirectory = config.output + "/runs/" + runID
        // try?: PipelineConfig.load read this file moments ago; if it vanished since, the manifest records
        // no digest and `verify` reports the pipeline file as changed, naming it.
        let pipelineHash = (try? FilePath.sha256(of: config.file))?.hex ?? ""
        // Paths travel with the output folder unless the user wrote them absolute (ManifestPaths).
        func recorded(_ path: String, _ key: String) -> String {
            ManifestPaths.record(
                path, wasGivenAbsolute: config.written[key]?.hasPrefix("/") ?? true, output: config.output)
        }
        let keySource: String
        switch config.key {
        case .file(let path, let isSample):
            let shown = recorded(path, "key")
            keySource = isSample ? "file \(shown) (SAMPLE key, not secret)" : "file \(shown)"
        case .environment(let name): keySource = "environment variable \(name)"
        }
        manifest = Manifest(
            runID: runID,
            command: options.rebuild
                ? "rebuild"
                : stages.count == Stage.allCases.count ? "run" : stages.map(\.rawValue).joined(separator: ","),
            stages: stages.map(\.rawValue), toolVersion: BuildInfo.version,
            gitCommit: BuildInfo.gitCommit(environment: context.environment), pipelineName: config.name,
            pipelinePath: recorded(config.file, "pipeline"), pipelineSHA256: pipelineHash,
            inboxPath: recorded(config.inbox, "inbox"), outputPath: recorded(config.output, "output"),
            referencePath: recorded(config.reference, "reference"), referenceSHA256: reference.combinedHash,
            referenceFiles: reference.files,
            templatesPath: recorded(config.templates, "templates"),
            templatesSHA256: RunSession.hashFolder(config.templates),
            keyFingerprint: pseudonymizer.keyFingerprint, keySource: keySource,
            settings: [
                ("max_rejected_household_pct", .double(config.settings.maxRejectedHouseholdPct)),
                ("max_inflated_bytes", .int(Int64(config.settings.maxInflatedBytes))),
                ("xml_max_depth", .int(Int64(config.settings.xmlMaxDepth))),
                ("xml_max_attribute_bytes", .int(Int64(config.settings.xmlMaxAttributeBytes))),
                ("row_group_rows", .int(Int64(config.settings.rowGroupRows))),
            ],
            startedAt: startedAt)
        manifest.catalogues = config.catalogue.digests
        metrics.startedAt = startedAt
        sink.setRunID(runID)
    }

    func logger(_ stage: String) -> Logger {
        Logger(label: stage) { label in RunLogHandler(label: label, sink: sink) }
    }

    /// Runs the stages and writes the run's records.
    func execute() -> RunEnd {
        let log = logger("run")
        if !options.dryRun {
            do { try FilePath.createDirectories(runDirectory) } catch {
                return SystemFailure.end(for: error, operation: "creating the run folder \(runDirectory)")
            }
            sink.open(path: runDirectory + "/log.jsonl")
        }
        log.info(
            "run \(runID) of pipeline \(config.name) started",
            metadata: ["pipeline": "\(config.file)", "output": "\(config.output)"])
        if case .file(_, true) = config.key {
            log.notice("using the committed SAMPLE pseudonym key: fine for the sample data, never for real registries")
        }
        var end: RunEnd = .ok
        do {
            if options.rebuild, let refused = StoreRebuild.prepare(config: config, runID: runID, log: log) {
                throw RebuildRefused(end: refused)
            }
            let engine = try StageEngine(session: self)
            for stage in stages.sorted() {
                try Interruption.check()
                let t0 = context.now()
                try engine.run(stage)
                Failpoint.hit("after-\(stage.rawValue)", environment: context.environment)
                var milliseconds = context.now().milliseconds - t0.milliseconds
                // Batches are applied as ingest reads them (memory holds one per worker): that time
                // is normalize's, not ingest's, so each stage's metric is its own work.
                switch stage {
                case .ingest: milliseconds -= engine.normalizeMillisecondsDuringIngest
                case .normalize: milliseconds += engine.normalizeMillisecondsDuringIngest
                default: break
                }
                metrics.stageSeconds.append((stage.rawValue, Double(max(0, milliseconds)) / 1000))
            }
            try Interruption.check()
            if engine.reportOutstanding() { anyRejectedWhole = true }
            if !options.dryRun { log.info("\(RunSummary.line(engine, runDirectory: runDirectory))") }
            if !options.dryRun { try engine.recordOutputs() }
            if anyRejectedWhole { end = .submissionRejected }
        } catch let error as RunError where error.code == .usage || error.code == .pipelineFile {
            log.error("\(error.message)", metadata: ["code": "\(error.code)"])
            end = .usage(error.message)
        } catch let error as ReportError
            where [.templateInvalid, .templateMissing, .templateDirectoryUnreadable].contains(error.code)
        {
            // A template the user edited is a setup mistake, not a bug: exit 2 naming the file.
            let message = "loading the report templates of \(config.templates): \(error.message)"
            log.error("\(message)", metadata: ["code": "\(error.code)", "file": "\(error.path ?? "")"])
            end = .usage(message)
        } catch let interrupted as Interrupted {
            let name = Interruption.name(interrupted.signal)
            log.warning(
                """
                run interrupted by \(name) at a safe point; the store is consistent and the next run completes \
                the work
                """,
                metadata: ["code": "interrupted", "signal": "\(name)"])
            manifest.interrupted = name
            end = .interrupted(signal: interrupted.signal)
        } catch let refused as RebuildRefused {
            if case .storeDamaged(let message) = refused.end {
                log.error("\(message)", metadata: ["code": "store-damaged"])
            }
            end = refused.end
        } catch let failure as EngineUnavailable {
            log.error("\(failure.message)", metadata: ["code": "unavailable"])
            end = .systemFailure(.unavailable, failure.message)
        } catch let error as StoreError where error.isDamage {
            log.error("\(error.message)", metadata: ["code": "store-damaged", "path": "\(error.path ?? "")"])
            end = .storeDamaged(error.message)
        } catch {
            end = SystemFailure.end(
                for: error,
                operation:
                    """
                    running the \(stages.map(\.rawValue).joined(separator: ", ")) \
                    stage\(stages.count == 1 ? "" : "s") on \(config.output)
                    """
            )
            if case .systemFailure(_, let message) = end {
                log.error("\(message)", metadata: ["code": "system"])
            } else {
                log.error("\(error)", metadata: ["code": "internal"])
            }
        }
        let status = end.exitStatus.rawValue
        let ended = context.now()
        log.info("run \(runID) ended with exit status \(status)", metadata: ["exit_status": "\(status)"])
        ProgressLine.shared.clear()
        guard !options.dryRun else { return end }
        manifest.endedAt = ended
        manifest.exitStatus = status
        metrics.endedAt = ended
        metrics.exitStatus = status
        var usage = rusage()
        if getrusage(RUSAGE_SELF.rawValue, &usage) == 0 { metrics.peakResidentBytes = Int64(usage.ru_maxrss) * 1024 }
        metrics.lastSuccess = end.exitStatus.isFinished ? ended : Self.previousLastSuccess(config.output)
        do {
            try AtomicFile.write(manifest.json().render(pretty: true) + "\n", to: runDirectory + "/manifest.json")
            let prom = metrics.render(pipeline: config.name)
            try AtomicFile.write(prom, to: runDirectory + "/metrics.prom")
            try AtomicFile.write(prom, to: config.output + "/metrics.prom")
        } catch {
            sink.closeFile()
            return SystemFailure.end(
                for: error, operation: "writing the run records (manifest, metrics) in \(runDirectory)")
        }
        sink.closeFile()
        return end
    }

    /// Keeps the last-success timestamp of the previous run when this one failed.
    static func previousLastSuccess(_ output: String) -> WallTime? {
        // try?: no metrics.prom (a first run, or removed by the operator) means no earlier success to keep.
        guard let bytes = try? FilePath.readAll(output + "/metrics.prom") else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        where line.hasPrefix("jingzhun_last_success_timestamp_seconds") {
            if let v = line.split(separator: " ").last, let d = Double(v) {
                return WallTime(milliseconds: Int64(d * 1000))
            }
        }
        return nil
    }

    /// SHA-256 over the relative names and contents of every file of a folder (templates).
    static func hashFolder(_ path: String) -> String {
        var h = SHA256Hasher()
        for rel in FilePath.walkFiles(path) {
            // try?: an unreadable template still changes the fingerprint ("unreadable"); the render stage
            // then fails on it with its path (TemplateLibrary).
            let file = (try? FilePath.sha256(of: path + "/" + rel))?.hex ?? "unreadable"
            h.update("\(rel)\t\(file)\n")
        }
        return h.finalizeHex()
    }
}
