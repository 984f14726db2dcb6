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
    private var areasByYear: [Int32: [AreaLevel: Set<String>]] = [:]
    /// Years with data, ascending: `data.years`, derived once from the revisions in force.
    let years: [Int32]

    init(_ data: ReportData) {
        self.data = data
        for row in data.indicators {
            areasByYear[row.year, default: [:]][row.level, default: []].insert(row.areaCode)
            if let value = row.value { values[ValueKey(year: row.year, area: row.areaCode, indicator: row.indicator)] = value }
        }
        self.years = data.years.sorted()
    }

    func value(_ indicator: String, year: Int32, area: String) -> Double? {
        values[ValueKey(year: year, area: area, indicator: indicator)]
    }

    /// Area codes of a level in a year, sorted bytewise.
    func areas(_ level: AreaLevel, year: Int32) -> [String] {
        (areasByYear[year]?[level] ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Provinces of a year: those with indicator rows, and those with a submission in force.
    func provinces(year: Int32) -> [String] {
        var codes = Set(areas(.province, year: year))
        for submission in data.submissions where submission.key.year == year && submission.inForce {
            codes.insert(String(submission.key.province))
        }
        return codes.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Areas of `level` whose code starts with `parent` (prefectures of a province, counties of a prefecture).
    func areas(_ level: AreaLevel, under parent: String, year: Int32) -> [String] {
        areas(level, year: year).filter { $0.hasPrefix(parent) && $0 != parent }
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
