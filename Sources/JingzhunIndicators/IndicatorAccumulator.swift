import JingzhunCatalogue
import JingzhunCore

/// Computes the indicators of one year from its provinces, given one at a time in any order.
///
/// `add` tallies a province's records into small per-county sums and one sorted run of its
/// members' pseudonyms; nothing of the province's columns is kept after `add` returns, so the
/// caller can load, add and drop one province after another. `finish` merges the identity runs
/// (cross-province duplicates), rolls the counties up to prefectures, provinces and the nation, and
/// emits the rows. The result does not depend on the order of `add` calls.
///
/// ```swift
/// let accumulator = IndicatorAccumulator(year: 2019, reference: reference, identityRuns: scratchRuns)
/// for record in snapshot.inForce(year: 2019) {
///     try accumulator.add(snapshot.loadProvinceYear(record), previous: /* 2018 of that province */ nil)
/// }
/// let result = try accumulator.finish()
/// ```
///
/// The catalogue's indicators are tallied by `CatalogueProgram` (column operations per
/// aggregate), the builtins and breakdowns by `YearComputation`; both roll up the same way.
///
/// - Complexity: per province of m members, a few passes over its columns per catalogue
///   aggregate, one pass over its households for the builtins (plus a size-only pass over y−1's
///   members and a hash map of y−1's household numbers for the panel) and an O(m log m) sort of
///   its identity run; `finish` merges the runs in O(M log P).
///   Memory: the caller's province data (y and y−1) plus, while `add` runs, the catalogue's
///   columns of that province and 40 bytes per member; between calls only per-county tallies
///   (areas × a few hundred bytes) and whatever `identityRuns` keeps in memory (nothing but small
///   buffers for a storage over files; 36 bytes per member of H for `InMemoryIdentityRuns`).
public final class IndicatorAccumulator {
    /// 65,536 households (≈ 220,000 members): the catalogue's columns of a part take a few tens of MiB.
    public static let defaultHouseholdsPerPart = 65_536
    /// 262,144 members of H (9 MiB) per identity run. The array being filled grows by a part's
    /// members at a time (≈ 220,000) and is reallocated while it grows, so its peak is about twice
    /// this plus a part; at 1 << 20 it was ≈ 75 MiB at one province of 3,000,000 households
    /// (heaptrack, issue 20). More runs cost the merge a 65 KB block each.
    public static let defaultIdentityRunEntries = 1 << 18
    public let year: Int32
    private let computation: YearComputation
    private let identityRuns: any IdentityRunStorage
    /// The province of each identity run written (a province writes one run per
    /// `identityRunEntries` members of H, at least one when it has any).
    private var identityRunProvinces: [Int32] = []
    /// Households per part of a province (`ProvinceParts`).
    public let householdsPerPart: Int
    /// Identity entries gathered before they are sorted and written as a run.
    public let identityRunEntries: Int
    private var provincesAdded = Set<Int32>()
    /// County code → the builtin tallies and catalogue sums of the provinces that have households
    /// or poor villages in it.
    private var countyTallies: [Int32: [(province: Int32, tally: AreaTally, sums: CatalogueTally)]] = [:]
    /// Counties with statistics or households (any status): the areas of the year.
    private var areaCounties = Set<Int32>()
    /// County statistics rows of year y and of y−1, with the province that gave them.
    private var statistics: [CountyStatisticsRow] = []
    private var previousStatistics: [CountyStatisticsRow] = []
    /// Received and rejected households of each submission in force, by province.
    private var quality: [Int32: SubmissionQuality] = [:]
    private var isFinished = false
    /// The pipeline's catalogue, compiled.
    private let program: CatalogueProgram
    private let reference: NationalReference
    /// Values of year − 1 by area ("level/code") and id, for `prev(id)`.
    private let previousValues: [String: [String: Double?]]

