import JingzhunCore

/// Regenerates any household of a province for any year from (seed, province, household index).
///
/// Nothing is stored between households or years: a household's lasting traits (members,
/// registration and exit years, cause, …) come from a stream keyed by its index, and each year's
/// changes (income growth, extra measures) from a stream keyed by (index, year). Year y and y−1
/// therefore agree on ids and members without any table, and memory does not grow with the
/// number of households.
///
/// Distributions (synthetic, chosen to look like the 2014-2020 registry, not fitted to it):
/// - registration: 80 % in 2014, then 8/6/3/2/1 % in 2015-2019;
/// - exit year weights 14/18/22/24/18/4 for 2015-2020 (incidence falls each year, as nationally),
///   2 % never exit, 3 % removed,
///   4 % of exited households return (返贫) one or two years later;
/// - per-capita net income starts at 35-90 % of the poverty line, grows 8-12 % a year, stays
///   below 55-105 % of the line while poor, and at exit jumps to 1.15-2.2 × the line (8 % of exits
///   bunch at 1.005-1.1 ×, 3 % are wrongful exits at 0.8-0.99 ×);
/// - household size 1-7, mean about 3.3.
struct HouseholdGenerator {
    static let meanHouseholdSize = 3.3
    static let firstYear: Int32 = 2014
    static let lastYear: Int32 = 2030
    static let maximumMembers = 7

    let seed: UInt64
    let province: Int32
    let booleans: BooleanStyle
    /// Poverty line per year, index = year − 2014.
    private let povertyLines: [Double]

    init(seed: UInt64, province: Int32, reference: SynthReference, booleans: BooleanStyle) {
        self.seed = seed
        self.province = province
        self.booleans = booleans
        povertyLines = (Self.firstYear...Self.lastYear).map { reference.povertyLine($0) }
    }

    func povertyLine(_ year: Int32) -> Double { povertyLines[Int(year - Self.firstYear)] }

    // MARK: Lasting traits

    /// What stays the same for a household across years.
    struct Profile {
        var registered: Int32
        var removedFrom: Int32?
        var exitYear: Int32?
        var returnYear: Int32?
        var category: Category
        var cause: Cause
        var initialGrade: HousingGrade
        var upgradeYear: Int32
        var safeWaterFrom: Int32
        var foodFrom: Int32
        var baseIncomeFraction: Double
        var exitMultiplier: Double
        var poorCap: Double
        var transferWeight: Int
        var propertyWeight: Int
        var operatingWeight: Int
        var wageWeight: Int
        var costPercent: Int
        var negativeOperatingPercent: Int?
        var measures: MeasureSet
        var members: [MemberProfile]
    }

    struct MemberProfile {
        var slot: Int
        var relation: Relation
        var sex: Sex
        var birth: CivilDate
        var sequence: Int
        var identity: String
        var name: String
        var adultEducation: Education
        var schoolingDraw: Double
        var health: Health
        var laborDraw: Double
        var medicalFrom: Int32
        var seriousIllnessFrom: Int32
        var pensionInsured: Bool
    }

    static let registrationWeights = [80, 8, 6, 3, 2, 1]  // 2014...2019
    static let exitWeights = [14, 18, 22, 24, 18, 4]  // 2015...2020
    static let causeWeights = [28, 8, 6, 4, 5, 2, 12, 17, 12, 2, 2, 2]  // Cause.allCases order
    static let gradeWeights = [20, 45, 25, 10]  // A B C D
    static let measureWeights = [30, 18, 5, 6, 8, 22, 10, 8, 10, 8]  // Measure.allCases order

