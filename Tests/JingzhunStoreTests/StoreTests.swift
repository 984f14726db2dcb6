import JingzhunCore
import JingzhunIO
import Parquet
import Testing

@testable import JingzhunStore

/// The store's operations end to end on real files: apply, replace, record, reread, time travel,
/// idempotence, determinism and crash recovery.
struct StoreTests {
    static let t0: Int64 = 1_577_836_800_000  // 2020-01-01T00:00:00Z, an injected "now"

    /// The ProvinceYearData a batch should load back as.
    static func expected(_ batch: SubmissionBatch) -> ProvinceYearData {
        ProvinceYearData(
            key: batch.key, counties: batch.counties, villages: batch.villages, households: batch.households,
            members: batch.members, counts: batch.counts)
    }

    @Test func applyThenLoadRoundTripsExactly() throws {
        let folder = TemporaryFolder("roundtrip")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        let guizhou = Fixtures.guizhou2019()
        let guangxi = Fixtures.guangxi2019()
        try store.apply(guizhou, now: Self.t0)
        try store.apply(guangxi, now: Self.t0 + 1)

        let loaded = try store.loadYear(2019)
        #expect(loaded.map(\.key.id) == ["45-2019-r3", "52-2019-r1"])
        #expect(loaded[0] == Self.expected(guangxi))
        #expect(loaded[1] == Self.expected(guizhou))
        // Spot checks worked out by hand (fen survive the DOUBLE yuan column; nulls stay null).
        let households = loaded[1].households
        #expect(households.incomeWageFen == [1_200_050, 0, 999_999_999])
        #expect(households.incomeOperatingFen[0] == -15_050)
        #expect(households.exitYear == [nil, 2019, 2017])
        #expect(households.measures[1].isEmpty)
        #expect(loaded[1].members.householdIndex == [0, 1, 0, 2, 2])
        #expect(loaded[1].members.birthDate[0] == CivilDate(year: 1949, month: 12, day: 31)?.daysSinceEpoch)
        #expect(loaded[1].villages.name[1] == "Qingyan \"Old\" Town, 2")
        #expect(loaded[1].counts.passes[.identityCheckCharacter] == 6)

        #expect(try store.years() == [2019])
        #expect(try store.loadYear(2020).isEmpty)

        let submissions = try store.submissions()
        #expect(submissions.map(\.key.id) == ["45-2019-r3", "52-2019-r1"])
        #expect(submissions[1] == SubmissionRecord(guizhou))
        #expect(submissions[1].files.count == 4)
        #expect(submissions[1].warnings == 1)
        #expect(submissions[1].reasonRule == nil)

        let rejections = try store.rejections(year: 2019)
        #expect(rejections.count == 3)  // two rejected records and one warning of 52-2019-r1
        #expect(rejections.allSatisfy { $0.submission.id == "52-2019-r1" })
        #expect(rejections[0] == SubmissionFinding(submission: guizhou.key, guizhou.rejections[0]))
        #expect(rejections[0].location.column == 12)
        #expect(rejections[1].location.column == nil)
        #expect(rejections[2].rule == .unknownColumn)
        #expect(rejections[2].severity == .warning && rejections[0].severity == .rejection)
        #expect(rejections[2].householdID == nil)
    }

    /// `settings.row_group_rows` reaches the data files: with 2 rows per group the 5 members of
    /// Guizhou 2019 are cut into groups of 2, 2 and 1, and read back exactly as with one group.
    @Test func rowGroupRowsCutsDataFilesByRowCount() throws {
        let folder = TemporaryFolder("rowgroups")
        defer { folder.remove() }
        let store = Store(root: folder.path, rowGroupRows: 2)
        let guizhou = Fixtures.guizhou2019()
        try store.apply(guizhou, now: Self.t0)
        #expect(try store.loadYear(2019) == [Self.expected(guizhou)])
        let members = allFiles(under: folder.path + "/members").filter { $0.hasSuffix(".parquet") }
        #expect(members.count == 1)
        let reader = try ParquetFileReader(bytes: try StoreFiles().readAll(folder.path + "/members/" + members[0]))
        #expect(reader.rowCount == 5)
        #expect(reader.rowGroupCount == 3)
        // The default keeps one group per file.
        let single = TemporaryFolder("rowgroups-default")
        defer { single.remove() }
        try Store(root: single.path).apply(guizhou, now: Self.t0)
        let path =
            single.path + "/members/" + allFiles(under: single.path + "/members").filter { $0.hasSuffix(".parquet") }[0]
        let one = try ParquetFileReader(bytes: try StoreFiles().readAll(path))
        #expect(one.rowGroupCount == 1)
    }

