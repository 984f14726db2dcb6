import JingzhunCore
import Testing

@testable import JingzhunStore

/// Compute's reading of a province-year a row group at a time (`StoreSnapshot.provinceYearParts`):
/// the parts put back together are the province as `loadProvinceYear` reads it whole.
struct ProvinceYearPartsTests {
    /// Guizhou 2019 with its members reordered: grouped by household, in household order.
    static func groupedGuizhou() -> SubmissionBatch { grouped(Fixtures.guizhou2019()) }

    /// `batch` with its members reordered: grouped by household, in household order.
    static func grouped(_ batch: SubmissionBatch) -> SubmissionBatch {
        var batch = batch
        let order = batch.members.householdIndex.indices.sorted {
            (batch.members.householdIndex[$0], $0) < (batch.members.householdIndex[$1], $1)
        }
        var m = batch.members
        func pick<T>(_ values: [T]) -> [T] { order.map { values[$0] } }
        m.householdIndex = pick(m.householdIndex)
        m.identityKey = pick(m.identityKey)
        m.relation = pick(m.relation)
        m.sex = pick(m.sex)
        m.birthDate = pick(m.birthDate)
        m.education = pick(m.education)
        m.schooling = pick(m.schooling)
        m.health = pick(m.health)
        m.labor = pick(m.labor)
        m.medicalInsured = pick(m.medicalInsured)
        m.seriousIllnessInsured = pick(m.seriousIllnessInsured)
        m.pensionInsured = pick(m.pensionInsured)
        m.sourceLine = pick(m.sourceLine)
        batch.members = m
        return batch
    }

    /// The parts of `record`, put back together (member indices made global again), and how many.
    static func joined(_ parts: StoreSnapshot.ProvinceYearParts, householdsPerPart: Int) throws -> (
        ProvinceYearData, Int
    ) {
        var whole = ProvinceYearData(
            key: parts.record.key, counties: parts.counties, villages: parts.villages, counts: parts.record.counts)
        var count = 0
        try parts.forEachPart(householdsPerPart: householdsPerPart) { part in
            #expect(part.households.count <= householdsPerPart)
            let offset = Int32(whole.households.count)
            let h = part.households
            whole.households.householdID += h.householdID
            whole.households.villageCode += h.villageCode
            whole.households.registeredYear += h.registeredYear
            whole.households.category += h.category
            whole.households.cause += h.cause
            whole.households.status += h.status
            whole.households.exitYear += h.exitYear
            whole.households.housingGrade += h.housingGrade
            whole.households.safeWater += h.safeWater
            whole.households.foodClothingSecured += h.foodClothingSecured
            whole.households.incomeWageFen += h.incomeWageFen
            whole.households.incomeOperatingFen += h.incomeOperatingFen
            whole.households.incomePropertyFen += h.incomePropertyFen
            whole.households.incomeTransferFen += h.incomeTransferFen
            whole.households.operatingCostFen += h.operatingCostFen
            whole.households.measures += h.measures
            whole.households.sourceLine += h.sourceLine
            let m = part.members
            whole.members.householdIndex += m.householdIndex.map { $0 + offset }
            whole.members.identityKey += m.identityKey
            whole.members.relation += m.relation
            whole.members.sex += m.sex
            whole.members.birthDate += m.birthDate
            whole.members.education += m.education
            whole.members.schooling += m.schooling
            whole.members.health += m.health
            whole.members.labor += m.labor
            whole.members.medicalInsured += m.medicalInsured
            whole.members.seriousIllnessInsured += m.seriousIllnessInsured
            whole.members.pensionInsured += m.pensionInsured
            whole.members.sourceLine += m.sourceLine
            count += 1
        }
        return (whole, count)
    }

    @Test(arguments: [1, 2, 1_048_576])
    func partsPutBackTogetherAreTheProvince(rowGroupRows: Int) throws {
        let folder = TemporaryFolder("parts-\(rowGroupRows)")
        defer { folder.remove() }
        let store = Store(root: folder.path, rowGroupRows: rowGroupRows)
        try store.apply(Self.groupedGuizhou(), now: StoreTests.t0)
        let snapshot = try store.snapshot()
        let record = try #require(try snapshot.inForce(year: 2019).first)
        let whole = try snapshot.loadProvinceYear(record)
        let parts = try snapshot.provinceYearParts(record)
        #expect(parts.isGrouped)
        for householdsPerPart in [1, 2, 3, 100] {
            let (joined, count) = try Self.joined(parts, householdsPerPart: householdsPerPart)
            #expect(joined == whole, "row groups of \(rowGroupRows), parts of \(householdsPerPart)")
            // Parts never cross a row group of the households table.
            let expected = (0..<((3 + rowGroupRows - 1) / rowGroupRows)).reduce(0) { total, group in
                let rows = min(rowGroupRows, 3 - group * rowGroupRows)
                return total + (rows + householdsPerPart - 1) / householdsPerPart
            }
            #expect(count == expected)
        }
    }

    @Test func membersOutOfHouseholdOrderAreNotGrouped() throws {
        let folder = TemporaryFolder("parts-ungrouped")
        defer { folder.remove() }
        let store = Store(root: folder.path, rowGroupRows: 2)
        // Guizhou's members are stored in the order 0, 1, 0, 2, 2 of their households.
        try store.apply(Fixtures.guizhou2019(), now: StoreTests.t0)
        let snapshot = try store.snapshot()
        let record = try #require(try snapshot.inForce(year: 2019).first)
        let parts = try snapshot.provinceYearParts(record)
        #expect(!parts.isGrouped)
        #expect(parts.counties == Fixtures.guizhou2019().counties)
        #expect(parts.villages == Fixtures.guizhou2019().villages)
    }

    /// y − 1's reading (`forEachHouseholdPart`: households and member counts from the members'
    /// household_id column alone) gives the parts of `forEachPart`, each household with as many
    /// members, at any row group and part size.
    @Test(arguments: [1, 7, 1_048_576])
    func householdPartsCountTheMembersOfTheParts(rowGroupRows: Int) throws {
        let folder = TemporaryFolder("household-parts-\(rowGroupRows)")
        defer { folder.remove() }
        let store = Store(root: folder.path, rowGroupRows: rowGroupRows)
        try store.apply(Self.grouped(RowGroupStreamingTests.largeBatch(households: 40)), now: StoreTests.t0)
        let snapshot = try store.snapshot()
        let record = try #require(try snapshot.inForce(year: 2019).first)
        let parts = try snapshot.provinceYearParts(record)
        #expect(parts.isGrouped && parts.householdCount == 43)
        for householdsPerPart in [1, 3, 100] {
            var expected: [(HouseholdColumns, [Int32])] = []
            try parts.forEachPart(householdsPerPart: householdsPerPart) { part in
                var counts = [Int32](repeating: 0, count: part.households.count)
                for household in part.members.householdIndex { counts[Int(household)] += 1 }
                expected.append((part.households, counts))
            }
            var got: [(HouseholdColumns, [Int32])] = []
            try parts.forEachHouseholdPart(householdsPerPart: householdsPerPart) { got.append(($0, $1)) }
            #expect(got.count == expected.count)
            for (a, b) in zip(got, expected) { #expect(a.0 == b.0 && a.1 == b.1) }
            #expect(got.reduce(0) { $0 + $1.1.reduce(0, +) } == Int32(record.counts.membersAccepted))
        }
    }
}
