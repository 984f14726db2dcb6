/// The year-independent layout of one province's registry: its counties, their villages, and
/// which household indices live in which village.
///
/// Derived only from (seed, province, household count), so every year of a panel sees the same
/// counties, villages and household numbers. Memory is O(villages) — a few thousand entries —
/// never O(households): households are regenerated on demand from their index.
struct ProvincePlan: Sendable {
    struct Village: Sendable {
        var code: Int64
        var name: String
        var isPoor: Bool
        var basePopulation: Int
        /// Year from which each facility is present (road, water, electricity, broadband, clinic).
        var facilitySince: [Int32]
        /// Global household indices of this village (contiguous).
        var households: Range<Int>

        /// Registered population in `year`: a slow decline (out-migration), about 0.5 % a year.
        func population(year: Int32) -> Int {
            let years = max(0, Int(year) - 2014)
            return max(households.count, basePopulation - basePopulation * years / 200)
        }

        func hasFacility(_ index: Int, year: Int32) -> Bool { year >= facilitySince[index] }
    }

    struct County: Sendable {
        var code: Int32
        var villages: [Village]
        /// Global household indices of this county (contiguous, the union of its villages').
        var households: Range<Int>
        var baseRuralPopulation: Int
        /// County rural income relative to the national rural income.
        var incomeFactor: Double

        /// Rural registered population in `year`, declining about 1 % a year.
        func ruralPopulation(year: Int32) -> Int {
            let years = max(0, Int(year) - 2014)
            return max(1, baseRuralPopulation - baseRuralPopulation * years / 100)
        }
    }

    /// Households per county at most, so that identity numbers stay unique by construction
    /// (see `IdentityMaker`: 8 slots per household within 182,500 (day, sequence) pairs).
    static let maximumHouseholdsPerCounty = 22_000
    /// Target mean households per county when the province has counties to spare.
    static let householdsPerCountyTarget = 500
    /// Mean households per county never planned above this, leaving room for the ±40 % spread.
    static let plannedMeanCeiling = 15_000
    /// Mean households per county at most when the province needs every one of its counties
    /// (more than `plannedMeanCeiling` each): the counties' weights then spread ±10 % instead of
    /// ±40 %, so even a county of the largest weight beside all others of the smallest stays
    /// under `maximumHouseholdsPerCounty` (17,500 × 1,100 / 900 ≈ 21,400). This is what lets the
    /// benchmark build one province of 3,000,000 households (issue 20: 四川 has 183 counties).
    static let crowdedMeanCeiling = 17_500

    var province: Int32
    var householdCount: Int
    var counties: [County]

