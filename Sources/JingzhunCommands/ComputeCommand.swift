import ArgumentParser
import JingzhunRuns

/// `jingzhun compute PIPELINE.yaml [--engine builtin|spark] [--master URL]`: the compute stage on
/// its own, as `jingzhun-compute` (docs/scale-out.md §Spark compute).
struct ComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Run the compute stage of a pipeline (built-in engine, or Spark with --engine spark).",
        discussion: ExitStatus.helpText)
    @OptionGroup var options: PipelineOptions
    func run() throws {
        finish(
            with: PipelineRunner.run(
                pipelinePath: options.pipeline, stages: [.compute],
                options: try options.runOptions(), context: .live()))
    }
}
