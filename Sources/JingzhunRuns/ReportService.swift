import JingzhunCore
import JingzhunIO
import JingzhunReports
import JingzhunStore
import Logging

/// `jingzhun report`: one report rendered on demand from the store as it stands, or as it stood
/// after an earlier run (`--as-of`).
public enum ReportService {
    /// Renders one report.
    /// - Parameters:
    ///   - language: `zh` or `en`; nil: the pipeline file's `lang`.
    ///   - asOf: A run id (a folder of `output/runs/`): read the store at the table versions that
    ///     run's manifest recorded (Delta time travel). The header names the data version, as in
    ///     every report, so the bytes are those the run published.
    public static func render(
        pipelinePath: String, outputOverride: String?, name: String, year: Int32, area: String?,
        format: String, language: String? = nil, asOf: String? = nil
    ) throws(RunError) -> [UInt8] {
        var config = try PipelineConfig.load(path: pipelinePath)
        if let outputOverride { config.output = FilePath.absolute(outputOverride) }
        let reference = try ReferenceData.load(directory: config.reference)
        var options = config.reportOptions
        do {
            _ = try ReportName(validating: name)
            if format != "xlsx" { _ = try ReportFormat(validating: format) }
            if let language { options.language = try ReportLanguage(validating: language) }
        } catch {
            throw RunError(.usage, error.message)  // typed throws: always a ReportError
        }
        let storeRoot = config.output + "/store"
        do {
            let report = try ReportName(validating: name)
            // Configured paths first (a template that includes itself is exit 2 whatever the store).
            try PipelineRunner.checkTemplateFiles(config.templates)
            let templates = try TemplateLibrary(directory: config.templates)
            // A store folder with its tables removed is damage (below), not "no store".
            guard FilePath.isDirectory(storeRoot) else {
                throw RunError(.usage, "no store at \(storeRoot): run `jingzhun run \(pipelinePath)` first")
            }
            // One consistent version: the store as the last finished run left it (recorded in
            // state/store-versions.json), so a report taken while a run applies new submissions
            // never mixes them with the previous indicators; or, with --as-of, the versions that
            // run's manifest recorded. The newest state is checked first (damage made after the
            // last run counts), then the version read (issue 13).
            let store = Store(root: storeRoot)
            try store.checkIntegrity(computedYears: ComputeState.read(output: config.output).expectedByIntegrityCheck)
            var versions = StoreVersionsFile.read(output: config.output)
            // The header names the data version (a digest of the submissions in force), the same
            // as in the reports that run published, so they are reproduced byte for byte.
            if let asOf { versions = try storeVersions(ofRun: asOf, output: config.output) }
            if let versions { try store.checkIntegrity(computedYears: [], asOf: versions) }
            let snapshot = try store.snapshot(asOf: versions)
            // Only the province report shows the household dynamics (tallied from this snapshot).
            let data = try ReportDataBuilder.build(
                snapshot, year: year, areaNames: reference.areaNames, transitions: report == .province ? nil : [],
                catalogue: config.catalogue)
            if format == "xlsx" {
                return try ReportRenderer(options: options).renderWorkbook(
                    report: report, year: year, area: area, data: data)
            }
            let reportFormat = try ReportFormat(validating: format)
            return try ReportRenderer(options: options).render(
                report: report, year: year, area: area, format: reportFormat, data: data, templates: templates)
        } catch let e as RunError {
            throw e
        } catch let e as ReportError {
            throw RunError(.usage, e.message)
        } catch let e as StoreError {
            throw RunError(readingStoreAsOf: e, runs: asOf ?? "")
        } catch {
            throw RunError(.internalError, "\(error)")
        }
    }

    /// The table versions a run's manifest recorded at its end (`store.written`).
    /// - Throws: `RunError(.usage)` naming the manifest, and the runs there are, when the run is unknown.
    static func storeVersions(ofRun runID: String, output: String) throws(RunError) -> StoreVersions {
        let runs = output + "/runs"
        let path = runs + "/" + runID + "/manifest.json"
        // try? (here and the listing below): an unknown run id is the usual cause; the message names the
        // manifest looked for and the runs there are.
        guard !runID.contains("/"), !runID.hasPrefix("."), let bytes = try? FilePath.readAll(path) else {
            let known = ((try? FilePath.list(runs)) ?? []).sorted()
            throw RunError(
                .usage,
                "no run '\(runID)' in \(runs) (no \(path)); give a run id, the name of a folder of \(runs)"
                    + (known.isEmpty
                        ? " (there is none yet)"
                        : ": " + known.suffix(5).joined(separator: ", ")
                            + (known.count > 5 ? " (the 5 newest of \(known.count))" : "")))
        }
        var parser = JSONParser(String(decoding: bytes, as: UTF8.self))
        // try?: not JSON and no store versions get the same answer: the run did not finish.
        guard let manifest = try? parser.parse(), case .object(let written)? = manifest["store"]?["written"],
            !written.isEmpty
        else {
            throw RunError(
                .usage, "the manifest \(path) records no store versions (store.written); the run may not have finished")
        }
        var versions = StoreVersions()
        for (name, value) in written {
            guard let table = StoreTable(rawValue: name), let version = value.intValue else {
                throw RunError(.usage, "the manifest \(path) records an unknown store table '\(name)' in store.written")
            }
            versions[table] = version
        }
        return versions
    }
}

/// `state/store-versions.json`: the table versions the last finished run left (written after
/// render), which `jingzhun report` reads through Delta time travel. Missing or unreadable means
/// "the newest versions" (a store written before this file existed).
enum StoreVersionsFile {
    static func path(output: String) -> String { output + "/state/store-versions.json" }

    static func read(output: String) -> StoreVersions? {
        let fields = StateFile.read(path(output: output))
        guard !fields.isEmpty else { return nil }
        var versions = StoreVersions()
        for t in StoreTable.allCases {
            if let text = fields[t.rawValue], let v = Int64(text) { versions[t] = v }
        }
        return versions
    }

    static func write(_ versions: StoreVersions, output: String) throws {
        var fields: [String: String] = [:]
        for (t, v) in versions.entries { fields[t.rawValue] = String(v) }
        try StateFile.write(fields, to: path(output: output))
    }
}