    @Test func storedFilesHoldNoNamesOrClearIdentityNumbers() throws {
        let folder = TemporaryFolder("privacy")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        try store.apply(Fixtures.guizhou2019(), now: Self.t0)
        let reader = try TableFileReader(
            path: folder.path + "/members/" + (try #require(try store.snapshot().files(.members, in: [:]).first)).path)
        let names = reader.reader.schema.columns.map(\.name)
        #expect(!names.contains("name"))
        #expect(!names.contains("member_id"))
        #expect(try reader.strings("member_key") == Fixtures.guizhou2019().members.identityKey.map(\.hex))
        // Partition columns live in the folder names, not in the files (Delta rule).
        #expect(!names.contains("year") && !names.contains("province"))
    }

    @Test func newerRevisionReplacesPartitionAndOldVersionStaysReadable() throws {
        let folder = TemporaryFolder("revision")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        let r1 = Fixtures.guizhou2019(revision: 1)
        let r2 = Fixtures.guizhou2019(revision: 2, householdCount: 2, incomeShiftFen: 7)
        let afterR1 = try store.apply(r1, now: Self.t0)
        let afterR2 = try store.apply(r2, now: Self.t0 + 60_000)

        #expect(try store.loadYear(2019) == [Self.expected(r2)])
        #expect(try store.loadYear(2019)[0].households.count == 2)
        // One commit per table for the replacement.
        for table in Store.applyOrder {
            #expect(afterR2[table] == (afterR1[table] ?? -99) + 1, "\(table)")
        }
        // Each data table's partition holds exactly one file again.
        let snapshot = try store.snapshot()
        for table in [StoreTable.counties, .villages, .households, .members] {
            #expect(snapshot.files(table, in: ["year": "2019", "province": "52"]).count == 1)
        }
        // The manifest lists the active files: r2's in the four data tables, and both
        // submissions' rows in `rejections` and `submissions` (one entry per submission seen).
        let active = try store.activeDataFiles()
        #expect(active.count == 8)
        #expect(
            active.filter { !$0.hasPrefix("rejections/") && !$0.hasPrefix("submissions/") }
                .allSatisfy { $0.contains("-52-2019-r2-") })
        #expect(
            active.filter { $0.contains("-52-2019-r1-") }.map { $0.prefix { $0 != "/" } } == [
                "rejections", "submissions",
            ])
        #expect(active.allSatisfy { StoreFiles().exists(folder.path + "/" + $0) })
        #expect(try store.snapshot(asOf: afterR1).activeDataFiles().allSatisfy { $0.contains("-52-2019-r1-") })
        // Time travel: the store as of the first apply still reads r1, from files kept on disk.
        let past = try store.snapshot(asOf: afterR1)
        #expect(try past.loadYear(2019) == [Self.expected(r1)])
        #expect(try past.submissions().map(\.key.id) == ["52-2019-r1"])
        // Both submissions are remembered; r2 is in force.
        #expect(try store.submissions().map(\.key.id) == ["52-2019-r1", "52-2019-r2"])
        #expect(try snapshot.inForce(province: 52, year: 2019)?.key.revision == 2)
        // An older revision can no longer be applied over it.
        #expect(throws: StoreError.self) { try store.apply(r1, now: Self.t0 + 120_000) }
    }

