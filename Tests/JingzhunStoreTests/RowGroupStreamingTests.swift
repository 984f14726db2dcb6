import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunStore
@testable import Parquet

/// Data files are written row group by row group straight to disk (issue 20): whatever
/// `settings.row_group_rows` is, each file's bytes equal the whole-column writer's for that row
/// group size, the Delta statistics merged from the groups equal the whole columns', the data
/// reads back exactly, and nothing temporary is left behind.
struct RowGroupStreamingTests {
    /// A submission of many households (so the files have several row groups at small sizes),
    /// with rejections, copied from Guizhou 2019's three households.
    static func largeBatch(households: Int) -> SubmissionBatch {
        var batch = Fixtures.guizhou2019()
        let h = batch.households
        let m = batch.members
        for index in 0..<households {
            let from = index % h.count
            batch.households.householdID.append("GZ-\(1_000 + index)")
            batch.households.villageCode.append(h.villageCode[from])
            batch.households.registeredYear.append(h.registeredYear[from])
            batch.households.category.append(h.category[from])
            batch.households.cause.append(h.cause[from])
            batch.households.status.append(h.status[from])
            batch.households.exitYear.append(h.exitYear[from])
            batch.households.housingGrade.append(h.housingGrade[from])
            batch.households.safeWater.append(index % 3 == 0)
            batch.households.foodClothingSecured.append(h.foodClothingSecured[from])
            batch.households.incomeWageFen.append(Int64(index) * 7_919 % 5_000_000)
            batch.households.incomeOperatingFen.append(h.incomeOperatingFen[from])
            batch.households.incomePropertyFen.append(h.incomePropertyFen[from])
            batch.households.incomeTransferFen.append(h.incomeTransferFen[from])
            batch.households.operatingCostFen.append(h.operatingCostFen[from])
            batch.households.measures.append(h.measures[from])
            batch.households.sourceLine.append(Int64(index + 5))
            let slot = Int32(batch.households.householdID.count - 1)
            for member in 0..<(1 + index % 3) {
                let source = (index + member) % m.count
                batch.members.householdIndex.append(slot)
                batch.members.identityKey.append(Fixtures.pseudonym(UInt64(1_000 + index * 4 + member)))
                let relation = m.relation[source] == .head ? Relation.child : m.relation[source]
                batch.members.relation.append(member == 0 ? .head : relation)
                batch.members.sex.append(m.sex[source])
                batch.members.birthDate.append(m.birthDate[source] - Int32(index))
                batch.members.education.append(m.education[source])
                batch.members.schooling.append(m.schooling[source])
                batch.members.health.append(m.health[source])
                batch.members.labor.append(m.labor[source])
                batch.members.medicalInsured.append(member % 2 == 0)
                batch.members.seriousIllnessInsured.append(m.seriousIllnessInsured[source])
                batch.members.pensionInsured.append(m.pensionInsured[source])
                batch.members.sourceLine.append(Int64(10 + index * 4 + member))
            }
        }
        for index in 0..<7 {
            batch.rejections.append(
                Rejection(
                    rule: .householdFieldInvalid,
                    location: SourceLocation(file: "52-2019-r1.households.csv.gz", line: 900 + index, column: index),
                    householdID: index % 2 == 0 ? "H\(index)" : nil, field: "income_wage",
                    message: "value \(index) is not a decimal"))
        }
        batch.counts.membersAccepted = batch.members.count
        return batch
    }

