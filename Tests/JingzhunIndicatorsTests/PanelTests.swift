import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Panel income growth (households in H(y) and H(y−1) of the same province).
///
/// Province 33, 2018: P1 in 330102001001 (2 persons, net 4000); P2 in 330201001001 (1, 3000);
///   P3 in 330102001001 (1, 1000); P4 removed (2, 800).
/// Province 33, 2019: P1 moved to 330201001001 (3 persons, net 9000); P2 (1, 3600); P3 removed;
///   P4 poor in 330102001001 (2, 5000): not in H(2018); P5 new in 330102001001 (1, 2000).
/// Province 52, 2018 holds a household numbered P5 as well: other provinces never match.
@Suite struct PanelTests {
    static let years: [Int32: [ProvinceYearData]] = {
        var a2018 = ProvinceFixture(province: 33, year: 2018)
        a2018.county(330102, ruralPopulation: 1000, ruralIncome: 1)
        a2018.county(330201, ruralPopulation: 1000, ruralIncome: 1)
        a2018.village(330_102_001_001)
        a2018.village(330_201_001_001)
        a2018.household("P1", village: 330_102_001_001, wage: 4000, members: [.adult, .adult])
        a2018.household("P2", village: 330_201_001_001, wage: 3000, members: [.adult])
        a2018.household("P3", village: 330_102_001_001, wage: 1000, members: [.adult])
        a2018.household("P4", village: 330_102_001_001, status: .removed, wage: 800, members: [.adult, .adult])
        var b2018 = ProvinceFixture(province: 52, year: 2018)
        b2018.county(520102, ruralPopulation: 1000, ruralIncome: 1)
        b2018.village(520_102_001_001)
        b2018.household("P5", village: 520_102_001_001, wage: 1, members: [.adult])

        var a2019 = ProvinceFixture(province: 33, year: 2019)
        a2019.county(330102, ruralPopulation: 1000, ruralIncome: 1)
        a2019.county(330201, ruralPopulation: 1000, ruralIncome: 1)
        a2019.village(330_102_001_001)
        a2019.village(330_201_001_001)
        a2019.household("P1", village: 330_201_001_001, wage: 9000, members: [.adult, .adult, .adult])
        a2019.household("P2", village: 330_201_001_001, wage: 3600, members: [.adult])
        a2019.household("P3", village: 330_102_001_001, status: .removed, wage: 1000, members: [.adult])
        a2019.household("P4", village: 330_102_001_001, wage: 5000, members: [.adult, .adult])
        a2019.household("P5", village: 330_102_001_001, wage: 2000, members: [.adult])
        return [2018: [a2018.data, b2018.data], 2019: [a2019.data]]
    }()

    let r = IndicatorEngine.compute(years: PanelTests.years, reference: testReference)

    @Test func panelPlacedByTheYearYVillage() {
        // 330201 (P1 moved here, P2): (9000 + 3600) / (3 + 1) = 3150 against
        // (4000 + 3000) / (2 + 1) = 2333.33 → 100 · (3150 − 2333.33) / 2333.33 = 35.
        let growth = r.value("panel_income_growth_pct", "330201")
        #expect(isClose(growth, 35, tolerance: 1e-12))
        #expect(growth == 100 * (1_260_000.0 / 400 - 700_000.0 / 300) / (700_000.0 / 300))
        // 330102: P3 removed in 2019, P4 removed in 2018, P5 new (and 52's P5 is another
        // province) → no panel households → null.
        #expect(r.value("panel_income_growth_pct", "330102") == nil)
        // Province and nation: the same two households.
        #expect(r.value("panel_income_growth_pct", "33") == growth)
        #expect(r.value("panel_income_growth_pct", "CN") == growth)
        // 2018 has no 2017 → null everywhere.
        #expect(r.value("panel_income_growth_pct", "CN", year: 2018) == nil)
    }
}
