import JingzhunIO
import JingzhunStore

#if canImport(Glibc)
    import Glibc
#endif

/// `jingzhun verify`: rerun a recorded run from its inputs into a fresh folder and compare every
/// recorded output's SHA-256 (runs-and-store.md §Reproducibility).
public enum Verifier {
    public struct Result: Sendable {
        public var table: String
        public var end: RunEnd
        /// One line: `N matched, M differing` (and what else was counted).
        public var summary = ""
        init(table: String, end: RunEnd, summary: String = "") {
            self.table = table
            self.end = end
            self.summary = summary
        }
    }

    /// Files compared between output folders: data outputs only. Run records (manifests, logs,
    /// metrics), state files and the Delta logs (which carry commit times) are not data outputs.
    static func isDataOutput(_ relativePath: String) -> Bool {
        if relativePath.hasPrefix("exports/") || relativePath.hasPrefix("reports/") { return true }
        if relativePath.hasPrefix("store/") && relativePath.hasSuffix(".parquet")
            && !relativePath.contains("/_delta_log/")
            && !relativePath.contains("/.")
        {
            return true
        }
        return false
    }

    /// What `verify` may be told instead of what the manifest records (the run's files moved).
    public struct Overrides: Sendable {
        /// The pipeline file to rerun with (its SHA-256 must still match the recorded one).
        public var pipeline: String?
        /// The folder holding the recorded inputs.
        public var inbox: String?
        /// Where the rerun's scratch folder goes (default: `TMPDIR`, else `/tmp`).
        public var scratchParent: String?
        public init(pipeline: String? = nil, inbox: String? = nil, scratchParent: String? = nil) {
            self.pipeline = pipeline
            self.inbox = inbox
            self.scratchParent = scratchParent
        }
    }

