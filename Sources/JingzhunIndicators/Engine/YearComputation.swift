import JingzhunCatalogue
import JingzhunCore

/// County statistics of one county in year y − 1.
struct PreviousCountyStatistics: Sendable {
    var ruralPopulation: Int64
    var ruralIncomeFen: Int64
}

/// What one year's computation knows beyond the records: its reference values, how to tally one
/// province's records for the builtins and breakdowns, and how to turn the tallies into rows.
/// `IndicatorAccumulator` drives it; the catalogue's indicators come from `CatalogueProgram`.
struct YearComputation {
    /// indicators.md §Base sets: school age is 6 ≤ age ≤ 15.
    static let schoolAges: ClosedRange<Int32> = 6...15

    let year: Int32
    let program: CatalogueProgram
    let reference: NationalReference
    private(set) var warnings: [Diagnostic] = []

    init(year: Int32, reference: NationalReference, program: CatalogueProgram) {
        self.year = year
        self.reference = reference
        self.program = program
        self.warnings = Self.referenceWarnings(year: year, reference: reference)
    }

    /// The warnings of a year that depend on the reference data alone (a missing poverty line or
    /// national rural income), whatever the catalogue.
    static func referenceWarnings(year: Int32, reference: NationalReference) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        var missing: [String] = []
        // A line that is not a positive finite number is missing (ParameterValues, SQLReference).
        let hasLine = reference.povertyLine[year].map { $0.isFinite && $0 > 0 } ?? false
        if !hasLine { missing.append("poverty_line(\(year))") }
        let income = reference.nationalRuralIncome[year]
        let incomeBefore = reference.nationalRuralIncome[year - 1]
        if income == nil { missing.append("national_rural_income(\(year))") }
        if incomeBefore == nil { missing.append("national_rural_income(\(year - 1))") }
        let hasNationalGrowth = income != nil && incomeBefore != nil && incomeBefore != 0
        if !missing.isEmpty {
            let affected =
                (!hasLine
                    ? "population_above_line_pct, poverty_gap_index, poverty_severity_index, wrongful_exit_pct, "
                        + "exit_income_bunching_pct, county_exit_eligible (counties with exits)"
                    : "")
                + (!hasNationalGrowth
                    ? (!hasLine ? ", " : "") + "national_rural_income_growth_pct, income_growth_gap_pp" : "")
            warnings.append(
                Diagnostic(
                    rule: .referenceDataMissing, location: SourceLocation(file: "reference data"),
                    message: "Reference data for \(year) lacks \(missing.joined(separator: ", ")); "
                        + "\(affected) are null for \(year). "
                        + "Add the missing values to the reference data and rerun compute."
                ))
        }
        return warnings
    }

    // MARK: - Tallying one province

    /// Tallies one part of a province (`ProvinceParts`; the whole province is one part): its area
    /// counties, its households of H and the (pseudonym, county) of their members. The poor
    /// population of each village is added to `villages`; `tallyPoorVillages` then decides the
    /// villages once every part is in. Every sum is an integer, so the parts' order does not matter.
    func tallyPart(
        _ data: ProvinceYearData, summaries: HouseholdSummaries, panel: PreviousHouseholds?,
        villages: inout VillagePoorPopulation, into tally: inout ProvinceTally
    ) {
        let households = data.households
        // Areas: every county with statistics or households of any status (removed included).
        tally.areaCounties.formUnion(data.counties.countyCode)
        var lastVillage: Int64 = -1
        for village in households.villageCode where village != lastVillage {
            lastVillage = village
            tally.areaCounties.insert(AreaCode.county(ofVillage: village))
        }

        // Households come grouped by village; remember the last lookup instead of hashing every record.
        var cachedVillageCode: Int64 = -1
        var cachedVillage: Int? = nil
        var cachedCounty = 0
        for household in 0..<households.count {
            let status = households.status[household]
            if status == .removed { continue }
            let villageCode = households.villageCode[household]
            if villageCode != cachedVillageCode {
                cachedVillageCode = villageCode
                cachedVillage = villages.positions[villageCode]
                cachedCounty = tally.position(ofCounty: AreaCode.county(ofVillage: villageCode))
            }
            let size = Int64(summaries.size[household])
            let isPoor = status == .poor || status == .returned
            if isPoor, let village = cachedVillage { villages.poorPopulation[village] += size }

            var previousIncome: (netFen: Int64, size: Int64)? = nil
            if let panel, let match = panel.panelMatch(households.householdID[household]) {
                if size > 0 && panel.size[match] > 0 {
                    previousIncome = (panel.netFen[match], Int64(panel.size[match]))
                }
                if panel.isRecentExit[match] {
                    tally.counties[cachedCounty].addReturnRisk(returned: status == .returned)
                }
            }
            tally.counties[cachedCounty].addHousehold(
                status: status, size: size, category: households.category[household].tallyIndex,
                cause: households.cause[household].tallyIndex, measures: households.measures[household],
                netFen: households.netFen(household), previousIncome: previousIncome)
        }

        // Members of H with the county their household is counted in, for cross-province duplicates.
        let members = data.members
        tally.identities.reserveCapacity(tally.identities.count + members.count)
        var cachedHousehold = -1
        var isInH = false
        var county: Int32 = 0
        for member in 0..<members.count {
            let household = Int(members.householdIndex[member])
            if household != cachedHousehold {
                cachedHousehold = household
                isInH = households.status[household] != .removed
                county = AreaCode.county(ofVillage: households.villageCode[household])
            }
            if isInH { tally.identities.append(IdentityEntry(key: members.identityKey[member], county: county)) }
        }
    }

    /// Counts, per county, the poor villages whose poor population (summed over every part) is
    /// below the province's exit threshold.
    func tallyPoorVillages(_ villages: VillageColumns, _ poor: VillagePoorPopulation, into tally: inout ProvinceTally) {
        for village in 0..<villages.count where villages.isPoorVillage[village] {
            let code = villages.villageCode[village]
            let countyCode = AreaCode.county(ofVillage: code)
            // Tallied even when the county is no area; `IndicatorAccumulator.finish` then drops it
            // (a village whose county has neither statistics nor households is in no area; ingest
            // rejects such villages anyway).
            let county = tally.position(ofCounty: countyCode)
            let threshold = Int64(AreaCode.exitThresholdPct(province: AreaCode.province(ofCounty: countyCode)))
            let population = villages.population[village]
            // 100 · poor population / village population < threshold, decided in integers.
            if population > 0 && 100 * poor.poorPopulation[village] < threshold * population {
                tally.counties[county].poorVillagesBelowThreshold += 1
            }
        }
    }

    // MARK: - Rows

    /// Appends the rows of one area: every indicator of the catalogue, then its breakdowns.
    /// - Parameters:
    ///   - sums: The area's catalogue sums.
    ///   - previous: The area's values of year − 1 by id (`prev`), empty unless the program reads them.
    func emit(
        _ tally: AreaTally, sums: CatalogueTally, level: AreaLevel, code: Int32, areaCode: String,
        quality: SubmissionQuality?, previous: [String: Double?], into result: inout IndicatorResult
    ) {
        let values = program.values(
            sums, level: level, code: code, year: year, reference: reference,
            builtins: builtinValues(tally, quality: quality), previous: previous)
        for (position, id) in program.exportedIDs.enumerated() {
            result.indicators.append(
                IndicatorRow(year: year, level: level, areaCode: areaCode, indicator: id, value: values[position]))
        }
        for member in YearComputation.breakdownMembers {
            let households: Int64
            let population: Int64?
            switch member.dimension {
            case .category:
                households = tally.categoryHouseholds[member.index]
                population = tally.categoryPopulation[member.index]
            case .cause:
                households = tally.causeHouseholds[member.index]
                population = tally.causePopulation[member.index]
            case .measure:
                households = tally.measureHouseholds[member.index]
                population = nil
            }
            result.breakdowns.append(
                BreakdownRow(
                    year: year, level: level, areaCode: areaCode, dimension: member.dimension.rawValue,
                    member: member.code, households: households, population: population))
        }
    }

    /// The builtins computed in code (catalogue.md §Kinds, `builtin`; indicators.md defines each)
    /// for one area; nil is null. The catalogue decides at which levels each is shown.
    func builtinValues(_ t: AreaTally, quality: SubmissionQuality?) -> [Builtin: Double?] {
        typealias Y = YearComputation
        var values: [Builtin: Double?] = [:]
        if t.panelHouseholds > 0, t.panelSize > 0, t.panelSizePrevious > 0, t.panelNetFenPrevious != 0 {
            let mean = Double(t.panelNetFen) / Double(100 * t.panelSize)
            let meanBefore = Double(t.panelNetFenPrevious) / Double(100 * t.panelSizePrevious)
            values[.panelIncomeGrowth] = Y.growthPct(mean, meanBefore)
        }
        if t.returnRiskHouseholds > 0 {
            // A percentage is (100 · numerator) / denominator, one rounding (docs/indicators.md).
            values[.returnedWithinTwoYears] = Double(100 * t.returnedWithinTwoYears) / Double(t.returnRiskHouseholds)
        }
        if t.growthCounties > 0, t.growthPopulation > 0, t.growthPopulationPrevious > 0 {
            let weighted = t.growthIncomeWeighted.doubleValue / Double(t.growthPopulation)
            let weightedBefore = t.growthIncomeWeightedPrevious.doubleValue / Double(t.growthPopulationPrevious)
            if weightedBefore != 0 { values[.ruralIncomeGrowth] = Y.growthPct(weighted, weightedBefore) }
        }
        values[.poorVillagesBelowThreshold] = Double(t.poorVillagesBelowThreshold)
        values[.crossProvinceDuplicates] = Double(t.crossProvinceDuplicates)
        if let quality {
            values[.householdsReceived] = Double(quality.received)
            values[.householdsRejected] = Double(quality.rejected)
        }
        return values
    }

    /// Nil for NaN and infinities, so no non-finite value ever reaches a row.
    static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    /// Growth in percent, 100 × (now − before) / before. The difference is exact when the two
    /// are within a factor of 2 (Sterbenz), so there is no cancellation: unchanged sums give
    /// exactly 0 (`100 × now / before − 100` gave ±1.4e−14, a sign on "no change"), round cases
    /// stay round (30000 over 25000 is exactly 20, where `(now / before − 1) × 100` gives
    /// 19.999999999999996), and the result carries two roundings relative to itself.
    static func growthPct(_ now: Double, _ before: Double) -> Double? {
        finite(100 * (now - before) / before)
    }

    // MARK: - Breakdown order

    enum BreakdownDimension: String, Sendable {
        case category, cause, measure
    }

    struct BreakdownMember: Sendable {
        var dimension: BreakdownDimension
        var code: String
        /// Index into the tally's arrays (the enumeration's contract order).
        var index: Int
    }

    /// Every (dimension, member) in export order: dimension, then member code, bytewise.
    static let breakdownMembers: [BreakdownMember] = {
        func sorted(_ dimension: BreakdownDimension, _ codes: [String]) -> [BreakdownMember] {
            codes.enumerated()
                .map { BreakdownMember(dimension: dimension, code: $0.element, index: $0.offset) }
                .sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }
        }
        let all =
            sorted(.category, Category.allCases.map(\.rawValue)) + sorted(.cause, Cause.allCases.map(\.rawValue))
            + sorted(.measure, Measure.allCases.map(\.rawValue))
        // Keep dimensions bytewise too, whatever the declaration order above.
        return all.enumerated().sorted {
            let (a, b) = ($0.element.dimension.rawValue, $1.element.dimension.rawValue)
            return a == b ? $0.offset < $1.offset : a.utf8.lexicographicallyPrecedes(b.utf8)
        }.map(\.element)
    }()
}

/// The poor population of each village of one province, summed over the province's parts.
struct VillagePoorPopulation {
    /// Village code → position in the province's `VillageColumns`.
    var positions: [Int64: Int] = [:]
    var poorPopulation: [Int64]

    init(_ villages: VillageColumns) {
        positions.reserveCapacity(villages.count)
        for (position, code) in villages.villageCode.enumerated() { positions[code] = position }
        poorPopulation = [Int64](repeating: 0, count: villages.count)
    }
}

/// Received and rejected household records of submissions in force.
struct SubmissionQuality: Sendable {
    var received: Int64 = 0
    var rejected: Int64 = 0
    mutating func add(_ other: SubmissionQuality) {
        received += other.received
        rejected += other.rejected
    }
}
