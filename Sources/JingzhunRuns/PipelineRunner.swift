import JingzhunCore
import JingzhunIO
import JingzhunReports
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Runs stages of a pipeline: `jingzhun run` (all four) and the stage executables (one each).
///
/// Order of work (runs-and-store.md §Command line, §Crash safety):
/// 1. pipeline file, reference data, key and templates are loaded and checked (problems → exit 2);
/// 2. the output folder's lock is taken (held → exit 3);
/// 3. ingest: the inbox is scanned; a submission whose bytes were already seen is skipped;
///    new ones are validated into batches (staged on disk when the stages run separately);
/// 4. normalize: batches are applied to the store (one Delta commit per table);
/// 5. compute: years whose inputs changed (fingerprint of the submissions in force for y and
///    y−1 and of the reference data) are recomputed, then the exports are rewritten;
/// 6. render: years whose indicators or submissions changed are rendered again;
/// 7. the manifest, log and metrics are written.
/// Each step is idempotent and keyed on content, so a run killed at any instant is completed by
/// the next one.
public enum PipelineRunner {
    public static func run(pipelinePath: String, stages: [Stage], options: RunOptions, context: RunContext) -> RunEnd {
        let sink = RunLogSink(stderrFormat: options.logFormat, quiet: options.quiet, clock: context.now)
        // The live line is for a person at a terminal: not with --quiet, not between JSON lines.
        if options.quiet || options.logFormat == .json { ProgressLine.shared.enabled = false }
        let started = context.now()
        // 1. Configuration.
        var config: PipelineConfig
        let reference: ReferenceData
        let key: [UInt8]
        do {
            config = try PipelineConfig.load(path: pipelinePath)
            config.written["pipeline"] = pipelinePath
            if let inbox = options.inbox { config.written["inbox"] = inbox }
            if let output = options.output { config.written["output"] = output }
            if let inbox = options.inbox { config.inbox = FilePath.absolute(inbox) }
            if let output = options.output { config.output = FilePath.absolute(output) }
            if let engine = options.engine { config.compute.engine = engine }
            if let master = options.master { config.compute.master = master }
            guard FilePath.isDirectory(config.inbox) else {
                return .usage("inbox folder \(config.inbox) does not exist (pipeline \(pipelinePath), key 'inbox')")
            }
            reference = try ReferenceData.load(directory: config.reference)
            key = try config.loadKey(environment: context.environment)
        } catch {
            return .usage(error.message)
        }
        // Every configured path is checked before anything changes (issue 13): the templates
        // too, which only render reads — a missing folder, a missing report template or a
        // partial that includes itself is exit 2 now, not after ingest changed the store.
        guard FilePath.isDirectory(config.templates) else {
            return .usage(
                "templates folder \(config.templates) does not exist (pipeline \(pipelinePath), key 'templates')")
        }
        do {
            try checkTemplateFiles(config.templates)
            try TemplateLibrary(directory: config.templates).checkEveryReportPresent()
        } catch let error as RunError {
            return .usage(error.message)
        } catch let error as ReportError {
            return .usage("templates (pipeline \(pipelinePath), key 'templates'): \(error.message)")
        } catch {
            return .usage("templates (pipeline \(pipelinePath), key 'templates'): \(error)")
        }

        if let shard = options.shard, stages != [.ingest] {
            return .usage(
                """
                --shard \(shard) splits the ingest stage only: use it with jingzhun-ingest, then run \
                jingzhun-normalize once
                """
            )
        }

        // 2. Lock. A dry run writes nothing, so it takes no lock (and creates no folder), but it
        // still refuses while a run holds the folder: what it would report is about to change.
        var lock: RunLock?
        if options.dryRun {
            if let holder = RunLock.holder(outputDirectory: config.output) {
                return .locked(Self.lockedMessage(config.output, holder))
            }
        } else {
            do {
                switch try RunLock.acquire(
                    outputDirectory: config.output, startedAt: started.iso8601, shared: options.shard != nil)
                {
                case .acquired(let l): lock = l
                case .heldBy(let holder): return .locked(Self.lockedMessage(config.output, holder))
                }
            } catch {
                return SystemFailure.end(
                    for: error, operation: "taking the run lock in the output folder \(config.output)")
            }
        }
        defer { lock?.release() }
        // From here on SIGINT/SIGTERM stop the run at a safe point and are recorded (issue 13).
        Interruption.install()

        // Shards start at the same second on different hosts: the shard label keeps run ids apart.
        let runID = "\(started.compact)-\(getpid())" + (options.shard.map { "-" + $0.label } ?? "")
        let session = RunSession(
            runID: runID, config: config, reference: reference, pseudonymizer: Pseudonymizer(key: key),
            options: options,
            context: context, sink: sink, stages: stages, startedAt: started)
        return session.execute()
    }

    /// Every `*.mustache` file of the templates folder must be a regular file (a link to one is
    /// followed): a FIFO would block the template loader for ever (issue 13).
    static func checkTemplateFiles(_ folder: String) throws(RunError) {
        // try?: an unlistable templates folder is reported by TemplateLibrary with its path when render loads it.
        for name in (try? FilePath.list(folder)) ?? [] where name.hasSuffix(".mustache") {
            let path = folder + "/" + name
            do {
                try RegularFile.check(path, followingSymlinks: true)
            } catch {
                throw RunError(.pipelineFile, "template file \(path): \(error.message)", path: path)
            }
        }
    }

    static func lockedMessage(_ output: String, _ holder: RunLock.Holder) -> String {
        """
        output folder \(output) is in use by another run (pid \(holder.pid), started \(holder.startedAt)); try \
        again when it has finished
        """
    }
}
