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
    }

    /// Files compared between output folders: data outputs only. Run records (manifests, logs,
    /// metrics), state files and the Delta logs (which carry commit times) are not data outputs.
    static func isDataOutput(_ relativePath: String) -> Bool {
        if relativePath.hasPrefix("exports/") || relativePath.hasPrefix("reports/") { return true }
        if relativePath.hasPrefix("store/") && relativePath.hasSuffix(".parquet") && !relativePath.contains("/_delta_log/")
            && !relativePath.contains("/.") { return true }
        return false
    }

    public static func verify(manifestPath: String, context: RunContext) -> Result {
        func fail(_ message: String) -> Result { Result(table: "verify: \(message)\n", end: .submissionRejected) }
        guard let bytes = try? FilePath.readAll(manifestPath) else {
            return Result(table: "", end: .usage("cannot read manifest \(manifestPath)"))
        }
        var parser = JSONParser(String(decoding: bytes, as: UTF8.self))
        guard let manifest = try? parser.parse(), manifest["format"]?.stringValue == Manifest.formatVersion,
            let pipelinePath = manifest["pipeline"]?["path"]?.stringValue,
            let pipelineHash = manifest["pipeline"]?["sha256"]?.stringValue,
            let inbox = manifest["inbox"]?.stringValue,
            let inputs = manifest["inputs"]?.arrayValue, let outputs = manifest["outputs"]?.arrayValue
        else {
            return Result(table: "", end: .usage("\(manifestPath) is not a jingzhun manifest (\(Manifest.formatVersion))"))
        }
        // 1. The recorded pipeline file, reference data and inputs must be unchanged.
        if (try? FilePath.sha256(of: pipelinePath))?.hex != pipelineHash {
            return fail("the pipeline file \(pipelinePath) is missing or changed since the run (SHA-256 differs)")
        }
        if let refPath = manifest["reference"]?["path"]?.stringValue, let refHash = manifest["reference"]?["sha256"]?.stringValue,
            let ref = try? ReferenceData.load(directory: refPath), ref.combinedHash != refHash {
            return fail("the reference data in \(refPath) changed since the run (SHA-256 differs)")
        }
        let scratch = "/tmp/jingzhun-verify-\(getpid())-\(context.now().milliseconds)"
        FilePath.removeTree(scratch)
        defer { FilePath.removeTree(scratch) }
        let scratchInbox = scratch + "/inbox"
        let scratchOutput = scratch + "/output"
        var problems: [String] = []
        for input in inputs {
            guard let path = input["path"]?.stringValue, let hash = input["sha256"]?.stringValue else { continue }
            if input["outcome"]?.stringValue == "not-a-submission" { continue }
            let full = inbox + "/" + path
            // Inputs are read only as regular files (never a FIFO, device or symlink: issue 13).
            let actual: (hex: String, size: Int)
            do { actual = try RegularFile.sha256(of: full) } catch {
                problems.append("input \(full) is missing or unreadable: \(error.message)")
                continue
            }
            if actual.hex != hash {
                problems.append("input \(full) changed since the run (SHA-256 \(actual.hex.prefix(12))… ≠ recorded \(hash.prefix(12))…)")
                continue
            }
            do { try AtomicFile.write(try RegularFile.readAll(full, maximumBytes: actual.size), to: scratchInbox + "/" + path) } catch {
                problems.append("cannot copy input \(full): \(error)")
            }
        }
        if !problems.isEmpty { return fail(problems.joined(separator: "\n")) }
        try? FilePath.createDirectories(scratchInbox)
        // 2. Rerun everything into the fresh folder with the same pipeline, reference data and key.
        var options = RunOptions()
        options.inbox = scratchInbox
        options.output = scratchOutput
        options.quiet = true
        let end = PipelineRunner.run(pipelinePath: pipelinePath, stages: Stage.allCases, options: options, context: context)
        switch end {
        case .ok, .submissionRejected: break
        default: return Result(table: "", end: end)
        }
        if let fp = manifest["pseudonym_key"]?["fingerprint"]?.stringValue,
            let rerun = latestManifest(in: scratchOutput), rerun["pseudonym_key"]?["fingerprint"]?.stringValue != fp {
            return fail("the pseudonym key differs from the run's (fingerprint \(fp)): pseudonyms and every table would differ")
        }
        // 3. Compare.
        var expected: [(String, String)] = []
        for o in outputs {
            if let p = o["path"]?.stringValue, let h = o["sha256"]?.stringValue { expected.append((p, h)) }
        }
        return compare(expected: expected, actualRoot: scratchOutput, label: "rerun")
    }

    /// `verify --against`: compare the data outputs of two output folders.
    ///
    /// Exports and reports are compared file by file; the store through its Delta logs (issue 13):
    /// the files each table holds in force, and their SHA-256. A `remove` in a log, a table
    /// removed or a file in force deleted is a difference even when the files on disk are equal;
    /// a store whose logs cannot be read is reported as such (exit 1).
    public static func compareFolders(_ a: String, _ b: String) -> Result {
        guard FilePath.isDirectory(a), FilePath.isDirectory(b) else {
            return Result(table: "", end: .usage("both arguments must be output folders"))
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
        let storeA = inForce(a)
        let storeB = inForce(b)
        let expected = (reportsAndExports(a) + storeA).map { ($0, (try? FilePath.sha256(of: a + "/" + $0))?.hex ?? "") }
        var result = compare(expected: expected, actualRoot: b, label: b, storeInForce: Set(storeB))
        let known = Set(expected.map(\.0))
        let extra = (reportsAndExports(b) + storeB).filter { !known.contains($0) }
        if !extra.isEmpty {
            result.table += extra.map { "only in \(b)  \($0)\n" }.joined()
            result.end = .submissionRejected
        }
        if !problems.isEmpty {
            result.table += problems.map { "DAMAGED   \($0)\n" }.joined()
            result.end = .submissionRejected
        }
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
        for (path, hash) in expected.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
            let actual = (try? FilePath.sha256(of: actualRoot + "/" + path))?.hex
            let status: String
            if let storeInForce, path.hasPrefix("store/"), !storeInForce.contains(path) {
                status = "NOT IN FORCE"
                differing += 1
            } else if actual == hash {
                status = "matched "
                matched += 1
            } else {
                status = actual == nil ? "missing " : "DIFFERS "
                differing += 1
            }
            table += "\(status)  \(hash.prefix(16))   \(path)\n"
        }
        table += "\(matched) matched, \(differing) differing (\(label))\n"
        return Result(table: table, end: differing == 0 ? .ok : .submissionRejected)
    }

    static func latestManifest(in output: String) -> JSONValue? {
        guard let runs = try? FilePath.list(output + "/runs"), let last = runs.last,
            let bytes = try? FilePath.readAll(output + "/runs/\(last)/manifest.json")
        else { return nil }
        var p = JSONParser(String(decoding: bytes, as: UTF8.self))
        return try? p.parse()
    }
}
