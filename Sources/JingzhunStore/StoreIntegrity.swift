public import JingzhunCore

/// The store's integrity check, run before anything is computed or reported from it (issue 13).
///
/// A damaged store must never publish zeros or blanks with exit status 0: a table folder
/// removed (and silently re-created empty), a commit emptied or made unparsable, a well-formed
/// `remove` of a year's file, or a data file deleted or truncated would otherwise read as "no
/// records". The check compares the tables with the submissions ledger and the compute state:
///
/// 1. **Tables.** Either the store is new (no table has a commit beyond version 0, so nothing
///    was ever written: missing tables are simply created), or every table has its `_delta_log`.
/// 2. **Logs.** Every commit of every table replays: none missing, empty or unparsable
///    (`DeltaTable.snapshot`), and each table has its metadata and this program's schema.
/// 3. **Files.** Every file in force exists with the size its `add` action records.
/// 4. **Data in force.** For each submission in force (the ledger's applied row with the highest
///    revision), its partition of counties, villages, households and members holds that
///    submission's files with as many rows (the `numRecords` statistics) as the ledger accepted.
///    A partition holding another submission's files is an interrupted apply, which the next run
///    completes: not damage.
/// 5. **Indicators.** Each year compute recorded as done has indicator rows for every area it
///    recorded (the nation and the provinces in force when it computed the year: a province
///    applied since, not yet computed, is not expected), and breakdown rows when it wrote some.
///
/// - Complexity: replays every log (as any read does), `stat`s every file in force and reads
///   the indicator files of the checked years (small); data files are not read.
extension Store {
    /// What compute recorded about a year it wrote (`state/compute.json`): the indicator rows of
    /// these areas, and breakdown rows if it wrote any, must be in the store.
    public struct ComputedYear: Sendable, Equatable {
        public var year: Int32
        /// Area codes (`CN`, provinces) compute wrote indicator rows for.
        public var areas: [String]
        public var hasBreakdowns: Bool
        public init(year: Int32, areas: [String], hasBreakdowns: Bool) {
            self.year = year
            self.areas = areas
            self.hasBreakdowns = hasBreakdowns
        }
    }

    /// Checks the newest state (or the state `asOf` earlier versions) and throws the first damage.
    /// - Parameter computedYears: the years compute has recorded as written; their indicator
    ///   rows must be present.
    /// - Throws: `StoreError` with code `.damaged` (or `.corruptLog` / `.corruptData`), whose
    ///   message names the table and path and says how to recover.
    public func checkIntegrity(computedYears: [ComputedYear], asOf: StoreVersions? = nil) throws(StoreError) {
        // 1. Tables present (or a new store).
        var latest: [StoreTable: Int64] = [:]
        for t in StoreTable.allCases { latest[t] = try table(t).latestVersion() }
        let written = latest.values.contains { $0 > 0 }
        if written {
            for t in StoreTable.allCases where latest[t] == nil {
                throw Store.damage(
                    "the table '\(t.rawValue)' is missing (no commit in \(table(t).logDirectory)), although the store "
                        + "holds data",
                    path: table(t).root)
            }
        } else if asOf == nil {
            // Nothing was ever written (the run creates the missing tables) — unless compute
            // recorded years as done: then the whole store was removed under the outputs.
            if let year = computedYears.first?.year {
                throw Store.damage(
                    "the store holds no data, although compute recorded \(year) as done (the store folder was removed "
                        + "or emptied)",
                    path: root)
            }
            return
        }
        if let asOf {
            for (t, version) in asOf.entries where (latest[t] ?? -1) < version {
                throw Store.damage(
                    "the table '\(t.rawValue)' has no version \(version), which the last finished run recorded (its "
                        + "log was removed or cut short)",
                    path: table(t).logDirectory)
            }
        }
        // 2. Every log replays, with its metadata and schema. The newest state is read ledger
        // first: an apply commits the data tables before its ledger row, so data read after the
        // ledger holds at least what the ledger says is applied, even while a run commits.
        let snapshot: StoreSnapshot
        if let asOf { snapshot = try self.snapshot(asOf: asOf) } else { snapshot = try ledgerFirstSnapshot() }
        for t in StoreTable.allCases {
            guard let deltaSnapshot = snapshot.snapshots[t] else {
                if asOf != nil { continue }  // absent at that version: read as empty
                throw Store.damage("the table '\(t.rawValue)' has no readable commit", path: table(t).root)
            }
            guard deltaSnapshot.metadata != nil else {
                throw Store.damage(
                    "the Delta log of '\(t.rawValue)' has no metaData action up to version \(deltaSnapshot.version)",
                    path: table(t).logDirectory)
            }
            try Store.checkSchema(deltaSnapshot, TableDefinition.of(t), root: table(t).root)
            // 3. Files in force exist, whole.
            for file in deltaSnapshot.files {
                let path = table(t).root + "/" + file.path
                guard let size = files.size(path) else {
                    throw Store.damage(
                        "the Delta log of '\(t.rawValue)' lists '\(file.path)' but the file does not exist", path: path)
                }
                if size != file.size {
                    throw Store.damage(
                        "'\(file.path)' of '\(t.rawValue)' holds \(size) bytes; its Delta log recorded \(file.size)",
                        path: path)
                }
            }
        }
        // 4. Each submission in force has its records.
        let inForce = try snapshot.inForce()
        for record in inForce {
            try checkRecords(of: record, in: snapshot)
        }
        // 5. Each computed year has its indicators.
        for computed in computedYears.sorted(by: { $0.year < $1.year }) {
            let year = computed.year
            let rows = try snapshot.readIndicators(year: year)
            let areas = Set(rows.map(\.areaCode))
            if let missing = computed.areas.first(where: { !areas.contains($0) }) {
                throw Store.damage(
                    rows.isEmpty
                        ? "the indicators table holds no rows for \(year), though compute recorded that year as done"
                        : "the indicators table holds no rows for area \(missing) in \(year), though compute wrote "
                            + "them",
                    path: table(.indicators).root + "/year=\(year)")
            }
            if computed.hasBreakdowns && snapshot.files(.breakdowns, in: ["year": String(year)]).isEmpty {
                throw Store.damage(
                    "the breakdowns table holds no rows for \(year), though compute recorded that year as done",
                    path: table(.breakdowns).root + "/year=\(year)")
            }
        }
    }