    @Test func rejectedSubmissionLeavesAcceptedDataAlone() throws {
        let folder = TemporaryFolder("rejected")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        let accepted = Fixtures.guizhou2019(revision: 1)
        let before = try store.apply(accepted, now: Self.t0)
        let rejected = Fixtures.rejectedGuizhou(revision: 2)
        let after = try store.record(rejected, now: Self.t0 + 1)

        for table in [StoreTable.counties, .villages, .households, .members] {
            #expect(after[table] == before[table], "\(table) must not change")
        }
        #expect(after[.submissions] == (before[.submissions] ?? -99) + 1)
        #expect(try store.loadYear(2019) == [Self.expected(accepted)])

        let records = try store.submissions()
        #expect(records.map(\.outcome) == [.applied, .rejected])
        #expect(records[1].reasonRule == .tooManyRejectedHouseholds)
        #expect(records[1].reasonMessage == rejected.reason?.message)
        #expect(records[1].counts.householdsRejected == 2)

        let rejections = try store.rejections(year: 2019)
        #expect(rejections.filter { $0.submission.revision == 1 }.count == 3)
        let ofRejected = rejections.filter { $0.submission.revision == 2 }
        #expect(ofRejected.map(\.rule) == [.tooManyRejectedHouseholds, .headCount])
        // Recording the same rejected submission again replaces its rows, it does not add more.
        try store.record(rejected, now: Self.t0 + 2)
        #expect(try store.rejections(year: 2019).count == rejections.count)
        #expect(try store.submissions().count == 2)
        // Applied batches go through apply, unchanged ones record nothing.
        #expect(throws: StoreError.self) { try store.record(accepted, now: Self.t0 + 3) }
        var unchanged = accepted
        unchanged.outcome = .unchanged
        #expect(try store.record(unchanged, now: Self.t0 + 3) == store.versions())
    }

    @Test func applyingTwiceChangesNothing() throws {
        let folder = TemporaryFolder("idempotent")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        let batch = Fixtures.guizhou2019()
        let first = try store.apply(batch, now: Self.t0)
        let files = allFiles(under: folder.path)
        let second = try store.apply(batch, now: Self.t0 + 999)
        #expect(first == second)
        #expect(allFiles(under: folder.path) == files)
        #expect(try store.loadYear(2019) == [Self.expected(batch)])
    }

