import JingzhunCore

/// What the tally needs to know about one household of H (status ≠ removed).
struct HouseholdFacts {
    var status: HouseholdStatus
    /// status = exited and exit year = y (the set X).
    var isExitedThisYear: Bool
    var size: Int64
    var netFen: Int64
    var category: Int
    var cause: Int
    var measures: MeasureSet
    var isHousingSafe: Bool
    var hasSafeWater: Bool
    var hasFoodClothing: Bool
    var members: MemberSummary
    /// net and size in y − 1 when the household is in the panel.
    var previousIncome: (netFen: Int64, size: Int64)?

    /// G(h): food and clothing ∧ safe water ∧ safe housing ∧ every member insured ∧ none out of school.
    var meetsGuarantees: Bool {
        hasFoodClothing && hasSafeWater && isHousingSafe && members.medicalInsured == members.size
            && members.outOfSchool == 0
    }
}

extension AreaTally {
    /// Adds one household of H. `line` is nil when poverty_line(y) is unknown.
    ///
    /// A household with no members (ingest never accepts one) counts in |H| and its sets, but has
    /// no per-capita income: it is never above or below the line, so it takes no part in the
    /// above-line share, FGT or bunching, and as an exit it is wrongful (income not shown above z).
    mutating func addHousehold(_ facts: HouseholdFacts, line: PovertyLine?) {
        let size = facts.size
        households += 1
        population += size
        netFen += facts.netFen
        categoryHouseholds[facts.category] += 1
        categoryPopulation[facts.category] += size
        schoolAgeChildren += Int64(facts.members.schoolAge)
        outOfSchoolChildren += Int64(facts.members.outOfSchool)
        medicalInsured += Int64(facts.members.medicalInsured)
        seriousIllnessInsured += Int64(facts.members.seriousIllnessInsured)
        if facts.isHousingSafe { housingSafe += 1 }
        if facts.hasSafeWater { safeWater += 1 }
        if facts.hasFoodClothing { foodClothing += 1 }
        let meetsGuarantees = facts.meetsGuarantees
        if meetsGuarantees { guaranteesMet += 1 }

        switch facts.status {
        case .poor, .returned:
            poorHouseholds += 1
            poorPopulation += size
            causeHouseholds[facts.cause] += 1
            causePopulation[facts.cause] += size
            var bits = facts.measures.rawValue
            while bits != 0 {
                let measure = bits.trailingZeroBitCount
                // Bits past the enumeration cannot come from MeasureSet.insert; ignore rather than trap.
                if measure < measureHouseholds.count { measureHouseholds[measure] += 1 }
                bits &= bits - 1
            }
            if facts.status == .returned { returnedPopulation += size }
        case .exited, .removed:
            break
        }
        if facts.isExitedThisYear {
            exitedHouseholds += 1
            exitedPopulation += size
        }

        if let line {
            let isAbove = size > 0 && line.isAbove(netFen: facts.netFen, size: size)
            if isAbove { populationAboveLine += size }
            if size > 0 && line.isBelow(netFen: facts.netFen, size: size) {
                let gap = line.yuan - max(PovertyLine.perCapita(netFen: facts.netFen, size: size), 0)
                gapSum += Double(size) * gap
                severitySum += Double(size) * gap * gap
            }
            if facts.isExitedThisYear {
                if !(isAbove && meetsGuarantees) { wrongfulExits += 1 }
                if isAbove && line.isWithinBunchingCeiling(netFen: facts.netFen, size: size) { bunchedExits += 1 }
            }
        }

        if let previous = facts.previousIncome, size > 0 {
            panelHouseholds += 1
            panelNetFen += facts.netFen
            panelSize += size
            panelNetFenPrevious += previous.netFen
            panelSizePrevious += previous.size
        }
    }

    /// Adds one row of county statistics of year y, and its y − 1 row when there is one.
    mutating func addStatistics(population: Int64, incomeFen: Int64, previous: PreviousCountyStatistics?) {
        countiesWithStatistics += 1
        ruralPopulation += population
        ruralIncomeFen += incomeFen
        ruralIncomeWeighted.addProduct(incomeFen, population)
        if let previous {
            growthCounties += 1
            growthPopulation += population
            growthIncomeWeighted.addProduct(incomeFen, population)
            growthPopulationPrevious += previous.ruralPopulation
            growthIncomeWeightedPrevious.addProduct(previous.ruralIncomeFen, previous.ruralPopulation)
        }
    }

    /// Adds one poor village (贫困村).
    mutating func addPoorVillage(isBelowThreshold: Bool, road: Bool, water: Bool, electricity: Bool, broadband: Bool, clinic: Bool) {
        poorVillages += 1
        if isBelowThreshold { poorVillagesBelowThreshold += 1 }
        if road { poorVillagesWithRoad += 1 }
        if water { poorVillagesWithWater += 1 }
        if electricity { poorVillagesWithElectricity += 1 }
        if broadband { poorVillagesWithBroadband += 1 }
        if clinic { poorVillagesWithClinic += 1 }
    }
}
