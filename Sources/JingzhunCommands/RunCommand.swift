import ArgumentParser
import JingzhunRuns

/// `jingzhun run PIPELINE.yaml`: ingest → normalize → compute → render.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the whole pipeline: ingest → normalize → compute → render (incremental).",
        discussion: ExitStatus.helpText)
    @OptionGroup var options: PipelineOptions
    func run() throws {
        finish(
            with: PipelineRunner.run(
                pipelinePath: options.pipeline, stages: Stage.allCases,
                options: try options.runOptions(), context: .live()))
    }
}

/// One stage on its own (`jingzhun-ingest`, …), same pipeline file and options as `run`.
public struct StageCommand: ParsableCommand {
    nonisolated(unsafe) static var stage: Stage = .ingest
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "jingzhun-\(stage.rawValue)", abstract: "Run the \(stage.rawValue) stage of a pipeline.",
            discussion: ExitStatus.helpText, version: BuildInfo.version)
    }
    @OptionGroup var options: PipelineOptions
    public init() {}
    public func run() throws {
        finish(
            with: PipelineRunner.run(
                pipelinePath: options.pipeline, stages: [Self.stage],
                options: try options.runOptions(), context: .live()))
    }
    /// Entry point of a stage executable.
    public static func main(stage: Stage) {
        Self.stage = stage
        runMapped(Self.self)
    }
}
