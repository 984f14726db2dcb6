import ArgumentParser
import JingzhunIO
import JingzhunRuns

/// `jingzhun status [--pipeline FILE] [--output DIR] [--format text|json]`: what is in force.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Per province and year: the revision in force, every other revision and its outcome, and the last runs.",
        discussion: """
            Read-only: takes no lock and works while a run is going on. Revisions are in-force, superseded, \
            stale (F016), rejected (with the rule) or incomplete (since which run); a rejected revision no later \
            revision replaced, or an incomplete upload not uploaded again, is OUTSTANDING. \
            JSON schema: docs/status.md. Exit status: 0, or 2 when there is no store or no pipeline file.
            """)

    @Option(help: "Pipeline file whose output folder to read (default: the installation's pipelines/sample.yaml).")
    var pipeline: String?
    @Option(help: "Read this output folder instead of the pipeline's.")
    var output: String?
    @Option(help: "text or json.")
    var format: String = "text"
    @Option(help: "How many of the last runs to list.")
    var runs: Int = 10

    func validate() throws {
        guard format == "text" || format == "json" else {
            throw ValidationError("--format must be text or json, not '\(format)'")
        }
        guard runs >= 0 else { throw ValidationError("--runs must be 0 or more") }
    }

    func run() throws {
        do {
            let folder: String
            if let output {
                folder = FilePath.absolute(output)
            } else {
                folder = try PipelineConfig.load(path: pipeline ?? Installation.defaultPipeline()).output
            }
            let status = try StatusReport.read(output: folder)
            if format == "json" {
                print(status.json(lastRuns: runs).render(pretty: true))
            } else {
                print(status.text(lastRuns: runs), terminator: "")
            }
        } catch let error as RunError {
            finish(with: error.code == .io ? .internalError(error.message) : .usage(error.message))
        }
    }
}
