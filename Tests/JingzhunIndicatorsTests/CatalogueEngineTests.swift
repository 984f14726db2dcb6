import JingzhunCatalogue
import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// The catalogue's added indicators, computed by `CatalogueProgram` inside the accumulator.
@Suite struct CatalogueEngineTests {
    static func compute(
        _ added: String, provinces: [ProvinceYearData] = [IncomeFixture.province()], previousRows: [IndicatorRow] = []
    ) throws -> IndicatorResult {
        let catalogue = try CatalogueLoader.load([
            CatalogueFile(name: "catalogue.yaml", bytes: Array(ShippedCatalogue.text.utf8)),
            CatalogueFile(name: "ours.yaml", bytes: Array(("version: 1\nindicators:\n" + added).utf8)),
        ])
        let accumulator = IndicatorAccumulator(
            year: 2019, reference: testReference, program: CatalogueProgram(catalogue: catalogue),
            previousRows: previousRows)
        for province in provinces { try accumulator.add(province, previous: nil) }
        return try accumulator.finish()
    }

    /// Shipped indicators written again as added ones give the shipped engine's values.
    @Test func addedCopiesOfShippedIndicatorsAgree() throws {
        let r = try Self.compute(
            """
              - {id: x_above, label: x, unit: pct, kind: ratio, scale: 100,
                 num: {sum: size, of: household, where: "pcni > poverty_line"},
                 den: {sum: size, of: household, where: "poverty_line is not null"}}
              - {id: x_gap, label: x, unit: index, kind: fgt, of: household, alpha: 1}
              - {id: x_severity, label: x, unit: index, kind: fgt, of: household, alpha: 2}
              - {id: x_mean, label: x, unit: yuan, kind: ratio, num: {sum: net_income, of: household},
                 den: registered_population}
              - {id: x_bunching, label: x, unit: pct, kind: ratio, scale: 100,
                 num: {count: household, where: "exited and pcni > poverty_line and pcni <= 1.1 * poverty_line"},
                 den: exited_households}
              - {id: x_wrongful, label: x, unit: pct, kind: ratio, scale: 100,
                 num: {count: household, where: "exited and if(pcni > poverty_line and guarantees_met, false, true)"},
                 den: exited_households}
              - {id: x_growth_gap, label: x, unit: pp, kind: formula,
                 expr: rural_income_growth_pct - national_rural_income_growth_pct}

            """)
        for (added, shipped, tolerance) in [
            ("x_above", "population_above_line_pct", 0.0), ("x_gap", "poverty_gap_index", 1e-15),
            ("x_severity", "poverty_severity_index", 1e-15), ("x_mean", "mean_per_capita_net_income", 0),
            ("x_bunching", "exit_income_bunching_pct", 0), ("x_wrongful", "wrongful_exit_pct", 0),
        ] {
            for area in ["330102", "3301", "33", "CN"] {
                let expected = try #require(r.value(shipped, area))
                #expect(isClose(r.value(added, area), expected, tolerance: tolerance), "\(added) \(area)")
            }
        }
        // Exports keep ids bytewise within each area.
        let ids = r.indicators.filter { $0.areaCode == "CN" }.map(\.indicator)
        #expect(ids == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        // indicators.md's 42, mpi_guarantees' 15 (h, a, m0, 6 × censored and contribution), the return
        // rate, the 7 above.
        #expect(ids.count == 42 + 15 + 1 + 7)
    }

    @Test func gapAtHalfTheLineAndNullSemantics() throws {
        let r = try Self.compute(
            """
              - {id: gap_half, label: x, unit: index, kind: fgt, of: household, line: 0.5 * poverty_line, alpha: 1}
              - {id: heads_lost, label: x, unit: count, kind: count, of: member,
                 where: "relation = 'head' and labor = 'lost'"}
              - {id: wage_poor, label: x, unit: yuan, kind: sum, value: income_wage, of: household, where: poor}
              - {id: empty_null, label: x, unit: count, kind: sum, value: population, of: village, where: poor_village,
                 empty: null}
              - {id: empty_zero, label: x, unit: count, kind: sum, value: population, of: village, where: poor_village}
              - {id: change, label: x, unit: count, kind: formula, expr: poor_population - prev(poor_population)}
              - {id: county_only, label: x, unit: count, levels: [county], kind: count, of: household}

            """,
            previousRows: [
                IndicatorRow(year: 2018, level: .nation, areaCode: "CN", indicator: "poor_population", value: 10)
            ])
        // z/2 = 1500: only I1 (pcni −1000, counted as 0) is below: 2 persons · 1 / 12; I2 at 1500 is not below.
        #expect(r.value("gap_half", "CN") == 2.0 / 12)
        #expect(r.value("heads_lost", "CN") == 0)
        // Wages of the poor I1, I2, I7: 1000 + 1500 + 30000, exact in fen.
        #expect(r.value("wage_poor", "33") == 32_500)
        #expect(r.value("empty_null", "CN") == nil)
        #expect(r.value("empty_zero", "CN") == 0)
        // Poor population 2 + 1 + 3 = 6; the year before 10 at the nation, absent for the province.
        #expect(r.value("change", "CN") == -4)
        #expect(r.value("change", "33") == nil)
        #expect(r.value("county_only", "330102") == 7)
        #expect(r.value("county_only", "33") == nil)
    }

    @Test func alkireFosterByHand() throws {
        // Dimensions: income (pcni <= z, 1/2), water (not safe_water, 1/4), housing (not housing_safe, 1/4); k = 1/2.
        // I1 (2 persons, pcni −1000): income → c = 1/2, poor. I2 (1, 1500): income → 1/2, poor.
        // I4 (1, pcni = z): income → 1/2, poor. I5 (1, grade C, pcni > z): housing → 1/4, not poor.
        // Others not deprived. N = 12; poor weight 4; Σ w·c = 4 · 1/2 = 2.
        let r = try Self.compute(
            """
              - id: mpi
                label: x
                unit: index
                kind: af
                k: 1/2
                dimensions:
                  - {id: income, weight: 1/2, deprived: "pcni <= poverty_line"}
                  - {id: water, weight: 1/4, deprived: "not safe_water"}
                  - {id: housing, weight: 1/4, deprived: "not housing_safe"}

            """)
        #expect(r.value("mpi_h", "CN") == 4.0 / 12)
        #expect(r.value("mpi_a", "CN") == 0.5)
        #expect(isClose(r.value("mpi_m0", "CN"), 4.0 / 12 * 0.5))
        #expect(r.value("mpi_censored_income", "CN") == 4.0 / 12)
        #expect(r.value("mpi_censored_housing", "CN") == 0)
        #expect(isClose(r.value("mpi_contribution_income", "CN"), 100))
    }
}
