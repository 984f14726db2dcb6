import JingzhunRuns
import JingzhunSQL

extension SQLCommand {
    /// The whole script: placeholder until the catalogue loader lands (issue 15).
    static func script(_ inputs: SQLInputs, dialect: SQLDialect, commandLine: String) throws -> String {
        throw RunError(.usage, "the full script needs the catalogue loader; use --views")
    }
}
