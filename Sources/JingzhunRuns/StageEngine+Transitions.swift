import JingzhunCore
import JingzhunIO
import JingzhunIndicators
import JingzhunStore

/// The household dynamics of compute (docs/indicators.md §Household dynamics): the transition
/// matrix of the pair (y − 1, y) is tallied while compute has both years of a province loaded,
/// kept as `<output>/state/transitions/<y>.csv` (the rows of `exports/transitions.csv` for y,
/// written before y's fingerprint is recorded, so it always matches the computed year), and the
/// export is those parts put together. Its inputs are those of y's fingerprint: the submissions
/// in force for y − 1 and y.
extension StageEngine {
    /// The cached rows of the pair (y − 1, y).
    func transitionsPartPath(_ year: Int32) -> String {
        session.config.output + "/state/transitions/\(year).csv"
    }

    /// Writes the rows of the pair (year − 1, year) (none when no province has both years).
    func writeTransitionsPart(_ tally: TransitionTally) throws {
        try AtomicFile.write(ExportWriter.transitionsBody(tally.rows()), to: transitionsPartPath(tally.year))
    }

    /// The bytes of `exports/transitions.csv`: the header and every year's part, years ascending.
    func transitionsExport(years: [Int32]) throws -> [UInt8] {
        var out = Array((ExportWriter.transitionsHeader + "\n").utf8)
        for year in years { out += try FilePath.readAll(transitionsPartPath(year)) }
        return out
    }

    /// The rows of the pair (year − 1, year) as the last compute left them; nil when the part is
    /// missing or unreadable (the report then tallies them from the store).
    func cachedTransitions(_ year: Int32) -> [TransitionRow]? {
        // try?: see above: a missing part is tallied from the store instead.
        guard let bytes = try? FilePath.readAll(transitionsPartPath(year)) else { return nil }
        return ExportWriter.parseTransitions(bytes)
    }
}
