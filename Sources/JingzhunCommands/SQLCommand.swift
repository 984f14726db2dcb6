import ArgumentParser
import JingzhunRuns
import JingzhunSQL

/// `jingzhun sql --dialect duckdb|spark [--pipeline FILE] [--store DIR] [--views]`: one SQL script
/// that computes the whole catalogue from the store's records in force (catalogue.md §SQL), or
/// with `--views` only the views of those records, for analysts.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract:
            "Print SQL (DuckDB or Spark) that computes the indicator catalogue from the store's records in force.",
        discussion: """
            The script reads the Parquet files the Delta log holds in force now, named as absolute
            paths: write it again after each run. Its last statement returns
            (year, level, area_code, indicator, value), equal to exports/indicators.csv.
            With --views it prints only the views submissions, submissions_in_force, counties,
            villages, households and members (the records in force), for your own queries.
            """)

    @Option(help: "duckdb or spark.")
    var dialect: String = "duckdb"
    @Option(help: "Pipeline file whose output folder holds the store.")
    var pipeline: String = "pipelines/sample.yaml"
    @Option(help: "Read this store folder instead of the pipeline's <output>/store.")
    var store: String?
    @Flag(help: "Print only the views of the records in force.")
    var views = false
    @Flag(help: "Print the script of the breakdowns table instead (its last statement returns exports/breakdowns.csv).")
    var breakdowns = false
    @Option(
        help: "A catalogue file to compile instead of the pipeline's (repeat for more; later files add indicators).")
    var catalogue: [String] = []

    func validate() throws {
        guard SQLDialect(rawValue: dialect) != nil else {
            throw ValidationError("--dialect must be duckdb or spark, not '\(dialect)'")
        }
    }

    func run() throws {
        do {
            print(try text(), terminator: "")
        } catch {
            finish(with: error.code == .internalError ? .internalError(error.message) : .usage(error.message))
        }
    }

    /// The views or the whole script.
    func text() throws(RunError) -> String {
        let dialect = SQLDialect(rawValue: self.dialect) ?? .duckdb
        var commandLine = "jingzhun sql --dialect \(dialect.rawValue) --pipeline \(pipeline)"
        if let store { commandLine += " --store \(store)" }
        if views { commandLine += " --views" }
        if breakdowns { commandLine += " --breakdowns" }
        for file in catalogue { commandLine += " --catalogue \(file)" }
        let inputs = try SQLService.inputs(pipelinePath: pipeline, storeOverride: store, catalogueOverride: catalogue)
        if views { return IndicatorScript.views(store: inputs.store, dialect: dialect, commandLine: commandLine) }
        if breakdowns {
            return IndicatorScript.breakdownsScript(
                store: inputs.store, reference: inputs.reference, dialect: dialect, commandLine: commandLine)
        }
        return try SQLCommand.script(inputs, dialect: dialect, commandLine: commandLine)
    }
}
