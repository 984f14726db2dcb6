import JingzhunCore

/// The additive sums behind every indicator of one area and year.
///
/// Counties are tallied from the records; a prefecture, province or the nation is the sum of its
/// counties' tallies: sums of records, never ratios of lower levels (indicators.md). Counts and
/// money are exact integers (money in fen); only the FGT sums are Double, because their terms are
/// real-valued.
struct AreaTally: Sendable {
    // H, P, X (indicators.md §Base sets)
    var households: Int64 = 0
    var population: Int64 = 0
    var poorHouseholds: Int64 = 0
    var poorPopulation: Int64 = 0
    var exitedHouseholds: Int64 = 0
    var exitedPopulation: Int64 = 0
    var returnedPopulation: Int64 = 0

    // County statistics of year y
    var countiesWithStatistics: Int64 = 0
    var ruralPopulation: Int64 = 0
    var ruralIncomeFen: Int64 = 0
    /// Σ rural_income (fen) · rural_population.
    var ruralIncomeWeighted = WideSum()

    // Counties with statistics in both y and y−1
    var growthCounties: Int64 = 0
    var growthPopulation: Int64 = 0
    var growthIncomeWeighted = WideSum()
    var growthPopulationPrevious: Int64 = 0
    var growthIncomeWeightedPrevious = WideSum()

    // Members of H
    var schoolAgeChildren: Int64 = 0
    var outOfSchoolChildren: Int64 = 0
    var medicalInsured: Int64 = 0
    var seriousIllnessInsured: Int64 = 0
    /// Filled per county by `IndicatorAccumulator.finish`, from the merge of the identity runs.
    var crossProvinceDuplicates: Int64 = 0

    // Households of H
    var housingSafe: Int64 = 0
    var safeWater: Int64 = 0
    var foodClothing: Int64 = 0
    var guaranteesMet: Int64 = 0
    var netFen: Int64 = 0

    // Poverty line (only filled when poverty_line(y) is known)
    var populationAboveLine: Int64 = 0
    /// Σ size(h) · (z − max(pcni, 0)) over pcni < z, in yuan.
    var gapSum: Double = 0
    /// Σ size(h) · (z − max(pcni, 0))² over pcni < z, in yuan².
    var severitySum: Double = 0
    var wrongfulExits: Int64 = 0
    var bunchedExits: Int64 = 0

    // Panel (households of H(y) ∩ H(y−1), placed by their year-y village)
    var panelHouseholds: Int64 = 0
    var panelNetFen: Int64 = 0
    var panelSize: Int64 = 0
    var panelNetFenPrevious: Int64 = 0
    var panelSizePrevious: Int64 = 0

    // Villages
    var poorVillages: Int64 = 0
    var poorVillagesBelowThreshold: Int64 = 0
    var poorVillagesWithRoad: Int64 = 0
    var poorVillagesWithWater: Int64 = 0
    var poorVillagesWithElectricity: Int64 = 0
    var poorVillagesWithBroadband: Int64 = 0
    var poorVillagesWithClinic: Int64 = 0

    // Breakdowns, indexed by the enumerations' contract order
    var causeHouseholds = [Int64](repeating: 0, count: Cause.allCases.count)
    var causePopulation = [Int64](repeating: 0, count: Cause.allCases.count)
    var categoryHouseholds = [Int64](repeating: 0, count: Category.allCases.count)
    var categoryPopulation = [Int64](repeating: 0, count: Category.allCases.count)
    var measureHouseholds = [Int64](repeating: 0, count: Measure.allCases.count)

    /// Adds another area's sums (a county into its prefecture, and so on).
    mutating func add(_ other: AreaTally) {
        households += other.households
        population += other.population
        poorHouseholds += other.poorHouseholds
        poorPopulation += other.poorPopulation
        exitedHouseholds += other.exitedHouseholds
        exitedPopulation += other.exitedPopulation
        returnedPopulation += other.returnedPopulation
        countiesWithStatistics += other.countiesWithStatistics
        ruralPopulation += other.ruralPopulation
        ruralIncomeFen += other.ruralIncomeFen
        ruralIncomeWeighted.add(other.ruralIncomeWeighted)
        growthCounties += other.growthCounties
        growthPopulation += other.growthPopulation
        growthIncomeWeighted.add(other.growthIncomeWeighted)
        growthPopulationPrevious += other.growthPopulationPrevious
        growthIncomeWeightedPrevious.add(other.growthIncomeWeightedPrevious)
        schoolAgeChildren += other.schoolAgeChildren
        outOfSchoolChildren += other.outOfSchoolChildren
        medicalInsured += other.medicalInsured
        seriousIllnessInsured += other.seriousIllnessInsured
        crossProvinceDuplicates += other.crossProvinceDuplicates
        housingSafe += other.housingSafe
        safeWater += other.safeWater
        foodClothing += other.foodClothing
        guaranteesMet += other.guaranteesMet
        netFen += other.netFen
        populationAboveLine += other.populationAboveLine
        gapSum += other.gapSum
        severitySum += other.severitySum
        wrongfulExits += other.wrongfulExits
        bunchedExits += other.bunchedExits
        panelHouseholds += other.panelHouseholds
        panelNetFen += other.panelNetFen
        panelSize += other.panelSize
        panelNetFenPrevious += other.panelNetFenPrevious
        panelSizePrevious += other.panelSizePrevious
        poorVillages += other.poorVillages
        poorVillagesBelowThreshold += other.poorVillagesBelowThreshold
        poorVillagesWithRoad += other.poorVillagesWithRoad
        poorVillagesWithWater += other.poorVillagesWithWater
        poorVillagesWithElectricity += other.poorVillagesWithElectricity
        poorVillagesWithBroadband += other.poorVillagesWithBroadband
        poorVillagesWithClinic += other.poorVillagesWithClinic
        for index in causeHouseholds.indices {
            causeHouseholds[index] += other.causeHouseholds[index]
            causePopulation[index] += other.causePopulation[index]
        }
        for index in categoryHouseholds.indices {
            categoryHouseholds[index] += other.categoryHouseholds[index]
            categoryPopulation[index] += other.categoryPopulation[index]
        }
        for index in measureHouseholds.indices { measureHouseholds[index] += other.measureHouseholds[index] }
    }
}