    func profile(index: Int, countyCode: Int32, householdInCounty: Int) -> Profile {
        var rng = SplitMix64(seed: seed, path: StreamTag.household.rawValue, UInt64(province), UInt64(index))
        let registered = Self.firstYear + Int32(rng.weighted(Self.registrationWeights))
        var removedFrom: Int32?
        var exitYear: Int32?
        var returnYear: Int32?
        if rng.chance(0.03) {
            removedFrom = registered + Int32(rng.int(in: 0...2))
        } else if !rng.chance(0.02) {
            let candidates = (0..<Self.exitWeights.count).filter { 2015 + Int32($0) > registered }
            let pick = rng.weighted(candidates.map { Self.exitWeights[$0] })
            exitYear = 2015 + Int32(candidates[pick])
            if rng.chance(0.04), let e = exitYear { returnYear = e + Int32(rng.int(in: 1...2)) }
        }
        let exitDraw = rng.unit()
        let exitMultiplier =
            exitDraw < 0.08
            ? rng.uniform(1.005, 1.1) : exitDraw < 0.11 ? rng.uniform(0.8, 0.99) : rng.uniform(1.15, 2.2)
        let initialGrade = HousingGrade.allCases[rng.weighted(Self.gradeWeights)]
        let upgradeYear = initialGrade.isSafe ? registered : registered + Int32(rng.int(in: 0...4))
        let safeWaterFrom = rng.chance(0.88) ? registered : registered + Int32(rng.int(in: 1...3))
        let foodFrom = rng.chance(0.96) ? registered : registered + Int32(rng.int(in: 1...2))
        var measures = MeasureSet()
        for _ in 0..<rng.int(in: 1...4) { measures.insert(Measure.allCases[rng.weighted(Self.measureWeights)]) }
        if !initialGrade.isSafe { measures.insert(.housingRenovation) }

        let members = memberProfiles(&rng, countyCode: countyCode, householdInCounty: householdInCounty)
        let head = members[0]
        var category = Category.allCases[rng.weighted([78, 20, 2])]
        if members.count == 1 && 2014 - head.birth.year >= 60 && rng.chance(0.5) { category = .extremePovertySupport }
        var cause = Cause.allCases[rng.weighted(Self.causeWeights)]
        if members.contains(where: { $0.health == .seriousIllness }) && rng.chance(0.5) { cause = .illness }
        if members.contains(where: { $0.health == .disabled }) && rng.chance(0.4) { cause = .disability }

        return Profile(
            registered: registered, removedFrom: removedFrom, exitYear: exitYear, returnYear: returnYear,
            category: category, cause: cause, initialGrade: initialGrade, upgradeYear: upgradeYear,
            safeWaterFrom: safeWaterFrom, foodFrom: foodFrom, baseIncomeFraction: rng.uniform(0.35, 0.9),
            exitMultiplier: exitMultiplier, poorCap: rng.uniform(0.55, 1.05),
            transferWeight: rng.int(in: 5...40), propertyWeight: rng.int(in: 0...4),
            operatingWeight: rng.int(in: 10...35), wageWeight: rng.int(in: 30...70),
            costPercent: rng.int(in: 3...20), negativeOperatingPercent: rng.chance(0.01) ? rng.int(in: 2...10) : nil,
            measures: measures, members: members)
    }

