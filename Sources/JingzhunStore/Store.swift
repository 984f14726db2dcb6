import JingzhunCore
import JingzhunIO
import Parquet

/// The columnar store: eight Delta Lake tables of Parquet files under `<output>/store/`
/// (runs-and-store.md §The store), readable without this program by DuckDB, pyarrow, the
/// `deltalake` package and Spark.
///
/// Writes are crash-safe without multi-table transactions (Delta has none):
/// 1. every Parquet file of the operation is written first (temporary name, fsync, rename,
///    fsync the folder); file names carry a hash of their content, so a file never changes
///    once it has its name, and an interrupted attempt's files are simply reused or ignored;
/// 2. then each table gets at most one commit, in a fixed order, each made with put-if-absent
///    (`link(2)`), so every table is readable at every instant;
/// 3. for a submission, `submissions` is committed last: its row is the "applied" marker. A
///    crash before it leaves the submission unmarked; applying it again replaces whatever the
///    interrupted attempt committed (each table's commit takes the partition to exactly the new
///    files; a table already in that state gets no commit), so the final state equals that of
///    an uninterrupted run.
///
/// The store never reads the clock: every writing call takes `now` (milliseconds since the
/// epoch) from the run, and times appear only in the Delta log, never in data files.
/// Concurrent writers are safe (optimistic commits retry on conflict), but the run lock is
/// what keeps a second run out.
public struct Store: Sendable {
    /// The `store/` folder.
    public let root: String

    /// Test hook: where `apply` stops as if the process had been killed. Internal, so only
    /// `@testable` tests can set it.
    var simulatedCrash: SimulatedCrash?

    /// Replayed logs, so each read replays only the commits made since the last one.
    let cache = DeltaSnapshotCache()

    /// Where the symlink manifests point (`_symlink_format_manifest/`, for engines without Delta
    /// support); nil: the store folder's own `file://` location.
    public var symlinkLocation: SymlinkManifestLocation?

    /// Rows per Parquet row group of the data files written (the pipeline's
    /// `settings.row_group_rows`): a file of more rows is cut into groups of this many, so the
    /// boundaries follow the row count only and a rerun writes the same bytes.
    public var rowGroupRows: Int

    /// The file system the store reads and writes (JingzhunIO's edge).
    let files: StoreFiles

    /// A store at `root` (typically `<output>/store`); nothing is read or created until used.
    /// `fileSystem` is POSIX unless a test passes an `InMemoryFileSystem`.
    public init(
        root: String, symlinkLocation: SymlinkManifestLocation? = nil, rowGroupRows: Int = 1 << 20,
        fileSystem: any FileSystem = POSIXFileSystem()
    ) {
        self.root = root
        self.symlinkLocation = symlinkLocation
        self.rowGroupRows = max(1, rowGroupRows)
        self.files = StoreFiles(fileSystem)
    }

    func table(_ table: StoreTable) -> DeltaTable {
        DeltaTable(root: root + "/" + table.rawValue, cache: cache, files: files)
    }