    /// - Parameters:
    ///   - year: The year to compute; every province added must be of this year.
    ///   - reference: Poverty line and national rural income per year (W005 when incomplete).
    ///   - identityRuns: Where the sorted identity runs wait for `finish`; scratch files keep memory
    ///     bounded, the default keeps them in memory. `finish` empties it.
    ///   - program: The pipeline's catalogue, compiled (default: the shipped one).
    ///   - previousRows: The rows of year − 1 (for `prev(id)` in formulas); empty when none.
    ///   - householdsPerPart: Households tallied at once (`ProvinceParts`); the result does not depend on it.
    ///   - identityRunEntries: Members of H gathered before they are sorted and written as one
    ///     identity run (36 bytes each); the result does not depend on it.
    public init(
        year: Int32, reference: NationalReference, identityRuns: any IdentityRunStorage = InMemoryIdentityRuns(),
        program: CatalogueProgram = .shipped, previousRows: [IndicatorRow] = [],
        householdsPerPart: Int = IndicatorAccumulator.defaultHouseholdsPerPart,
        identityRunEntries: Int = IndicatorAccumulator.defaultIdentityRunEntries
    ) {
        precondition(householdsPerPart >= 1 && identityRunEntries >= 1, "parts and runs hold at least one row")
        self.householdsPerPart = householdsPerPart
        self.identityRunEntries = identityRunEntries
        self.year = year
        computation = YearComputation(year: year, reference: reference, program: program)
        self.identityRuns = identityRuns
        self.reference = reference
        self.program = program
        var previous: [String: [String: Double?]] = [:]
        if program.usesPrevious {
            for row in previousRows {
                previous["\(row.level.rawValue)/\(row.areaCode)", default: [:]][row.indicator] = row.value
            }
        }
        previousValues = previous
    }

    /// Adds the data in force of one province for `year`.
    ///
    /// - Parameters:
    ///   - province: Its counties, villages, households and members of `year`.
    ///   - previous: The same province's data of `year − 1`, if in force: the panel (households
    ///     matched by household number) and rural income growth (counties matched by code; a
    ///     county's code names its province, submissions.md §Records, so the province's own y−1
    ///     statistics are the ones that can match).
    /// - Throws: What `identityRuns` throws when it cannot keep the province's identity run.
    /// - Precondition: `province.key.year == year`, `previous?.key.year == year − 1`, the province
    ///   was not added before and `finish` was not called.
    public func add(_ province: ProvinceYearData, previous: ProvinceYearData?) throws {
        if let previous {
            precondition(previous.key.year == year - 1, "previous data of \(previous.key.year) given for \(year)")
        }
        var adding = beginProvince(
            province.key, counts: province.counts, counties: province.counties, villages: province.villages,
            previous: previous.map(PreviousHouseholds.init))
        for part in ProvinceParts(province, householdsPerPart: householdsPerPart) { try add(part: part, to: &adding) }
        try endProvince(adding)
    }

    /// One province being added part by part (`beginProvince`, `add(part:to:)`, `endProvince`).
    public struct ProvinceInProgress {
        let key: SubmissionKey
        let counts: SubmissionCounts
        let counties: CountyColumns
        let villages: VillageColumns
        let panel: PreviousHouseholds?
        var catalogueSums = CatalogueProgram.CountySums()
        var tally = ProvinceTally()
        var villagePoorPopulation: VillagePoorPopulation
        var partsAdded = 0
    }

    /// Starts adding the data in force of one province for `year` part by part: what `add` does
    /// when the caller reads the province a part at a time (the compute stage, by row group).
    ///
    /// - Parameters:
    ///   - counties, villages: All of the province's county statistics and villages.
    ///   - previous: The province's households and county statistics of `year − 1`, if in force.
    /// - Precondition: as for `add`.
    public func beginProvince(
        _ key: SubmissionKey, counts: SubmissionCounts, counties: CountyColumns, villages: VillageColumns,
        previous: PreviousHouseholds?
    ) -> ProvinceInProgress {
        let code = key.province
        precondition(!isFinished, "province \(code) added to the indicators of \(year) after finish")
        precondition(key.year == year, "province \(code) of \(key.year) added to the indicators of \(year)")
        precondition(provincesAdded.insert(code).inserted, "province \(code) given twice for \(year)")
        if let previous {
            precondition(
                previous.year == year - 1 && previous.province == code,
                "previous data of \(previous.province), \(previous.year) given for \(code), \(year)")
            recordPreviousStatistics(previous.counties, province: code)
        }
        return ProvinceInProgress(
            key: key, counts: counts, counties: counties, villages: villages, panel: previous,
            villagePoorPopulation: VillagePoorPopulation(villages))
    }

    /// Adds the next households of the province, in the order of its records, with all of their
    /// members (`householdIndex` into `part.households`); the part's counties and villages are
    /// ignored (`beginProvince` has them). Parts of consecutive households in record order give
    /// the rows of the province added whole, bit for bit.
    /// - Throws: What `identityRuns` throws when it cannot keep a run.
    public func add(part: ProvinceYearData, to province: inout ProvinceInProgress) throws {
        precondition(part.key == province.key, "a part of \(part.key.id) added to \(province.key.id)")
        var part = part
        // Counties and villages are tallied once, with the first part.
        let isFirst = province.partsAdded == 0
        part.counties = isFirst ? province.counties : CountyColumns()
        part.villages = isFirst ? province.villages : VillageColumns()
        let summaries = HouseholdSummaries(part, year: year)
        program.tally(part, year: year, reference: reference, summaries: summaries, into: &province.catalogueSums)
        computation.tallyPart(
            part, summaries: summaries, panel: province.panel, villages: &province.villagePoorPopulation,
            into: &province.tally)
        province.partsAdded += 1
        if province.tally.identities.count >= identityRunEntries {
            try writeIdentityRun(&province.tally.identities, province: province.key.province)
        }
    }

