import ArgumentParser
import JingzhunRuns

/// `jingzhun rebuild PIPELINE.yaml`: recover a damaged store (exit 65 of `run` or `report`).
struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract:
            "Move a damaged store aside and rebuild it from the submissions in the inbox, then compute and render.",
        discussion: """
            Checks that every submission the store's ledger holds in force is still in the inbox with the same \
            bytes (else refuses, exit 65, changing nothing), moves the store to OUTPUT/store.damaged-RUN-ID and \
            runs the whole pipeline on a new store. Exit status as for `run`.
            """)
    @OptionGroup var options: PipelineOptions
    func run() throws {
        guard !options.dryRun, options.years == nil else {
            throw ValidationError("rebuild takes neither --dry-run nor --years: it rebuilds the whole store")
        }
        var runOptions = try options.runOptions()
        runOptions.rebuild = true
        finish(
            with: PipelineRunner.run(
                pipelinePath: options.pipeline, stages: Stage.allCases, options: runOptions, context: .live()))
    }
}
