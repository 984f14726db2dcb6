import ArgumentParser
import JingzhunRuns

/// `jingzhun check FILE…`: validate submissions without touching any store; print a verdict each.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check submission files against the contract and print a verdict (nothing is written).")

    @Argument(help: "Submission files (XML, XML.gz, or any file of a CSV.gz set) or inbox folders.")
    var paths: [String]
    @Option(help: "Maximum rejected households (percent) before the whole submission is rejected.")
    var maxRejectedHouseholdPct: Double = 5
    @Option(help: "Show at most this many rejections per submission.")
    var limit: Int = 20

    func validate() throws {
        // The same bounds as the pipeline file's `max_rejected_household_pct` (NaN fails both).
        guard maxRejectedHouseholdPct >= 0 && maxRejectedHouseholdPct <= 100 else {
            throw ValidationError("--max-rejected-household-pct must be a number between 0 and 100")
        }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let result = Checker.check(paths: paths, maxRejectedHouseholdPct: maxRejectedHouseholdPct, limit: limit)
        print(result.text, terminator: "")
        exitProcess(result.allApplied ? 0 : 1)
    }
}
