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
        guard FilePath.isDirectory(storeRoot + "/indicators/_delta_log") else {
            throw RunError(.usage, "no store at \(storeRoot): run `jingzhun run \(pipelinePath)` first")
        }
        do {
            let report = try ReportName(validating: name)
            let reportFormat = try ReportFormat(validating: format)
            let snapshot = try Store(root: storeRoot).snapshot()
            let data = try ReportDataBuilder.build(snapshot, year: year, areaNames: reference.areaNames)
            let templates = try TemplateLibrary(directory: config.templates)
            return try ReportRenderer().render(report: report, year: year, area: area, format: reportFormat, data: data, templates: templates)
        } catch let e as ReportError {
            throw RunError(.usage, e.message)
        } catch let e as StoreError {
            throw RunError(.internalError, "cannot read the store: \(e.message)")
        } catch {
            throw RunError(.internalError, "\(error)")
        }
    }
}
