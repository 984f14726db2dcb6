import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Returns to poverty within two years of exit (`returned_within_two_years_pct`, builtin
/// `returned_within_two_years`; docs/indicators.md §Returns to poverty within two years).
///
/// For year y: D = households of H(y) whose record of y − 1 (same province, same household number)
/// has status `exited` with exit year ≥ y − 2; R = those of D with status `returned` in y;
/// value 100 · |R| / |D|, placed by the year-y village, null when D is empty.
///
/// Province 33, 2018 → 2019 (one adult each):
///   R1 exited 2018 → returned (330102)           in D, in R
///   R2 exited 2017 → returned (330102)           in D, in R (exit two years back)
///   R3 exited 2016 → returned (330102)           not in D (three years back)
///   R4 exited 2018 → exited (330102)             in D
///   R5 exited 2017 → exited (330102)             in D
///   R6 returned (exit 2017) → returned (330102)  not in D (already returned in 2018)
///   R7 poor → exited 2019 (330102)               not in D
///   R8 exited 2018 → removed (330102)            not in D (not in H(2019))
///   R9 exited 2018 → absent in 2019              not in D
///   R10 exited 2018 in 330102 → returned in 330201: in D, in R, placed in 330201
///   R12 new in 2019, returned (exit 2018): not in D (no 2018 record in 33; province 52's R12,
///     exited 2018, is another household)
/// By hand: 330102 D = {R1, R2, R4, R5}, R = {R1, R2} → 50; 330201 D = {R10}, R = {R10} → 100;
/// prefecture 3301 = 330102 → 50, 3302 = 330201 → 100; province 33 and the nation: 3 of 5 → 60.
/// 2018: no 2017 data, so null everywhere.
@Suite struct ReturnsToPovertyTests {
    static let years: [Int32: [ProvinceYearData]] = {
        var a2018 = ProvinceFixture(province: 33, year: 2018)
        a2018.county(330102, ruralPopulation: 1000, ruralIncome: 1)
        a2018.county(330201, ruralPopulation: 1000, ruralIncome: 1)
        a2018.village(330_102_001_001)
        a2018.village(330_201_001_001)
        let v1: Int64 = 330_102_001_001
        let v2: Int64 = 330_201_001_001
        let exits: [(String, Int32)] = [
            ("R1", 2018), ("R2", 2017), ("R3", 2016), ("R4", 2018), ("R5", 2017), ("R8", 2018), ("R9", 2018),
            ("R10", 2018),
        ]
        for (id, exit) in exits {
            a2018.household(id, village: v1, status: .exited, exitYear: exit, members: [.adult])
        }
        a2018.household("R6", village: v1, status: .returned, exitYear: 2017, members: [.adult])
        a2018.household("R7", village: v1, status: .poor, members: [.adult])
        var b2018 = ProvinceFixture(province: 52, year: 2018)
        b2018.county(520102, ruralPopulation: 1000, ruralIncome: 1)
        b2018.village(520_102_001_001)
        b2018.household("R12", village: 520_102_001_001, status: .exited, exitYear: 2018, members: [.adult])

        var a2019 = ProvinceFixture(province: 33, year: 2019)
        a2019.county(330102, ruralPopulation: 1000, ruralIncome: 1)
        a2019.county(330201, ruralPopulation: 1000, ruralIncome: 1)
        a2019.village(v1)
        a2019.village(v2)
        a2019.household("R1", village: v1, status: .returned, exitYear: 2018, members: [.adult])
        a2019.household("R2", village: v1, status: .returned, exitYear: 2017, members: [.adult])
        a2019.household("R3", village: v1, status: .returned, exitYear: 2016, members: [.adult])
        a2019.household("R4", village: v1, status: .exited, exitYear: 2018, members: [.adult])
        a2019.household("R5", village: v1, status: .exited, exitYear: 2017, members: [.adult])
        a2019.household("R6", village: v1, status: .returned, exitYear: 2017, members: [.adult])
        a2019.household("R7", village: v1, status: .exited, exitYear: 2019, members: [.adult])
        a2019.household("R8", village: v1, status: .removed, members: [.adult])
        a2019.household("R10", village: v2, status: .returned, exitYear: 2018, members: [.adult])
        a2019.household("R12", village: v2, status: .returned, exitYear: 2018, members: [.adult])
        return [2018: [a2018.data, b2018.data], 2019: [a2019.data]]
    }()

    let r = IndicatorEngine.compute(years: ReturnsToPovertyTests.years, reference: testReference)

    @Test func handWorkedValues() {
        let id = "returned_within_two_years_pct"
        #expect(r.value(id, "330102") == 50)
        #expect(r.value(id, "330201") == 100)
        #expect(r.value(id, "3301") == 50)
        #expect(r.value(id, "3302") == 100)
        #expect(r.value(id, "33") == 60)
        #expect(r.value(id, "CN") == 60)
        // No 2017 data: null, not 0, at every level of 2018 (province 52 included).
        for area in ["330102", "330201", "3301", "3302", "33", "520102", "5201", "52", "CN"] {
            #expect(r.value(id, area, year: 2018) == nil, "\(area)")
        }
    }

    /// The same records with province 33's 2018 submission missing: nothing to match, so null.
    @Test func nullWithoutTheYearBefore() {
        var years = ReturnsToPovertyTests.years
        years[2018] = years[2018]?.filter { $0.key.province != 33 }
        let without = IndicatorEngine.compute(years: years, reference: testReference)
        for area in ["330102", "330201", "33", "CN"] {
            #expect(without.value("returned_within_two_years_pct", area) == nil, "\(area)")
        }
    }
}
