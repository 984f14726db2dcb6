import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// A province tallied part by part (`ProvinceParts`) and its identities written as many small
/// runs give the same rows, bit for bit, as the province tallied whole in one run.
@Suite struct ProvincePartsTests {
    static let previous = BenchmarkInput.year(2018, households: 2400, provinces: 3)
    static let current = BenchmarkInput.year(2019, households: 2400, provinces: 3)

    static func compute(householdsPerPart: Int, identityRunEntries: Int) throws -> IndicatorResult {
        let accumulator = IndicatorAccumulator(
            year: 2019, reference: testReference, householdsPerPart: householdsPerPart,
            identityRunEntries: identityRunEntries)
        for province in current {
            try accumulator.add(province, previous: previous.first { $0.key.province == province.key.province })
        }
        return try accumulator.finish()
    }

    /// Every row with its value's bits (so −0 and 0, or two NaNs, could not pass as equal).
    static func bits(_ result: IndicatorResult) -> [String] {
        result.indicators.map { "\($0.level.rawValue) \($0.areaCode) \($0.indicator) \($0.value?.bitPattern ?? 0)" }
            + result.breakdowns.map {
                "\($0.level.rawValue) \($0.areaCode) \($0.dimension) \($0.member) \($0.households) "
                    + "\($0.population.map(String.init) ?? "-")"
            }
    }

    @Test func tinyPartsAndRunsGiveTheSameRowsBitForBit() throws {
        let whole = try Self.compute(householdsPerPart: .max, identityRunEntries: .max)
        func value(_ id: String) -> Double? {
            whole.indicators.first { $0.level == .nation && $0.indicator == id }?.value
        }
        // The data exercises what crosses parts: the panel and duplicates across provinces.
        #expect((value("cross_province_duplicates") ?? 0) > 0)
        #expect(value("panel_income_growth_pct") != nil)
        #expect(whole.indicators.count > 100)
        for (parts, runs) in [(1, 1), (7, 50), (500, 3000), (799, 1_000_000)] {
            let cut = try Self.compute(householdsPerPart: parts, identityRunEntries: runs)
            #expect(Self.bits(cut) == Self.bits(whole), "parts of \(parts) households, runs of \(runs) entries")
        }
    }

    @Test func theProvinceIsReallyCut() {
        let province = Self.current[0]
        let parts = Array(ProvinceParts(province, householdsPerPart: 300))
        #expect(parts.count == (province.households.count + 299) / 300)
        #expect(parts.map(\.households.count).reduce(0, +) == province.households.count)
        #expect(parts.map(\.members.count).reduce(0, +) == province.members.count)
        // Counties and villages travel with the first part only.
        #expect(parts[0].villages == province.villages && parts[0].counties == province.counties)
        #expect(parts.dropFirst().allSatisfy { $0.villages.count == 0 && $0.counties.count == 0 })
        // Every member still points at its own household.
        var offset = 0
        for part in parts {
            for member in 0..<part.members.count {
                let household = Int(part.members.householdIndex[member])
                #expect(part.households.householdID[household] == province.households.householdID[offset + household])
            }
            offset += part.households.count
        }
    }

    @Test func membersOutOfHouseholdOrderKeepTheProvinceWhole() throws {
        var province = ProvinceYearData(key: SubmissionKey(province: 52, year: 2019, revision: 1))
        province.households.householdID = ["A", "B", "C"]
        province.members.householdIndex = [0, 2, 1]
        #expect(ProvinceParts.memberStarts(province.members.householdIndex, households: 3) == nil)
        #expect(!ProvinceParts(province, householdsPerPart: 1).isCut)
        // Grouped, with a household without members and trailing empty ones.
        #expect(ProvinceParts.memberStarts([0, 0, 2, 2, 2], households: 5) == [0, 2, 2, 5, 5, 5])
        #expect(ProvinceParts.memberStarts([], households: 2) == [0, 0, 0])
        #expect(ProvinceParts.memberStarts([1, 0], households: 2) == nil)
    }

    @Test func shuffledMembersGiveTheSameRowsAsTheWhole() throws {
        // Members of one province reversed: not cut, so the same rows as before the reversal.
        var current = Self.current
        var members = current[0].members
        let order = Array((0..<members.count).reversed())
        members = members.slice(0..<members.count, firstHousehold: 0)
        members.householdIndex = order.map { members.householdIndex[$0] }
        members.identityKey = order.map { members.identityKey[$0] }
        members.relation = order.map { members.relation[$0] }
        members.sex = order.map { members.sex[$0] }
        members.birthDate = order.map { members.birthDate[$0] }
        members.education = order.map { members.education[$0] }
        members.schooling = order.map { members.schooling[$0] }
        members.health = order.map { members.health[$0] }
        members.labor = order.map { members.labor[$0] }
        members.medicalInsured = order.map { members.medicalInsured[$0] }
        members.seriousIllnessInsured = order.map { members.seriousIllnessInsured[$0] }
        members.pensionInsured = order.map { members.pensionInsured[$0] }
        members.sourceLine = order.map { members.sourceLine[$0] }
        current[0].members = members
        #expect(!ProvinceParts(current[0], householdsPerPart: 7).isCut)
        func compute(_ parts: Int) throws -> IndicatorResult {
            let accumulator = IndicatorAccumulator(
                year: 2019, reference: testReference, householdsPerPart: parts, identityRunEntries: 11)
            for province in current {
                try accumulator.add(
                    province, previous: Self.previous.first { $0.key.province == province.key.province })
            }
            return try accumulator.finish()
        }
        #expect(Self.bits(try compute(7)) == Self.bits(try compute(.max)))
    }
}
