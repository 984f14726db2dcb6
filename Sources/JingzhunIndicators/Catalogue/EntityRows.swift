import JingzhunCatalogue
import JingzhunCore

/// The rows of one entity of one province and year, with each field as a `Column` (built on
/// first use and kept while the province is being tallied).
final class EntityRows {
    let entity: Entity
    let data: ProvinceYearData
    let year: Int32
    /// Rows of the entity (household: every household; member: every member).
    let count: Int
    /// Whether the row is in the entity's set: H for households, members of H for members.
    let isIncluded: [Bool]
    /// County code of each row.
    let county: [Int32]
    private var cache: [String: Column] = [:]
    private let summaries: HouseholdSummaries

    init(_ entity: Entity, data: ProvinceYearData, year: Int32, summaries: HouseholdSummaries) {
        self.entity = entity
        self.data = data
        self.year = year
        self.summaries = summaries
        let households = data.households
        switch entity {
        case .household:
            count = households.count
            isIncluded = households.status.map { $0 != .removed }
            county = households.villageCode.map(AreaCode.county(ofVillage:))
        case .member:
            count = data.members.count
            isIncluded = data.members.householdIndex.map { households.status[Int($0)] != .removed }
            county = data.members.householdIndex.map { AreaCode.county(ofVillage: households.villageCode[Int($0)]) }
        case .county:
            count = data.counties.count
            isIncluded = [Bool](repeating: true, count: count)
            county = data.counties.countyCode
        case .village:
            count = data.villages.count
            isIncluded = [Bool](repeating: true, count: count)
            county = data.villages.villageCode.map(AreaCode.county(ofVillage:))
        }
    }

    /// The field `name` of `owner` (for a member row, `owner == .household` is its household's field).
    func column(_ owner: Entity, _ name: String) -> Column {
        let key = owner.rawValue + "." + name
        if let cached = cache[key] { return cached }
        var column = EntityRows.field(owner, name, data: data, year: year, summaries: summaries)
        if entity == .member && owner == .household { column = EntityRows.gather(column, data.members.householdIndex) }
        cache[key] = column
        return column
    }

    static func codes<E: ContractEnumeration>(_ values: [E]) -> Column {
        .text(values.map { Int32($0.ordinal) }, dictionary: E.allCases.map(\.rawValue), valid: nil)
    }

    static func flags(_ values: [Bool]) -> Column { .boolean(values.map { $0 ? 1 : 0 }) }

    static func integers<T: BinaryInteger>(_ values: [T]) -> Column {
        .exact(values.map { Int64($0) }, scale: 0, valid: nil)
    }

    static func money(_ fen: [Int64]) -> Column { .exact(fen, scale: 2, valid: nil) }

    /// Codes (village, county) as text over the distinct codes met: one `String` per distinct code.
    static func codeText(_ values: [Int64], digits: Int) -> Column {
        var positions: [Int64: Int32] = [:]
        var dictionary: [String] = []
        var result = [Int32](repeating: 0, count: values.count)
        for row in 0..<values.count {
            if let position = positions[values[row]] {
                result[row] = position
            } else {
                let text = String(values[row])
                dictionary.append(String(repeating: "0", count: max(0, digits - text.count)) + text)
                positions[values[row]] = Int32(dictionary.count - 1)
                result[row] = Int32(dictionary.count - 1)
            }
        }
        return .text(result, dictionary: dictionary, valid: nil)
    }

    static func gather(_ column: Column, _ index: [Int32]) -> Column {
        func pick<T>(_ values: [T]) -> [T] { index.map { values[Int($0)] } }
        switch column {
        case .boolean(let values): return .boolean(pick(values))
        case .exact(let values, let scale, let valid): return .exact(pick(values), scale: scale, valid: valid.map(pick))
        case .fraction(let n, let d, let scale, let valid):
            return .fraction(numerator: pick(n), denominator: pick(d), scale: scale, valid: valid.map(pick))
        case .real(let values, let valid): return .real(pick(values), valid: valid.map(pick))
        case .text(let values, let dictionary, let valid):
            return .text(pick(values), dictionary: dictionary, valid: valid.map(pick))
        case .date(let values, let valid): return .date(pick(values), valid: valid.map(pick))
        }
    }