    /// Finishes the province: its villages, its sums kept for `finish`, its last identity run.
    public func endProvince(_ province: ProvinceInProgress) throws {
        var province = province
        if province.partsAdded == 0 {
            // No household: the counties and villages alone.
            try add(part: ProvinceYearData(key: province.key, counts: province.counts), to: &province)
        }
        let code = province.key.province
        var tally = province.tally
        province.tally = ProvinceTally()
        computation.tallyPoorVillages(province.villages, province.villagePoorPopulation, into: &tally)
        let sums = province.catalogueSums.byCounty
        let empty = CatalogueTally(program)
        for (county, position) in tally.countyPositions {
            countyTallies[county, default: []].append((code, tally.counties[position], sums[county] ?? empty))
        }
        // Counties with catalogue sums but no builtin tally (statistics only).
        for (county, countySums) in sums where tally.countyPositions[county] == nil {
            countyTallies[county, default: []].append((code, AreaTally(), countySums))
        }
        areaCounties.formUnion(tally.areaCounties)
        let counties = province.counties
        for row in 0..<counties.count {
            statistics.append(
                CountyStatisticsRow(
                    province: code, county: counties.countyCode[row], population: counties.ruralPopulation[row],
                    incomeFen: counties.ruralIncomeFen[row]))
        }
        quality[code, default: SubmissionQuality()].add(
            SubmissionQuality(
                received: Int64(province.counts.householdsReceived), rejected: Int64(province.counts.householdsRejected)
            ))

        try writeIdentityRun(&tally.identities, province: code)
    }

    /// Sorts `entries` into a new identity run of `province` and empties them (nothing when empty).
    private func writeIdentityRun(_ entries: inout [IdentityEntry], province: Int32) throws {
        guard !entries.isEmpty else { return }
        try CrossProvinceIdentities.writeRun(&entries, run: identityRunProvinces.count, to: identityRuns)
        identityRunProvinces.append(province)
        entries.removeAll(keepingCapacity: true)
    }

    /// Keeps the county statistics of a y−1 province (what `add` does with `previous`); for the
    /// engine's whole-year functions, whose y−1 may hold provinces that y lacks.
    func recordPreviousStatistics(_ previous: ProvinceYearData) {
        recordPreviousStatistics(previous.counties, province: previous.key.province)
    }

    private func recordPreviousStatistics(_ counties: CountyColumns, province: Int32) {
        for row in 0..<counties.count {
            previousStatistics.append(
                CountyStatisticsRow(
                    province: province, county: counties.countyCode[row],
                    population: counties.ruralPopulation[row], incomeFen: counties.ruralIncomeFen[row]))
        }
    }

