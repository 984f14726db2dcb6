import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Exact FGT sums (docs/catalogue.md, "Exact FGT sums"), worked by hand. z = 3000 yuan, Z = 300,000 fen;
/// for a household below the line G = Z · size − max(net, 0) in fen.
///
/// Province 33, 2019:
///   county 330102: E1 3 persons, wage 1000.01   → net 100,001 fen, G = 900,000 − 100,001 = 799,999
///                  E2 2 persons, operating −500 → net −50,000 (counts as 0), G = 600,000
///                  E3 1 person,  wage 2999.99   → net 299,999, G = 1
///                  E4 3 persons, wage 9000      → pcni 3000 = z exactly: not below (size counts in D)
///   county 330103: E5 7 persons, wage 7000.02   → net 700,002, G = 2,100,000 − 700,002 = 1,399,998
///
/// FGT1 = Σ G / (Z · Σ size); FGT2 = Σ round½↑(10⁶ · G² / size) / (10⁶ · Z² · Σ size):
///   E1: G² = 639,998,400,001; / 3 = 213,332,800,000.333… → 10⁶ · that rounds to 213,332,800,000,333,333
///   E2: G² = 360,000,000,000; / 2 = 180,000,000,000 → 180,000,000,000,000,000 (exact)
///   E3: G² = 1 → 1,000,000
///   E5: G² = 1,959,994,400,004; / 7 = 279,999,200,000.571428… → 279,999,200,000,571,429
/// The value is nearest(N) / nearest(D): N and D as Doubles (one rounding each), then one division.
@Suite struct ExactFGTTests {
    static func province() -> ProvinceYearData {
        var p = ProvinceFixture(province: 33, year: 2019)
        p.county(330102, ruralPopulation: 1000, ruralIncome: 30000)
        p.county(330103, ruralPopulation: 1000, ruralIncome: 30000)
        let a: Int64 = 330_102_001_001
        let b: Int64 = 330_103_001_001
        p.village(a)
        p.village(b)
        p.household("E1", village: a, wage: 1000.01, members: [.adult, .adult, .adult])
        p.household("E2", village: a, operating: -500, members: [.adult, .adult])
        p.household("E3", village: a, wage: 2999.99, members: [.adult])
        p.household("E4", village: a, wage: 9000, members: [.adult, .adult, .adult])
        p.household("E5", village: b, wage: 7000.02, members: [.adult, .adult, .adult, .adult, .adult, .adult, .adult])
        return p.data
    }

    let r = IndicatorEngine.compute(years: [2019: [ExactFGTTests.province()]], reference: testReference)

    @Test func povertyGapIsOneQuotientOfExactIntegers() {
        // 330102: (799,999 + 600,000 + 1) / (300,000 · 9) = 1,400,000 / 2,700,000 = 14/27
        #expect(r.value("poverty_gap_index", "330102") == 1_400_000.0 / 2_700_000)
        // 330103: 1,399,998 / (300,000 · 7) = 1,399,998 / 2,100,000
        #expect(r.value("poverty_gap_index", "330103") == 1_399_998.0 / 2_100_000)
        // Every level above sums the same integers: 2,799,998 / (300,000 · 16).
        for area in ["3301", "33", "CN"] {
            #expect(r.value("poverty_gap_index", area) == 2_799_998.0 / 4_800_000)
        }
    }

    @Test func povertySeverityRoundsEachTermOnceAndSumsExactly() {
        // 330102: N = 213,332,800,000,333,333 + 180,000,000,000,000,000 + 1,000,000; D = 10⁶ · 300,000² · 9.
        let n102: Int64 = 213_332_800_000_333_333 + 180_000_000_000_000_000 + 1_000_000
        #expect(n102 == 393_332_800_001_333_333)
        #expect(r.value("poverty_severity_index", "330102") == Double(n102) / 810_000_000_000_000_000)
        #expect(
            r.value("poverty_severity_index", "330103") == Double(279_999_200_000_571_429 as Int64)
                / 630_000_000_000_000_000)
        let nation: Int64 = n102 + 279_999_200_000_571_429
        for area in ["3301", "33", "CN"] {
            #expect(r.value("poverty_severity_index", area) == Double(nation) / 1_440_000_000_000_000_000)
        }
    }

    /// WideSum.nearestDouble rounds once: x = 1.5 · 2⁶⁴ + 2¹¹ + 1 is just above the midpoint
    /// between two Doubles (their spacing is 2¹² there), so it rounds up; converting the low word
    /// first (2⁶³ + 2¹¹ + 1 → 2⁶³ + 2¹¹) and adding would land on the midpoint and round to even, down.
    @Test func nearestDoubleRoundsOnce() {
        var x = WideSum()
        x.addProduct(1 << 62, 6)
        x.addProduct(2049, 1)
        #expect(x.nearestDouble == 3 * 0x1p63 + 0x1p12)
        #expect(x.doubleValue == 3 * 0x1p63)
        var negative = WideSum()
        negative.addProduct(-(1 << 62), 6)
        negative.addProduct(-2049, 1)
        #expect(negative.nearestDouble == -(3 * 0x1p63 + 0x1p12))
        var small = WideSum()
        small.addProduct(123_456_789, 1)
        #expect(small.nearestDouble == 123_456_789)
        var huge = WideSum()
        huge.addProduct(1 << 62, 1 << 62)  // 2¹²⁴ ≥ 2¹⁰⁶: no nearestDouble (the area falls back)
        #expect(huge.nearestDouble == nil)
    }
}