    /// Verifies a run from its manifest: first the published files on disk, then a rerun.
    ///
    /// 1. Every output the manifest records is hashed where it lies in the output folder (the
    ///    folder two levels above the manifest: `<output>/runs/<id>/manifest.json`). A file that
    ///    differs is a failure naming it, unless a later run's manifest in the same folder records
    ///    exactly its current bytes (that run rewrote it, which is not tampering). Nothing is rerun
    ///    after a failure here.
    /// 2. The pipeline file (recorded path, relative to the output folder unless it was given
    ///    absolute, or `overrides.pipeline`), the reference data and every input (in the recorded
    ///    inbox or `overrides.inbox`) must be unchanged.
    /// 3. The run is redone into a fresh scratch folder and every recorded output is compared.
    public static func verify(manifestPath: String, overrides: Overrides = Overrides(), context: RunContext) -> Result {
        func fail(_ message: String) -> Result { Result(table: "verify: \(message)\n", end: .submissionRejected) }
        let manifestFile = FilePath.absolute(manifestPath)
        let bytes: [UInt8]
        do { bytes = try FilePath.readAll(manifestFile) } catch {
            return Result(
                table: "",
                end: .usage(
                    "cannot read manifest \(manifestPath): \(error.message); give a run's manifest, "
                        + "<output>/runs/<run-id>/manifest.json"))
        }
        guard let manifest = Manifest.Recorded(bytes: bytes) else {
            return Result(
                table: "", end: .usage("\(manifestPath) is not a jingzhun manifest (\(Manifest.formatVersion))"))
        }
        let recordedPipeline = manifest.pipelinePath
        let pipelineHash = manifest.pipelineSHA256
        let recordedInbox = manifest.inboxPath
        let runFolder = FilePath.directory(of: manifestFile)
        let outputFolder = FilePath.directory(of: FilePath.directory(of: runFolder))
        let runID = manifest.runID ?? FilePath.basename(of: runFolder)
        var expected: [(String, String)] = manifest.outputs.map { ($0.path, $0.sha256) }
        expected.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        var header = "verify run \(runID) (manifest \(manifestPath))\n"

        // 1. What was published is what the manifest says.
        let published = checkPublished(expected, outputFolder: outputFolder, runID: runID)
        header += "published files in \(outputFolder): \(published.summary)\n"
        if published.failures > 0 {
            return Result(
                table: header + "verify: \(published.failures) published file(s) differ from the manifest; not rerun\n"
                    + published.detail,
                end: .submissionRejected)
        }

        // 2. The recorded pipeline file, reference data and inputs must be unchanged.
        let pipelinePath =
            overrides.pipeline.map { FilePath.absolute($0) }
            ?? ManifestPaths.resolve(recordedPipeline, output: outputFolder)
        let inbox =
            overrides.inbox.map { FilePath.absolute($0) } ?? ManifestPaths.resolve(recordedInbox, output: outputFolder)
        // try?: missing or unreadable, the answer is the same: say where it was looked for and how to give it.
        guard let actualPipeline = try? FilePath.sha256(of: pipelinePath) else {
            return fail(
                """
                the pipeline file \(pipelinePath) is missing (recorded as '\(recordedPipeline)', relative to the \
                output folder \(outputFolder) unless absolute); give it with --pipeline FILE
                """
            )
        }
        if actualPipeline.hex != pipelineHash {
            return fail(
                """
                the pipeline file \(pipelinePath) changed since the run (SHA-256 \
                \(actualPipeline.hex.prefix(12))… ≠ recorded \(pipelineHash.prefix(12))…)
                """
            )
        }
        // try? (both): a pipeline or reference folder that no longer loads fails the rerun below with
        // its own message (file, line, what to do); here only a loadable, changed reference is named.
        if let refHash = manifest.referenceSHA256, let config = try? PipelineConfig.load(path: pipelinePath),
            let ref = try? ReferenceData.load(directory: config.reference), ref.combinedHash != refHash
        {
            return fail("the reference data in \(config.reference) changed since the run (SHA-256 differs)")
        }
        let parent = overrides.scratchParent.map { FilePath.absolute($0) } ?? scratchParent(context)
        let scratch = parent + "/jingzhun-verify-\(getpid())-\(context.now().milliseconds)"
        FilePath.removeTree(scratch)
        defer { FilePath.removeTree(scratch) }
        let scratchInbox = scratch + "/inbox"
        let scratchOutput = scratch + "/output"
        var problems: [String] = []
        for input in manifest.inputs {
            let (path, hash) = (input.path, input.sha256)
            if input.outcome == "not-a-submission" { continue }
            let full = inbox + "/" + path
            // Inputs are read only as regular files (never a FIFO, device or symlink: issue 13).
            let actual: (hex: String, size: Int)
            do { actual = try RegularFile.sha256(of: full) } catch {
                problems.append(
                    """
                    input \(full) is missing or unreadable (give the inputs' folder with --inbox DIR): \
                    \(error.message)
                    """
                )
                continue
            }
            if actual.hex != hash {
                problems.append(
                    """
                    input \(full) changed since the run (SHA-256 \(actual.hex.prefix(12))… ≠ recorded \
                    \(hash.prefix(12))…)
                    """
                )
                continue
            }
            do {
                try AtomicFile.write(
                    try RegularFile.readAll(full, maximumBytes: actual.size), to: scratchInbox + "/" + path)
            } catch {
                problems.append("cannot copy input \(full) into the scratch folder \(scratchInbox): \(error)")
            }
        }
        if !problems.isEmpty { return fail(problems.joined(separator: "\n")) }
        do { try FilePath.createDirectories(scratchInbox) } catch {
            return Result(
                table: "",
                end: .usage(
                    "cannot create the scratch folder \(scratchInbox) (choose another with --scratch DIR): \(error)"))
        }
        // 3. Rerun everything into the fresh folder with the same pipeline, reference data and key.
        var options = RunOptions()
        options.inbox = scratchInbox
        options.output = scratchOutput
        options.quiet = true
        let end = PipelineRunner.run(
            pipelinePath: pipelinePath, stages: Stage.allCases, options: options, context: context)
        switch end {
        case .ok, .submissionRejected: break
        default: return Result(table: header, end: end)
        }
        if let fp = manifest.keyFingerprint,
            let rerun = latestManifest(in: scratchOutput), rerun.keyFingerprint != fp
        {
            return fail(
                "the pseudonym key differs from the run's (fingerprint \(fp)): pseudonyms and every table would differ")
        }
        var result = compare(expected: expected, actualRoot: scratchOutput, label: "rerun")
        result.table = header + "rerun: " + result.summary + "\n\n" + published.detail + result.table
        return result
    }

    /// The scratch folder's parent: the system temporary folder (`TMPDIR` from the run's
    /// environment, else `/tmp`), never a fixed path when the system names another.
    static func scratchParent(_ context: RunContext) -> String {
        if let dir = context.environment["TMPDIR"], dir.hasPrefix("/") { return FilePath.absolute(dir) }
        return "/tmp"
    }

    struct PublishedCheck {
        var summary: String
        var detail: String
        var failures: Int
    }

    /// Hashes each recorded output where it lies; see `verify` step 1.
    static func checkPublished(_ expected: [(String, String)], outputFolder: String, runID: String) -> PublishedCheck {
        // Later runs' records of each path, newest first: a file they rewrote is explained.
        var later: [(run: String, outputs: [String: String])] = []
        // try?: the manifest was read from this runs/ folder; an unreadable listing only loses the
        // "rewritten by a later run" explanations, and the files are then reported as differing.
        for name in ((try? FilePath.list(outputFolder + "/runs")) ?? []).reversed() where name > runID {
            guard let m = Manifest.Recorded.read(outputFolder + "/runs/" + name + "/manifest.json") else { continue }
            var map: [String: String] = [:]
            for o in m.outputs { map[o.path] = o.sha256 }
            later.append((name, map))
        }
        var matched = 0
        var rewritten = 0
        var failures = 0
        var detail = ""
        for (path, hash) in expected {
            // try?: an unreadable output is reported as missing or differing, with its path.
            let actual = (try? FilePath.sha256(of: outputFolder + "/" + path))?.hex
            if actual == hash {
                matched += 1
                continue
            }
            if let by = later.first(where: { $0.outputs[path] == actual || (actual == nil && $0.outputs[path] == nil) })
            {
                rewritten += 1
                detail += "rewritten by later run \(by.run)  \(path)\n"
                continue
            }
            failures += 1
            if let actual {
                detail +=
                    """
                    DIFFERS on disk  \(outputFolder)/\(path) (recorded \(hash.prefix(16)), found \
                    \(actual.prefix(16)))\n
                    """
            } else {
                detail += "MISSING on disk  \(outputFolder)/\(path) (recorded \(hash.prefix(16)))\n"
            }
        }
        var summary = "\(matched) matched, \(failures) differing"
        if rewritten > 0 { summary += ", \(rewritten) rewritten by later runs" }
        return PublishedCheck(summary: summary, detail: detail, failures: failures)
    }

