import Logging
import JingzhunCore
import JingzhunIO
import JingzhunReports
import JingzhunStore

/// `jingzhun report`: one report rendered on demand from the store as it stands.
public enum ReportService {
    public static func render(pipelinePath: String, outputOverride: String?, name: String, year: Int32, area: String?,
                              format: String) throws(RunError) -> [UInt8] {
        var config = try PipelineConfig.load(path: pipelinePath)
        if let outputOverride { config.output = FilePath.absolute(outputOverride) }
        let reference = try ReferenceData.load(directory: config.reference)
        do {
            _ = try ReportName(validating: name)
            _ = try ReportFormat(validating: format)
        } catch {
            throw RunError(.usage, error.message)  // typed throws: always a ReportError
        }
        let storeRoot = config.output + "/store"
        do {
            let report = try ReportName(validating: name)
            let reportFormat = try ReportFormat(validating: format)
            // Configured paths first (a template that includes itself is exit 2 whatever the store).
            try PipelineRunner.checkTemplateFiles(config.templates)
            let templates = try TemplateLibrary(directory: config.templates)
            // A store folder with its tables removed is damage (below), not "no store".
            guard FilePath.isDirectory(storeRoot) else {
                throw RunError(.usage, "no store at \(storeRoot): run `jingzhun run \(pipelinePath)` first")
            }
            // One consistent version: the store as the last finished run left it (recorded in
            // state/store-versions.json), so a report taken while a run applies new submissions
            // never mixes them with the previous indicators; then the integrity check (issue 13).
            let store = Store(root: storeRoot)
            // The newest state is checked (damage made after the last run counts), then the
            // version read; the indicators of computed years are checked on the newest state.
            let computedYears = StageEngine.computedYears(output: config.output)
            let versions = StoreVersionsFile.read(output: config.output)
            try store.checkIntegrity(computedYears: computedYears)
            if let versions { try store.checkIntegrity(computedYears: [], asOf: versions) }
            let snapshot = try store.snapshot(asOf: versions)
            let data = try ReportDataBuilder.build(snapshot, year: year, areaNames: reference.areaNames)
            return try ReportRenderer().render(report: report, year: year, area: area, format: reportFormat, data: data, templates: templates)
        } catch let e as RunError {
            throw e
        } catch let e as ReportError {
            throw RunError(.usage, e.message)
        } catch let e as StoreError where e.isDamage {
            throw RunError(.storeDamaged, e.message, path: e.path)
        } catch let e as StoreError {
            throw RunError(.internalError, "cannot read the store: \(e.message)")
        } catch {
            throw RunError(.internalError, "\(error)")
        }
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
