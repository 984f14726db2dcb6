import JingzhunIO
import JingzhunStore

/// What compute last wrote, per year (`<output>/state/compute.json`), read and written typed.
///
/// The file is a JSON object of strings (`"2019"`: the year's fingerprint, `"areas-2019"`: the
/// nation and province codes written, `"breakdowns-2019"`: `"1"` when breakdown rows were
/// written, `"exports"`: the exports' fingerprint); years are turned into keys only here, so the
/// rest of Runs holds them as `Int32`. Missing or unreadable means "nothing computed yet".
struct ComputeState: Equatable {
    /// One computed year.
    struct Year: Equatable {
        /// Fingerprint of the inputs the year's indicators were computed from.
        var fingerprint: String?
        /// The nation and province codes written (`nil`: a state written before they were recorded).
        var areas: [String]?
        /// Whether breakdown rows were written (`nil`: not recorded).
        var hasBreakdowns: Bool?
    }

    var years: [Int32: Year] = [:]
    /// Fingerprint of the computed years the exports were made from.
    var exports: String?
    /// Fields this version does not know, kept as they were.
    var others: [String: String] = [:]

    static func path(output: String) -> String { output + "/state/compute.json" }

    static func read(output: String) -> ComputeState {
        var state = ComputeState()
        for (key, value) in StateFile.read(path(output: output)) {
            if key == "exports" {
                state.exports = value
            } else if let year = Int32(key), "\(year)" == key {
                state.years[year, default: Year()].fingerprint = value
            } else if key.hasPrefix("areas-"), let year = Int32(key.dropFirst(6)), "areas-\(year)" == key {
                state.years[year, default: Year()].areas = value.split(separator: ",").map(String.init)
            } else if key.hasPrefix("breakdowns-"), let year = Int32(key.dropFirst(11)), "breakdowns-\(year)" == key,
                value == "0" || value == "1"
            {
                state.years[year, default: Year()].hasBreakdowns = value == "1"
            } else {
                state.others[key] = value
            }
        }
        return state
    }

    func write(output: String) throws {
        var fields = others
        if let exports { fields["exports"] = exports }
        for (year, entry) in years {
            if let fingerprint = entry.fingerprint { fields["\(year)"] = fingerprint }
            if let areas = entry.areas { fields["areas-\(year)"] = areas.joined(separator: ",") }
            if let hasBreakdowns = entry.hasBreakdowns { fields["breakdowns-\(year)"] = hasBreakdowns ? "1" : "0" }
        }
        try StateFile.write(fields, to: Self.path(output: output))
    }

    /// Years compute has recorded as written (those with a fingerprint), ascending.
    var computedYears: [Int32] { years.filter { $0.value.fingerprint != nil }.keys.sorted() }

    /// What the store's integrity check expects of each computed year: `areas` (`CN` alone for a
    /// state written before they were recorded) and whether breakdown rows exist.
    var expectedByIntegrityCheck: [Store.ComputedYear] {
        computedYears.map { year in
            Store.ComputedYear(
                year: year, areas: years[year]?.areas ?? ["CN"], hasBreakdowns: years[year]?.hasBreakdowns ?? false)
        }
    }
}
