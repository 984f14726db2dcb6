import ArgumentParser
import JingzhunCore
import JingzhunIO
import JingzhunRuns

/// `jingzhun`: the driver.
public struct JingzhunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jingzhun",
        abstract:
            "Poverty-alleviation monitoring: ingest provincial submissions, store, compute indicators, render reports.",
        discussion: ExitStatus.helpText,
        version: BuildInfo.version,
        subcommands: [
            RunCommand.self, ReportCommand.self, VerifyCommand.self, SynthCommand.self, CheckCommand.self,
            IndicatorsCommand.self, SQLCommand.self, RebuildCommand.self, StatusCommand.self, ComputeCommand.self,
            ExplainCommand.self,
        ])
    public init() {}
}

/// Prints the message of how a run ended once, then exits with its status (`RunEnd.exitStatus`,
/// the one mapping).
func finish(with end: RunEnd) -> Never {
    switch end {
    case .ok, .submissionRejected: break
    case .usage(let message), .locked(let message), .storeDamaged(let message):
        printError("error: \(message)")
    case .systemFailure(let failure, let message):
        printError("error (\(ExitStatus.label(failure))): \(message)")
    case .internalError(let message):
        printError("internal error: \(message)\nThis is a bug in jingzhun; please report it with the run's log.jsonl.")
    case .interrupted:
        printError(
            "interrupted: the run stopped at a safe point; the store is consistent and the next run completes the work")
    }
    exitProcess(end.exitStatus.rawValue)
}

extension JingzhunCommand {
    /// Entry point of the `jingzhun` executable.
    public static func runMain() { runMapped(Self.self) }
}

/// Parses and runs a command, mapping argument-parser's usage status (64) to the contract's 2.
func runMapped<C: ParsableCommand>(_ type: C.Type) {
    MemoryPolicy.configure()
    ignoreFatalSignals()
    do {
        var command = try type.parseAsRoot()
        try command.run()
    } catch {
        if type.exitCode(for: error) == .validationFailure {
            printError(type.fullMessage(for: error))
            exitProcess(ExitStatus.usage.rawValue)
        }
        type.exit(withError: error)
    }
}
