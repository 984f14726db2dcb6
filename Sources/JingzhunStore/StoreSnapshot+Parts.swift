public import JingzhunCore
import Parquet

extension StoreSnapshot {
    /// One province-year in force, read a row group at a time (compute's reading; issue 20).
    ///
    /// Counties and villages (a few thousand rows) are read whole when the value is made;
    /// households and members are read by `forEachPart`, a row group at a time, and handed out in
    /// parts of consecutive households with all of their members, in the order of the records.
    /// Memory: one row group of households and one of members decoded at once (and, for now, each
    /// data file's bytes while it is read: `TableFileReader` reads a file whole).
    ///
    /// Parts need the members stored grouped by household in household order, which is how
    /// ingest writes them from XML (members nested in their household) and from CSV files listing
    /// each household's members together. `isGrouped` says whether they are, checked by one walk
    /// over the two `household_id` columns (a row group at a time); when they are not, the caller
    /// reads the province whole (`loadProvinceYear`).
    public struct ProvinceYearParts: Sendable {
        public let record: SubmissionRecord
        public let counties: CountyColumns
        public let villages: VillageColumns
        /// Whether the members follow their households' order (so `forEachPart` may be called).
        public let isGrouped: Bool
        let households: [TableFileReader]
        let members: [TableFileReader]

        /// Hands out the province's households in order, in parts of at most `householdsPerPart`
        /// (and never across a row group of the households table), each with all of its members
        /// (`householdIndex` into the part's households). Counties and villages are not in the parts.
        /// - Precondition: `isGrouped`.
        public func forEachPart(
            householdsPerPart: Int, _ body: (ProvinceYearData) throws -> Void
        ) throws {
            var cursor = MemberCursor(files: members)
            try forEachHouseholdSlice(householdsPerPart: householdsPerPart) { part, numbers in
                var data = ProvinceYearData(key: record.key, counts: record.counts)
                data.members = try cursor.members(of: numbers)
                data.households = part
                try body(data)
            }
            // `isGrouped` has found every member's household, so no member is left over.
            if try !cursor.isExhausted() {
                throw StoreError.corruptData(
                    "a member's household_id is not in the households table of the same partition",
                    path: members.first?.path ?? "members")
            }
        }
    }
}

extension StoreSnapshot.ProvinceYearParts {
    /// The province's households in order, a row group at a time, in slices of at most
    /// `householdsPerPart` that never cross a row group (what `forEachPart` and
    /// `forEachHouseholdPart` hand out with their members), with the slice's household numbers as
    /// `PaddedString32`s too (what `MemberCursor` compares).
    ///
    /// A row group's `household_id` is held as `PaddedString32`s (32 bytes a household) and made
    /// `String`s a slice at a time: a row group of 1,048,576 numbers of 17 characters is 33.5 MB
    /// instead of 67 MB of heap objects (issue 20, compute's peak).
    /// - Precondition: `isGrouped`.
    func forEachHouseholdSlice(
        householdsPerPart: Int, _ body: (HouseholdColumns, ArraySlice<PaddedString32>) throws -> Void
    ) throws {
        precondition(isGrouped, "parts of \(record.key.id) asked for, but its members are not grouped")
        precondition(householdsPerPart >= 1, "a part holds at least one household")
        for file in households {
            for group in 0..<file.rowGroupCount {
                let reader = file.restricted(toRowGroup: group)
                let numbers = try reader.padded32s("household_id")
                var rows = HouseholdColumns()
                try SubmissionTables.readHouseholds(reader, into: &rows, withHouseholdID: false)
                var start = 0
                while start < numbers.count {
                    let end = start + min(householdsPerPart, numbers.count - start)
                    let part = numbers[start..<end]
                    try body(rows.slice(start..<end, householdIDs: part.map(\.string)), part)
                    start = end
                }
            }
        }
    }

    /// The households stored for the province-year (from the files' footers).
    public var householdCount: Int { households.reduce(0) { $0 + $1.rowCount } }

    /// y − 1 as compute needs it (`PreviousHouseholds`): the households in the parts of
    /// `forEachPart`, each with its number of members only, counted from the members'
    /// `household_id` column alone (a row group at a time) instead of decoding every member column.
    /// - Precondition: `isGrouped`.
    public func forEachHouseholdPart(
        householdsPerPart: Int, _ body: (_ households: HouseholdColumns, _ memberCounts: [Int32]) throws -> Void
    ) throws {
        var memberIDs = ColumnWalk(files: members, column: "household_id")
        try forEachHouseholdSlice(householdsPerPart: householdsPerPart) { part, numbers in
            // As `MemberCursor.members(of:)`: a member goes to the next household (in order)
            // with its number; one of a later part stays for it.
            var counts = [Int32](repeating: 0, count: part.count)
            var household = 0
            while household < part.count, let id = try memberIDs.peek() {
                while household < part.count && numbers[numbers.startIndex + household] != id { household += 1 }
                guard household < part.count else { break }
                counts[household] += 1
                _ = try memberIDs.next()
            }
            try body(part, counts)
        }
        if try memberIDs.peek() != nil {
            throw StoreError.corruptData(
                "a member's household_id is not in the households table of the same partition",
                path: members.first?.path ?? "members")
        }
    }
}

