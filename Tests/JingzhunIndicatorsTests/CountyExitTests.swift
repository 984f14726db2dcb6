import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// County exit (indicators.md §County exit): western 3 %, else 2 %, strict comparison.
@Suite struct CountyExitTests {
    /// One county with `poor` poor persons out of a rural population of 1000, optionally with exits.
    static func county(_ code: Int32, poor: Int, exits: [(wage: Double, grade: HousingGrade)] = []) -> ProvinceYearData
    {
        var p = ProvinceFixture(province: code / 10_000, year: 2019)
        p.county(code, ruralPopulation: 1000, ruralIncome: 9000)
        let village = Int64(code) * 1_000_000 + 1001
        p.village(village)
        p.people(poor, village: village, prefix: "P")
        for (n, exit) in exits.enumerated() {
            p.household(
                "X\(n)", village: village, status: .exited, exitYear: 2019, grade: exit.grade, wage: exit.wage,
                members: [.adult])
        }
        return p.data
    }

    @Test func westernAndNonWesternAtTwoPointFivePercent() {
        // Both 100 · 25 / 1000 = 2.5 %. Guizhou (52) is western: 2.5 < 3 → 1; Zhejiang (33): 2.5 ≥ 2 → 0.
        let r = IndicatorEngine.compute(
            years: [2019: [CountyExitTests.county(520102, poor: 25), CountyExitTests.county(330102, poor: 25)]],
            reference: testReference)
        #expect(r.value("poverty_incidence_pct", "520102") == 2.5)
        #expect(r.value("poverty_incidence_pct", "330102") == 2.5)
        #expect(r.value("exit_threshold_pct", "520102") == 3)
        #expect(r.value("exit_threshold_pct", "330102") == 2)
        #expect(r.value("county_exit_eligible", "520102") == 1)
        #expect(r.value("county_exit_eligible", "330102") == 0)
        // County-only: null above.
        #expect(r.value("exit_threshold_pct", "5201") == nil)
        #expect(r.value("county_exit_eligible", "52") == nil)
        #expect(r.value("county_exit_eligible", "CN") == nil)
    }

    @Test func incidenceExactlyAtTheThresholdIsNotBelow() {
        // 100 · 20 / 1000 = 2.0, not < 2 → 0; 19 → 1.9 → 1.
        let r = IndicatorEngine.compute(
            years: [2019: [CountyExitTests.county(330102, poor: 20), CountyExitTests.county(520102, poor: 30)]],
            reference: testReference)
        #expect(r.value("county_exit_eligible", "330102") == 0)
        #expect(r.value("county_exit_eligible", "520102") == 0)  // 3.0 %, not < 3
        let below = IndicatorEngine.compute(
            years: [2019: [CountyExitTests.county(330102, poor: 19)]], reference: testReference)
        #expect(below.value("county_exit_eligible", "330102") == 1)
    }

    @Test func wrongfulExitsDecideWithExits() {
        // 50 exits all above the line with G: wrongful 0 < 2 → eligible.
        let good = Array(repeating: (wage: 5000.0, grade: HousingGrade.a), count: 50)
        let r1 = IndicatorEngine.compute(
            years: [2019: [CountyExitTests.county(330102, poor: 10, exits: good)]], reference: testReference)
        #expect(r1.value("wrongful_exit_pct", "330102") == 0)
        #expect(r1.value("county_exit_eligible", "330102") == 1)
        // 1 wrongful of 50 (grade C): 100 · 1 / 50 = 2, not < 2 → 0.
        let oneBad = Array(good.dropFirst()) + [(wage: 5000.0, grade: HousingGrade.c)]
        let r2 = IndicatorEngine.compute(
            years: [2019: [CountyExitTests.county(330102, poor: 10, exits: oneBad)]], reference: testReference)
        #expect(r2.value("wrongful_exit_pct", "330102") == 2)
        #expect(r2.value("county_exit_eligible", "330102") == 0)
        // 1 wrongful of 51: 1.96… < 2 → 1.
        let r3 = IndicatorEngine.compute(
            years: [2019: [CountyExitTests.county(330102, poor: 10, exits: oneBad + [(wage: 5000.0, grade: .a)])]],
            reference: testReference)
        #expect(r3.value("wrongful_exit_pct", "330102") == 100.0 / 51)
        #expect(r3.value("county_exit_eligible", "330102") == 1)
    }

    @Test func countyWithoutStatisticsHasNullIncidenceAndEligibility() {
        // 330103 has households but no county statistics (ingest would reject them; the engine
        // still places them): rural_population, incidence, eligibility and rural income are null.
        var p = ProvinceFixture(province: 33, year: 2019)
        p.county(330102, ruralPopulation: 1000, ruralIncome: 9000)
        p.village(330_103_001_001)
        p.people(3, village: 330_103_001_001, prefix: "N")
        let r = IndicatorEngine.compute(years: [2019: [p.data]], reference: testReference)
        #expect(r.areaCodes() == ["CN", "33", "3301", "330102", "330103"])
        #expect(r.value("poor_population", "330103") == 3)
        #expect(r.value("rural_population", "330103") == nil)
        #expect(r.value("poverty_incidence_pct", "330103") == nil)
        #expect(r.value("county_exit_eligible", "330103") == nil)
        #expect(r.value("rural_income", "330103") == nil)
        #expect(r.value("exit_threshold_pct", "330103") == 2)
        // The prefecture sums what there is: 100 · 3 / 1000 = 0.3.
        #expect(r.value("poverty_incidence_pct", "3301") == 0.3)
    }
}
