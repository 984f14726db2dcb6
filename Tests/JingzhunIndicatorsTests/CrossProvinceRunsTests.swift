import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Cross-province duplicates through `IndicatorAccumulator`: sorted identity runs, merged at finish.
///
/// Shared identities (each one member unless said otherwise):
/// - S1: 33 (county 330102) and 52 → 2 duplicates.
/// - S2: 33 (330103), 52 and 61 → 3.
/// - S3: twice inside 61, nowhere else → 0 (repeats inside one province do not count by themselves).
/// - S4: twice in 33 (330102 and 330103) and once in 52 → all 3 count.
/// - S5: 33, and 52 in a removed household (not in H) → 0.
/// Expected per county: 330102: S1, S4 = 2; 330103: S2, S4 = 2; 520102: S1, S2, S4 = 3;
/// 610102: S2 = 1. Prefecture 3301: 4; provinces 33: 4, 52: 3, 61: 1; nation 8.
@Suite struct CrossProvinceRunsTests {
    static func provinces() -> [ProvinceYearData] {
        var zhejiang = ProvinceFixture(province: 33, year: 2019)
        zhejiang.county(330102, ruralPopulation: 1000, ruralIncome: 1)
        zhejiang.county(330103, ruralPopulation: 1000, ruralIncome: 1)
        zhejiang.village(330_102_001_001)
        zhejiang.village(330_103_001_001)
        zhejiang.household("Z1", village: 330_102_001_001, members: [Person(identity: 1), Person(identity: 4), .adult])
        zhejiang.household("Z2", village: 330_103_001_001, members: [Person(identity: 2), Person(identity: 4)])
        zhejiang.household("Z3", village: 330_103_001_001, members: [Person(identity: 5)])
        var guizhou = ProvinceFixture(province: 52, year: 2019)
        guizhou.county(520102, ruralPopulation: 1000, ruralIncome: 1)
        guizhou.village(520_102_001_001)
        guizhou.household("G1", village: 520_102_001_001, members: [Person(identity: 1), Person(identity: 2)])
        guizhou.household("G2", village: 520_102_001_001, members: [.adult, Person(identity: 4)])
        guizhou.household("G3", village: 520_102_001_001, status: .removed, members: [Person(identity: 5)])
        var shaanxi = ProvinceFixture(province: 61, year: 2019)
        shaanxi.county(610102, ruralPopulation: 1000, ruralIncome: 1)
        shaanxi.village(610_102_001_001)
        shaanxi.household("S1", village: 610_102_001_001, members: [Person(identity: 2), Person(identity: 3)])
        shaanxi.household("S2", village: 610_102_001_001, members: [Person(identity: 3)])
        return [zhejiang.data, guizhou.data, shaanxi.data]
    }

    static let expected: [(String, Double)] = [
        ("330102", 2), ("330103", 2), ("520102", 3), ("610102", 1), ("3301", 4), ("5201", 3), ("6101", 1),
        ("33", 4), ("52", 3), ("61", 1), ("CN", 8),
    ]

