import JingzhunCore

/// The additive sums behind the builtins and breakdowns of one area and year.
///
/// Every other indicator is defined by the catalogue and tallied by `CatalogueProgram`
/// (`CatalogueTally`); what stays here needs more than one entity at once (catalogue.md §Kinds,
/// `builtin`): the panel of households matched across years, counties matched with their y−1
/// statistics, poor villages measured against their own households, cross-province duplicates,
/// and the breakdowns table. Counties are tallied from the records; a prefecture, province or the
/// nation is the sum of its counties' tallies: sums of records, never ratios of lower levels
/// (indicators.md). Every sum is an exact integer (money in fen).
struct AreaTally: Sendable {
    // Counties with statistics in both y and y−1 (rural_income_growth)
    var growthCounties: Int64 = 0
    var growthPopulation: Int64 = 0
    var growthIncomeWeighted = WideSum()
    var growthPopulationPrevious: Int64 = 0
    var growthIncomeWeightedPrevious = WideSum()

    /// Filled per county by `IndicatorAccumulator.finish`, from the merge of the identity runs.
    var crossProvinceDuplicates: Int64 = 0

    // Panel (households of H(y) ∩ H(y−1), placed by their year-y village)
    var panelHouseholds: Int64 = 0
    var panelNetFen: Int64 = 0
    var panelSize: Int64 = 0
    var panelNetFenPrevious: Int64 = 0
    var panelSizePrevious: Int64 = 0

    // Returns to poverty within two years: households of H(y) whose y−1 record is an exit of
    // y−2 or y−1 (the risk set), and of those the ones returned in y; by their year-y village
    var returnRiskHouseholds: Int64 = 0
    var returnedWithinTwoYears: Int64 = 0

    var poorVillagesBelowThreshold: Int64 = 0

    // Breakdowns, indexed by the enumerations' contract order
    var causeHouseholds = [Int64](repeating: 0, count: Cause.allCases.count)
    var causePopulation = [Int64](repeating: 0, count: Cause.allCases.count)
    var categoryHouseholds = [Int64](repeating: 0, count: Category.allCases.count)
    var categoryPopulation = [Int64](repeating: 0, count: Category.allCases.count)
    var measureHouseholds = [Int64](repeating: 0, count: Measure.allCases.count)

    /// Adds another area's sums (a county into its prefecture, and so on).
    mutating func add(_ other: AreaTally) {
        growthCounties += other.growthCounties
        growthPopulation += other.growthPopulation
        growthIncomeWeighted.add(other.growthIncomeWeighted)
        growthPopulationPrevious += other.growthPopulationPrevious
        growthIncomeWeightedPrevious.add(other.growthIncomeWeightedPrevious)
        crossProvinceDuplicates += other.crossProvinceDuplicates
        panelHouseholds += other.panelHouseholds
        panelNetFen += other.panelNetFen
        panelSize += other.panelSize
        panelNetFenPrevious += other.panelNetFenPrevious
        panelSizePrevious += other.panelSizePrevious
        returnRiskHouseholds += other.returnRiskHouseholds
        returnedWithinTwoYears += other.returnedWithinTwoYears
        poorVillagesBelowThreshold += other.poorVillagesBelowThreshold
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
