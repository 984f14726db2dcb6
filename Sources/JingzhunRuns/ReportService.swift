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
        } catch let e as ReportError {
            throw RunError(.usage, e.message)
        } catch {
            throw RunError(.internalError, "\(error)")
        }
        let storeRoot = config.output + "/store"
        guard FilePath.isDirectory(storeRoot + "/indicators/_delta_log") else {
            throw RunError(.usage, "no store at \(storeRoot): run `jingzhun run \(pipelinePath)` first")
        }
        do {
            let report = try ReportName(validating: name)
            let reportFormat = try ReportFormat(validating: format)
            let store = Store(root: storeRoot)
            let snapshot = try store.snapshot()
            let inForce = try snapshot.inForce()
            let years = Array(Set(inForce.map(\.key.year))).sorted()
            let shown = years.filter { $0 <= year }
            var indicators: [IndicatorRow] = []
            for y in shown { indicators += try snapshot.readIndicators(year: y) }
            let inForceHashes = Set(inForce.map(\.contentHash))
            let summaries = try snapshot.submissions().map { r in
                SubmissionSummary(
                    key: r.key, format: r.format, files: r.files, outcome: r.outcome, inForce: inForceHashes.contains(r.contentHash),
                    householdsReceived: r.counts.householdsReceived, householdsRejected: r.counts.householdsRejected,
                    membersAccepted: r.counts.membersAccepted, orphanMembers: r.counts.orphanMembers, warnings: r.warnings,
                    reasonRule: r.reasonRule, reasonMessage: r.reasonMessage)
            }
            let stored = years.contains(year) ? try snapshot.rejections(year: year) : []
            let data = ReportData(
                indicators: indicators, breakdowns: years.contains(year) ? try snapshot.readBreakdowns(year: year) : [],
                submissions: summaries.filter { $0.key.year <= year },
                rejections: stored.filter { !$0.rejection.rule.isWarning }.map {
                    SubmissionRejection(submission: $0.submission, rejection: $0.rejection)
                },
                warnings: stored.filter { $0.rejection.rule.isWarning }.map {
                    SubmissionDiagnostic(submission: $0.submission, diagnostic: Diagnostic(
                        rule: $0.rejection.rule, location: $0.rejection.location, message: $0.rejection.message))
                },
                areaNames: reference.areaNames, years: years.contains(year) ? shown : years)
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