    /// A run sorted by buckets of the first word and insertion (`sortByKey`) is exactly the run
    /// sorted by comparison, equal pseudonyms kept in their order (their counties tell them
    /// apart): spread keys, keys sharing their first word or its leading bits, repeated keys, at
    /// sizes below and above the comparison-sort cut-off.
    @Test(arguments: [0, 1, 200, 257, 5_000, 120_000])
    func bucketSortEqualsTheComparisonSort(count: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(count)
        func next() -> UInt64 {
            // SplitMix64 (seeded, so the test is the same on every run).
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var entries: [IdentityEntry] = []
        for index in 0..<count {
            var key = Pseudonym(w0: next(), w1: next(), w2: next(), w3: next())
            switch next() % 10 {
            case 0: key.w0 = 0x1234_5678_0000_0000  // one first word: a crowded bucket
            case 1: key.w0 = (key.w0 & 0x0000_FFFF_FFFF_FFFF) | 0xABCD_0000_0000_0000  // same leading bits
            case 2: if let earlier = entries.last { key = earlier.key }  // a repeated pseudonym
            default: break
            }
            entries.append(IdentityEntry(key: key, county: Int32(index)))
        }
        var bucketed = entries
        CrossProvinceIdentities.sortByKey(&bucketed)
        let compared = entries.sorted { IdentityEntry.precedes($0.key, $1.key) }
        #expect(bucketed == compared)
        #expect(zip(bucketed, bucketed.dropFirst()).allSatisfy { !IdentityEntry.precedes($1.key, $0.key) })
    }

    @Test func handWorkedCounts() {
        let result = IndicatorEngine.compute(
            years: [2019: CrossProvinceRunsTests.provinces()], reference: testReference)
        for (area, count) in CrossProvinceRunsTests.expected {
            #expect(result.value("cross_province_duplicates", area) == count, "\(area)")
        }
    }

    @Test func anyOrderOfAddGivesTheSameRows() throws {
        let provinces = CrossProvinceRunsTests.provinces()
        let reference = IndicatorEngine.compute(years: [2019: provinces], reference: testReference)
        for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            let runs = RecordingRuns()
            let accumulator = IndicatorAccumulator(year: 2019, reference: testReference, identityRuns: runs)
            for index in order { try accumulator.add(provinces[index], previous: nil) }
            #expect(runs.runsAppended == 3)
            let result = try accumulator.finish()
            #expect(result == reference, "order \(order)")
            #expect(runs.removeAllCalls == 1, "finish must empty the storage")
        }
    }

    @Test func eachRunIsSortedByTheWholePseudonym() throws {
        let runs = RecordingRuns()
        let accumulator = IndicatorAccumulator(year: 2019, reference: testReference, identityRuns: runs)
        try accumulator.add(CrossProvinceRunsTests.provinces()[0], previous: nil)
        var entries: [IdentityEntry] = []
        IdentityRunEncoder.decode(runs.read(run: 0, offset: 0, count: 1 << 20), into: &entries)
        // Zhejiang: 6 members in H (Z1: 3, Z2: 2, Z3: 1).
        #expect(entries.count == 6)
        #expect(zip(entries, entries.dropFirst()).allSatisfy { !IdentityEntry.precedes($1.key, $0.key) })
        #expect(Set(entries.map(\.county)) == [330102, 330103])
    }

    @Test func pseudonymsDifferingOnlyInTheLastWordAreDifferent() {
        // Two identities equal in their first 24 bytes: a fingerprint of the leading words would merge them.
        var a = ProvinceFixture(province: 33, year: 2019)
        a.county(330102, ruralPopulation: 1, ruralIncome: 1)
        a.village(330_102_001_001)
        a.household("A", village: 330_102_001_001, members: [Person(identity: 10)])
        var b = ProvinceFixture(province: 52, year: 2019)
        b.county(520102, ruralPopulation: 1, ruralIncome: 1)
        b.village(520_102_001_001)
        b.household("B", village: 520_102_001_001, members: [Person(identity: 11)])
        let result = IndicatorEngine.compute(years: [2019: [a.data, b.data]], reference: testReference)
        #expect(result.value("cross_province_duplicates", "CN") == 0)
    }