    private func memberProfiles(_ rng: inout SplitMix64, countyCode: Int32, householdInCounty: Int) -> [MemberProfile] {
        // (relation, sex, birth year) first; dates, numbers and names once the slots are known.
        var plan: [(relation: Relation, sex: Sex, birthYear: Int)] = []
        let headAge = Int(rng.normal(mean: 50, sd: 13).rounded()).clamped(to: 22...88)
        let headBirthYear = 2014 - headAge
        let headSex: Sex = rng.chance(0.85) ? .male : .female
        plan.append((.head, headSex, headBirthYear))
        if rng.chance(headAge < 70 ? 0.8 : 0.5) {
            let spouseYear = (headBirthYear + (headSex == .male ? rng.int(in: 0...6) : -rng.int(in: 0...6)))
            plan.append((.spouse, headSex == .male ? .female : .male, spouseYear))
        }
        let motherYear = headSex == .female ? headBirthYear : (plan.count > 1 ? plan[1].birthYear : headBirthYear)
        var childYears = (0..<rng.weighted([30, 38, 22, 8, 2])).map { _ in motherYear + rng.int(in: 21...36) }
        childYears.sort()
        for year in childYears where year <= 2021 {
            plan.append((.child, rng.chance(0.52) ? .male : .female, year))
        }
        if headAge <= 50 {
            let parents = rng.weighted([55, 30, 15])
            for p in 0..<parents {
                let year = headBirthYear - rng.int(in: 22...34)
                let sex: Sex = parents == 2 ? (p == 0 ? .male : .female) : (rng.chance(0.4) ? .male : .female)
                if 2014 - year <= 92 { plan.append((.parent, sex, year)) }
            }
        }
        if headAge >= 48, let eldest = childYears.first {
            for _ in 0..<rng.weighted([65, 25, 10]) {
                let year = eldest + rng.int(in: 22...32)
                if year <= 2021 { plan.append((.grandchild, rng.chance(0.52) ? .male : .female, year)) }
            }
        }
        if rng.chance(0.03) {
            plan.append((.sibling, rng.chance(0.5) ? .male : .female, headBirthYear + rng.int(in: -8...8)))
        }
        if plan.count > Self.maximumMembers { plan.removeLast(plan.count - Self.maximumMembers) }

        let headSurname = Names.surname(&rng)
        let spouseSurname = Names.surname(&rng)
        let fatherSurname =
            headSex == .male || plan.count < 2 || plan[1].relation != .spouse ? headSurname : spouseSurname
        var members: [MemberProfile] = []
        for (slot, entry) in plan.enumerated() {
            let surname: String
            switch entry.relation {
            case .head, .sibling: surname = headSurname
            case .spouse: surname = spouseSurname
            case .child, .grandchild: surname = fatherSurname
            case .parent where entry.sex == .male: surname = headSex == .male ? headSurname : Names.surname(&rng)
            default: surname = Names.surname(&rng)
            }
            members.append(
                memberProfile(
                    &rng, slot: slot, relation: entry.relation, sex: entry.sex, birthYear: entry.birthYear,
                    surname: surname, countyCode: countyCode, householdInCounty: householdInCounty))
        }
        return members
    }

    /// A member's lasting traits; also used for injected orphan rows (slot 7).
    func memberProfile(
        _ rng: inout SplitMix64, slot: Int, relation: Relation, sex: Sex, birthYear: Int, surname: String,
        countyCode: Int32, householdInCounty: Int
    ) -> MemberProfile {
        let (birth, sequence) = IdentityMaker.birth(
            seed: seed, county: countyCode, birthYear: birthYear, sex: sex, householdInCounty: householdInCounty,
            slot: slot)
        var identity = String(
            decoding: IdentityMaker.number(county: countyCode, birth: birth, sequence: sequence), as: UTF8.self)
        // The contract accepts a lowercase check `x` (normalised to `X`); a few registries write it.
        if identity.hasSuffix("X") && rng.chance(0.05) { identity = String(identity.dropLast()) + "x" }
        let cohortWeights: [Int] =
            birthYear < 1960
            ? [0, 35, 45, 17, 3, 0] : birthYear < 1980 ? [0, 10, 40, 40, 8, 2] : [0, 2, 15, 50, 23, 10]
        let healthDraw = rng.unit()
        let elderly = 2014 - birthYear >= 65
        let health: Health =
            healthDraw < (elderly ? 0.55 : 0.8)
            ? .healthy
            : healthDraw < (elderly ? 0.85 : 0.91)
                ? .chronicIllness
                : healthDraw < (elderly ? 0.93 : 0.96) ? .seriousIllness : .disabled
        return MemberProfile(
            slot: slot, relation: relation, sex: sex, birth: birth, sequence: sequence, identity: identity,
            name: surname + Names.given(&rng, sex: sex),
            adultEducation: Education.allCases[rng.weighted(cohortWeights)], schoolingDraw: rng.unit(),
            health: health, laborDraw: rng.unit(),
            medicalFrom: rng.chance(0.93) ? 2014 : Int32(rng.int(in: 2015...2017)),
            seriousIllnessFrom: Int32(rng.weighted([55, 20, 15, 10]) + 2014), pensionInsured: rng.chance(0.86))
    }

