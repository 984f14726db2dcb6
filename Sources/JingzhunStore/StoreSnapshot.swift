import JingzhunCore

/// A read view of the store at fixed table versions (the newest, or a past run's).
///
/// Every read goes through the Delta log, so files of superseded revisions (kept on disk for
/// time travel) and leftovers of interrupted writes are never seen.
public struct StoreSnapshot: Sendable {
    public let root: String
    let snapshots: [StoreTable: DeltaSnapshot]
    /// The file system the data files are read from (the store's).
    let files: StoreFiles

    init(root: String, snapshots: [StoreTable: DeltaSnapshot], files: StoreFiles = StoreFiles()) {
        self.root = root
        self.snapshots = snapshots
        self.files = files
    }

    /// The versions this view reads.
    public var versions: StoreVersions {
        StoreVersions(snapshots.mapValues(\.version))
    }

    func files(_ table: StoreTable, in partition: [String: String]) -> [DeltaAddFile] {
        snapshots[table]?.files(in: partition) ?? []
    }

    func reader(_ table: StoreTable, _ file: DeltaAddFile) throws(StoreError) -> TableFileReader {
        let path = root + "/" + table.rawValue + "/" + file.path
        guard files.exists(path) else {
            throw StoreError.corruptData(
                "the Delta log of '\(table.rawValue)' lists it but it does not exist", path: path)
        }
        return try TableFileReader(path: path, files: files)
    }

