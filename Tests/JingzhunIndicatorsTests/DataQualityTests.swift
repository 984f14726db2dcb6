import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Data-quality indicators: received / rejected per submission in force, cross-province duplicates.
///
/// Province 33 (received 10, rejected 1), county 330102: D1 with identities S1 (shared) and one of
/// its own; D2 removed, holding S3 (shared).
/// Province 52 (received 20, rejected 0), county 520102: E1 with S1 and S3; E2 with its own.
@Suite struct DataQualityTests {
    static func compute() -> IndicatorResult {
        var zhejiang = ProvinceFixture(province: 33, year: 2019, received: 10, rejected: 1)
        zhejiang.county(330102, ruralPopulation: 1000, ruralIncome: 1)
        zhejiang.village(330_102_001_001)
        zhejiang.household("D1", village: 330_102_001_001, members: [Person(identity: 1), .adult])
        zhejiang.household("D2", village: 330_102_001_001, status: .removed, members: [Person(identity: 3)])
        var guizhou = ProvinceFixture(province: 52, year: 2019, received: 20, rejected: 0)
        guizhou.county(520102, ruralPopulation: 1000, ruralIncome: 1)
        guizhou.village(520_102_001_001)
        guizhou.household("E1", village: 520_102_001_001, members: [Person(identity: 1), Person(identity: 3)])
        guizhou.household("E2", village: 520_102_001_001, members: [.adult])
        return IndicatorEngine.compute(years: [2019: [zhejiang.data, guizhou.data]], reference: testReference)
    }

    let r = DataQualityTests.compute()

    @Test func receivedAndRejected() {
        #expect(r.value("households_received", "33") == 10)
        #expect(r.value("households_rejected", "33") == 1)
        #expect(r.value("rejected_household_pct", "33") == 10)  // 100 · 1 / 10
        #expect(r.value("households_received", "52") == 20)
        #expect(r.value("rejected_household_pct", "52") == 0)
        // Nation: 30 received, 1 rejected → 100 · 1 / 30.
        #expect(r.value("households_received", "CN") == 30)
        #expect(r.value("households_rejected", "CN") == 1)
        #expect(r.value("rejected_household_pct", "CN") == 100.0 / 30)
        // Province and nation only.
        #expect(r.value("households_received", "3301") == nil)
        #expect(r.value("rejected_household_pct", "520102") == nil)
    }

    @Test func crossProvinceDuplicates() {
        // S1 is held by D1 (33) and E1 (52): one member each. S3's other holder (D2) is removed,
        // so E1's S3 member is not a duplicate.
        #expect(r.value("cross_province_duplicates", "330102") == 1)
        #expect(r.value("cross_province_duplicates", "520102") == 1)
        #expect(r.value("cross_province_duplicates", "3301") == 1)
        #expect(r.value("cross_province_duplicates", "CN") == 2)
    }

    @Test func sameIdentityInsideOneProvinceIsNotCrossProvince() {
        var p = ProvinceFixture(province: 33, year: 2019)
        p.county(330102, ruralPopulation: 1000, ruralIncome: 1)
        p.village(330_102_001_001)
        p.household("A", village: 330_102_001_001, members: [Person(identity: 7)])
        p.household("B", village: 330_102_001_001, members: [Person(identity: 7)])
        let result = IndicatorEngine.compute(years: [2019: [p.data]], reference: testReference)
        #expect(result.value("cross_province_duplicates", "CN") == 0)
    }

    @Test func manyIdentitiesWithFewCollisions() {
        // 3 provinces × 2000 members; every 100th identity of 33 is also in 52, every 250th also in 61.
        var provinces: [ProvinceFixture] = [33, 52, 61].map { ProvinceFixture(province: $0, year: 2019) }
        for (n, code) in [330102, 520102, 610102].enumerated() {
            provinces[n].county(Int32(code), ruralPopulation: 1, ruralIncome: 1)
            provinces[n].village(Int64(code) * 1_000_000 + 1)
        }
        for i in 0..<2000 {
            provinces[0].household("A\(i)", village: 330_102_000_001, members: [Person(identity: UInt64(i))])
            provinces[1].household(
                "B\(i)", village: 520_102_000_001,
                members: [Person(identity: i % 100 == 0 ? UInt64(i) : UInt64(10_000 + i))])
            provinces[2].household(
                "C\(i)", village: 610_102_000_001,
                members: [Person(identity: i % 250 == 0 ? UInt64(i) : UInt64(20_000 + i))])
        }
        let result = IndicatorEngine.compute(years: [2019: provinces.map(\.data)], reference: testReference)
        // 33: identities 0, 100, …, 1900 (20) shared with 52, and 0, 250, … (8) with 61; multiples of
        // 500 (0, 500, 1000, 1500: 4) are in both → 20 + 8 − 4 = 24 members.
        #expect(result.value("cross_province_duplicates", "330102") == 24)
        #expect(result.value("cross_province_duplicates", "520102") == 20)
        #expect(result.value("cross_province_duplicates", "610102") == 8)
        #expect(result.value("cross_province_duplicates", "CN") == 52)
    }
}
