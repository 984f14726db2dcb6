import ArgumentParser
import JingzhunIO
import JingzhunRuns

/// `jingzhun check FILE…`: validate submissions without touching any store; one verdict per submission.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Check submission files against the contract and print a verdict per submission (nothing is written).",
        discussion: """
            Files of one submission (the four files of a CSV set, a file and its .sha256) give one verdict, \
            whichever of them are named. A truncated gzip or XML file is reported as cut short. \
            Exit status: 0 every submission accepted; 1 one is rejected, incomplete, or a named file is not a \
            submission; 2 bad options, a bad pipeline file, or a named path that does not exist. \
            JSON schema: docs/check.md.
            """)

    @Argument(help: "Submission files (XML, XML.gz, or any file of a CSV.gz set) or inbox folders.")
    var paths: [String]
    @Option(help: "Use this pipeline file's settings (threshold, gzip and XML limits).")
    var pipeline: String?
    @Option(
        help:
            ArgumentHelp(
                "Maximum rejected households (percent) before the whole submission is rejected (default 5, or the "
                    + "pipeline's).")
    )
    var maxRejectedHouseholdPct: Double?
    @Option(help: "Show at most this many rejections per submission.")
    var limit: Int = 20
    @Option(help: "text or json.")
    var format: String = "text"

    func validate() throws {
        // The same bounds as the pipeline file's `max_rejected_household_pct` (NaN fails both).
        if let pct = maxRejectedHouseholdPct, !(pct >= 0 && pct <= 100) {
            throw ValidationError("--max-rejected-household-pct must be a number between 0 and 100")
        }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
        guard format == "text" || format == "json" else {
            throw ValidationError("--format must be text or json, not '\(format)'")
        }
    }

    func run() throws {
        var settings = Checker.Settings()
        if let pipeline {
            do { settings = Checker.Settings(try PipelineConfig.load(path: pipeline).settings) } catch {
                finish(with: .usage(error.message))
            }
        }
        if let maxRejectedHouseholdPct { settings.maxRejectedHouseholdPct = maxRejectedHouseholdPct }
        let result = Checker.check(paths: paths, settings: settings, limit: limit)
        for error in result.errors { printError("error: \(error)") }
        if format == "json" {
            print(result.json.render(pretty: true))
        } else {
            print(result.text, terminator: "")
        }
        exitProcess(result.status)
    }
}
