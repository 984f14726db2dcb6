import JingzhunCore

/// Per-household sums over its members (one pass over the member columns).
/// (Cross-province duplicates are counted per county after the merge, not per household.)
struct MemberSummary: Sendable {
    /// size(h): accepted member records of h.
    var size: Int32 = 0
    var medicalInsured: Int32 = 0
    var seriousIllnessInsured: Int32 = 0
    var schoolAge: Int32 = 0
    var outOfSchool: Int32 = 0
}

/// County statistics of one county in year y − 1.
struct PreviousCountyStatistics: Sendable {
    var ruralPopulation: Int64
    var ruralIncomeFen: Int64
}

/// What one year's computation knows beyond the records: its reference values, how to tally one
/// province's records and how to turn a tally into rows. `IndicatorAccumulator` drives it.
struct YearComputation {
    /// indicators.md §Base sets: school age is 6 ≤ age ≤ 15.
    static let schoolAges: ClosedRange<Int32> = 6...15
    /// indicators.md §County exit: wrongful_exit_pct must be below 2 (percent).
    static let wrongfulExitLimitPct: Int64 = 2
    /// indicators.md §Exits: bunching is z < pcni ≤ 1.1 z.
    static let bunchingCeilingFactor = 1.1

    let year: Int32
    let line: PovertyLine?
    let nationalGrowthPct: Double?
    private(set) var warnings: [Diagnostic] = []

    init(year: Int32, reference: NationalReference) {
        self.year = year
        line = reference.povertyLine[year].flatMap(PovertyLine.init(yuan:))
        var missing: [String] = []
        if line == nil { missing.append("poverty_line(\(year))") }
        let income = reference.nationalRuralIncome[year]
        let incomeBefore = reference.nationalRuralIncome[year - 1]
        if income == nil { missing.append("national_rural_income(\(year))") }
        if incomeBefore == nil { missing.append("national_rural_income(\(year - 1))") }
        if let income, let incomeBefore, incomeBefore != 0 {
            nationalGrowthPct = YearComputation.growthPct(income, incomeBefore)
        } else {
            nationalGrowthPct = nil
        }
        if !missing.isEmpty {
            let affected =
                (line == nil
                    ? "population_above_line_pct, poverty_gap_index, poverty_severity_index, wrongful_exit_pct, "
                        + "exit_income_bunching_pct, county_exit_eligible (counties with exits)"
                    : "")
                + (nationalGrowthPct == nil
                    ? (line == nil ? ", " : "") + "national_rural_income_growth_pct, income_growth_gap_pp" : "")
            warnings.append(
                Diagnostic(
                    rule: .referenceDataMissing, location: SourceLocation(file: "reference data"),
                    message: "Reference data for \(year) lacks \(missing.joined(separator: ", ")); "
                        + "\(affected) are null for \(year). Add the missing values to the reference data and rerun compute."
                ))
        }
    }

    // MARK: - Tallying one province

    /// Tallies the records of one province: households of H and poor villages per county, the
    /// province's area counties, and the (pseudonym, county) of every member of H.
    ///
    /// - Parameter panel: H(y−1) of the same province, for panel income growth.
    func tallyRecords(_ data: ProvinceYearData, panel: PanelBase?) -> ProvinceTally {
        var tally = ProvinceTally()
        let households = data.households
        // Areas: every county with statistics or households of any status (removed included).
        tally.areaCounties.formUnion(data.counties.countyCode)
        var lastVillage: Int64 = -1
        for village in households.villageCode where village != lastVillage {
            lastVillage = village
            tally.areaCounties.insert(AreaCode.county(ofVillage: village))
        }

        let summaries = summarizeMembers(data)
        var villagePositions: [Int64: Int] = [:]
        villagePositions.reserveCapacity(data.villages.count)
        for (position, code) in data.villages.villageCode.enumerated() { villagePositions[code] = position }
        var villagePoorPopulation = [Int64](repeating: 0, count: data.villages.count)

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
                cachedVillage = villagePositions[villageCode]
                cachedCounty = tally.position(ofCounty: AreaCode.county(ofVillage: villageCode))
            }
            let summary = summaries[household]
            let size = Int64(summary.size)
            let netFen = households.netFen(household)
            let isPoor = status == .poor || status == .returned
            if isPoor, let village = cachedVillage { villagePoorPopulation[village] += size }

