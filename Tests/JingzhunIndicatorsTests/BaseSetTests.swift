import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Population, exits and the two assurances / three guarantees (indicators.md §Base sets,
/// §Population and exits, §Two assurances, three guarantees).
///
/// Province 33 (Zhejiang, non-western), 2019. County 330102 (prefecture 3301):
///   H1 poor, general, illness, grade A, water, food; 3 members: adults 1980 and 1982 (medical
///      insured, serious-illness insured only the first), child born 2013 (age 6, in school).
///      Measures health, education.
///   H2 returned (exit 2017), low_income_guarantee, disability, grade C, no safe water, food;
///      adult 1970, child 2004 (age 15, dropout: out of school), child 2003 (age 16, dropout: not
///      school age). All insured. Measures health.
///   H3 exited in 2019, general, illness, grade B, water, food; adult 1975, child 2014 (age 5,
///      not in school: not school age). All insured.
///   H4 exited in 2018 (in H, not in X), general, grade A, water, no food; one adult, not
///      medical insured, serious-illness insured.
///   H5 removed, 4 adults: never counted.
/// County 330201 (prefecture 3302):
///   H6 poor, extreme_poverty_support, lack_of_land, grade D, water, food; adult, child 2010
///      (age 9, not in school); medical insured, no serious-illness insurance.
///      Measures industry, health, microcredit.
/// County statistics: 330102 rural population 1000, 330201 rural population 500.
enum BaseSetFixture {
    static func province() -> ProvinceYearData {
        var p = ProvinceFixture(province: 33, year: 2019)
        p.county(330102, ruralPopulation: 1000, ruralIncome: 30000)
        p.county(330201, ruralPopulation: 500, ruralIncome: 20000)
        p.village(330_102_001_001)
        p.village(330_201_001_001)
        let v1: Int64 = 330_102_001_001
        p.household(
            "H1", village: v1, status: .poor, measures: [.health, .education],
            members: [
                Person(birthYear: 1980), Person(birthYear: 1982, seriousIllnessInsured: false),
                Person(birthYear: 2013, schooling: .inSchool, seriousIllnessInsured: false),
            ])
        p.household(
            "H2", village: v1, status: .returned, exitYear: 2017, category: .lowIncomeGuarantee, cause: .disability,
            grade: .c, safeWater: false, measures: [.health],
            members: [.adult, .child(born: 2004, .dropout), .child(born: 2003, .dropout)])
        p.household(
            "H3", village: v1, status: .exited, exitYear: 2019, grade: .b,
            members: [.adult, .child(born: 2014, .notInSchool)])
        p.household(
            "H4", village: v1, status: .exited, exitYear: 2018, foodClothing: false,
            members: [Person(medicalInsured: false)])
        p.household("H5", village: v1, status: .removed, members: [.adult, .adult, .adult, .adult])
        p.household(
            "H6", village: 330_201_001_001, status: .poor, category: .extremePovertySupport, cause: .lackOfLand,
            grade: .d,
            measures: [.industry, .health, .microcredit],
            members: [
                Person(seriousIllnessInsured: false),
                Person(birthYear: 2010, schooling: .notInSchool, seriousIllnessInsured: false),
            ])
        return p.data
    }

    static func compute() -> IndicatorResult {
        IndicatorEngine.compute(years: [2019: [province()]], reference: testReference)
    }
}

@Suite struct BaseSetTests {
    let r = BaseSetFixture.compute()

    @Test func areasAreCountiesWithTheirParents() {
        #expect(r.areaCodes() == ["CN", "33", "3301", "3302", "330102", "330201"])
    }

    @Test func populationAndExits() {
        // H(330102) = {H1, H2, H3, H4} (H5 removed) → 4 households; 3 + 3 + 2 + 1 = 9 persons.
        #expect(r.value("registered_households", "330102") == 4)
        #expect(r.value("registered_population", "330102") == 9)
        // P = {H1 poor, H2 returned} → 2 households, 3 + 3 = 6 persons.
        #expect(r.value("poor_households", "330102") == 2)
        #expect(r.value("poor_population", "330102") == 6)
        // X = {H3} (H4 exited in 2018) → 1 household, 2 persons.
        #expect(r.value("exited_households", "330102") == 1)
        #expect(r.value("exited_population", "330102") == 2)
        // returned: H2 → 3.
        #expect(r.value("returned_population", "330102") == 3)
        #expect(r.value("rural_population", "330102") == 1000)
        // incidence = 100 · 6 / 1000 = 0.6
        #expect(r.value("poverty_incidence_pct", "330102") == 600.0 / 1000)

        // 330201: H6 only.
        #expect(r.value("registered_households", "330201") == 1)
        #expect(r.value("registered_population", "330201") == 2)
        #expect(r.value("poor_population", "330201") == 2)
        #expect(r.value("exited_households", "330201") == 0)
        #expect(r.value("exited_population", "330201") == 0)
        #expect(r.value("returned_population", "330201") == 0)
        // 100 · 2 / 500 = 0.4
        #expect(r.value("poverty_incidence_pct", "330201") == 0.4)

        // Prefecture 3301 = county 330102; province 33 and nation = both counties.
        #expect(r.value("registered_population", "3301") == 9)
        for area in ["33", "CN"] {
            #expect(r.value("registered_households", area) == 5)  // 4 + 1
            #expect(r.value("registered_population", area) == 11)  // 9 + 2
            #expect(r.value("poor_households", area) == 3)  // 2 + 1
            #expect(r.value("poor_population", area) == 8)  // 6 + 2
            #expect(r.value("exited_households", area) == 1)
            #expect(r.value("exited_population", area) == 2)
            #expect(r.value("returned_population", area) == 3)
            #expect(r.value("rural_population", area) == 1500)  // 1000 + 500
            // Aggregated from records, not from county ratios: 100 · 8 / 1500 = 0.5333…
            #expect(r.value("poverty_incidence_pct", area) == 800.0 / 1500)
        }
    }

    @Test func schoolAgeBoundaries() {
        // 330102: ages 6 (H1, in) and 15 (H2, in); 16 (H2) and 5 (H3) are out → 2 children.
        #expect(r.value("school_age_children", "330102") == 2)
        // Out of school: the 15-year-old dropout; the 16-year-old dropout and the 5-year-old
        // not in school are not of school age → 1.
        #expect(r.value("out_of_school_children", "330102") == 1)
        // 100 · (2 − 1) / 2 = 50
        #expect(r.value("education_guarantee_pct", "330102") == 50)
        // 330201: age 9, not in school → 1 child, 1 out → 100 · 0 / 1 = 0.
        #expect(r.value("school_age_children", "330201") == 1)
        #expect(r.value("out_of_school_children", "330201") == 1)
        #expect(r.value("education_guarantee_pct", "330201") == 0)
        // Province: 3 children, 2 out → 100 · 1 / 3.
        #expect(r.value("education_guarantee_pct", "33") == 100.0 / 3)
    }

    @Test func insuranceShares() {
        // Medical: H1 3, H2 3, H3 2, H4 0 → 8 of 9 persons.
        #expect(r.value("medical_insured_pct", "330102") == 800.0 / 9)
        // Serious illness: H1 1, H2 3, H3 2, H4 1 → 7 of 9.
        #expect(r.value("serious_illness_insured_pct", "330102") == 700.0 / 9)
        #expect(r.value("medical_insured_pct", "330201") == 100)  // 2 of 2
        #expect(r.value("serious_illness_insured_pct", "330201") == 0)  // 0 of 2
        #expect(r.value("medical_insured_pct", "CN") == 1000.0 / 11)  // (8 + 2) / 11
        #expect(r.value("serious_illness_insured_pct", "CN") == 700.0 / 11)  // (7 + 0) / 11
    }

    @Test func householdGuarantees() {
        // Housing A/B: H1 A, H3 B, H4 A safe; H2 C unsafe → 3 of 4 = 75.
        #expect(r.value("housing_safe_pct", "330102") == 75)
        // Water: all but H2 → 75. Food: all but H4 → 75.
        #expect(r.value("safe_water_pct", "330102") == 75)
        #expect(r.value("food_clothing_pct", "330102") == 75)
        // G: H1 yes; H2 no (grade C, water, out-of-school child); H3 yes (the 5-year-old is not of
        // school age); H4 no (food, insurance) → 2 of 4 = 50.
        #expect(r.value("guarantees_met_pct", "330102") == 50)
        // H6: grade D → housing 0, water 100, food 100, G 0.
        #expect(r.value("housing_safe_pct", "330201") == 0)
        #expect(r.value("safe_water_pct", "330201") == 100)
        #expect(r.value("food_clothing_pct", "330201") == 100)
        #expect(r.value("guarantees_met_pct", "330201") == 0)
        // Province: housing 3/5 = 60, water 4/5 = 80, food 4/5 = 80, G 2/5 = 40.
        #expect(r.value("housing_safe_pct", "33") == 60)
        #expect(r.value("safe_water_pct", "33") == 80)
        #expect(r.value("food_clothing_pct", "33") == 80)
        #expect(r.value("guarantees_met_pct", "33") == 40)
    }

    @Test func breakdownsCountEveryCode() {
        // 330102 cause (over P = H1, H2): illness 1 household / 3 persons, disability 1 / 3.
        #expect(r.breakdown("cause", "illness", "330102") == [1, 3])
        #expect(r.breakdown("cause", "disability", "330102") == [1, 3])
        #expect(r.breakdown("cause", "lack_of_land", "330102") == [0, 0])  // zeros included
        // Category (over H = H1..H4): general H1, H3, H4 → 3 / 6; low_income_guarantee H2 → 1 / 3.
        #expect(r.breakdown("category", "general", "330102") == [3, 6])
        #expect(r.breakdown("category", "low_income_guarantee", "330102") == [1, 3])
        #expect(r.breakdown("category", "extreme_poverty_support", "330102") == [0, 0])
        // Measures (households of P): health H1, H2 → 2; education H1 → 1; population null.
        #expect(r.breakdown("measure", "health", "330102") == [2, nil])
        #expect(r.breakdown("measure", "education", "330102") == [1, nil])
        #expect(r.breakdown("measure", "industry", "330102") == [0, nil])
        // Province: + H6 (lack_of_land, extreme, industry/health/microcredit, 2 persons).
        #expect(r.breakdown("cause", "lack_of_land", "33") == [1, 2])
        #expect(r.breakdown("category", "extreme_poverty_support", "33") == [1, 2])
        #expect(r.breakdown("measure", "health", "33") == [3, nil])
        #expect(r.breakdown("measure", "microcredit", "CN") == [1, nil])

        // Every code of every enumeration, for every area: 12 + 3 + 10 rows per area.
        let perArea = Cause.allCases.count + JingzhunCore.Category.allCases.count + Measure.allCases.count
        #expect(r.breakdowns.count == 6 * perArea)
        let rowsOf330102 = r.breakdowns.filter { $0.areaCode == "330102" }
        #expect(
            rowsOf330102.map(\.dimension) == Array(repeating: "category", count: 3)
                + Array(repeating: "cause", count: 12)
                + Array(repeating: "measure", count: 10))
        #expect(
            rowsOf330102.filter { $0.dimension == "cause" }.map(\.member) == Cause.allCases.map(\.rawValue).sorted())
    }

    @Test func everyAreaHasEveryIndicatorInExportOrder() {
        let ids = CatalogueTests.shippedIDs
        #expect(r.indicators.count == 6 * ids.count)
        for area in r.areaCodes() {
            #expect(r.indicators.filter { $0.areaCode == area }.map(\.indicator) == ids)
        }
        #expect(ExportWriter.indicatorsCSV(r.indicators) == ExportWriter.indicatorsCSV(r.indicators.reversed()))
        // Level rules: county-only and province/nation-only indicators are null elsewhere.
        #expect(r.value("exit_threshold_pct", "3301") == nil)
        #expect(r.value("county_exit_eligible", "33") == nil)
        #expect(r.value("households_received", "330102") == nil)
        #expect(r.value("households_received", "3301") == nil)
        #expect(r.value("households_received", "33") == 0)
    }

    @Test func inputOrderDoesNotMatter() {
        var second = ProvinceFixture(province: 52, year: 2019)
        second.county(520102, ruralPopulation: 10, ruralIncome: 9000)
        second.village(520_102_001_001)
        second.household("X", village: 520_102_001_001, members: [.adult])
        let a = IndicatorEngine.compute(
            years: [2019: [BaseSetFixture.province(), second.data]], reference: testReference)
        let b = IndicatorEngine.compute(
            years: [2019: [second.data, BaseSetFixture.province()]], reference: testReference)
        #expect(a == b)
        #expect(a.areaCodes() == ["CN", "33", "52", "3301", "3302", "5201", "330102", "330201", "520102"])
    }
}