    /// Merges the identity runs, rolls up and emits the rows of the year (sorted as
    /// `IndicatorResult` says). Empties `identityRuns`.
    /// - Throws: What `identityRuns` throws when a run cannot be read back.
    /// - Precondition: Called once.
    public func finish() throws -> IndicatorResult {
        precondition(!isFinished, "the indicators of \(year) finished twice")
        isFinished = true
        defer { identityRuns.removeAll() }
        let duplicates = try CrossProvinceIdentities.countDuplicates(
            runProvinces: identityRunProvinces, in: identityRuns)

        let areas = AreaIndex(countyCodes: areaCounties)
        let empty = CatalogueTally(program)
        var counties = [AreaTally](repeating: AreaTally(), count: areas.countyCodes.count)
        var countySums = [CatalogueTally](repeating: empty, count: areas.countyCodes.count)
        for (position, code) in areas.countyCodes.enumerated() {
            // In province order, so that a county tallied by two provinces (which ingest prevents)
            // still sums its floating-point terms in one order. The first is taken as is: the same
            // bits as tallying straight into the county.
            guard let parts = countyTallies[code]?.sorted(by: { $0.province < $1.province }) else { continue }
            var tally = parts[0].tally
            var sums = parts[0].sums
            for part in parts.dropFirst() {
                tally.add(part.tally)
                sums.add(part.sums)
            }
            counties[position] = tally
            countySums[position] = sums
        }
        // Poor villages of counties that are no area (neither statistics nor households) are dropped here.

        // County statistics of y with their y−1 row, where there is one (y−1 rows in province
        // order, the later of two rows of one county winning): rural income growth.
        var previousByCounty: [Int32: PreviousCountyStatistics] = [:]
        for row in previousStatistics.enumerated().sorted(by: {
            ($0.element.province, $0.offset) < ($1.element.province, $1.offset)
        }) {
            previousByCounty[row.element.county] = PreviousCountyStatistics(
                ruralPopulation: row.element.population, ruralIncomeFen: row.element.incomeFen)
        }
        for row in statistics {
            guard let position = areas.countyPosition(row.county), let previous = previousByCounty[row.county] else {
                continue
            }
            counties[position].addStatistics(population: row.population, incomeFen: row.incomeFen, previous: previous)
        }
        for (county, count) in duplicates {
            // The county of a member of H is its household's: always an area.
            if let position = areas.countyPosition(county) { counties[position].crossProvinceDuplicates += count }
        }

        // Roll up: sums of records, never ratios of lower levels.
        var prefectures = [AreaTally](repeating: AreaTally(), count: areas.prefectureCodes.count)
        var prefectureSums = [CatalogueTally](repeating: empty, count: areas.prefectureCodes.count)
        for county in counties.indices {
            prefectures[areas.prefectureOfCounty[county]].add(counties[county])
            prefectureSums[areas.prefectureOfCounty[county]].add(countySums[county])
        }
        var provinceTallies = [AreaTally](repeating: AreaTally(), count: areas.provinceCodes.count)
        var provinceSums = [CatalogueTally](repeating: empty, count: areas.provinceCodes.count)
        for prefecture in prefectures.indices {
            provinceTallies[areas.provinceOfPrefecture[prefecture]].add(prefectures[prefecture])
            provinceSums[areas.provinceOfPrefecture[prefecture]].add(prefectureSums[prefecture])
        }
        var nation = AreaTally()
        var nationSums = empty
        for province in provinceTallies.indices {
            nation.add(provinceTallies[province])
            nationSums.add(provinceSums[province])
        }

        // Data quality: counts of the submission in force, per province and in total.
        var provinceQuality = [SubmissionQuality](repeating: SubmissionQuality(), count: areas.provinceCodes.count)
        var nationQuality = SubmissionQuality()
        for province in quality.keys.sorted() {
            let counts = quality[province]!  // a key of the dictionary
            nationQuality.add(counts)
            if let position = areas.provincePosition(province) { provinceQuality[position].add(counts) }
        }

        var result = IndicatorResult(warnings: computation.warnings)
        guard !counties.isEmpty else { return result }
        let areaCount = 1 + provinceTallies.count + prefectures.count + counties.count
        result.indicators.reserveCapacity(areaCount * program.exportedIDs.count)
        result.breakdowns.reserveCapacity(areaCount * YearComputation.breakdownMembers.count)
        func emit(
            _ tally: AreaTally, _ sums: CatalogueTally, _ level: AreaLevel, _ code: Int32, _ areaCode: String,
            _ quality: SubmissionQuality?
        ) {
            computation.emit(
                tally, sums: sums, level: level, code: code, areaCode: areaCode, quality: quality,
                previous: previousValues.isEmpty ? [:] : previousValues["\(level.rawValue)/\(areaCode)"] ?? [:],
                into: &result)
        }
        emit(nation, nationSums, .nation, 0, AreaCode.nation, nationQuality)
        for (position, code) in areas.provinceCodes.enumerated() {
            emit(
                provinceTallies[position], provinceSums[position], .province, code, String(code),
                provinceQuality[position])
        }
        for (position, code) in areas.prefectureCodes.enumerated() {
            emit(prefectures[position], prefectureSums[position], .prefecture, code, String(code), nil)
        }
        for (position, code) in areas.countyCodes.enumerated() {
            emit(counties[position], countySums[position], .county, code, String(code), nil)
        }
        return result
    }
}

/// One row of county statistics, kept until `finish` (a few per county).
struct CountyStatisticsRow: Sendable {
    var province: Int32
    var county: Int32
    var population: Int64
    var incomeFen: Int64
}

/// What `IndicatorAccumulator.add` keeps of one province while tallying it.
struct ProvinceTally {
    /// Tallies of households of H and poor villages, one per county met.
    var counties: [AreaTally] = []
    /// County code → position in `counties`.
    var countyPositions: [Int32: Int] = [:]
    /// Counties with statistics or households (any status) in this province.
    var areaCounties = Set<Int32>()
    /// (pseudonym, county) of every member of H.
    var identities: [IdentityEntry] = []

    mutating func position(ofCounty code: Int32) -> Int {
        if let position = countyPositions[code] { return position }
        counties.append(AreaTally())
        countyPositions[code] = counties.count - 1
        return counties.count - 1
    }
}