    /// Parquet options of every data file: no timestamps, so files are byte-identical on rerun.
    var writerOptions: ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.rowGroupSize = rowGroupRows
        return options
    }

    // MARK: - Versions and snapshots

    /// The newest version of each table.
    public func versions() throws(StoreError) -> StoreVersions {
        var versions = StoreVersions()
        for t in StoreTable.allCases { versions[t] = try table(t).latestVersion() }
        return versions
    }

    /// A consistent read view: the newest versions, or the versions `asOf` (time travel). A table
    /// absent from `asOf` is read as empty (it did not exist then).
    public func snapshot(asOf: StoreVersions? = nil) throws(StoreError) -> StoreSnapshot {
        var snapshots: [StoreTable: DeltaSnapshot] = [:]
        for t in StoreTable.allCases {
            if let asOf {
                guard let version = asOf[t] else { continue }
                snapshots[t] = try table(t).snapshot(at: version)
            } else {
                snapshots[t] = try table(t).snapshot()
            }
        }
        return StoreSnapshot(root: root, snapshots: snapshots, files: files)
    }

    /// A view of the newest `submissions` table only (what writers need to find the revision in force).
    func submissionsSnapshot() throws(StoreError) -> StoreSnapshot {
        var snapshots: [StoreTable: DeltaSnapshot] = [:]
        snapshots[.submissions] = try table(.submissions).snapshot()
        return StoreSnapshot(root: root, snapshots: snapshots, files: files)
    }

    // Convenience readers over the newest snapshot.

    public func years() throws(StoreError) -> [Int32] { try snapshot().years() }
    public func activeDataFiles() throws(StoreError) -> [String] { try snapshot().activeDataFiles() }
    public func loadYear(_ year: Int32) throws(StoreError) -> [ProvinceYearData] { try snapshot().loadYear(year) }
    public func loadProvinceYear(_ year: Int32, province: Int32) throws(StoreError) -> ProvinceYearData? {
        try snapshot().loadProvinceYear(year, province: province)
    }
    public func submissions() throws(StoreError) -> [SubmissionRecord] { try snapshot().submissions() }
    public func rejections(year: Int32) throws(StoreError) -> [SubmissionFinding] {
        try snapshot().rejections(year: year)
    }
    public func readIndicators(year: Int32) throws(StoreError) -> [IndicatorRow] {
        try snapshot().readIndicators(year: year)
    }
    public func readBreakdowns(year: Int32) throws(StoreError) -> [BreakdownRow] {
        try snapshot().readBreakdowns(year: year)
    }

    // MARK: - Writing

    /// Creates every table that has no commit yet (version 0: protocol, metadata, commitInfo),
    /// so outside readers find all eight tables even before they hold data.
    public func createTables(now: Int64) throws(StoreError) {
        for t in StoreTable.allCases {
            // Listing the log is enough to know the table exists; its schema is checked by
            // every commit that writes to it.
            guard try table(t).latestVersion() == nil else { continue }
            let definition = TableDefinition.of(t)
            try table(t).commit { snapshot throws(StoreError) -> [DeltaAction]? in
                // Another writer may have created it meanwhile.
                guard snapshot == nil else { return nil }
                return [
                    .commitInfo(
                        DeltaCommitInfo(
                            timestamp: now, operation: "CREATE TABLE",
                            operationParameters: [
                                ("isManaged", "false"), ("partitionBy", Store.partitionByText(definition)),
                            ])),
                    .protocol(.store), .metaData(definition.metadata(createdTime: now)),
                ]
            }
        }
    }

    /// Applies an accepted submission: replaces its (year, province) partition in counties,
    /// villages, households and members, and records its rejections and its `submissions` row.
    ///
    /// Idempotent: applying the same batch again changes nothing (no new versions); after an
    /// interrupted apply it completes the work.
    /// - Parameter now: milliseconds since the epoch, from the run (Delta log times only).
    /// - Returns: the table versions after the apply.
    /// - Throws: `invalidArgument` when the batch is not `.applied`, or when a higher revision
    ///   (or the same revision with other bytes) is already in force: such a batch is stale and
    ///   belongs to `record(_:now:)`.
    @discardableResult
    public func apply(_ batch: SubmissionBatch, now: Int64) throws(StoreError) -> StoreVersions {
        // `writeFiles` checks staleness before any file is written: a stale batch leaves nothing
        // behind in the partition folders.
        try apply(writeFiles(of: batch), now: now)
    }

    /// The first half of `apply(_:now:)` on its own: checks that the batch is applied and not
    /// stale, then writes its data files without committing them. Several batches' files may be
    /// written at once, on different threads (each file's name is its content's hash, so the
    /// order of writing changes no byte); `commit(_:now:)` then commits each, in submission order.
    /// A batch whose files were written but never committed leaves only files that no commit
    /// names, as a run killed between the two halves does; the next apply reuses them.
    public func writeFiles(of batch: SubmissionBatch) throws(StoreError) -> PreparedApply {
        try checkApplied(batch)
        try checkNotStale(batch.key, contentHash: batch.contentHash)
        return try writeApplyFiles(batch)
    }

    /// The second half of `apply(_:now:)`: commits a batch whose files `writeFiles(of:)` wrote.
    /// Staleness is checked again, against the store as it is now: another batch may have been
    /// committed since the files were written.
    @discardableResult
    public func commit(_ prepared: PreparedApply, now: Int64) throws(StoreError) -> StoreVersions {
        try checkNotStale(prepared.key, contentHash: prepared.contentHash)
        return try apply(prepared, now: now)
    }

    /// Throws `invalidArgument` when the batch is not `.applied`.
    func checkApplied(_ batch: SubmissionBatch) throws(StoreError) {
        guard batch.outcome == .applied else {
            throw StoreError(
                .invalidArgument,
                "submission \(batch.key.id) has outcome '\(batch.outcome.rawValue)'; only applied submissions change "
                    + "the data tables — use record(_:now:) for it",
                path: root)
        }
    }

    /// Writes the data files of an accepted batch (every table's file, one after the other, each
    /// streamed row group by row group: `writeFile`), without committing them: `writeFiles(of:)`
    /// after its checks (the batch is applied and not stale).
    private func writeApplyFiles(_ batch: SubmissionBatch) throws(StoreError) -> PreparedApply {
        let owner = try Store.owner(of: batch)
        let partition = Store.partition(batch.key)
        let id = batch.key.id
        let rejectionRows = RecordTables.rejectionRows(of: batch)
        var files: [StoreTable: PreparedFile] = [:]
        func prepare(_ t: StoreTable, _ rows: Int, _ columns: @autoclosure () -> [ColumnMaker]) throws(StoreError) {
            guard rows > 0 else { return }
            files[t] = try writeFile(t, partition: partition, owner: owner, columns: columns(), rowCount: rows)
        }
        try prepare(.counties, batch.counties.count, SubmissionTables.counties(batch.counties, submission: id))
        try prepare(.villages, batch.villages.count, SubmissionTables.villages(batch.villages, submission: id))
        if let rows = batch.rows {
            // Households and members held as rows on disk: read a row group at a time (issue 20).
            files.merge(try writeRowFiles(rows, partition: partition, owner: owner, submission: id)) { $1 }
        } else {
            try prepare(
                .households, batch.households.count, SubmissionTables.households(batch.households, submission: id))
            try prepare(
                .members, batch.members.count,
                SubmissionTables.members(batch.members, households: batch.households, submission: id))
        }
        try prepare(.rejections, rejectionRows.count, RecordTables.rejections(rejectionRows, submission: id))
        try prepare(.submissions, 1, RecordTables.submissions(SubmissionRecord(batch)))
        return PreparedApply(
            key: batch.key, contentHash: batch.contentHash, owner: owner, partition: partition, files: files)
    }

    /// Throws `invalidArgument` when a higher revision of the batch's (province, year), or the same
    /// revision with other bytes, is in force in the store as it is now.
    func checkNotStale(_ key: SubmissionKey, contentHash: String) throws(StoreError) {
        let ledger = try submissionsSnapshot().revisionsInForce(year: key.year)
        if case .stale(let inForce, let inForceHash) = ledger.decide(key, contentHash: contentHash) {
            throw StoreError(
                .invalidArgument,
                "submission \(key.id) is stale: \(inForce.id) (content \(inForceHash.prefix(16))) is already in "
                    + "force — record it as stale instead of applying it",
                path: root)
        }
    }

    /// Commits a batch whose data files are written (`writeFiles(of:)`): one commit per table,
    /// `submissions` last (the crash-safety order of `apply(_:now:)`: 1. every data file, 2. the
    /// commits).
    func apply(_ prepared: PreparedApply, now: Int64) throws(StoreError) -> StoreVersions {
        if simulatedCrash == .afterDataFiles { throw SimulatedCrash.error }

        // 2. One commit per table, `submissions` last.
        try createTables(now: now)
        let parameters = [("submission", prepared.key.id), ("contentHash", prepared.contentHash)]
        for t in Store.applyOrder {
            try commit(
                t, partition: prepared.partition, owner: prepared.owner, file: prepared.files[t], now: now,
                parameters: parameters)
            if simulatedCrash == .afterCommit(t) { throw SimulatedCrash.error }
        }
        return try versions()
    }

    /// The order of `apply`'s commits; `submissions` (the applied marker) comes last.
    static let applyOrder: [StoreTable] = [.counties, .villages, .households, .members, .rejections, .submissions]

    /// Records a submission that was not applied (rejected whole, stale, incomplete): its row in
    /// `submissions` and its rejections, replacing only earlier rows of the same submission (id
    /// and content hash). The data tables, and so the revision in force, are not touched.
    /// `.unchanged` records nothing (the applied row stays).
    /// - Throws: `invalidArgument` for an `.applied` batch (use `apply`).
    @discardableResult
    public func record(_ batch: SubmissionBatch, now: Int64) throws(StoreError) -> StoreVersions {
        switch batch.outcome {
        case .applied:
            throw StoreError(
                .invalidArgument, "submission \(batch.key.id) is applied; use apply(_:now:) to store its records",
                path: root)
        case .unchanged:
            return try versions()
        case .rejected, .stale, .incomplete:
            break
        }
        let owner = try Store.owner(of: batch)
        let partition = Store.partition(batch.key)
        let id = batch.key.id
        let rows = RecordTables.rejectionRows(of: batch)
        let rejections =
            rows.isEmpty
            ? nil
            : try writeFile(
                .rejections, partition: partition, owner: owner, columns: RecordTables.rejections(rows, submission: id),
                rowCount: rows.count)
        let submission = try writeFile(
            .submissions, partition: partition, owner: owner,
            columns: RecordTables.submissions(SubmissionRecord(batch)),
            rowCount: 1)
        try createTables(now: now)
        let parameters = [("submission", id), ("contentHash", batch.contentHash), ("outcome", batch.outcome.rawValue)]
        try commit(.rejections, partition: partition, owner: owner, file: rejections, now: now, parameters: parameters)
        try commit(.submissions, partition: partition, owner: owner, file: submission, now: now, parameters: parameters)
        return try versions()
    }

    /// Replaces the `year` partition of `indicators` and `breakdowns` (one commit each).
    /// - Throws: `invalidArgument` when a row belongs to another year.
    @discardableResult
    public func writeIndicators(
        year: Int32, rows: [IndicatorRow], breakdowns: [BreakdownRow], now: Int64
    ) throws(StoreError) -> StoreVersions {
        if let stray = rows.first(where: { $0.year != year })?.year
            ?? breakdowns.first(where: { $0.year != year })?.year
        {
            throw StoreError(
                .invalidArgument,
                "writeIndicators(year: \(year)) was given a row of year \(stray); write each year on its own",
                path: root)
        }
        let partition = ["year": String(year)]
        let indicatorFile =
            rows.isEmpty
            ? nil
            : try writeFile(
                .indicators, partition: partition, owner: nil, columns: IndicatorTables.indicators(rows),
                rowCount: rows.count)
        let breakdownFile =
            breakdowns.isEmpty
            ? nil
            : try writeFile(
                .breakdowns, partition: partition, owner: nil, columns: IndicatorTables.breakdowns(breakdowns),
                rowCount: breakdowns.count)
        try createTables(now: now)
        try commit(.indicators, partition: partition, owner: nil, file: indicatorFile, now: now, parameters: [])
        try commit(.breakdowns, partition: partition, owner: nil, file: breakdownFile, now: now, parameters: [])
        return try versions()
    }

    /// Deletes temporary files left by interrupted writes. Call only while holding the run lock
    /// (a concurrent writer's temporary file would be deleted under it).
    /// - Returns: how many files were removed.
    @discardableResult
    public func removeTemporaryFiles() throws(StoreError) -> Int {
        try files.removeTemporaryFiles(under: root)
    }
}

