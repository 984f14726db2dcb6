import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Household dynamics (动态管理): the transition matrix of 2018 → 2019, worked by hand.
///
/// Province 33, 2018: A1 poor 330102 (2 people); A2 poor 330102 (1); A3 exited in 2017, 330201 (3);
///   A4 exited in 2018, 330201 (2); A5 returned, 330102 (1); A6 removed, 330102 (2); A7 poor, 330201 (4).
/// Province 33, 2019: A1 exited in 2019, 330102 (2); A2 poor, moved to 330201 (1); A3 returned,
///   330201 (3); A4 exited, 330201 (3: a birth); A5 exited in 2019, 330102 (1); A6 removed, 330102 (2);
///   A8 new and poor, 330102 (5). A7 is gone.
/// Province 52 has 2019 only (B1): it has no pair and gives no rows (its household would look new).
@Suite struct TransitionTests {
    static func pair() -> (before: [ProvinceYearData], now: [ProvinceYearData]) {
        var a2018 = ProvinceFixture(province: 33, year: 2018)
        a2018.household("A1", village: 330_102_001_001, members: [.adult, .adult])
        a2018.household("A2", village: 330_102_001_001, members: [.adult])
        a2018.household(
            "A3", village: 330_201_001_001, status: .exited, exitYear: 2017, members: [.adult, .adult, .adult])
        a2018.household("A4", village: 330_201_001_001, status: .exited, exitYear: 2018, members: [.adult, .adult])
        a2018.household("A5", village: 330_102_001_001, status: .returned, exitYear: 2016, members: [.adult])
        a2018.household("A6", village: 330_102_001_001, status: .removed, members: [.adult, .adult])
        a2018.household("A7", village: 330_201_001_001, members: [.adult, .adult, .adult, .adult])
        var a2019 = ProvinceFixture(province: 33, year: 2019)
        a2019.household("A1", village: 330_102_001_001, status: .exited, exitYear: 2019, members: [.adult, .adult])
        a2019.household("A2", village: 330_201_001_001, members: [.adult])
        a2019.household(
            "A3", village: 330_201_001_001, status: .returned, exitYear: 2017, members: [.adult, .adult, .adult])
        a2019.household(
            "A4", village: 330_201_001_001, status: .exited, exitYear: 2018, members: [.adult, .adult, .adult])
        a2019.household("A5", village: 330_102_001_001, status: .exited, exitYear: 2019, members: [.adult])
        a2019.household("A6", village: 330_102_001_001, status: .removed, members: [.adult, .adult])
        a2019.household("A8", village: 330_102_001_001, members: [.adult, .adult, .adult, .adult, .adult])
        var b2019 = ProvinceFixture(province: 52, year: 2019)
        b2019.household("B1", village: 520_102_001_001, members: [.adult])
        return ([a2018.data], [a2019.data, b2019.data])
    }

    static func tally() -> TransitionTally {
        let (before, now) = pair()
        var tally = TransitionTally(year: 2019)
        for current in now {
            guard let previous = before.first(where: { $0.key.province == current.key.province }) else { continue }
            tally.add(previous: previous, current: current)
        }
        return tally
    }

    let rows = TransitionTests.tally().rows()

    /// [households, population_from, population_to] of one cell.
    func cell(_ area: String, _ from: TransitionState, _ to: TransitionState) -> [Int64?] {
        let matches = rows.filter { $0.areaCode == area && $0.from == from && $0.to == to }
        #expect(matches.count == 1, "one row for \(area) \(from) → \(to)")
        return matches.first.map { [$0.households, $0.populationFrom, $0.populationTo] } ?? []
    }

    @Test func handWorkedCells() {
        #expect(cell("330102", .poor, .exited) == [1, 2, 2])  // A1
        #expect(cell("330102", .returned, .exited) == [1, 1, 1])  // A5
        #expect(cell("330102", .removed, .removed) == [1, 2, 2])  // A6
        #expect(cell("330102", .new, .poor) == [1, nil, 5])  // A8
        #expect(cell("330102", .poor, .poor) == [0, 0, 0])  // A2 moved away: placed by its 2019 village
        #expect(cell("330201", .poor, .poor) == [1, 1, 1])  // A2
        #expect(cell("330201", .exited, .returned) == [1, 3, 3])  // A3: back to poverty
        #expect(cell("330201", .exited, .exited) == [1, 2, 3])  // A4
        #expect(cell("330201", .poor, .gone) == [1, 4, nil])  // A7
        #expect(cell("33", .new, .poor) == [1, nil, 5])
        #expect(cell("3301", .poor, .exited) == [1, 2, 2])
    }

    @Test func everyAreaHasTheWholeMatrixAndOnlyPairedProvincesCount() {
        let areas = rows.map(\.areaCode).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(areas == ["CN", "33", "3301", "3302", "330102", "330201"])  // no 52: it has no 2018
        for area in areas { #expect(rows.filter { $0.areaCode == area }.count == 24) }  // 5 × 5 but new → gone
        #expect(!rows.contains { $0.from == .new && $0.to == .gone })
        // Nation = province 33, cell by cell.
        let nation = rows.filter { $0.level == .nation }.map { [$0.households, $0.populationFrom, $0.populationTo] }
        let province = rows.filter { $0.areaCode == "33" }.map { [$0.households, $0.populationFrom, $0.populationTo] }
        #expect(nation == province)
    }

    @Test func rowsSumToTheHouseholdsOfBothYears() {
        let (before, now) = Self.pair()
        for area in ["CN", "33"] {
            let matrix = rows.filter { $0.areaCode == area }
            // 2018: A1–A7 (removed included), 15 people; 2019 (province 33): A1–A6 and A8, 17 people.
            #expect(
                matrix.filter { $0.from != .new }.map(\.households).reduce(0, +) == Int64(before[0].households.count))
            #expect(matrix.filter { $0.to != .gone }.map(\.households).reduce(0, +) == Int64(now[0].households.count))
            #expect(matrix.filter { $0.from != .new }.compactMap(\.populationFrom).reduce(0, +) == 15)
            #expect(matrix.filter { $0.to != .gone }.compactMap(\.populationTo).reduce(0, +) == 17)
            // Every household of either year once: 8 (A1–A8).
            #expect(matrix.map(\.households).reduce(0, +) == 8)
        }
    }

    @Test func exportBytesAreSortedAndReadBack() {
        let bytes = ExportWriter.transitionsCSV(rows.reversed())
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "year,level,area_code,from,to,households,population_from,population_to")
        // Level order nation, province, prefecture, county; then from and to bytewise.
        #expect(lines[1] == "2019,nation,CN,exited,exited,1,2,3")
        #expect(lines[2] == "2019,nation,CN,exited,gone,0,0,")
        #expect(lines.contains("2019,county,330102,new,poor,1,,5"))
        #expect(lines.last == "")  // ends with a line feed
        #expect(bytes == ExportWriter.transitionsCSV(rows))
        #expect(ExportWriter.parseTransitions(bytes) == rows)
    }
}
