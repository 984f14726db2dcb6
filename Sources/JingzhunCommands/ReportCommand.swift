import ArgumentParser
import JingzhunIO
import JingzhunRuns

/// `jingzhun report NAME --year Y [--area CODE] [--format html|md|csv] [-o FILE]`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Render one report from the store as it stands.")

    @Argument(help: "national, province, county-exit or data-quality.")
    var name: String
    @Option(help: "Reporting year.")
    var year: Int32
    @Option(help: "Area code (province for province and county-exit reports).")
    var area: String?
    @Option(help: "html, md or csv.")
    var format: String = "html"
    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of stdout.")
    var output: String?
    @Option(help: "Pipeline file whose output folder holds the store.")
    var pipeline: String = "pipelines/sample.yaml"
    @Option(name: .customLong("output-dir"), help: "Read the store from this output folder instead of the pipeline's.")
    var outputDirectory: String?

    func run() throws {
        do {
            let bytes = try ReportService.render(
                pipelinePath: pipeline, outputOverride: outputDirectory, name: name, year: year, area: area, format: format)
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
        }
    }
}
