import JingzhunCore
import JingzhunIO
import Parquet

/// One row group's rows of a batch (`BatchRows`), read once for all the columns that ask for
/// them: the Parquet writer asks every column of a group, on several cores, before the next
/// group (`Store.writeFile`), so memory holds one group's rows (issue 20).
///
/// A read failure is kept (`failure`) and the columns get no rows, which the writer rejects;
/// the caller then reports the failure, naming the file.
final class RowGroupCache<Columns: Sendable>: @unchecked Sendable {  // state guarded by its lock
    private let load: @Sendable (Range<Int>) throws(BatchRowsError) -> Columns
    private let empty: Columns
    private let state: Locked<(rows: Range<Int>?, columns: Columns?, failure: BatchRowsError?)>

    init(empty: Columns, load: @escaping @Sendable (Range<Int>) throws(BatchRowsError) -> Columns) {
        self.empty = empty
        self.load = load
        state = Locked((rows: nil, columns: nil, failure: nil))
    }

    var failure: BatchRowsError? { state.withLock { $0.failure } }

    /// Frees the group held, once its file is written: the column makers that hold this cache
    /// may outlive the write (issue 20: a batch's households stayed beside its members' group).
    func release() {
        state.withLock { state in
            state.rows = nil
            state.columns = nil
        }
    }

    func columns(_ rows: Range<Int>) -> Columns {
        state.withLock { state in
            if state.failure != nil { return empty }
            if state.rows == rows, let columns = state.columns { return columns }
            state.columns = nil  // the previous group is freed before the next is read
            do throws(BatchRowsError) {
                let columns = try load(rows)
                state.rows = rows
                state.columns = columns
                return columns
            } catch {
                state.failure = error
                return empty
            }
        }
    }
}

/// A group of members with the `household_id` of each (the Parquet column holds the text).
struct MemberGroup: Sendable {
    var members = MemberColumns()
    var householdIDs: [String] = []
}