/// Points where a test makes `apply` stop as a killed process would.
enum SimulatedCrash: Sendable, Equatable {
    case afterDataFiles
    case afterCommit(StoreTable)
    static let error = StoreError(.io, "simulated crash (test hook)")
}

// MARK: - Files and commits

/// The data files of one accepted submission, written and ready to be committed
/// (`Store.writeFiles(of:)`, `Store.commit(_:now:)`).
public struct PreparedApply: Sendable {
    public let key: SubmissionKey
    public let contentHash: String
    let owner: String
    let partition: [String: String]
    let files: [StoreTable: PreparedFile]
}

/// A data file written under its final name, ready to be committed.
struct PreparedFile: Sendable {
    let table: StoreTable
    let partition: [String: String]
    /// Path relative to the table folder, e.g. `year=2019/province=52/part-00000-….parquet`.
    let relativePath: String
    /// Size in bytes (the `add` action's `size`).
    let size: Int64
    let stats: String
}

extension Store {
    /// Number of hex digits of a hash kept in file names (64 bits: collisions are not a concern
    /// among the few files of one partition).
    static let nameHashLength = 16
    static let filePrefix = "part-00000-"
    static let fileSuffix = ".parquet"

    static func partition(_ key: SubmissionKey) -> [String: String] {
        ["year": String(key.year), "province": String(key.province)]
    }

