import JingzhunCore
import Testing

@testable import JingzhunIndicators

// Hand-built province data for the indicator tests. Money is given in yuan and stored in fen,
// as ingest does; birth dates are 1 June of the given year, so age = y − birth year.

/// One member of a fixture household.
struct Person {
    var birthYear: Int = 1980
    var schooling: Schooling = .exempt
    var medicalInsured = true
    var seriousIllnessInsured = true
    /// A shared identity (for cross-province duplicates); nil gives a fresh, unique one.
    var identity: UInt64? = nil

    static let adult = Person()
    static func child(born year: Int, _ schooling: Schooling = .inSchool) -> Person {
        Person(birthYear: year, schooling: schooling)
    }
}

/// Builds the `ProvinceYearData` of one province and year.
struct ProvinceFixture {
    private(set) var data: ProvinceYearData
    private var nextIdentity: UInt64 = 0

    init(province: Int32, year: Int32, received: Int = 0, rejected: Int = 0) {
        data = ProvinceYearData(key: SubmissionKey(province: province, year: year, revision: 1))
        data.counts.householdsReceived = received
        data.counts.householdsRejected = rejected
    }

    static func fen(_ yuan: Double) -> Int64 { Int64((yuan * 100).rounded()) }

    mutating func county(_ code: Int32, ruralPopulation: Int64, ruralIncome: Double) {
        data.counties.countyCode.append(code)
        data.counties.ruralPopulation.append(ruralPopulation)
        data.counties.ruralIncomeFen.append(ProvinceFixture.fen(ruralIncome))
        data.counties.sourceLine.append(Int64(data.counties.count + 1))
    }

    mutating func village(
        _ code: Int64, poor: Bool = false, population: Int64 = 0, road: Bool = false, water: Bool = false,
        electricity: Bool = false, broadband: Bool = false, clinic: Bool = false
    ) {
        let v = data.villages.count
        data.villages.villageCode.append(code)
        data.villages.name.append("village \(v)")
        data.villages.isPoorVillage.append(poor)
        data.villages.population.append(population)
        data.villages.road.append(road)
        data.villages.water.append(water)
        data.villages.electricity.append(electricity)
        data.villages.broadband.append(broadband)
        data.villages.clinic.append(clinic)
        data.villages.sourceLine.append(Int64(v + 2))
    }

    mutating func household(
        _ id: String, village: Int64, status: HouseholdStatus = .poor, exitYear: Int32? = nil,
        category: JingzhunCore.Category = .general, cause: Cause = .illness, grade: HousingGrade = .a,
        safeWater: Bool = true, foodClothing: Bool = true, wage: Double = 0, operating: Double = 0,
        property: Double = 0, transfer: Double = 0, operatingCost: Double = 0, measures: [Measure] = [],
        members: [Person]
    ) {
        let h = data.households
        let index = Int32(h.count)
        data.households.householdID.append(id)
        data.households.villageCode.append(village)
        data.households.registeredYear.append(2014)
        data.households.category.append(category)
        data.households.cause.append(cause)
        data.households.status.append(status)
        data.households.exitYear.append(exitYear)
        data.households.housingGrade.append(grade)
        data.households.safeWater.append(safeWater)
        data.households.foodClothingSecured.append(foodClothing)
        data.households.incomeWageFen.append(ProvinceFixture.fen(wage))
        data.households.incomeOperatingFen.append(ProvinceFixture.fen(operating))
        data.households.incomePropertyFen.append(ProvinceFixture.fen(property))
        data.households.incomeTransferFen.append(ProvinceFixture.fen(transfer))
        data.households.operatingCostFen.append(ProvinceFixture.fen(operatingCost))
        data.households.measures.append(MeasureSet(measures))
        data.households.sourceLine.append(Int64(index + 2))
        for (position, person) in members.enumerated() {
            nextIdentity += 1
            let identity =
                person.identity.map { Pseudonym(w0: 0xD0, w1: 0, w2: 0, w3: $0) }
                ?? Pseudonym(w0: UInt64(data.key.province), w1: UInt64(data.key.year), w2: 0, w3: nextIdentity)
            data.members.householdIndex.append(index)
            data.members.identityKey.append(identity)
            data.members.relation.append(position == 0 ? .head : .other)
            data.members.sex.append(.female)
            data.members.birthDate.append(CivilDate(year: person.birthYear, month: 6, day: 1)!.daysSinceEpoch)
            data.members.education.append(.primary)
            data.members.schooling.append(person.schooling)
            data.members.health.append(.healthy)
            data.members.labor.append(.ordinary)
            data.members.medicalInsured.append(person.medicalInsured)
            data.members.seriousIllnessInsured.append(person.seriousIllnessInsured)
            data.members.pensionInsured.append(true)
            data.members.sourceLine.append(Int64(data.members.count + 1))
        }
    }

    /// `count` one-person households of one adult without income, in `village`.
    mutating func people(_ count: Int, village: Int64, status: HouseholdStatus = .poor, prefix: String) {
        for n in 0..<count { household("\(prefix)\(n)", village: village, status: status, members: [.adult]) }
    }
}

/// Reference data: real national rural incomes 2017-2019 (shared/reference/national_reference.csv,
/// see shared/reference/SOURCES.md) and a round poverty line of 3,000 yuan for hand arithmetic.
let testReference = NationalReference(
    povertyLine: [2018: 3000, 2019: 3000],
    nationalRuralIncome: [2017: 13432.43, 2018: 14617.03, 2019: 16020.67])

extension IndicatorResult {
    /// The value of one indicator row (nil is null); records an issue when the row is missing.
    func value(
        _ indicator: String, _ areaCode: String, year: Int32 = 2019,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    )
        -> Double?
    {
        let level = AreaLevel.of(areaCode)
        let matches = indicators.filter {
            $0.year == year && $0.level == level && $0.areaCode == areaCode && $0.indicator == indicator
        }
        if matches.count != 1 {
            Issue.record(
                "expected one row \(year) \(areaCode) \(indicator), found \(matches.count)",
                sourceLocation: sourceLocation)
        }
        return matches.first?.value
    }

    /// `[households, population]` of one breakdown row (empty when the row is missing).
    func breakdown(
        _ dimension: String, _ member: String, _ areaCode: String, year: Int32 = 2019,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> [Int64?] {
        let level = AreaLevel.of(areaCode)
        let matches = breakdowns.filter {
            $0.year == year && $0.level == level && $0.areaCode == areaCode && $0.dimension == dimension
                && $0.member == member
        }
        if matches.count != 1 {
            Issue.record(
                "expected one breakdown row \(year) \(areaCode) \(dimension) \(member)", sourceLocation: sourceLocation)
        }
        return matches.first.map { [$0.households, $0.population] } ?? []
    }

    /// Area codes present for a year, in row order, without repeats.
    func areaCodes(year: Int32 = 2019) -> [String] {
        var seen: [String] = []
        for row in indicators where row.year == year && seen.last != row.areaCode { seen.append(row.areaCode) }
        return seen
    }
}

extension AreaLevel {
    static func of(_ code: String) -> AreaLevel {
        switch code.count {
        case 2 where code == "CN": .nation
        case 2: .province
        case 4: .prefecture
        default: .county
        }
    }
}

/// |a − b| ≤ tolerance · max(1, |b|).
func isClose(_ a: Double?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}