    @Test(arguments: [1, 3, 64, 1 << 20])
    func filesEqualTheWholeColumnWriterAtAnyRowGroupSize(rowGroupRows: Int) throws {
        let folder = TemporaryFolder("row-groups")
        defer { folder.remove() }
        let store = Store(root: folder.path, rowGroupRows: rowGroupRows)
        let batch = Self.largeBatch(households: 200)
        try store.apply(batch, now: StoreTests.t0)
        let id = batch.key.id
        let rejectionRows = RecordTables.rejectionRows(of: batch)
        let tables: [(StoreTable, [ColumnMaker], Int)] = [
            (.counties, SubmissionTables.counties(batch.counties, submission: id), batch.counties.count),
            (.villages, SubmissionTables.villages(batch.villages, submission: id), batch.villages.count),
            (.households, SubmissionTables.households(batch.households, submission: id), batch.households.count),
            (
                .members, SubmissionTables.members(batch.members, households: batch.households, submission: id),
                batch.members.count
            ),
            (.rejections, RecordTables.rejections(rejectionRows, submission: id), rejectionRows.count),
        ]
        #expect(batch.members.count > 300 && rejectionRows.count >= 7)
        let snapshot = try store.snapshot()
        for (table, makers, rowCount) in tables {
            let definition = TableDefinition.of(table)
            // The whole columns, as the writer got them before issue 20 (one call per column).
            let columns = makers.map { $0(0..<rowCount) }
            let expected = try writeParquet(
                schema: definition.parquetSchema, columns: columns, options: store.writerOptions)
            let add = try #require(snapshot.files(table, in: [:]).first)
            let written = try StoreFiles().readAll(folder.path + "/" + table.rawValue + "/" + add.path)
            #expect(written == expected, "\(table.rawValue): streamed bytes differ from the whole-column writer")
            #expect(add.size == Int64(written.count))
            let groups = (rowCount + rowGroupRows - 1) / rowGroupRows
            #expect(try ParquetFileReader(bytes: written).rowGroupCount == groups, "\(table.rawValue)")
            #expect(
                add.stats
                    == FileStatistics.json(columns: columns, definitions: definition.dataColumns, rowCount: rowCount),
                "\(table.rawValue): statistics merged from row groups differ from the whole column's")
        }
        // The member columns made for the writer say what the batch says.
        let members = try #require(try store.loadYear(2019).first)
        #expect(members.members == batch.members && members.households == batch.households)
        #expect(!allFiles(under: folder.path).contains { $0.contains(".tmp-") }, "a temporary file was left behind")
    }

    /// The same batch gives the same file names (content hashes) however often it is applied, and
    /// a file already complete under its name is kept, not written again.
    @Test func reapplyingKeepsTheFilesAndLeavesNoTemporary() throws {
        let folder = TemporaryFolder("row-groups-again")
        defer { folder.remove() }
        let store = Store(root: folder.path, rowGroupRows: 5)
        let batch = Self.largeBatch(households: 40)
        try store.apply(batch, now: StoreTests.t0)
        let before = allFiles(under: folder.path).filter { $0.hasSuffix(".parquet") }
        var crashing = Store(root: folder.path + "-2", rowGroupRows: 5)
        crashing.simulatedCrash = .afterDataFiles
        defer { TemporaryFolder.removeTree(folder.path + "-2") }
        #expect(throws: StoreError.self) { try crashing.apply(batch, now: StoreTests.t0) }
        crashing.simulatedCrash = nil
        try crashing.apply(batch, now: StoreTests.t0)
        let after = allFiles(under: folder.path + "-2").filter { $0.hasSuffix(".parquet") }
        #expect(after == before)
        for file in before {
            #expect(
                try StoreFiles().readAll(folder.path + "/" + file) == StoreFiles().readAll(folder.path + "-2/" + file))
        }
        #expect(!allFiles(under: folder.path + "-2").contains { $0.contains(".tmp-") })
    }

    /// Two batches' files written at once on two threads (`writeFiles(of:)`, as `jingzhun run`
    /// does for a wave of small submissions) and committed in order give the store, file for
    /// file and commit for commit, that applying them one after the other gives; a batch made
    /// stale by a commit after its files were written is refused at its commit.
    @Test func filesWrittenSideBySideAndCommittedInOrderEqualApplyingInOrder() throws {
        let folder = TemporaryFolder("side-by-side")
        defer { folder.remove() }
        let first = Self.largeBatch(households: 300)
        let second = Fixtures.guangxi2019()
        let oneByOne = Store(root: folder.path + "/one-by-one", rowGroupRows: 64)
        try oneByOne.apply(first, now: StoreTests.t0)
        try oneByOne.apply(second, now: StoreTests.t0 + 1)
        let sideBySide = Store(root: folder.path + "/side-by-side", rowGroupRows: 64)
        try sideBySide.createTables(now: StoreTests.t0)
        let written = Parallel.map(2) { k in
            Result { () throws(StoreError) -> PreparedApply in try sideBySide.writeFiles(of: k == 0 ? first : second) }
        }
        try sideBySide.commit(written[0].get(), now: StoreTests.t0)
        try sideBySide.commit(written[1].get(), now: StoreTests.t0 + 1)
        let files = allFiles(under: folder.path + "/one-by-one")
        #expect(files.count > 20 && files == allFiles(under: folder.path + "/side-by-side"))
        for file in files {
            // Symlink manifests name their store's folder: compared with it taken out.
            func bytes(_ root: String) throws -> [UInt8] {
                let bytes = try StoreFiles().readAll(folder.path + "/" + root + "/" + file)
                guard file.contains("_symlink_format_manifest") else { return bytes }
                return Array(String(decoding: bytes, as: UTF8.self).replacing(folder.path + "/" + root, with: "~").utf8)
            }
            #expect(try bytes("one-by-one") == bytes("side-by-side"), "\(file)")
        }
        // Guizhou's r1 written, then its r2 applied before r1 is committed: r1 is refused as stale.
        let later = Store(root: folder.path + "/stale", rowGroupRows: 64)
        let stale = try later.writeFiles(of: Fixtures.guizhou2019(revision: 1))
        try later.apply(Fixtures.guizhou2019(revision: 2), now: StoreTests.t0)
        #expect(throws: StoreError.self) { try later.commit(stale, now: StoreTests.t0 + 1) }
        #expect(try later.submissions().map(\.key.revision) == [2])
    }

    /// Merging row groups' statistics keeps the first of equal bounds and drops the bounds of
    /// DOUBLE columns with a NaN or an infinity anywhere, as one pass over the rows does.
    @Test func mergedStatisticsEqualOnePass() {
        let definition = TableColumn.double("x")
        let values: [Double] = [2.5, -0.0, 0.0, 7, -3, 7, .infinity]
        for split in 0...values.count {
            for withNaN in [false, true] {
                var all = values
                if withNaN { all.insert(.nan, at: split / 2) }
                let whole = FileStatistics.column(ParquetColumn(values: .double(all)), definition: definition)
                var merged = FileStatistics.Partial(ParquetColumn(values: .double(Array(all[..<split]))))
                merged.merge(FileStatistics.Partial(ParquetColumn(values: .double(Array(all[split...])))))
                let parts = merged.column(definition: definition)
                #expect(
                    parts.low == whole.low && parts.high == whole.high && parts.nullCount == whole.nullCount,
                    "split at \(split), NaN \(withNaN)")
            }
        }
        let finite: [Double] = [2.5, -0.0, 0.0, 7, -3, 7]
        for split in 0...finite.count {
            let whole = FileStatistics.column(ParquetColumn(values: .double(finite)), definition: definition)
            var merged = FileStatistics.Partial(ParquetColumn(values: .double(Array(finite[..<split]))))
            merged.merge(FileStatistics.Partial(ParquetColumn(values: .double(Array(finite[split...])))))
            let parts = merged.column(definition: definition)
            #expect(whole.low != nil && parts.low == whole.low && parts.high == whole.high, "split at \(split)")
        }
        let texts = ["b", "a", String(repeating: "z", count: 40), "a", ""]
        let validity = [true, true, true, true, false]
        let textDefinition = TableColumn.string("t")
        let whole = FileStatistics.column(
            ParquetColumn(values: .string(texts), validity: validity), definition: textDefinition)
        for split in 0...texts.count {
            var merged = FileStatistics.Partial(
                ParquetColumn(values: .string(Array(texts[..<split])), validity: Array(validity[..<split])))
            merged.merge(
                FileStatistics.Partial(
                    ParquetColumn(values: .string(Array(texts[split...])), validity: Array(validity[split...]))))
            let parts = merged.column(definition: textDefinition)
            #expect(
                parts.low == whole.low && parts.high == whole.high && parts.nullCount == whole.nullCount,
                "split at \(split)")
        }
    }
}
