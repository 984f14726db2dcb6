import JingzhunCore

extension AreaTally {
    /// Adds one household of H (status ≠ removed) to the breakdowns and, when it is in the panel
    /// (it has members and its household number was in H(y−1)), to the panel sums.
    ///
    /// - Parameters:
    ///   - size: size(h); a household with no members (ingest never accepts one) has no
    ///     per-capita income and takes no part in the panel.
    ///   - previousIncome: net (fen) and size of the household in y − 1, when matched.
    mutating func addHousehold(
        status: HouseholdStatus, size: Int64, category: Int, cause: Int, measures: MeasureSet,
        netFen: @autoclosure () -> Int64, previousIncome: (netFen: Int64, size: Int64)?
    ) {
        categoryHouseholds[category] += 1
        categoryPopulation[category] += size
        if status == .poor || status == .returned {
            causeHouseholds[cause] += 1
            causePopulation[cause] += size
            var bits = measures.rawValue
            while bits != 0 {
                let measure = bits.trailingZeroBitCount
                // Bits past the enumeration cannot come from MeasureSet.insert; ignore rather than trap.
                if measure < measureHouseholds.count { measureHouseholds[measure] += 1 }
                bits &= bits - 1
            }
        }
        if let previous = previousIncome, size > 0 {
            panelHouseholds += 1
            panelNetFen += netFen()
            panelSize += size
            panelNetFenPrevious += previous.netFen
            panelSizePrevious += previous.size
        }
    }

    /// Adds one household of H(y) whose y − 1 record is an exit of y − 2 or y − 1 still in force
    /// (returned_within_two_years_pct's risk set); `returned`: its status in y is `returned`.
    mutating func addReturnRisk(returned: Bool) {
        returnRiskHouseholds += 1
        if returned { returnedWithinTwoYears += 1 }
    }

    /// Adds the y − 1 row of a county that has statistics in y (rural_income_growth).
    mutating func addStatistics(population: Int64, incomeFen: Int64, previous: PreviousCountyStatistics) {
        growthCounties += 1
        growthPopulation += population
        growthIncomeWeighted.addProduct(incomeFen, population)
        growthPopulationPrevious += previous.ruralPopulation
        growthIncomeWeightedPrevious.addProduct(previous.ruralIncomeFen, previous.ruralPopulation)
    }
}