    /// Check 4 for one submission in force.
    private func checkRecords(of record: SubmissionRecord, in snapshot: StoreSnapshot) throws(StoreError) {
        let partition = Store.partition(record.key)
        let owner = "\(record.key.id)-\(record.contentHash.prefix(Store.nameHashLength))"
        let c = record.counts
        let expected: [(StoreTable, Int, String)] = [
            (.counties, c.countiesReceived - c.countiesRejected, "accepted counties"),
            (.villages, c.villagesReceived - c.villagesRejected, "accepted villages"),
            (.households, c.householdsReceived - c.householdsRejected, "accepted households"),
            (.members, c.membersAccepted, "accepted members"),
        ]
        // Another submission's files in the partition: an apply was interrupted and the next run
        // completes it (StoreError.incompleteApply when read); that is not damage.
        for (t, _, _) in expected {
            if snapshot.files(t, in: partition).contains(where: { Store.owner(ofPath: $0.path) != owner }) { return }
        }
        for (t, count, what) in expected {
            let files = snapshot.files(t, in: partition)
            let folder = table(t).root + "/" + TableDefinition.of(t).partitionFolder(partition)
            if count > 0 && files.isEmpty {
                throw Store.damage(
                    "the \(t.rawValue) table holds no data for \(record.key.id), the submission in force for province "
                        + "\(record.key.province), \(record.key.year), though the submissions ledger records \(count) "
                        + "\(what)",
                    path: folder)
            }
            let rows = files.map { Store.recordCount(statistics: $0.stats) }
            if !rows.contains(nil) {
                let stored = rows.reduce(0) { $0 + ($1 ?? 0) }
                if stored != count {
                    throw Store.damage(
                        "the \(t.rawValue) table holds \(stored) rows for \(record.key.id), the submission in force "
                            + "for province \(record.key.province), \(record.key.year), but the submissions ledger "
                            + "records \(count) \(what)",
                        path: folder)
                }
            }
        }
    }

    /// The newest version of every table, `submissions` read before the others.
    private func ledgerFirstSnapshot() throws(StoreError) -> StoreSnapshot {
        var snapshots: [StoreTable: DeltaSnapshot] = [:]
        snapshots[.submissions] = try table(.submissions).snapshot()
        for t in StoreTable.allCases where t != .submissions { snapshots[t] = try table(t).snapshot() }
        return StoreSnapshot(root: root, snapshots: snapshots, files: files)
    }

    /// `numRecords` of an `add` action's statistics, or nil when absent.
    static func recordCount(statistics: String?) -> Int? {
        guard let statistics else { return nil }
        let bytes = Array(statistics.utf8)
        let key = Array("\"numRecords\":".utf8)
        guard bytes.count >= key.count,
            let start = (0...(bytes.count - key.count)).first(where: { bytes[$0..<$0 + key.count].elementsEqual(key) })
        else { return nil }
        let digits = bytes[(start + key.count)...].drop(while: { $0 == 0x20 }).prefix(while: {
            $0 >= 0x30 && $0 <= 0x39
        })
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// A `.damaged` error: what is wrong, where, and how to recover.
    static func damage(_ what: String, path: String) -> StoreError {
        StoreError(
            .damaged,
            "store damaged: \(what). Nothing was computed or reported from it. Recover with `jingzhun rebuild "
                + "PIPELINE.yaml` (moves the damaged store aside and rebuilds it from the submissions in the inbox), "
                + "or restore the store folder from a backup",
            path: path)
    }
}
