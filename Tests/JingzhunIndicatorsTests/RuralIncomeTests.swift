import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Rural income and its growth (population-weighted over the right county sets).
///
/// Province 33. 2019 statistics: 330102 (prefecture 3301) population 1000, income 30000;
/// 330103 (3301) 3000, 20000; 330201 (3302) 500, 10000.
/// 2018 statistics: 330102 1000, 25000; 330103 2000, 16000; 330201 has none.
@Suite struct RuralIncomeTests {
    static let years: [Int32: [ProvinceYearData]] = {
        var y2019 = ProvinceFixture(province: 33, year: 2019)
        y2019.county(330102, ruralPopulation: 1000, ruralIncome: 30000)
        y2019.county(330103, ruralPopulation: 3000, ruralIncome: 20000)
        y2019.county(330201, ruralPopulation: 500, ruralIncome: 10000)
        var y2018 = ProvinceFixture(province: 33, year: 2018)
        y2018.county(330102, ruralPopulation: 1000, ruralIncome: 25000)
        y2018.county(330103, ruralPopulation: 2000, ruralIncome: 16000)
        return [2018: [y2018.data], 2019: [y2019.data]]
    }()

    let r = IndicatorEngine.compute(years: RuralIncomeTests.years, reference: testReference)

    @Test func ruralIncomeIsPopulationWeighted() {
        #expect(r.value("rural_income", "330102") == 30000)  // county: its own value
        // 3301: (30000 · 1000 + 20000 · 3000) / 4000 = 90,000,000 / 4000 = 22500
        #expect(r.value("rural_income", "3301") == 22500)
        // 33: (30e6 + 60e6 + 10000 · 500) / 4500 = 95e6 / 4500 = 21111.11… (in fen: 9.5e9 / 450000)
        #expect(r.value("rural_income", "33") == 9_500_000_000.0 / 450_000)
        #expect(r.value("rural_income", "CN") == 9_500_000_000.0 / 450_000)
    }

    @Test func growthOverCountiesWithStatisticsInBothYears() {
        // 330102: 100 · (30000 − 25000) / 25000 = 20, exactly
        #expect(r.value("rural_income_growth_pct", "330102") == 20)
        // 330201: no 2018 statistics → null, and so is the gap.
        #expect(r.value("rural_income_growth_pct", "330201") == nil)
        #expect(r.value("income_growth_gap_pp", "330201") == nil)
        #expect(r.value("rural_income_growth_pct", "3302") == nil)
        // 3301 and 33 (330201 excluded from the set):
        // W_2019 = (30000 · 1000 + 20000 · 3000) / 4000 = 22500
        // W_2018 = (25000 · 1000 + 16000 · 2000) / 3000 = 57,000,000 / 3000 = 19000
        // 100 · (22500 − 19000) / 19000 = 18.42…
        let expected = 100 * (9e9 / 4000 - 5.7e9 / 3000) / (5.7e9 / 3000)  // the same arithmetic in fen
        #expect(isClose(expected, 18.421052631578945))
        #expect(r.value("rural_income_growth_pct", "3301") == expected)
        #expect(r.value("rural_income_growth_pct", "33") == expected)
        #expect(r.value("rural_income_growth_pct", "CN") == expected)
    }

    @Test func nationalGrowthAndGap() {
        // Real national rural incomes (shared/reference/national_reference.csv):
        // 100 · (16020.67 − 14617.03) / 14617.03 = 9.60…, the same value for every area.
        let national = 100 * (16020.67 - 14617.03) / 14617.03
        #expect(isClose(national, 9.6027, tolerance: 1e-5))
        for area in ["CN", "33", "3301", "3302", "330102", "330201"] {
            #expect(r.value("national_rural_income_growth_pct", area) == national)
        }
        #expect(r.value("income_growth_gap_pp", "330102") == 20 - national)
        // 2018: 100 · (14617.03 − 13432.43) / 13432.43; no 2017 county data → rural growth null.
        #expect(r.value("national_rural_income_growth_pct", "CN", year: 2018) == 100 * (14617.03 - 13432.43) / 13432.43)
        #expect(r.value("rural_income_growth_pct", "330102", year: 2018) == nil)
        #expect(r.value("income_growth_gap_pp", "CN", year: 2018) == nil)
    }

    @Test func unchangedIncomeIsExactlyZeroGrowth() {
        // The cross-check's case: 530102 (9358.40 yuan × 16196) and 530103 (8152.07 × 25257)
        // unchanged from 2019 to 2020, so W_2020 / W_2019 = 1 and the growth is 0 — exactly,
        // where 100 · W / W' − 100 gave 1.4e−14. Panel: the same household, the same income.
        var years: [Int32: [ProvinceYearData]] = [:]
        for year in [Int32(2019), 2020] {
            var f = ProvinceFixture(province: 53, year: year)
            f.county(530102, ruralPopulation: 16196, ruralIncome: 9358.40)
            f.county(530103, ruralPopulation: 25257, ruralIncome: 8152.07)
            f.village(530_102_001_001)
            f.household("Q1", village: 530_102_001_001, wage: 6043.15, members: [.adult, .adult, .adult])
            years[year] = [f.data]
        }
        let same = IndicatorEngine.compute(years: years, reference: testReference)
        for area in ["530102", "5301", "53", "CN"] {
            let rural = same.value("rural_income_growth_pct", area, year: 2020)
            #expect(rural == 0 && rural?.sign == .plus, "\(area): \(String(describing: rural))")
            #expect(same.value("panel_income_growth_pct", area, year: 2020) == 0)
        }
    }

    @Test func recomputingOneYearUsesThePreviousYearAsContext() {
        let only2019 = IndicatorEngine.compute(
            yearsToCompute: [2019], data: RuralIncomeTests.years, reference: testReference)
        #expect(Set(only2019.indicators.map(\.year)) == [2019])
        #expect(only2019.indicators == r.indicators.filter { $0.year == 2019 })
        #expect(only2019.breakdowns == r.breakdowns.filter { $0.year == 2019 })
        // A requested year without data yields nothing.
        #expect(
            IndicatorEngine.compute(yearsToCompute: [2017], data: RuralIncomeTests.years, reference: testReference)
                == IndicatorResult())
        // Years come out in ascending order.
        #expect(r.indicators.first?.year == 2018 && r.indicators.last?.year == 2019)
    }
}