    @Test func storageFailureIsThrownByAdd() {
        let accumulator = IndicatorAccumulator(year: 2019, reference: testReference, identityRuns: FailingRuns())
        #expect(throws: FailingRuns.Full.self) {
            try accumulator.add(CrossProvinceRunsTests.provinces()[0], previous: nil)
        }
    }

    @Test func encoderRoundTripsExtremeValues() {
        let entries = [
            IdentityEntry(key: Pseudonym(w0: .max, w1: 0, w2: 0x0102_0304_0506_0708, w3: .max - 1), county: 659_004),
            IdentityEntry(key: Pseudonym(w0: 0, w1: .max, w2: 1, w3: 0), county: -1),
        ]
        var bytes: [UInt8] = [7]  // appends after what is there
        IdentityRunEncoder.encode(entries[...], into: &bytes)
        #expect(bytes.count == 1 + 2 * IdentityRunEncoder.entryBytes)
        var decoded: [IdentityEntry] = []
        IdentityRunEncoder.decode(Array(bytes.dropFirst()), into: &decoded)
        #expect(decoded == entries)
    }

    @Test func mergeCrossesBlockBoundaries() throws {
        // Three runs of 2.5 blocks each; every 7th identity of run 0 is in run 1, every 11th in run 2.
        let n = CrossProvinceIdentities.blockEntries * 5 / 2
        let runs = InMemoryIdentityRuns()
        func key(_ i: Int) -> Pseudonym { Pseudonym(w0: 1, w1: 2, w2: 3, w3: UInt64(i)) }
        var first = (0..<n).map { IdentityEntry(key: key($0), county: 110101) }
        var second = (0..<n).map { IdentityEntry(key: key($0 % 7 == 0 ? $0 : n + $0), county: 120101) }
        var third = (0..<n).map { IdentityEntry(key: key($0 % 11 == 0 ? $0 : 2 * n + $0), county: 130101) }
        try CrossProvinceIdentities.writeRun(&first, run: 0, to: runs)
        try CrossProvinceIdentities.writeRun(&second, run: 1, to: runs)
        try CrossProvinceIdentities.writeRun(&third, run: 2, to: runs)
        let counts = try CrossProvinceIdentities.countDuplicates(runProvinces: [11, 12, 13], in: runs)
        let sevens = (0..<n).filter { $0 % 7 == 0 }.count
        let elevens = (0..<n).filter { $0 % 11 == 0 }.count
        let both = (0..<n).filter { $0 % 77 == 0 }.count
        #expect(counts == [110101: Int64(sevens + elevens - both), 120101: Int64(sevens), 130101: Int64(elevens)])
    }

    @Test func runsOfOneProvinceDoNotCountAgainstEachOther() throws {
        // Province 11 in two runs sharing key 1; province 12 shares key 2 with the second run of 11.
        let runs = InMemoryIdentityRuns()
        func entry(_ i: UInt64, _ county: Int32) -> IdentityEntry {
            IdentityEntry(key: Pseudonym(w0: 0, w1: 0, w2: 0, w3: i), county: county)
        }
        var a = [entry(1, 110101), entry(3, 110101)]
        var b = [entry(1, 110102), entry(2, 110102)]
        var c = [entry(2, 120101), entry(4, 120101)]
        try CrossProvinceIdentities.writeRun(&a, run: 0, to: runs)
        try CrossProvinceIdentities.writeRun(&b, run: 1, to: runs)
        try CrossProvinceIdentities.writeRun(&c, run: 2, to: runs)
        #expect(
            try CrossProvinceIdentities.countDuplicates(runProvinces: [11, 11, 12], in: runs) == [110102: 1, 120101: 1])
        // The same runs as three provinces: key 1 now counts too.
        #expect(
            try CrossProvinceIdentities.countDuplicates(runProvinces: [11, 13, 12], in: runs)
                == [110101: 1, 110102: 2, 120101: 1])
        // One province alone has none, whatever its runs hold.
        #expect(try CrossProvinceIdentities.countDuplicates(runProvinces: [11, 11, 11], in: runs).isEmpty)
    }
}

/// In-memory runs that count what the accumulator does with them.
final class RecordingRuns: IdentityRunStorage {
    private let runs = InMemoryIdentityRuns()
    private var started = Set<Int>()
    private(set) var removeAllCalls = 0
    var runsAppended: Int { started.count }

    func append(_ bytes: [UInt8], toRun run: Int) {
        started.insert(run)
        runs.append(bytes, toRun: run)
    }
    func read(run: Int, offset: Int, count: Int) -> [UInt8] { runs.read(run: run, offset: offset, count: count) }
    func removeAll() {
        removeAllCalls += 1
        runs.removeAll()
    }
}

/// A storage whose disk is always full.
final class FailingRuns: IdentityRunStorage {
    struct Full: Error {}
    func append(_ bytes: [UInt8], toRun run: Int) throws { throw Full() }
    func read(run: Int, offset: Int, count: Int) throws -> [UInt8] { throw Full() }
    func removeAll() {}
}