    /// `52-2019-r2-<16 hex of the content hash>`: which submission (and which bytes of it) a file belongs to.
    static func owner(of batch: SubmissionBatch) throws(StoreError) -> String {
        let hash = batch.contentHash.utf8
        guard hash.count >= nameHashLength,
            hash.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else {
            throw StoreError(
                .invalidArgument,
                "submission \(batch.key.id) has content hash '\(batch.contentHash)'; expected lowercase hex SHA-256",
                path: nil)
        }
        return "\(batch.key.id)-\(batch.contentHash.prefix(nameHashLength))"
    }

    /// The owner part of a file name written by `writeFile`, or nil for other names.
    static func owner(ofPath path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.hasPrefix(filePrefix), name.hasSuffix(fileSuffix) else { return nil }
        let middle = name.dropFirst(filePrefix.count).dropLast(fileSuffix.count)
        guard middle.count > nameHashLength + 1 else { return nil }
        return String(middle.dropLast(nameHashLength + 1))
    }

    static func partitionByText(_ definition: TableDefinition) -> String {
        JSON.array(definition.partitionColumns.map { .string($0.name) }).text
    }

    static func checkSchema(_ snapshot: DeltaSnapshot, _ definition: TableDefinition, root: String) throws(StoreError) {
        guard let metadata = snapshot.metadata else {
            throw StoreError.corruptLog(
                "version \(snapshot.version) has no metaData action", path: root + "/_delta_log")
        }
        guard metadata.schemaString == definition.schemaString,
            metadata.partitionColumns == definition.partitionColumns.map(\.name)
        else {
            throw StoreError(
                .schemaMismatch,
                "the table '\(root)' has another schema or partitioning than this version of jingzhun writes; rebuild "
                    + "the store with `jingzhun rebuild PIPELINE.yaml` (it moves the old store aside and re-reads the "
                    + "inbox)",
                path: root)
        }
    }

