import ArgumentParser
import JingzhunRuns

/// `jingzhun explain RUN_A RUN_B`: why indicator values differ between two runs (docs/explain.md).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "For every indicator value that differs between two runs' stores, says why.",
        discussion: """
            Reads the store as each run's manifest recorded it (Delta time travel) and lists each value that \
            differs with the submissions (province, year, revision) that entered or left the records in force \
            in its scope, and whether the catalogue, the reference data or the program version changed; for an \
            Alkire-Foster indicator the change of M0 is split into the part from H and the part from A. \
            Read-only; takes no lock. Exit status: 0, or 2 for an unknown run or a bad option. See docs/explain.md.
            """)

    @Argument(help: "The earlier run's id (a folder of <output>/runs/).")
    var runA: String
    @Argument(help: "The later run's id.")
    var runB: String
    @Option(help: "Pipeline file whose output folder to read (default: the installation's pipelines/sample.yaml).")
    var pipeline: String?
    @Option(help: "Read this output folder instead of the pipeline's.")
    var output: String?
    @Option(help: "Only this indicator id (an Alkire-Foster id: its whole family).")
    var indicator: String?
    @Option(help: "Only this area code (CN, a province, prefecture or county code).")
    var area: String?
    @Option(help: "text or csv.")
    var format: String = "text"

    func validate() throws {
        guard format == "text" || format == "csv" else {
            throw ValidationError("--format must be text or csv, not '\(format)'")
        }
    }

    func run() throws {
        do {
            let explanation = try ExplainService.explain(
                pipelinePath: pipeline ?? Installation.defaultPipeline(), outputOverride: output, runA: runA,
                runB: runB,
                indicator: indicator, area: area)
            print(format == "csv" ? explanation.csv() : explanation.text(), terminator: "")
        } catch let error as RunError {
            switch error.code {
            case .internalError: finish(with: .internalError(error.message))
            case .storeDamaged: finish(with: .storeDamaged(error.message))
            default: finish(with: .usage(error.message))
            }
        }
    }
}
