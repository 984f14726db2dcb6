import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Poor villages (indicators.md §Exits and their quality).
@Suite struct VillageTests {
    /// Province 33 (threshold 2 %), county 330102:
    ///   v1 poor, population 100, road, water, electricity; P: 1 person → 1 % < 2 (below).
    ///      Also an exited household of 5 persons, which is not in P and must not count.
    ///   v2 poor, population 50, road; P: 1 person → 2 %, not < 2.
    ///   v3 poor, population 0, every facility → never "below" (population must be > 0).
    ///   v4 not poor, population 10 → not counted.
    /// Province 52 (western, threshold 3 %), county 520102:
    ///   w1 poor, population 40, clinic; P: 1 person → 2.5 % < 3 (below).
    static func compute() -> IndicatorResult {
        var zhejiang = ProvinceFixture(province: 33, year: 2019)
        zhejiang.county(330102, ruralPopulation: 1000, ruralIncome: 30000)
        zhejiang.village(330_102_001_001, poor: true, population: 100, road: true, water: true, electricity: true)
        zhejiang.village(330_102_001_002, poor: true, population: 50, road: true)
        zhejiang.village(
            330_102_001_003, poor: true, population: 0, road: true, water: true, electricity: true, broadband: true,
            clinic: true)
        zhejiang.village(330_102_001_004, poor: false, population: 10, road: true)
        zhejiang.household("V1", village: 330_102_001_001, members: [.adult])
        zhejiang.household(
            "V1X", village: 330_102_001_001, status: .exited, exitYear: 2019,
            members: Array(repeating: .adult, count: 5))
        zhejiang.household("V2", village: 330_102_001_002, status: .returned, exitYear: 2016, members: [.adult])
        var guizhou = ProvinceFixture(province: 52, year: 2019)
        guizhou.county(520102, ruralPopulation: 1000, ruralIncome: 9000)
        guizhou.village(520_102_001_001, poor: true, population: 40, clinic: true)
        guizhou.household("W1", village: 520_102_001_001, members: [.adult])
        return IndicatorEngine.compute(years: [2019: [zhejiang.data, guizhou.data]], reference: testReference)
    }

    let r = VillageTests.compute()

    @Test func poorVillagesAndThresholds() {
        #expect(r.value("poor_villages", "330102") == 3)  // v1, v2, v3
        #expect(r.value("poor_villages_below_threshold", "330102") == 1)  // v1 only
        #expect(r.value("poor_villages", "520102") == 1)
        #expect(r.value("poor_villages_below_threshold", "520102") == 1)  // 2.5 < 3 (western)
        #expect(r.value("poor_villages", "CN") == 4)
        #expect(r.value("poor_villages_below_threshold", "CN") == 2)
    }

    @Test func facilities() {
        // Over 330102's three poor villages: road v1 v2 v3 → 100; water v1 v3 → 200/3;
        // electricity v1 v3 → 200/3; broadband v3 → 100/3; clinic v3 → 100/3.
        #expect(r.value("poor_village_road_pct", "330102") == 100)
        #expect(r.value("poor_village_water_pct", "330102") == 200.0 / 3)
        #expect(r.value("poor_village_electricity_pct", "330102") == 200.0 / 3)
        #expect(r.value("poor_village_broadband_pct", "330102") == 100.0 / 3)
        #expect(r.value("poor_village_clinic_pct", "330102") == 100.0 / 3)
        // Nation (4 poor villages): road 3/4 = 75, clinic (v3, w1) 2/4 = 50.
        #expect(r.value("poor_village_road_pct", "CN") == 75)
        #expect(r.value("poor_village_clinic_pct", "CN") == 50)
    }
}