    // MARK: One year

    /// Status (and exit year) of the household at the end of `year`; nil before registration.
    static func status(_ p: Profile, year: Int32) -> (HouseholdStatus, Int32?)? {
        guard year >= p.registered else { return nil }
        if let removed = p.removedFrom, year >= removed { return (.removed, nil) }
        if let exit = p.exitYear, year >= exit {
            if let back = p.returnYear, year >= back { return (.returned, exit) }
            return (.exited, exit)
        }
        return (.poor, nil)
    }

    /// Per-capita net income in `year`: the yearly recursion from registration (see type docs).
    func perCapitaIncome(_ p: Profile, index: Int, year: Int32) -> Double {
        var income = povertyLine(p.registered) * p.baseIncomeFraction
        var t = p.registered
        while t <= year {
            var rng = SplitMix64(
                seed: seed, path: StreamTag.householdYear.rawValue, UInt64(province), UInt64(index), UInt64(t))
            if t > p.registered { income *= 1 + rng.uniform(0.08, 0.12) } else { _ = rng.next() }
            let z = povertyLine(t)
            if let (status, _) = Self.status(p, year: t) {
                if t == p.exitYear {
                    income = p.exitMultiplier < 1 ? z * p.exitMultiplier : max(income, z * p.exitMultiplier)
                } else if t == p.returnYear {
                    income = min(income, z * rng.uniform(0.5, 0.9))
                } else if status == .poor || status == .returned {
                    income = min(income, z * p.poorCap)
                }
            }
            t += 1
        }
        return income
    }

    /// The household as registered at the end of `year`, or nil when not yet registered.
    func household(
        index: Int, householdInCounty: Int, countyCode: Int32, villageCode: Int64, sequenceInVillage: Int, year: Int32
    ) -> GeneratedHousehold? {
        let p = profile(index: index, countyCode: countyCode, householdInCounty: householdInCounty)
        guard let (status, exitYear) = Self.status(p, year: year) else { return nil }
        // Separate from the income recursion's stream (same key plus 1) so the two never share draws.
        var yearRNG = SplitMix64(
            seed: seed, path: StreamTag.householdYear.rawValue, UInt64(province), UInt64(index), UInt64(year), 1)

        let id = String(villageCode) + "-" + Self.padded(sequenceInVillage, width: 4)
        let members = p.members.filter { $0.birth.year <= Int(year) }
        precondition(!members.isEmpty && members[0].relation == .head, "the head is born before 2014")

        let perCapita = perCapitaIncome(p, index: index, year: year)
        let net = Int64((perCapita * Double(members.count) * 100).rounded())
        let weightSum = Int64(p.transferWeight + p.propertyWeight + p.operatingWeight + p.wageWeight)
        let transfer = net * Int64(p.transferWeight) / weightSum
        let property = net * Int64(p.propertyWeight) / weightSum
        let cost = net * Int64(p.costPercent) / 100
        var operatingNet = net * Int64(p.operatingWeight) / weightSum
        if let negative = p.negativeOperatingPercent { operatingNet = -cost - net * Int64(negative) / 100 }
        let wage = net - transfer - property - operatingNet

        var measures = p.measures
        if status == .removed {
            measures = MeasureSet()
        } else if yearRNG.chance(0.2) {
            measures.insert(Measure.allCases[yearRNG.weighted(Self.measureWeights)])
        }

        var fields = [String?](repeating: nil, count: HouseholdField.allCases.count)
        fields[HouseholdField.householdID.rawValue] = id
        fields[HouseholdField.villageCode.rawValue] = String(villageCode)
        fields[HouseholdField.registeredYear.rawValue] = String(p.registered)
        fields[HouseholdField.category.rawValue] = p.category.rawValue
        fields[HouseholdField.cause.rawValue] = p.cause.rawValue
        fields[HouseholdField.status.rawValue] = status.rawValue
        fields[HouseholdField.exitYear.rawValue] = exitYear.map { String($0) }
        fields[HouseholdField.housingGrade.rawValue] =
            (year >= p.upgradeYear && !p.initialGrade.isSafe ? HousingGrade.b : p.initialGrade).rawValue
        fields[HouseholdField.safeWater.rawValue] = booleans.text(year >= p.safeWaterFrom)
        fields[HouseholdField.foodClothingSecured.rawValue] = booleans.text(year >= p.foodFrom)
        fields[HouseholdField.incomeWage.rawValue] = decimalText(cents: wage)
        fields[HouseholdField.incomeOperating.rawValue] = decimalText(cents: operatingNet + cost)
        fields[HouseholdField.incomeProperty.rawValue] = decimalText(cents: property)
        fields[HouseholdField.incomeTransfer.rawValue] = decimalText(cents: transfer)
        fields[HouseholdField.operatingCost.rawValue] = decimalText(cents: cost)
        fields[HouseholdField.measures.rawValue] = measures.csvText

        return GeneratedHousehold(
            index: index, householdInCounty: householdInCounty, countyCode: countyCode, id: id, status: status,
            fields: fields, members: members.map { member(for: $0, householdID: id, year: year) })
    }

