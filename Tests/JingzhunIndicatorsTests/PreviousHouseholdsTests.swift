import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// `PreviousHouseholds` keeps y − 1's household numbers in a compact index (`HouseholdNumberIndex`,
/// issue 20) instead of `[String: Int32]`: it must answer exactly as the dictionaries did, for
/// numbers present, repeated (ingest refuses them, compute still matches as before) and missing.
struct PreviousHouseholdsTests {
    /// The matching of the dictionary version: first record of a number (any status), and the
    /// last record outside `removed`.
    struct Reference {
        var first: [String: Int] = [:]
        var lastInH: [String: Int] = [:]
        mutating func add(_ number: String, status: HouseholdStatus, position: Int) {
            if first[number] == nil { first[number] = position }
            if status != .removed { lastInH[number] = position }
        }
    }

    /// A deterministic generator (no random order in tests either).
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static func number(_ n: Int) -> String {
        switch n % 4 {
        case 0: "5201020010\(n % 100)-\(n)"
        case 1: "H\(n)"
        case 2: String(repeating: "x", count: 1 + n % 32)  // lengths 1…32 of the contract
        default: "52-\(n)-\(n * 7)"
        }
    }

    @Test(arguments: [(0, 1), (400, 1), (400, 3), (3_000, 1), (3_000, 5)])
    func answersAsTheDictionariesDid(households: Int, repeatEvery: Int) {
        var random = SplitMix(state: UInt64(households * 31 + repeatEvery))
        var fixture = ProvinceFixture(province: 52, year: 2018)
        let statuses: [HouseholdStatus] = [.poor, .exited, .removed, .returned]
        var reference = Reference()
        var numbers: [String] = []
        for position in 0..<households {
            // With repeatEvery > 1, about one record in repeatEvery reuses an earlier number.
            let reuse = repeatEvery > 1 && position > 0 && random.next(repeatEvery) == 0
            let number = reuse ? numbers[random.next(numbers.count)] : Self.number(position * 13 + 5)
            numbers.append(number)
            let status = statuses[random.next(statuses.count)]
            reference.add(number, status: status, position: position)
            fixture.household(
                number, village: 520_102_001_001 + Int64(random.next(3)), status: status,
                exitYear: status == .exited ? Int32(2015 + random.next(4)) : nil, wage: Double(random.next(9_000)),
                members: Array(repeating: .adult, count: random.next(4)))
        }
        let data = fixture.data
        // Added in parts of uneven sizes, as compute does.
        var previous = PreviousHouseholds(year: 2018, province: 52)
        previous.reserveCapacity(households / 2)
        var start = 0
        while start < households {
            let end = min(households, start + 1 + random.next(97))
            var part = ProvinceYearData(key: data.key)
            part.households = data.households.slice(start..<end)
            for m in 0..<data.members.count where (start..<end).contains(Int(data.members.householdIndex[m])) {
                part.members.householdIndex.append(data.members.householdIndex[m] - Int32(start))
            }
            previous.add(part: part)
            start = end
        }
        let whole = PreviousHouseholds(data)
        #expect(previous.count == households && whole.count == households)
        var queries = numbers
        for n in 0..<500 { queries.append(Self.number(1_000_000 + n)) }  // never added
        queries += ["", "H", "x\u{0}", String(repeating: "x", count: 33)]
        for number in queries {
            #expect(previous.firstMatch(number) == reference.first[number], "\(number)")
            #expect(previous.panelMatch(number) == reference.lastInH[number], "\(number)")
            #expect(whole.firstMatch(number) == reference.first[number], "\(number)")
            #expect(whole.panelMatch(number) == reference.lastInH[number], "\(number)")
        }
        var sizes = [Int32](repeating: 0, count: households)
        for household in data.members.householdIndex { sizes[Int(household)] += 1 }
        #expect(previous.size == sizes && whole.size == sizes)
        #expect(previous.status == data.households.status)
        #expect(previous.netFen == (0..<households).map(data.households.netFen))
        #expect(previous.county == data.households.villageCode.map(AreaCode.county(ofVillage:)))
    }

    @Test func indexAnswersAsADictionaryAcrossGrowth() {
        var index = HouseholdNumberIndex()
        var reference: [String: Int] = [:]
        for n in 0..<50_000 {
            let number = Self.number(n)  // numbers of the form "x…x" repeat every 128
            let inserted = index.insert(number)
            let expected = reference[number] ?? reference.count
            #expect(inserted.index == expected && inserted.inserted == (reference[number] == nil), "\(number)")
            reference[number] = expected
        }
        #expect(index.count == reference.count)
        for (number, position) in reference { #expect(index.index(of: number) == position, "\(number)") }
        for n in 50_000..<51_000 where n % 4 != 2 { #expect(index.index(of: Self.number(n)) == nil) }
    }
}
