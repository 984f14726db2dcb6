import ArgumentParser
import JingzhunRuns

/// `jingzhun verify MANIFEST.json [--pipeline FILE] [--inbox DIR]` and
/// `jingzhun verify --against REFERENCE CANDIDATE`.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check a run's published files against its manifest, then rerun it into a fresh folder and compare every "
            + "output's SHA-256.",
        discussion: """
            The manifest's paths are relative to its output folder (<output>/runs/<id>/manifest.json), unless they \
            were given absolute, so an output folder moved together with its pipeline and inbox still verifies. \
            Exit status: 0 all match; 1 a published file, an input or a rerun output differs (each named); 2 bad \
            arguments or not a manifest. See docs/verify.md.
            """)

    @Argument(help: "A run's manifest.json; with --against, the CANDIDATE output folder.")
    var manifest: String
    @Option(
        help: ArgumentHelp(
            "Compare the CANDIDATE output folder with this REFERENCE folder instead of rerunning.",
            valueName: "REFERENCE"))
    var against: String?
    @Option(help: "Rerun with this pipeline file instead of the recorded one (its SHA-256 must match).")
    var pipeline: String?
    @Option(help: "Read the recorded inputs from this folder instead of the recorded inbox.")
    var inbox: String?
    @Option(help: "Put the rerun's scratch folder here (default: TMPDIR, else /tmp).")
    var scratch: String?

    func run() throws {
        let result: Verifier.Result
        if let against {
            result = Verifier.compareFolders(reference: against, candidate: manifest)
        } else {
            result = Verifier.verify(
                manifestPath: manifest, overrides: .init(pipeline: pipeline, inbox: inbox, scratchParent: scratch),
                context: .live())
        }
        print(result.table, terminator: "")
        switch result.end {
        case .ok: exitProcess(0)
        case .submissionRejected: exitProcess(1)
        default: finish(with: result.end)
        }
    }
}