    @Test func dataFilesAreByteIdenticalOnRerun() throws {
        let a = TemporaryFolder("rerun-a")
        let b = TemporaryFolder("rerun-b")
        defer {
            a.remove()
            b.remove()
        }
        // Different clocks: only the Delta log may differ.
        for (folder, now) in [(a, Self.t0), (b, Self.t0 + 86_400_000)] {
            let store = Store(root: folder.path)
            try store.apply(Fixtures.guizhou2019(), now: now)
            try store.apply(Fixtures.guangxi2019(), now: now)
            try store.writeIndicators(
                year: 2019, rows: IndicatorRoundTripTests.rows, breakdowns: IndicatorRoundTripTests.breakdowns, now: now
            )
        }
        let dataA = allFiles(under: a.path).filter { $0.hasSuffix(".parquet") }
        let dataB = allFiles(under: b.path).filter { $0.hasSuffix(".parquet") }
        #expect(dataA == dataB)
        #expect(dataA.count == 13)  // 4 data tables × 2 provinces + 1 rejections + 2 submissions + 2 indicator tables
        for path in dataA {
            #expect(
                try StoreFiles().readAll(a.path + "/" + path) == StoreFiles().readAll(b.path + "/" + path), "\(path)")
        }
        // With the same clock the logs are identical too.
        let c = TemporaryFolder("rerun-c")
        defer { c.remove() }
        let store = Store(root: c.path)
        try store.apply(Fixtures.guizhou2019(), now: Self.t0)
        try store.apply(Fixtures.guangxi2019(), now: Self.t0)
        try store.writeIndicators(
            year: 2019, rows: IndicatorRoundTripTests.rows, breakdowns: IndicatorRoundTripTests.breakdowns, now: Self.t0
        )
        // The symlink manifests name each store's own folder (absolute locations): not compared.
        func stored(_ root: String) -> [String] {
            allFiles(under: root).filter { !$0.contains("_symlink_format_manifest/") }
        }
        #expect(stored(c.path) == stored(a.path))
        for path in stored(a.path) {
            #expect(
                try StoreFiles().readAll(a.path + "/" + path) == StoreFiles().readAll(c.path + "/" + path), "\(path)")
        }
    }

    /// Active files per table: the observable state of the store.
    static func state(_ store: Store) throws -> [StoreTable: [String]] {
        let snapshot = try store.snapshot()
        var out: [StoreTable: [String]] = [:]
        for table in StoreTable.allCases { out[table] = snapshot.files(table, in: [:]).map(\.path) }
        return out
    }

    @Test(arguments: [
        SimulatedCrash.afterDataFiles, .afterCommit(.counties), .afterCommit(.members), .afterCommit(.rejections),
    ])
    func interruptedApplyCompletesOnRerun(crash: SimulatedCrash) throws {
        let clean = TemporaryFolder("clean")
        let crashed = TemporaryFolder("crashed")
        defer {
            clean.remove()
            crashed.remove()
        }
        let r1 = Fixtures.guizhou2019(revision: 1)
        let r2 = Fixtures.guizhou2019(revision: 2, householdCount: 1, incomeShiftFen: 3)

        let cleanStore = Store(root: clean.path)
        try cleanStore.apply(r1, now: Self.t0)
        try cleanStore.apply(r2, now: Self.t0 + 10)

        var crashing = Store(root: crashed.path)
        try crashing.apply(r1, now: Self.t0)
        crashing.simulatedCrash = crash
        #expect(throws: StoreError.self) { try crashing.apply(r2, now: Self.t0 + 10) }
        // A torn temporary file, as a kill during a write would leave.
        _ = try StoreFiles().writeTemporary(
            Array("PAR1 torn".utf8), near: crashed.path + "/households/year=2019/province=52/x")
        _ = try StoreFiles().writeTemporary(Array("{\"add\":".utf8), near: crashed.path + "/households/_delta_log/x")

        // Every table is still readable; r1 stays in force until the marker is committed.
        let interim = try crashing.snapshot()
        #expect(try interim.inForce(province: 52, year: 2019)?.key.revision == 1)
        for table in StoreTable.allCases {
            for file in interim.files(table, in: [:]) {
                #expect(StoreFiles().exists(crashed.path + "/\(table.rawValue)/" + file.path))
            }
        }
        if crash == .afterDataFiles {
            #expect(try crashing.loadYear(2019) == [Self.expected(r1)])
        } else {
            do {
                _ = try crashing.loadYear(2019)
                Issue.record("a half-applied partition must not load silently")
            } catch {
                #expect(error.code == .incompleteApply)
            }
        }

        // The next run applies r2 again (its submissions row is absent) and ends where the clean run did.
        crashing.simulatedCrash = nil
        try crashing.apply(r2, now: Self.t0 + 10)
        #expect(try Self.state(crashing) == Self.state(cleanStore))
        #expect(try crashing.versions() == cleanStore.versions())
        #expect(try crashing.loadYear(2019) == [Self.expected(r2)])
        #expect(try crashing.removeTemporaryFiles() == 2)
        let dataFiles = allFiles(under: clean.path).filter { $0.hasSuffix(".parquet") }
        #expect(allFiles(under: crashed.path).filter { $0.hasSuffix(".parquet") } == dataFiles)
    }

    @Test func applyCommitsHaveCommitInfoStatsAndPartitionValues() throws {
        let folder = TemporaryFolder("commit")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        try store.apply(Fixtures.guizhou2019(), now: Self.t0)
        let actions = try store.table(.households).readCommit(1)
        guard case .commitInfo(let info) = actions.first else {
            Issue.record("commitInfo must come first")
            return
        }
        #expect(info.operation == "WRITE")
        #expect(info.timestamp == Self.t0)
        #expect(info.operationParameters.first { $0.0 == "predicate" }?.1 == "year = 2019 AND province = '52'")
        let adds = actions.compactMap { if case .add(let a) = $0 { a } else { nil } }
        #expect(adds.count == 1)
        let add = try #require(adds.first)
        #expect(add.partitionValues == ["year": "2019", "province": "52"])
        #expect(add.path.hasPrefix("year=2019/province=52/part-00000-52-2019-r1-1111111111111111-"))
        #expect(add.size == StoreFiles().size(folder.path + "/households/" + add.path))
        let stats = try JSON.parse(try #require(add.stats))
        #expect(stats["numRecords"] == .int(3))
        // Bounds worked out from the fixture: incomes in yuan, exit_year ignores its null.
        #expect(stats["minValues"]?["income_wage"] == .double(0))
        #expect(stats["maxValues"]?["income_wage"] == .double(9_999_999.99))
        #expect(stats["minValues"]?["income_operating"] == .double(-150.5))
        #expect(stats["minValues"]?["exit_year"] == .int(2017))
        #expect(stats["nullCount"]?["exit_year"] == .int(1))
        #expect(stats["minValues"]?["household_id"] == .string("GZ-0001"))
        #expect(stats["maxValues"]?["county_code"] == .string("520102"))
        #expect(stats["minValues"]?["safe_water"] == nil)
        let memberStats = try JSON.parse(try #require(try store.snapshot().files(.members, in: [:]).first?.stats))
        #expect(memberStats["minValues"]?["birth_date"] == .string("1949-12-31"))
        #expect(memberStats["maxValues"]?["birth_date"] == .string("2010-09-01"))
        // 64-character keys exceed the 32-character prefix: a truncated minimum and no maximum.
        #expect(memberStats["minValues"]?["member_key"]?.stringValue?.count == 32)
        #expect(memberStats["maxValues"]?["member_key"] == nil)
    }
}

struct IndicatorRoundTripTests {
    static let rows: [IndicatorRow] = [
        IndicatorRow(year: 2019, level: .nation, areaCode: "CN", indicator: "poverty_incidence_pct", value: 0.6),
        IndicatorRow(year: 2019, level: .province, areaCode: "52", indicator: "poverty_incidence_pct", value: nil),
        IndicatorRow(
            year: 2019, level: .county, areaCode: "520102", indicator: "mean_per_capita_net_income", value: 4_123.456789
        ),
    ]
    static let breakdowns: [BreakdownRow] = [
        BreakdownRow(
            year: 2019, level: .nation, areaCode: "CN", dimension: "cause", member: "illness", households: 3,
            population: 7),
        BreakdownRow(
            year: 2019, level: .nation, areaCode: "CN", dimension: "measure", member: "health", households: 1,
            population: nil),
    ]

    @Test func indicatorsReplaceTheirYear() throws {
        let folder = TemporaryFolder("indicators")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        let first = try store.writeIndicators(year: 2019, rows: Self.rows, breakdowns: Self.breakdowns, now: 1)
        #expect(try store.readIndicators(year: 2019) == Self.rows)
        #expect(try store.readBreakdowns(year: 2019) == Self.breakdowns)
        #expect(try store.readIndicators(year: 2018).isEmpty)

        let newer = [
            IndicatorRow(year: 2019, level: .nation, areaCode: "CN", indicator: "poverty_incidence_pct", value: 0.5)
        ]
        try store.writeIndicators(year: 2019, rows: newer, breakdowns: [], now: 2)
        try store.writeIndicators(
            year: 2020, rows: [IndicatorRow(year: 2020, level: .nation, areaCode: "CN", indicator: "x", value: 1)],
            breakdowns: [],
            now: 3)
        #expect(try store.readIndicators(year: 2019) == newer)
        #expect(try store.readBreakdowns(year: 2019).isEmpty)
        #expect(try store.readIndicators(year: 2020).count == 1)
        #expect(try store.snapshot(asOf: first).readIndicators(year: 2019) == Self.rows)
        #expect(throws: StoreError.self) {
            try store.writeIndicators(year: 2021, rows: Self.rows, breakdowns: [], now: 4)
        }
    }
}
