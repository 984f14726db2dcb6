import JingzhunRuns
import JingzhunSQL

extension SQLCommand {
    /// The whole script for the inputs' catalogue.
    /// - Throws: `RunError(.usage)` naming the indicator the SQL compiler cannot write.
    static func script(_ inputs: SQLInputs, dialect: SQLDialect, commandLine: String) throws(RunError) -> String {
        do {
            let indicators = try CatalogueSQL.indicators(inputs.catalogue, reference: inputs.reference)
            return try IndicatorScript.script(
                store: inputs.store, reference: inputs.reference, indicators: indicators, dialect: dialect,
                commandLine: commandLine)
        } catch {
            throw RunError(.usage, "cannot write the catalogue as SQL: \(error.message)")
        }
    }
}
