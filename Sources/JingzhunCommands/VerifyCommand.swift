import ArgumentParser
import JingzhunRuns

/// `jingzhun verify MANIFEST.json` and `jingzhun verify --against DIR1 DIR2`.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Rerun a recorded run from its manifest into a fresh folder and compare every output's SHA-256.")

    @Argument(help: "A run's manifest.json (or, with --against, the first output folder).")
    var manifest: String
    @Option(help: "Compare the output folder given as argument with this one instead of rerunning.")
    var against: String?

    func run() throws {
        let result: Verifier.Result
        if let against {
            result = Verifier.compareFolders(manifest, against)
        } else {
            result = Verifier.verify(manifestPath: manifest, context: .live())
        }
        print(result.table, terminator: "")
        switch result.end {
        case .ok: exitProcess(0)
        case .submissionRejected: exitProcess(1)
        default: finish(with: result.end)
        }
    }
}
