import ArgumentParser
import JingzhunIO
import JingzhunRuns

/// `jingzhun report NAME --year Y [--area CODE] [--format html|md|csv] [--lang zh|en] [--as-of RUN_ID] [-o FILE]`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Render one report from the store as it stands.")

    @Argument(help: "national, province, county-exit or data-quality.")
    var name: String
    @Option(help: "Reporting year.")
    var year: Int32
    @Option(help: "Area code (province for province and county-exit reports).")
    var area: String?
    @Option(help: "html, md, csv or xlsx (xlsx needs -o FILE).")
    var format: String = "html"
    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of stdout.")
    var output: String?
    @Option(
        help: "Pipeline file whose output folder holds the store (default: the installation's pipelines/sample.yaml).")
    var pipeline: String?
    @Option(name: .customLong("output-dir"), help: "Read the store from this output folder instead of the pipeline's.")
    var outputDirectory: String?
    @Option(help: "zh or en: which label of codes and indicators comes first (default: the pipeline's lang, else en).")
    var lang: String?
    @Option(
        name: .customLong("as-of"),
        help: "A run id (a folder of output/runs/): render from the store as it stood after that run.")
    var asOf: String?

    func run() throws {
        if format == "xlsx" && output == nil {
            finish(with: .usage("an xlsx workbook is binary: give -o FILE.xlsx to write it to a file"))
        }
        do {
            let bytes = try ReportService.render(
                pipelinePath: pipeline ?? Installation.defaultPipeline(), outputOverride: outputDirectory, name: name,
                year: year, area: area, format: format, language: lang, asOf: asOf)
            if let output {
                try AtomicFile.write(bytes, to: FilePath.absolute(output))
            } else {
                print(String(decoding: bytes, as: UTF8.self), terminator: "")
            }
        } catch let error as RunError {
            switch error.code {
            case .internalError: finish(with: .internalError(error.message))
            case .storeDamaged: finish(with: .storeDamaged(error.message))
            default: finish(with: .usage(error.message))
            }
        } catch {
            finish(with: SystemFailure.end(for: error, operation: "writing the report to \(output ?? "stdout")"))
        }
    }
}