    /// Paths of the data files this view reads, relative to the store folder
    /// (`households/year=2019/province=52/part-….parquet`), sorted bytewise: what a run
    /// manifest hashes. Superseded files kept for time travel are not listed.
    public func activeDataFiles() -> [String] {
        StoreTable.allCases.flatMap { table in
            (snapshots[table]?.files ?? []).map { table.rawValue + "/" + $0.path }
        }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Every submission row, sorted by (province, year, revision, content hash).
    public func submissions() throws(StoreError) -> [SubmissionRecord] { try submissions(in: [:]) }

    /// The submission rows of one partition (all when `partition` is empty), sorted.
    func submissions(in partition: [String: String]) throws(StoreError) -> [SubmissionRecord] {
        var out: [SubmissionRecord] = []
        for file in files(.submissions, in: partition) {
            out += try RecordTables.readSubmissions(reader(.submissions, file))
        }
        return out.sorted { ($0.key, $0.contentHash) < ($1.key, $1.contentHash) }
    }

    /// The submission in force for each (province, year) of `year` (all years when nil): the
    /// applied submission with the highest revision (`RevisionsInForce`). Sorted by (province, year).
    public func inForce(year: Int32? = nil) throws(StoreError) -> [SubmissionRecord] {
        try revisionsInForce(year: year).records
    }

    /// The submission in force for one (province, year), if any (reads that partition only).
    public func inForce(province: Int32, year: Int32) throws(StoreError) -> SubmissionRecord? {
        try RevisionsInForce(ledger: submissions(in: ["year": String(year), "province": String(province)]))[
            ProvinceYearSlot(province: province, year: year)]
    }

    /// The revisions in force of `year` (all years when nil), decided from the ledger.
    public func revisionsInForce(year: Int32? = nil) throws(StoreError) -> RevisionsInForce {
        RevisionsInForce(ledger: try submissions(in: year.map { ["year": String($0)] } ?? [:]))
    }

    /// Years with at least one applied submission, ascending.
    public func years() throws(StoreError) -> [Int32] {
        try revisionsInForce().years
    }

    /// The accepted records of `year`, one value per province in force, sorted by province.
    ///
    /// Holds every province of the year in memory at once; compute streams province by province
    /// with `inForce(year:)` and `loadProvinceYear(_:)` instead.
    /// - Throws: `incompleteApply` when a data table holds another submission's files than the
    ///   one in force (an apply was interrupted: running the pipeline again completes it).
    public func loadYear(_ year: Int32) throws(StoreError) -> [ProvinceYearData] {
        var out: [ProvinceYearData] = []
        for record in try inForce(year: year) { out.append(try loadProvinceYear(record)) }
        return out
    }

    /// The accepted records of one (province, year), or nil when no submission is in force for it.
    /// Reads that partition only.
    public func loadProvinceYear(_ year: Int32, province: Int32) throws(StoreError) -> ProvinceYearData? {
        guard let record = try inForce(province: province, year: year) else { return nil }
        return try loadProvinceYear(record)
    }

    /// The accepted records of the submission `record` (one of `inForce(year:)`): its counties,
    /// villages, households and members, read whole (one province-year in memory).
    ///
    /// Members' `householdIndex` is rebuilt by joining on household_id.
    /// - Throws: `incompleteApply` when a data table of that partition holds files of another
    ///   submission than `record` (an apply was interrupted: running the pipeline again completes it).
    public func loadProvinceYear(_ record: SubmissionRecord) throws(StoreError) -> ProvinceYearData {
        let partition = Store.partition(record.key)
        let owner = "\(record.key.id)-\(record.contentHash.prefix(Store.nameHashLength))"
        func checkedFiles(_ table: StoreTable) throws(StoreError) -> [DeltaAddFile] {
            let files = files(table, in: partition)
            if let stray = files.first(where: { Store.owner(ofPath: $0.path) != owner }) {
                throw StoreError(
                    .incompleteApply,
                    "the \(table.rawValue) table holds '\(stray.path)', which is not from \(record.key.id), the "
                        + "submission in force for province \(record.key.province), \(record.key.year): an apply was "
                        + "interrupted; run the pipeline (normalize stage) again to complete it",
                    path: root + "/" + table.rawValue)
            }
            return files
        }
        var data = ProvinceYearData(key: record.key, counts: record.counts)
        for file in try checkedFiles(.counties) {
            try SubmissionTables.readCounties(reader(.counties, file), into: &data.counties)
        }
        for file in try checkedFiles(.villages) {
            try SubmissionTables.readVillages(reader(.villages, file), into: &data.villages)
        }
        for file in try checkedFiles(.households) {
            try SubmissionTables.readHouseholds(reader(.households, file), into: &data.households)
        }
        var index: [String: Int32] = [:]
        index.reserveCapacity(data.households.count)
        for (position, id) in data.households.householdID.enumerated() { index[id] = Int32(position) }
        for file in try checkedFiles(.members) {
            try SubmissionTables.readMembers(reader(.members, file), householdIndex: index, into: &data.members)
        }
        return data
    }

    /// Rejections (and warnings, and whole-submission reasons) of every submission of `year`,
    /// sorted by submission, then in the order ingest reported them.
    public func rejections(year: Int32) throws(StoreError) -> [SubmissionFinding] {
        var out: [SubmissionFinding] = []
        for file in files(.rejections, in: ["year": String(year)]) {
            out += try RecordTables.readRejections(reader(.rejections, file))
        }
        // Stable sort: rows of one submission keep their order.
        return out.enumerated().sorted { ($0.element.submission, $0.offset) < ($1.element.submission, $1.offset) }
            .map(\.element)
    }

    /// The indicator rows of `year`, in the order they were written.
    public func readIndicators(year: Int32) throws(StoreError) -> [IndicatorRow] {
        var out: [IndicatorRow] = []
        for file in files(.indicators, in: ["year": String(year)]) {
            out += try IndicatorTables.readIndicators(reader(.indicators, file), year: year)
        }
        return out
    }

    /// The breakdown rows of `year`, in the order they were written.
    public func readBreakdowns(year: Int32) throws(StoreError) -> [BreakdownRow] {
        var out: [BreakdownRow] = []
        for file in files(.breakdowns, in: ["year": String(year)]) {
            out += try IndicatorTables.readBreakdowns(reader(.breakdowns, file), year: year)
        }
        return out
    }
}