    /// One commit that takes the table's files in `partition` (all of them, or those of `owner`
    /// for submission-scoped tables) to exactly `file`; no commit when they already are.
    /// - Returns: the new version, or nil when nothing changed.
    @discardableResult
    func commit(
        _ t: StoreTable, partition: [String: String], owner: String?, file: PreparedFile?, now: Int64,
        parameters: [(String, String)]
    ) throws(StoreError) -> Int64? {
        let version = try commitData(
            t, partition: partition, owner: owner, file: file, now: now, parameters: parameters)
        // Also when nothing changed: a run killed between a commit and its manifest repeats the
        // commit as a no-op and must still bring the manifest up to date.
        try refreshSymlinkManifest(t, partition: partition)
        return version
    }

    private func commitData(
        _ t: StoreTable, partition: [String: String], owner: String?, file: PreparedFile?, now: Int64,
        parameters: [(String, String)]
    ) throws(StoreError) -> Int64? {
        let definition = TableDefinition.of(t)
        let deltaTable = table(t)
        return try deltaTable.commit { snapshot throws(StoreError) -> [DeltaAction]? in
            var actions: [DeltaAction] = [
                .commitInfo(
                    DeltaCommitInfo(
                        timestamp: now, operation: "WRITE",
                        operationParameters: [
                            ("mode", "Overwrite"), ("partitionBy", Store.partitionByText(definition)),
                            ("predicate", definition.predicate(partition)),
                        ] + parameters))
            ]
            if let snapshot {
                try Store.checkSchema(snapshot, definition, root: deltaTable.root)
            } else {
                actions += [.protocol(.store), .metaData(definition.metadata(createdTime: now))]
            }
            let current = snapshot?.files(in: partition) ?? []
            let replaced: [DeltaAddFile]
            switch definition.scope {
            case .partition: replaced = current
            case .submission: replaced = current.filter { Store.owner(ofPath: $0.path) == owner }
            }
            let newPath = file?.relativePath
            if snapshot != nil && replaced.map(\.path) == (newPath.map { [$0] } ?? []) { return nil }
            for old in replaced where old.path != newPath {
                actions.append(
                    .remove(
                        DeltaRemoveFile(
                            path: old.path, deletionTimestamp: now, dataChange: true,
                            partitionValues: old.partitionValues,
                            size: old.size)))
            }
            if let file, !replaced.contains(where: { $0.path == file.relativePath }) {
                actions.append(
                    .add(
                        DeltaAddFile(
                            path: file.relativePath, partitionValues: file.partition, size: file.size,
                            modificationTime: now, dataChange: true, stats: file.stats)))
            }
            return actions
        }
    }
}