    /// `verify --against REFERENCE CANDIDATE`: compare the data outputs of two output folders.
    ///
    /// Prints which folder is which, then a summary line, then the detail (every file compared,
    /// with what the candidate has); exit 1 when anything differs, is missing or is extra.
    /// Exports and reports are compared file by file; the store through its Delta logs (issue 13):
    /// the files each table holds in force, and their SHA-256. A `remove` in a log, a table
    /// removed or a file in force deleted is a difference even when the files on disk are equal;
    /// a store whose logs cannot be read is reported as such (exit 1).
    public static func compareFolders(reference: String, candidate: String) -> Result {
        for (role, folder) in [("reference", reference), ("candidate", candidate)] where !FilePath.isDirectory(folder) {
            return Result(
                table: "", end: .usage("the \(role) \(folder) is not an output folder (reading it as a folder failed)"))
        }
        func reportsAndExports(_ root: String) -> [String] {
            FilePath.walkFiles(root).filter { $0.hasPrefix("exports/") || $0.hasPrefix("reports/") }
        }
        var problems: [String] = []
        func inForce(_ root: String) -> [String] {
            do {
                return try Store(root: root + "/store").activeDataFiles().map { "store/" + $0 }
            } catch {
                problems.append("the store of \(root) cannot be read through its Delta logs: \(error.message)")
                return []
            }
        }
        let storeReference = inForce(reference)
        let storeCandidate = inForce(candidate)
        let expected = (reportsAndExports(reference) + storeReference)
            // try?: the file was just listed; unreadable, its empty digest matches nothing and it is reported.
            .map { ($0, (try? FilePath.sha256(of: reference + "/" + $0))?.hex ?? "") }
        var result = compare(
            expected: expected, actualRoot: candidate, label: "candidate", storeInForce: Set(storeCandidate))
        let known = Set(expected.map(\.0))
        let extra = (reportsAndExports(candidate) + storeCandidate).filter { !known.contains($0) }
        var summary = result.summary
        if !extra.isEmpty {
            result.table += extra.map { "EXTRA     (only in the candidate)  \($0)\n" }.joined()
            result.end = .submissionRejected
            summary += ", \(extra.count) only in the candidate"
        }
        if !problems.isEmpty {
            result.table += problems.map { "DAMAGED   \($0)\n" }.joined()
            result.end = .submissionRejected
            summary += ", \(problems.count) damaged store(s)"
        }
        let verdict =
            result.end == .ok ? "the candidate matches the reference" : "the candidate DIFFERS from the reference"
        result.table =
            "reference: \(reference)\ncandidate: \(candidate)\nsummary:   \(summary): \(verdict)\n\n" + result.table
        result.summary = summary
        return result
    }

    /// - Parameter storeInForce: when given, a `store/` path must also be in force in the actual
    ///   folder's Delta log (a file present on disk but removed from the log is "not in force").
    static func compare(
        expected: [(String, String)], actualRoot: String, label: String, storeInForce: Set<String>? = nil
    ) -> Result {
        var table = "status    sha256 (recorded)  path\n"
        var matched = 0
        var differing = 0
        var missing = 0
        for (path, hash) in expected.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
            // try?: unreadable reads as MISSING in the table, with its path.
            let actual = (try? FilePath.sha256(of: actualRoot + "/" + path))?.hex
            let status: String
            if let storeInForce, path.hasPrefix("store/"), !storeInForce.contains(path) {
                status = "NOT IN FORCE"
                differing += 1
            } else if actual == hash {
                status = "matched "
                matched += 1
            } else if actual == nil {
                status = "MISSING "
                missing += 1
            } else {
                status = "DIFFERS "
                differing += 1
            }
            table += "\(status)  \(hash.prefix(16))   \(path)\n"
        }
        var summary = "\(matched) matched, \(differing + missing) differing"
        if missing > 0 { summary += " (\(missing) missing from the \(label))" }
        return Result(table: table, end: differing + missing == 0 ? .ok : .submissionRejected, summary: summary)
    }

    static func latestManifest(in output: String) -> Manifest.Recorded? {
        // try?: no runs/ folder means no run yet; the caller says so.
        guard let runs = try? FilePath.list(output + "/runs"), let last = runs.last else { return nil }
        return Manifest.Recorded.read(output + "/runs/\(last)/manifest.json")
    }
}
