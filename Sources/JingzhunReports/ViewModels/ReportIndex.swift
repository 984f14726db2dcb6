import JingzhunCore

/// Lookups over `ReportData`: indicator values by (year, area, id), the areas of each year and
/// level, and display names. Every list it returns is sorted, so no report depends on the order
/// of the input arrays or on dictionary iteration.
struct ReportIndex {
    struct ValueKey: Hashable {
        var year: Int32
        var area: String
        var indicator: String
    }

    let data: ReportData
    private var values: [ValueKey: Double] = [:]
    /// Area codes per year and level, sorted bytewise once here: the views ask for them many
    /// times per page (every prefecture asks for its counties), and sorting on every call was 5 %
    /// of rendering at 4 × 250,000 households.
    private var areasByYear: [Int32: [AreaLevel: [String]]] = [:]
    /// `provinces(year:)` of every year in `years`.
    private var provincesByYear: [Int32: [String]] = [:]
    /// Years with data, ascending: `data.years`, derived once from the revisions in force.
    let years: [Int32]

    init(_ data: ReportData) {
        self.data = data
        var areaSets: [Int32: [AreaLevel: Set<String>]] = [:]
        for row in data.indicators {
            areaSets[row.year, default: [:]][row.level, default: []].insert(row.areaCode)
            if let value = row.value {
                values[ValueKey(year: row.year, area: row.areaCode, indicator: row.indicator)] = value
            }
        }
        self.years = data.years.sorted()
        areasByYear = areaSets.mapValues { $0.mapValues(Self.sortedCodes) }
        for year in self.years { provincesByYear[year] = provincesUncached(year: year) }
    }

    /// Codes sorted bytewise (UTF-8), the order of every list of areas.
    static func sortedCodes(_ codes: some Sequence<String>) -> [String] {
        codes.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func value(_ indicator: String, year: Int32, area: String) -> Double? {
        values[ValueKey(year: year, area: area, indicator: indicator)]
    }

    /// Area codes of a level in a year, sorted bytewise.
    func areas(_ level: AreaLevel, year: Int32) -> [String] {
        areasByYear[year]?[level] ?? []
    }

    /// Provinces of a year: those with indicator rows, and those with a submission in force.
    func provinces(year: Int32) -> [String] {
        provincesByYear[year] ?? provincesUncached(year: year)
    }

    private func provincesUncached(year: Int32) -> [String] {
        var codes = Set(areas(.province, year: year))
        for submission in data.submissions where submission.key.year == year && submission.inForce {
            codes.insert(String(submission.key.province))
        }
        return Self.sortedCodes(codes)
    }

    /// Areas of `level` whose code starts with `parent` (prefectures of a province, counties of a prefecture).
    ///
    /// In a bytewise-sorted list the codes whose bytes start with `parent`'s are one run, from the
    /// first code not below `parent`: found by binary search. For an ASCII `parent` (area codes
    /// are digits) every code that `hasPrefix(parent)` lies in that run, so the result is the
    /// filter of `areas(_:year:)`, in its order; any other `parent` takes the filter itself.
    func areas(_ level: AreaLevel, under parent: String, year: Int32) -> [String] {
        let all = areas(level, year: year)
        guard parent.utf8.allSatisfy({ $0 < 0x80 }) else { return all.filter { $0.hasPrefix(parent) && $0 != parent } }
        var low = 0
        var high = all.count
        while low < high {
            let middle = (low + high) / 2
            if all[middle].utf8.lexicographicallyPrecedes(parent.utf8) { low = middle + 1 } else { high = middle }
        }
        var out: [String] = []
        while low < all.count, all[low].utf8.starts(with: parent.utf8) {
            if all[low].hasPrefix(parent) && all[low] != parent { out.append(all[low]) }
            low += 1
        }
        return out
    }

    /// Chinese name of a code, when the reference data knows it.
    func name(_ code: String) -> String? {
        if let name = data.areaNames[code] { return name }
        return code == AreaCode.nation ? "全国" : nil
    }

    /// `52 贵州省`, or the code alone when the name is unknown.
    func label(_ code: String) -> String {
        guard let name = name(code) else { return code }
        return "\(code) \(name)"
    }

    /// Western province (3% exit threshold), by the first two digits of any area code.
    static func isWestern(_ code: String) -> Bool {
        guard let province = Int32(code.prefix(2)) else { return false }
        return AreaCode.isWestern(province: province)
    }

    static func exitThreshold(_ code: String) -> Double {
        guard let province = Int32(code.prefix(2)) else { return AreaCode.exitThresholdPct }
        return AreaCode.exitThresholdPct(province: province)
    }

    /// The catalogue definition of an indicator the renderer relies on.
    static func definition(_ id: String) -> IndicatorDefinition {
        guard let definition = IndicatorCatalogue.definition(id) else {
            preconditionFailure("the renderer uses indicator '\(id)', which is not in IndicatorCatalogue")
        }
        return definition
    }
}
