import JingzhunCore
import Testing

/// The contract's codes, copied from submissions.md §Records and fields.
@Test func enumerationsHaveExactlyTheContractCodes() {
    #expect(Category.allCases.map(\.rawValue) == ["general", "low_income_guarantee", "extreme_poverty_support"])
    #expect(
        Cause.allCases.map(\.rawValue) == [
            "illness", "disability", "education", "disaster", "lack_of_land", "lack_of_water", "lack_of_skills",
            "lack_of_labor", "lack_of_capital", "poor_transport", "lack_of_motivation", "other",
        ])
    #expect(HouseholdStatus.allCases.map(\.rawValue) == ["poor", "exited", "returned", "removed"])
    #expect(HousingGrade.allCases.map(\.rawValue) == ["A", "B", "C", "D"])
    #expect(
        Measure.allCases.map(\.rawValue) == [
            "industry", "employment", "relocation", "ecological", "education", "health", "social_security",
            "asset_income", "microcredit", "housing_renovation",
        ])
    #expect(
        Relation.allCases.map(\.rawValue) == [
            "head", "spouse", "child", "parent", "grandchild", "grandparent", "sibling", "other",
        ])
    #expect(Sex.allCases.map(\.rawValue) == ["M", "F"])
    #expect(
        Education.allCases.map(\.rawValue) == [
            "preschool", "illiterate", "primary", "junior_secondary", "senior_secondary", "tertiary",
        ])
    #expect(Schooling.allCases.map(\.rawValue) == ["in_school", "home_schooled", "exempt", "dropout", "not_in_school"])
    #expect(Health.allCases.map(\.rawValue) == ["healthy", "chronic_illness", "serious_illness", "disabled"])
    #expect(Labor.allCases.map(\.rawValue) == ["skilled", "ordinary", "weak", "lost", "none"])
}

@Test(arguments: ["Poor", "poor ", " poor", "POOR", "", "poor\u{0}"])
func statusParsingIsExactAndCaseSensitive(_ text: String) {
    #expect(HouseholdStatus.parse(Array(text.utf8)) == nil)
}

@Test func parsingFromBytes() {
    #expect(Cause.parse(Array("lack_of_water".utf8)) == .lackOfWater)
    #expect(HousingGrade.parse(Array("C".utf8))?.isSafe == false)
    #expect(HousingGrade.parse(Array("B".utf8))?.isSafe == true)
}

@Test func measureSetKeepsContractOrder() {
    let set = MeasureSet([.health, .industry, .microcredit])
    #expect(set.csvText == "industry;health;microcredit")
    #expect(set.contains(.health) && !set.contains(.education))
}

@Test func submissionKeyParsesTheFileNamePrefix() {
    #expect(SubmissionKey(prefix: "52-2019-r2") == SubmissionKey(province: 52, year: 2019, revision: 2))
    #expect(SubmissionKey(prefix: "52-2019-r0") == nil)
    #expect(SubmissionKey(prefix: "52-2031-r1") == nil)
    #expect(SubmissionKey(prefix: "52-2013-r1") == nil)
    #expect(SubmissionKey(prefix: "5-2019-r1") == nil)
    #expect(SubmissionKey(prefix: "52-2019-r01") == nil)
    #expect(SubmissionKey(prefix: "52-2019-1") == nil)
}

@Test func civilDateRoundTripsThroughEpochDays() {
    for days in stride(from: Int32(-30_000), through: 30_000, by: 97) {
        let d = CivilDate(daysSinceEpoch: days)
        #expect(d.daysSinceEpoch == days)
    }
    #expect(CivilDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
    #expect(CivilDate(year: 2000, month: 2, day: 29)?.daysSinceEpoch == 11_016)
    #expect(CivilDate(year: 1949, month: 2, day: 29) == nil)
}

@Test func pseudonymHexRoundTrips() {
    let p = Pseudonym(bytes: (0..<32).map { UInt8($0 * 7 & 0xFF) })
    #expect(Pseudonym(hex: p.hex) == p)
    #expect(p.hex.count == 64)
    #expect(p.hex.hasPrefix("00070e151c232a31"))  // bytes 0, 7, 14, 21, … in lowercase hex
    #expect(Pseudonym(hex: Substring(p.hex)) == p)
    // Anything but 64 lowercase hex digits is refused.
    #expect(Pseudonym(hex: String(p.hex.dropLast())) == nil)
    #expect(Pseudonym(hex: p.hex.uppercased()) == nil)
    #expect(Pseudonym(hex: "g" + p.hex.dropFirst()) == nil)
    #expect(Pseudonym(hex: String(p.hex.dropLast()) + "/") == nil)
    #expect(Pseudonym(hex: String(p.hex.dropLast()) + "é") == nil)
}

/// `ordinal` reads the case's stored index: it must equal the position in `allCases` for every enumeration.
@Test func ordinalIsThePositionInAllCases() {
    func check<E: ContractEnumeration>(_: E.Type) {
        for (index, value) in E.allCases.enumerated() { #expect(value.ordinal == index, "\(E.self).\(value)") }
    }
    check(Category.self)
    check(Cause.self)
    check(HouseholdStatus.self)
    check(HousingGrade.self)
    check(Measure.self)
    check(Relation.self)
    check(Sex.self)
    check(Education.self)
    check(Schooling.self)
    check(Health.self)
    check(Labor.self)
    #expect(AreaLevel.allCases.map(\.ordinal) == [0, 1, 2, 3])
}