            var previousIncome: (netFen: Int64, size: Int64)? = nil
            if let panel, size > 0, let match = panel.positions[households.householdID[household]] {
                previousIncome = (panel.netFen[match], panel.sizes[match])
            }
            tally.counties[cachedCounty].addHousehold(
                HouseholdFacts(
                    status: status, isExitedThisYear: status == .exited && households.exitYear[household] == year,
                    size: size, netFen: netFen, category: households.category[household].tallyIndex,
                    cause: households.cause[household].tallyIndex, measures: households.measures[household],
                    isHousingSafe: households.housingGrade[household].isSafe,
                    hasSafeWater: households.safeWater[household],
                    hasFoodClothing: households.foodClothingSecured[household],
                    members: summary, previousIncome: previousIncome),
                line: line)
        }

        let villages = data.villages
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
            let isBelowThreshold = population > 0 && 100 * villagePoorPopulation[village] < threshold * population
            tally.counties[county].addPoorVillage(
                isBelowThreshold: isBelowThreshold, road: villages.road[village], water: villages.water[village],
                electricity: villages.electricity[village], broadband: villages.broadband[village],
                clinic: villages.clinic[village])
        }

        // Members of H with the county their household is counted in, for cross-province duplicates.
        let members = data.members
        tally.identities.reserveCapacity(members.count)
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
        return tally
    }

    /// One pass over the members: size, insurance and school age per household.
    private func summarizeMembers(_ data: ProvinceYearData) -> [MemberSummary] {
        var summaries = [MemberSummary](repeating: MemberSummary(), count: data.households.count)
        let members = data.members
        let householdIndex = members.householdIndex
        let birthDate = members.birthDate
        let schooling = members.schooling
        let medicalInsured = members.medicalInsured
        let seriousIllnessInsured = members.seriousIllnessInsured
        for member in 0..<members.count {
            let household = Int(householdIndex[member])
            let age = year - Int32(CivilDate(daysSinceEpoch: birthDate[member]).year)
            let isSchoolAge = YearComputation.schoolAges.contains(age)
            summaries[household].size += 1
            if medicalInsured[member] { summaries[household].medicalInsured += 1 }
            if seriousIllnessInsured[member] { summaries[household].seriousIllnessInsured += 1 }
            if isSchoolAge {
                summaries[household].schoolAge += 1
                if schooling[member].isOutOfSchool { summaries[household].outOfSchool += 1 }
            }
        }
        return summaries
    }

    // MARK: - Rows

    func emit(
        _ tally: AreaTally, level: AreaLevel, code: Int32, areaCode: String, quality: SubmissionQuality?,
        into result: inout IndicatorResult
    ) {
        let values = indicatorValues(tally, level: level, code: code, quality: quality)
        for id in IndicatorID.exportOrder {
            let position = id.position
            let value = IndicatorID.levels[position].contains(level) ? values[position] : nil
            result.indicators.append(
                IndicatorRow(year: year, level: level, areaCode: areaCode, indicator: id.rawValue, value: value))
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

    /// Every catalogue indicator of one area, in `IndicatorID.allCases` order (nil is null).
    func indicatorValues(_ t: AreaTally, level: AreaLevel, code: Int32, quality: SubmissionQuality?) -> [Double?] {
        typealias Y = YearComputation
        var values = [Double?](repeating: nil, count: IndicatorID.allCases.count)
        func set(_ id: IndicatorID, _ value: Double?) { values[id.position] = value.flatMap(Y.finite) }
        func count(_ id: IndicatorID, _ value: Int64) { set(id, Double(value)) }

        count(.registeredHouseholds, t.households)
        count(.registeredPopulation, t.population)
        count(.poorHouseholds, t.poorHouseholds)
        count(.poorPopulation, t.poorPopulation)
        count(.exitedHouseholds, t.exitedHouseholds)
        count(.exitedPopulation, t.exitedPopulation)
        count(.returnedPopulation, t.returnedPopulation)
        // Null, not 0, where the area has no county statistics at all (nothing to sum).
        set(.ruralPopulation, t.countiesWithStatistics > 0 ? Double(t.ruralPopulation) : nil)
        let incidence = Y.percent(t.poorPopulation, t.ruralPopulation)
        set(.povertyIncidencePct, incidence)

        count(.schoolAgeChildren, t.schoolAgeChildren)
        count(.outOfSchoolChildren, t.outOfSchoolChildren)
        set(.educationGuaranteePct, Y.percent(t.schoolAgeChildren - t.outOfSchoolChildren, t.schoolAgeChildren))
        set(.medicalInsuredPct, Y.percent(t.medicalInsured, t.population))
        set(.seriousIllnessInsuredPct, Y.percent(t.seriousIllnessInsured, t.population))
        set(.housingSafePct, Y.percent(t.housingSafe, t.households))
        set(.safeWaterPct, Y.percent(t.safeWater, t.households))
        set(.foodClothingPct, Y.percent(t.foodClothing, t.households))
        set(.guaranteesMetPct, Y.percent(t.guaranteesMet, t.households))

        // Σ net / population in yuan: net fen / (100 · population), one rounding.
        set(.meanPerCapitaNetIncome, t.population > 0 ? Double(t.netFen) / Double(100 * t.population) : nil)
        if let line, t.population > 0 {
            let persons = Double(t.population)
            set(.populationAboveLinePct, Y.percent(t.populationAboveLine, t.population))
            set(.povertyGapIndex, t.gapSum / (line.yuan * persons))
            set(.povertySeverityIndex, t.severitySum / (line.yuan * line.yuan * persons))
        }
        if t.panelHouseholds > 0, t.panelSize > 0, t.panelSizePrevious > 0, t.panelNetFenPrevious != 0 {
            let mean = Double(t.panelNetFen) / Double(100 * t.panelSize)
            let meanBefore = Double(t.panelNetFenPrevious) / Double(100 * t.panelSizePrevious)
            set(.panelIncomeGrowthPct, Y.growthPct(mean, meanBefore))
        }

        if level == .county && t.countiesWithStatistics == 1 {
            set(.ruralIncome, Double(t.ruralIncomeFen) / 100)  // county: its rural_income
        } else if t.ruralPopulation > 0 {
            set(.ruralIncome, t.ruralIncomeWeighted.doubleValue / Double(100 * t.ruralPopulation))
        }
        var ruralGrowth: Double? = nil
        if t.growthCounties > 0, t.growthPopulation > 0, t.growthPopulationPrevious > 0 {
            let weighted = t.growthIncomeWeighted.doubleValue / Double(t.growthPopulation)
            let weightedBefore = t.growthIncomeWeightedPrevious.doubleValue / Double(t.growthPopulationPrevious)
            if weightedBefore != 0 { ruralGrowth = Y.growthPct(weighted, weightedBefore) }
        }
        set(.ruralIncomeGrowthPct, ruralGrowth)
        set(.nationalRuralIncomeGrowthPct, nationalGrowthPct)
        if let ruralGrowth, let nationalGrowthPct { set(.incomeGrowthGapPp, ruralGrowth - nationalGrowthPct) }

        if line != nil {
            set(.wrongfulExitPct, Y.percent(t.wrongfulExits, t.exitedHouseholds))
            set(.exitIncomeBunchingPct, Y.percent(t.bunchedExits, t.exitedHouseholds))
        }
        count(.poorVillages, t.poorVillages)
        count(.poorVillagesBelowThreshold, t.poorVillagesBelowThreshold)
        set(.poorVillageRoadPct, Y.percent(t.poorVillagesWithRoad, t.poorVillages))
        set(.poorVillageWaterPct, Y.percent(t.poorVillagesWithWater, t.poorVillages))
        set(.poorVillageElectricityPct, Y.percent(t.poorVillagesWithElectricity, t.poorVillages))
        set(.poorVillageBroadbandPct, Y.percent(t.poorVillagesWithBroadband, t.poorVillages))
        set(.poorVillageClinicPct, Y.percent(t.poorVillagesWithClinic, t.poorVillages))

        if level == .county {
            let threshold = AreaCode.exitThresholdPct(province: AreaCode.province(ofCounty: code))
            set(.exitThresholdPct, threshold)
            if incidence != nil {
                // incidence < threshold ⇔ 100 · poor < threshold · rural, in integers (no rounding at 2.0 %).
                let isIncidenceBelow = 100 * t.poorPopulation < Int64(threshold) * t.ruralPopulation
                let exitsPass: Bool? =
                    t.exitedHouseholds == 0
                    ? true
                    : (line == nil ? nil : 100 * t.wrongfulExits < Y.wrongfulExitLimitPct * t.exitedHouseholds)
                if let exitsPass { set(.countyExitEligible, isIncidenceBelow && exitsPass ? 1 : 0) }
            }
        }

        if let quality {
            count(.householdsReceived, quality.received)
            count(.householdsRejected, quality.rejected)
            set(.rejectedHouseholdPct, Y.percent(quality.rejected, quality.received))
        }
        count(.crossProvinceDuplicates, t.crossProvinceDuplicates)
        return values
    }

    /// 100 · numerator / denominator, or nil when the denominator is 0 (indicators.md).
    static func percent(_ numerator: Int64, _ denominator: Int64) -> Double? {
        denominator == 0 ? nil : finite(Double(numerator) * 100 / Double(denominator))
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

/// Received and rejected household records of submissions in force.
struct SubmissionQuality: Sendable {
    var received: Int64 = 0
    var rejected: Int64 = 0
    mutating func add(_ other: SubmissionQuality) {
        received += other.received
        rejected += other.rejected
    }
}

/// Household numbers of H(y−1) of one province, with their net income and size, for the panel.
struct PanelBase {
    /// household_id → position in `netFen` / `sizes`.
    var positions: [String: Int] = [:]
    var netFen: [Int64] = []
    var sizes: [Int64] = []

    /// Built once per (province, y−1): one size-only pass over members, one pass over households.
    /// Households of size 0 have no per-capita income and are left out.
    init(previous: ProvinceYearData) {
        let households = previous.households
        var memberCounts = [Int32](repeating: 0, count: households.count)
        for household in previous.members.householdIndex { memberCounts[Int(household)] += 1 }
        positions.reserveCapacity(households.count)
        for household in 0..<households.count where households.status[household] != .removed && memberCounts[household] > 0 {
            positions[households.householdID[household]] = netFen.count
            netFen.append(households.netFen(household))
            sizes.append(Int64(memberCounts[household]))
        }
    }
}