    // swiftlint:disable:next cyclomatic_complexity
    static func field(
        _ owner: Entity, _ name: String, data: ProvinceYearData, year: Int32, summaries: HouseholdSummaries
    ) -> Column {
        let h = data.households
        let m = data.members
        switch (owner, name) {
        case (.household, "status"): return codes(h.status)
        case (.household, "exit_year"):
            return .exact(h.exitYear.map { Int64($0 ?? 0) }, scale: 0, valid: h.exitYear.map { $0 != nil })
        case (.household, "category"): return codes(h.category)
        case (.household, "cause"): return codes(h.cause)
        case (.household, "housing_grade"): return codes(h.housingGrade)
        case (.household, "safe_water"): return flags(h.safeWater)
        case (.household, "food_clothing_secured"): return flags(h.foodClothingSecured)
        case (.household, "income_wage"): return money(h.incomeWageFen)
        case (.household, "income_operating"): return money(h.incomeOperatingFen)
        case (.household, "income_property"): return money(h.incomePropertyFen)
        case (.household, "income_transfer"): return money(h.incomeTransferFen)
        case (.household, "operating_cost"): return money(h.operatingCostFen)
        case (.household, "registered_year"): return integers(h.registeredYear)
        case (.household, "village_code"): return codeText(h.villageCode, digits: 12)
        case (.household, "county_code"): return codeText(h.villageCode.map { $0 / 1_000_000 }, digits: 6)
        case (.household, "size"): return integers(summaries.size)
        case (.household, "net_income"): return money((0..<h.count).map(h.netFen))
        case (.household, "pcni"):
            let sizes = summaries.size.map(Int64.init)
            return .fraction(
                numerator: (0..<h.count).map(h.netFen), denominator: sizes.map { max($0, 1) }, scale: 2,
                valid: sizes.map { $0 > 0 })
        case (.household, "housing_safe"): return flags(h.housingGrade.map(\.isSafe))
        case (.household, "guarantees_met"):
            return flags(
                (0..<h.count).map { row in
                    h.foodClothingSecured[row] && h.safeWater[row] && h.housingGrade[row].isSafe
                        && summaries.medicalInsured[row] == summaries.size[row] && summaries.outOfSchool[row] == 0
                })
        case (.household, "poor"): return flags(h.status.map { $0 == .poor || $0 == .returned })
        case (.household, "exited"):
            return flags((0..<h.count).map { h.status[$0] == .exited && h.exitYear[$0] == year })
        case (.household, "school_age_members"): return integers(summaries.schoolAge)
        case (.household, "out_of_school_members"): return integers(summaries.outOfSchool)
        case (.household, "members_medical_insured"): return integers(summaries.medicalInsured)
        case (.member, "relation"): return codes(m.relation)
        case (.member, "sex"): return codes(m.sex)
        case (.member, "birth_date"): return .date(m.birthDate, valid: nil)
        case (.member, "education"): return codes(m.education)
        case (.member, "schooling"): return codes(m.schooling)
        case (.member, "health"): return codes(m.health)
        case (.member, "labor"): return codes(m.labor)
        case (.member, "medical_insured"): return flags(m.medicalInsured)
        case (.member, "serious_illness_insured"): return flags(m.seriousIllnessInsured)
        case (.member, "pension_insured"): return flags(m.pensionInsured)
        case (.member, "age"): return integers(summaries.age)
        case (.member, "school_age"): return flags(summaries.age.map { YearComputation.schoolAges.contains($0) })
        case (.member, "out_of_school"):
            return flags(
                (0..<m.count).map {
                    YearComputation.schoolAges.contains(summaries.age[$0]) && m.schooling[$0].isOutOfSchool
                })
        case (.county, "rural_population"): return integers(data.counties.ruralPopulation)
        case (.county, "rural_income"): return money(data.counties.ruralIncomeFen)
        case (.village, "poor_village"): return flags(data.villages.isPoorVillage)
        case (.village, "population"): return integers(data.villages.population)
        case (.village, "road"): return flags(data.villages.road)
        case (.village, "water"): return flags(data.villages.water)
        case (.village, "electricity"): return flags(data.villages.electricity)
        case (.village, "broadband"): return flags(data.villages.broadband)
        case (.village, "clinic"): return flags(data.villages.clinic)
        default:
            preconditionFailure("field \(owner.rawValue).\(name) passed the catalogue checker but has no column")
        }
    }
}

/// Per-household sums over the members, and each member's age (one pass over the members).
struct HouseholdSummaries {
    var size: [Int32]
    var medicalInsured: [Int32]
    var schoolAge: [Int32]
    var outOfSchool: [Int32]
    var age: [Int32]

    init(_ data: ProvinceYearData, year: Int32) {
        let count = data.households.count
        size = [Int32](repeating: 0, count: count)
        medicalInsured = size
        schoolAge = size
        outOfSchool = size
        let members = data.members
        age = [Int32](repeating: 0, count: members.count)
        for member in 0..<members.count {
            let household = Int(members.householdIndex[member])
            let memberAge = year - Int32(CivilDate(daysSinceEpoch: members.birthDate[member]).year)
            age[member] = memberAge
            size[household] += 1
            if members.medicalInsured[member] { medicalInsured[household] += 1 }
            if YearComputation.schoolAges.contains(memberAge) {
                schoolAge[household] += 1
                if members.schooling[member].isOutOfSchool { outOfSchool[household] += 1 }
            }
        }
    }
}