    init(province: Int32, householdCount: Int, seed: UInt64, reference: SynthReference) throws(SynthError) {
        self.province = province
        self.householdCount = householdCount
        guard let available = reference.countiesByProvince[province], !available.isEmpty else {
            throw SynthError(
                code: .invalidOptions, message: "province \(province) has no counties in the reference data")
        }
        let needed = (householdCount + Self.plannedMeanCeiling - 1) / Self.plannedMeanCeiling
        // Crowded: every county is needed; the weights' spread narrows (see `crowdedMeanCeiling`).
        // Plans that fit the usual ceiling are unchanged, so every earlier seed gives the same data.
        let isCrowded = needed > available.count
        guard !isCrowded || householdCount <= available.count * Self.crowdedMeanCeiling else {
            let least = (householdCount + Self.crowdedMeanCeiling - 1) / Self.crowdedMeanCeiling
            throw SynthError(
                code: .invalidOptions,
                message:
                    "\(householdCount) households need at least \(least) counties, province \(province) has "
                    + "\(available.count); use fewer households or a province with more counties"
            )
        }
        var wanted = max(
            2, (householdCount + Self.householdsPerCountyTarget - 1) / Self.householdsPerCountyTarget, needed)
        wanted = min(wanted, available.count, householdCount)

        var rng = SplitMix64(seed: seed, path: StreamTag.countySelection.rawValue, UInt64(province))
        // Prefer the 832 poverty counties (that is where registered households are), then others.
        var poverty = available.filter(\.isPovertyCounty)
        var others = available.filter { !$0.isPovertyCounty }
        rng.shuffle(&poverty)
        rng.shuffle(&others)
        let candidates = poverty + others
        var chosen = Array(candidates.prefix(wanted))
        // At least two prefectures when the province has them (prefecture-level indicators).
        if chosen.count >= 2, Set(chosen.map(\.prefecture)).count == 1,
            let other = candidates.first(where: { $0.prefecture != chosen[0].prefecture })
        {
            chosen[chosen.count - 1] = other
        }
        chosen.sort { $0.code < $1.code }

        let weightRange = isCrowded ? 900...1100 : 600...1400
        let countyWeights = chosen.map { _ in rng.int(in: weightRange) }
        let perCounty = Self.allocate(householdCount, weights: countyWeights)
        var counties: [County] = []
        var next = 0
        for (countyIndex, county) in chosen.enumerated() {
            var countyRNG = SplitMix64(seed: seed, path: StreamTag.county.rawValue, UInt64(county.code))
            let count = perCounty[countyIndex]
            let villageCount = min(count, countyRNG.int(in: 5...30))
            let villageWeights = (0..<villageCount).map { _ in countyRNG.int(in: 300...1700) }
            let perVillage = Self.allocate(count, weights: villageWeights)
            var villages: [Village] = []
            var township = 0
            var villageInTownship = 0
            var townshipSize = countyRNG.int(in: 3...8)
            var villageStart = next
            for (villageIndex, households) in perVillage.enumerated() {
                if villageInTownship == townshipSize {
                    township += 1
                    villageInTownship = 0
                    townshipSize = countyRNG.int(in: 3...8)
                }
                // Real village codes: 3-digit township (1xx towns) + 3-digit village (2xx villages).
                let code =
                    Int64(county.code) * 1_000_000 + Int64(100 + township) * 1000 + Int64(200 + villageInTownship)
                villageInTownship += 1
                var villageRNG = SplitMix64(seed: seed, path: StreamTag.village.rawValue, UInt64(code))
                let isPoor = villageRNG.chance(county.isPovertyCounty ? 0.35 : 0.15)
                // Registered poor households are a share of the village: larger in poor villages.
                let share = isPoor ? villageRNG.uniform(0.15, 0.40) : villageRNG.uniform(0.05, 0.15)
                let population = Int((Double(households) * HouseholdGenerator.meanHouseholdSize / share).rounded())
                let facilitySince = Self.facilityProbabilities.map { probabilities -> Int32 in
                    let p = isPoor ? probabilities.poor : probabilities.other
                    if villageRNG.chance(p) { return 2000 }
                    return Int32(villageRNG.int(in: 2015...probabilities.lastYear))
                }
                villages.append(
                    Village(
                        code: code, name: Names.villageName(&villageRNG), isPoor: isPoor,
                        basePopulation: max(population, households), facilitySince: facilitySince,
                        households: villageStart..<(villageStart + households)))
                villageStart += households
                _ = villageIndex
            }
            let villagePopulation = villages.reduce(0) { $0 + $1.basePopulation }
            let rural = Int((Double(villagePopulation) * countyRNG.uniform(1.2, 2.0)).rounded())
            let incomeFactor = county.isPovertyCounty ? countyRNG.uniform(0.55, 0.85) : countyRNG.uniform(0.8, 1.1)
            counties.append(
                County(
                    code: county.code, villages: villages, households: next..<(next + count),
                    baseRuralPopulation: rural, incomeFactor: incomeFactor))
            next += count
        }
        precondition(next == householdCount, "ProvincePlan: allocation must cover every household")
        self.counties = counties
    }

    /// Probability that a facility was there before 2015 (poor / other villages), else the year it
    /// arrives is uniform in 2015...lastYear: road, water, electricity, broadband, clinic.
    static let facilityProbabilities: [(poor: Double, other: Double, lastYear: Int)] = [
        (0.82, 0.95, 2020), (0.78, 0.92, 2020), (0.985, 0.998, 2018), (0.45, 0.70, 2024), (0.75, 0.90, 2020),
    ]

    var villageCount: Int { counties.reduce(0) { $0 + $1.villages.count } }

    /// Splits `total` into `weights.count` parts ≥ 1, proportional to the weights, by largest
    /// remainder (ties to the lower index). Integer arithmetic only, so identical everywhere.
    static func allocate(_ total: Int, weights: [Int]) -> [Int] {
        precondition(total >= weights.count, "allocate: every part gets at least one")
        let rest = total - weights.count
        let sum = weights.reduce(0, +)
        var parts = weights.map { 1 + rest * $0 / sum }
        var remainders = weights.enumerated().map { (index: $0.offset, remainder: rest * $0.element % sum) }
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var missing = total - parts.reduce(0, +)
        var position = 0
        while missing > 0 {
            parts[remainders[position].index] += 1
            missing -= 1
            position += 1
        }
        return parts
    }
}