extension SubmissionTables {
    /// The households table's columns, made a row group at a time from `rows` (the same values
    /// as `households(_:submission:)` of the whole columns).
    static func households(_ rows: RowGroupCache<HouseholdColumns>, submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.households)
        func strings(_ name: String, _ make: @escaping @Sendable (HouseholdColumns) -> [String]) {
            b.add(name) { r in ParquetColumn(values: .texts(make(rows.columns(r)))) }
        }
        func yuan(_ name: String, _ fen: @escaping @Sendable (HouseholdColumns) -> [Int64]) {
            b.add(name) { r in ParquetColumn(values: .double(fen(rows.columns(r)).map { Double($0) / 100 })) }
        }
        func booleans(_ name: String, _ values: @escaping @Sendable (HouseholdColumns) -> [Bool]) {
            b.add(name) { r in ParquetColumn(values: .boolean(values(rows.columns(r)))) }
        }
        strings("household_id") { $0.householdID }
        strings("village_code") { $0.villageCode.map { String($0) } }
        strings("county_code") { $0.villageCode.map { String(AreaCode.county(ofVillage: $0)) } }
        strings("prefecture_code") {
            $0.villageCode.map { String(AreaCode.prefecture(ofCounty: AreaCode.county(ofVillage: $0))) }
        }
        b.add("registered_year") { r in ParquetColumn(values: .int32(rows.columns(r).registeredYear)) }
        strings("category") { $0.category.map(\.rawValue) }
        strings("cause") { $0.cause.map(\.rawValue) }
        strings("status") { $0.status.map(\.rawValue) }
        b.add("exit_year") { r in
            let v = rows.columns(r).exitYear
            return ParquetColumn(values: .int32(v.map { $0 ?? 0 }), validity: v.map { $0 != nil })
        }
        strings("housing_grade") { $0.housingGrade.map(\.rawValue) }
        booleans("safe_water") { $0.safeWater }
        booleans("food_clothing_secured") { $0.foodClothingSecured }
        yuan("income_wage") { $0.incomeWageFen }
        yuan("income_operating") { $0.incomeOperatingFen }
        yuan("income_property") { $0.incomePropertyFen }
        yuan("income_transfer") { $0.incomeTransferFen }
        yuan("operating_cost") { $0.operatingCostFen }
        strings("measures") { columns in
            // Households share a few combinations of measures: each one's text is made once per
            // row group, not joined again for every household (issue 20).
            var texts: [UInt16: String] = [:]
            return columns.measures.map { set in
                if let text = texts[set.rawValue] { return text }
                let text = set.csvText
                texts[set.rawValue] = text
                return text
            }
        }
        b.constant("submission", submission, count: 0)  // the count is the group's rows
        b.add("source_line") { r in ParquetColumn(values: .int64(rows.columns(r).sourceLine)) }
        return b.finish()
    }

    /// The members table's columns, made a row group at a time from `rows`.
    static func members(_ rows: RowGroupCache<MemberGroup>, submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.members)
        func strings(_ name: String, _ make: @escaping @Sendable (MemberGroup) -> [String]) {
            b.add(name) { r in ParquetColumn(values: .texts(make(rows.columns(r)))) }
        }
        func booleans(_ name: String, _ values: @escaping @Sendable (MemberColumns) -> [Bool]) {
            b.add(name) { r in ParquetColumn(values: .boolean(values(rows.columns(r).members))) }
        }
        b.add("household_id") { r in
            let group = rows.columns(r)
            // Members come in runs of one household: its number is converted once per run.
            return ParquetColumn(values: .texts(group.householdIDs, runsOf: group.members.householdIndex))
        }
        b.add("member_key") { r in ParquetColumn(values: .hex32(rows.columns(r).members.identityKey.map(\.parquetHex)))
        }
        strings("relation") { $0.members.relation.map(\.rawValue) }
        strings("sex") { $0.members.sex.map(\.rawValue) }
        b.add("birth_date") { r in ParquetColumn(values: .int32(rows.columns(r).members.birthDate)) }
        strings("education") { $0.members.education.map(\.rawValue) }
        strings("schooling") { $0.members.schooling.map(\.rawValue) }
        strings("health") { $0.members.health.map(\.rawValue) }
        strings("labor") { $0.members.labor.map(\.rawValue) }
        booleans("medical_insured") { $0.medicalInsured }
        booleans("serious_illness_insured") { $0.seriousIllnessInsured }
        booleans("pension_insured") { $0.pensionInsured }
        b.constant("submission", submission, count: 0)  // the count is the group's rows
        b.add("source_line") { r in ParquetColumn(values: .int64(rows.columns(r).members.sourceLine)) }
        return b.finish()
    }
}

extension Store {
    /// Writes the households and members files of a batch held as rows (`SubmissionBatch.rows`),
    /// row group by row group; a failure to read the rows is reported naming their file.
    func writeRowFiles(
        _ rows: any BatchRows, partition: [String: String], owner: String?, submission id: String
    ) throws(StoreError) -> [StoreTable: PreparedFile] {
        var files: [StoreTable: PreparedFile] = [:]
        func write<Columns>(
            _ t: StoreTable, _ count: Int, _ cache: RowGroupCache<Columns>, _ columns: [ColumnMaker]
        ) throws(StoreError) {
            guard count > 0 else { return }
            do {
                files[t] = try writeFile(t, partition: partition, owner: owner, columns: columns, rowCount: count)
            } catch {
                if let failure = cache.failure { throw Self.rowsError(failure, t) }
                throw error
            }
            if let failure = cache.failure { throw Self.rowsError(failure, t) }
        }
        let households = RowGroupCache(empty: HouseholdColumns()) { r throws(BatchRowsError) in try rows.households(r) }
        try write(.households, rows.householdCount, households, SubmissionTables.households(households, submission: id))
        households.release()
        let members = RowGroupCache(empty: MemberGroup()) { r throws(BatchRowsError) in
            let group = try rows.members(r)
            return MemberGroup(members: group, householdIDs: try rows.householdIDs(group.householdIndex))
        }
        try write(.members, rows.memberCount, members, SubmissionTables.members(members, submission: id))
        return files
    }

    static func rowsError(_ failure: BatchRowsError, _ t: StoreTable) -> StoreError {
        StoreError(
            .io, "cannot read the \(t.rawValue) rows of the batch being stored: \(failure.message)",
            path: failure.path)
    }
}
