import ArgumentParser
import Foundation
import JingzhunRuns

/// Options shared by `jingzhun run` and the stage executables.
struct PipelineOptions: ParsableArguments {
    @Argument(help: "The pipeline file (YAML), e.g. pipelines/sample.yaml.")
    var pipeline: String

    @Option(help: "Read submissions from this folder instead of the pipeline's inbox.")
    var inbox: String?

    @Option(help: "Write to this output folder instead of the pipeline's output.")
    var output: String?

    @Option(help: "Limit the compute and render rebuild to these years (comma-separated).")
    var years: String?

    @Flag(help: "Show what would be applied; write nothing.")
    var dryRun = false

    @Flag(help: "Only warnings and errors on stderr.")
    var quiet = false

    @Option(help: "Format of log lines on stderr: text or json.")
    var logFormat: String = "text"

    @Option(
        help: ArgumentHelp(
            "jingzhun-ingest only: ingest the K-th of N shares of the inbox (by province), e.g. 2/3.",
            discussion:
                "N machines sharing the output folder each run one share at once; then run jingzhun-normalize once."))
    var shard: String?

    @Option(help: "Compute engine: builtin or spark (overrides the pipeline's compute.engine).")
    var engine: String?

    @Option(help: "Spark master for --engine spark, e.g. local[2], spark://host:7077, yarn (overrides compute.master).")
    var master: String?

    func runOptions() throws -> RunOptions {
        var o = RunOptions()
        o.inbox = inbox
        o.output = output
        o.dryRun = dryRun
        o.quiet = quiet
        guard let format = RunLogSink.StderrFormat(rawValue: logFormat) else {
            throw ValidationError("--log-format must be text or json, not '\(logFormat)'")
        }
        o.logFormat = format
        if let engine {
            guard let parsed = ComputeEngine(rawValue: engine) else {
                throw ValidationError("--engine must be builtin or spark, not '\(engine)'")
            }
            o.engine = parsed
        }
        o.master = master
        if let shard {
            guard let parsed = IngestShard(shard) else {
                throw ValidationError(
                    "--shard must be K/N with 1 ≤ K ≤ N ≤ \(IngestShard.maximumCount), not '\(shard)'")
            }
            o.shard = parsed
        }
        if let years {
            var set = Set<Int32>()
            for part in years.split(separator: ",") {
                guard let y = Int32(part.trimmingCharacters(in: .whitespaces)), (2014...2030).contains(y) else {
                    throw ValidationError("--years: '\(part)' is not a year between 2014 and 2030")
                }
                set.insert(y)
            }
            o.years = set
        }
        return o
    }
}