extension StoreSnapshot {
    /// Opens the province-year of `record` (one of `inForce(year:)`) for reading by parts.
    /// - Throws: what `loadProvinceYear` throws for the same record (`incompleteApply`, `corruptData`).
    public func provinceYearParts(_ record: SubmissionRecord) throws(StoreError) -> ProvinceYearParts {
        let partition = Store.partition(record.key)
        let owner = "\(record.key.id)-\(record.contentHash.prefix(Store.nameHashLength))"
        func readers(_ table: StoreTable) throws(StoreError) -> [TableFileReader] {
            let files = files(table, in: partition)
            if let stray = files.first(where: { Store.owner(ofPath: $0.path) != owner }) {
                throw StoreError(
                    .incompleteApply,
                    "the \(table.rawValue) table holds '\(stray.path)', which is not from \(record.key.id), "
                        + "the submission in force for province \(record.key.province), \(record.key.year): "
                        + "an apply was interrupted; run the pipeline (normalize stage) again to complete it",
                    path: root + "/" + table.rawValue)
            }
            var out: [TableFileReader] = []
            for file in files { out.append(try reader(table, file)) }
            return out
        }
        var counties = CountyColumns()
        for file in try readers(.counties) { try SubmissionTables.readCounties(file, into: &counties) }
        var villages = VillageColumns()
        for file in try readers(.villages) { try SubmissionTables.readVillages(file, into: &villages) }
        let households = try readers(.households)
        let members = try readers(.members)
        return ProvinceYearParts(
            record: record, counties: counties, villages: villages,
            isGrouped: try Self.membersAreGrouped(households: households, members: members),
            households: households, members: members)
    }

    /// Whether every member's household_id is found walking forward through the households from
    /// the previous member's household: members grouped by household, in household order.
    static func membersAreGrouped(households: [TableFileReader], members: [TableFileReader]) throws(StoreError)
        -> Bool
    {
        var householdIDs = ColumnWalk(files: households, column: "household_id")
        var current: PaddedString32? = nil
        var memberIDs = ColumnWalk(files: members, column: "household_id")
        while let id = try memberIDs.next() {
            if id == current { continue }
            repeat {
                guard let next = try householdIDs.next() else { return false }
                current = next
            } while current != id
        }
        return true
    }
}

/// The values of one STRING column of texts of at most 32 bytes (`household_id`) over several
/// files, a row group at a time, as `PaddedString32`s (no `String` per row).
struct ColumnWalk {
    let files: [TableFileReader]
    let column: String
    private var file = 0
    private var group = 0
    private var values: [PaddedString32] = []
    private var position = 0

    init(files: [TableFileReader], column: String) {
        self.files = files
        self.column = column
    }

    /// The next value without taking it.
    mutating func peek() throws(StoreError) -> PaddedString32? {
        guard let value = try next() else { return nil }
        position -= 1
        return value
    }

    mutating func next() throws(StoreError) -> PaddedString32? {
        while position == values.count {
            guard file < files.count else { return nil }
            if group == files[file].rowGroupCount {
                file += 1
                group = 0
                continue
            }
            values = try files[file].restricted(toRowGroup: group).padded32s(column)
            position = 0
            group += 1
        }
        position += 1
        return values[position - 1]
    }
}

/// The members of a province-year, a row group at a time, handed out household by household.
struct MemberCursor {
    let files: [TableFileReader]
    private var file = 0
    private var group = 0
    /// The current row group's members; `householdIndex` indexes `groupIDs`.
    private var rows = MemberColumns()
    private var groupIDs: [PaddedString32] = []
    private var position = 0

    init(files: [TableFileReader]) { self.files = files }

    /// Loads the next row group when the current one is used up; false at the end of the members.
    private mutating func fill() throws(StoreError) -> Bool {
        while position == rows.count {
            guard file < files.count else { return false }
            if group == files[file].rowGroupCount {
                file += 1
                group = 0
                continue
            }
            let reader = files[file].restricted(toRowGroup: group)
            group += 1
            // The row group's households in order, `household_id` decoded once: the members are
            // grouped (`isGrouped`), so a household's members are consecutive and each run of one
            // household_id is the next household (numbered by run; `members(of:)` compares ids).
            var positions: [Int32] = []
            groupIDs = []
            do {
                let ids = try reader.padded32s("household_id")
                positions.reserveCapacity(ids.count)
                for id in ids {
                    if groupIDs.last != id { groupIDs.append(id) }
                    positions.append(Int32(groupIDs.count - 1))
                }
            }
            rows = MemberColumns()
            try SubmissionTables.readMembers(reader, into: &rows) { [positions] () throws(StoreError) in positions }
            position = 0
        }
        return true
    }

    mutating func isExhausted() throws(StoreError) -> Bool { try !fill() }

    /// The members of `households` (consecutive households in order), taken from the cursor:
    /// every member up to the first one whose household is not among them.
    mutating func members(of households: ArraySlice<PaddedString32>) throws(StoreError) -> MemberColumns {
        var out = MemberColumns()
        var household = 0
        while household < households.count, try fill() {
            let id = groupIDs[Int(rows.householdIndex[position])]
            while household < households.count && households[households.startIndex + household] != id {
                household += 1
            }
            guard household < households.count else { break }  // a later part's member
            var end = position + 1
            while end < rows.count && rows.householdIndex[end] == rows.householdIndex[position] { end += 1 }
            out.append(rows, position..<end, householdIndex: Int32(household))
            position = end
        }
        return out
    }
}

extension MemberColumns {
    /// Appends `rows` of `other`, each given household `householdIndex`.
    fileprivate mutating func append(_ other: MemberColumns, _ rows: Range<Int>, householdIndex index: Int32) {
        householdIndex.append(contentsOf: repeatElement(index, count: rows.count))
        identityKey += other.identityKey[rows]
        relation += other.relation[rows]
        sex += other.sex[rows]
        birthDate += other.birthDate[rows]
        education += other.education[rows]
        schooling += other.schooling[rows]
        health += other.health[rows]
        labor += other.labor[rows]
        medicalInsured += other.medicalInsured[rows]
        seriousIllnessInsured += other.seriousIllnessInsured[rows]
        pensionInsured += other.pensionInsured[rows]
        sourceLine += other.sourceLine[rows]
    }
}