    /// A member's record for `year`: age-dependent education, schooling and labour.
    func member(for m: MemberProfile, householdID: String, year: Int32) -> GeneratedMember {
        let age = Int(year) - m.birth.year
        let education: Education
        let schooling: Schooling
        switch age {
        case ..<6:
            education = .preschool
            schooling = .notInSchool
        case 6...15:
            education = age < 12 ? .primary : .juniorSecondary
            let s = m.schoolingDraw
            schooling =
                m.health == .disabled && s < 0.5
                ? .exempt
                : s < 0.955 ? .inSchool : s < 0.965 ? .homeSchooled : s < 0.985 ? .dropout : .notInSchool
        case 16...18:
            education =
                m.adultEducation.ordinal >= Education.seniorSecondary.ordinal ? .seniorSecondary : m.adultEducation
            schooling = m.adultEducation.ordinal >= Education.seniorSecondary.ordinal ? .inSchool : .notInSchool
        case 19...22:
            education = m.adultEducation
            schooling = m.adultEducation == .tertiary ? .inSchool : .notInSchool
        default:
            education = m.adultEducation
            schooling = .notInSchool
        }
        let labor: Labor
        let d = m.laborDraw
        switch (age, m.health) {
        case (..<16, _): labor = .none
        case (16...59, .healthy): labor = d < 0.2 ? .skilled : .ordinary
        case (16...59, .chronicIllness): labor = d < 0.5 ? .ordinary : .weak
        case (16...59, _): labor = d < 0.4 ? .weak : .lost
        case (60...74, .healthy): labor = d < 0.5 ? .ordinary : .weak
        case (60...74, _): labor = d < 0.5 ? .weak : .lost
        case (_, .healthy): labor = .weak
        default: labor = .lost
        }

        var fields = [String?](repeating: nil, count: MemberField.allCases.count)
        fields[MemberField.memberID.rawValue] = m.identity
        fields[MemberField.householdID.rawValue] = householdID
        fields[MemberField.name.rawValue] = m.name
        fields[MemberField.relation.rawValue] = m.relation.rawValue
        fields[MemberField.sex.rawValue] = m.sex.rawValue
        fields[MemberField.birthDate.rawValue] = m.birth.description
        fields[MemberField.education.rawValue] = education.rawValue
        fields[MemberField.schooling.rawValue] = schooling.rawValue
        fields[MemberField.health.rawValue] = m.health.rawValue
        fields[MemberField.labor.rawValue] = labor.rawValue
        fields[MemberField.medicalInsured.rawValue] = booleans.text(year >= m.medicalFrom)
        fields[MemberField.seriousIllnessInsured.rawValue] = booleans.text(year >= m.seriousIllnessFrom)
        fields[MemberField.pensionInsured.rawValue] = booleans.text(age >= 16 && m.pensionInsured)
        return GeneratedMember(relation: m.relation, sex: m.sex, birth: m.birth, sequence: m.sequence, fields: fields)
    }

    static func padded(_ value: Int, width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
