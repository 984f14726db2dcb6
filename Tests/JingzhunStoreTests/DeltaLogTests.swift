import JingzhunCore
import JingzhunIO
import JingzhunTesting
import Testing

@testable import JingzhunStore

/// The Delta log on its own: JSON text, commit files, put-if-absent, replay, time travel.
struct DeltaLogTests {
    static let now: Int64 = 1_700_000_000_000

    static func add(_ path: String, size: Int64 = 10) -> DeltaAddFile {
        DeltaAddFile(
            path: path, partitionValues: ["year": "2019", "province": "52"], size: size, modificationTime: now,
            dataChange: true, stats: "{\"numRecords\":1}")
    }

    static func remove(_ path: String) -> DeltaRemoveFile {
        DeltaRemoveFile(
            path: path, deletionTimestamp: now + 1, dataChange: true,
            partitionValues: ["year": "2019", "province": "52"],
            size: 10)
    }

    @Test func commitTextIsFixedKeyOrderOneActionPerLine() {
        let actions: [DeltaAction] = [
            .commitInfo(
                DeltaCommitInfo(timestamp: Self.now, operation: "WRITE", operationParameters: [("mode", "Overwrite")])),
            .add(Self.add("year=2019/province=52/a b%.parquet")),
            .remove(Self.remove("year=2019/province=52/old.parquet")),
        ]
        let text = String(decoding: DeltaTable.commitBytes(actions), as: UTF8.self)
        // Worked out by hand from PROTOCOL.md §Add File / §Remove File: the path is percent-encoded
        // (space → %20, % → %25); partition values sorted by key; stats is a JSON string.
        let expected = """
            {"commitInfo":{"timestamp":1700000000000,"operation":"WRITE",\
            "operationParameters":{"mode":"Overwrite"},"engineInfo":"jingzhun"}}
            {"add":{"path":"year=2019/province=52/a%20b%25.parquet","partitionValues":{"province":"52","year":"2019"},\
            "size":10,"modificationTime":1700000000000,"dataChange":true,"stats":"{\\"numRecords\\":1}"}}
            {"remove":{"path":"year=2019/province=52/old.parquet","deletionTimestamp":1700000000001,"dataChange":true,\
            "extendedFileMetadata":true,"partitionValues":{"province":"52","year":"2019"},"size":10}}

            """
        #expect(text == expected)
        // And it reads back to the same actions (the path decoded again).
        let lines = text.split(separator: "\n")
        let parsed = lines.compactMap { try? DeltaAction.parse(line: Array($0.utf8)) }
        #expect(parsed == actions)
    }

    @Test func createTablesVersionZeroMatchesGolden() throws {
        let folder = TemporaryFolder("golden")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        try store.createTables(now: Self.now)
        for table in [StoreTable.indicators, .households] {
            let text = try readText(folder.path + "/\(table.rawValue)/_delta_log/00000000000000000000.json")
            assertSnapshot(text, named: "\(table.rawValue)-create-00000.json")
        }
        // The id is deterministic and UUID-shaped (8-4-4-4-12, version 8, RFC variant).
        let id = TableDefinition.households.tableID
        let groups = id.split(separator: "-").map(\.count)
        #expect(groups == [8, 4, 4, 4, 12])
        #expect(Array(id)[14] == "8")
        #expect("89ab".contains(Array(id)[19]))
        #expect(TableDefinition.households.tableID != TableDefinition.members.tableID)
        // A second call creates nothing new.
        try store.createTables(now: Self.now + 5)
        #expect(
            try store.versions() == StoreVersions(Dictionary(uniqueKeysWithValues: StoreTable.allCases.map { ($0, 0) }))
        )
    }

    @Test func jsonParsesEscapesAndRoundTrips() throws {
        let text = #"{"a":"x\"y\\z\n\u00e9\ud83d\ude00","b":[1,-2,3.5,1e-05,true,false,null],"c":{}}"#
        let value = try JSON.parse(text)
        #expect(value["a"]?.stringValue == "x\"y\\z\né😀")
        #expect(value["b"]?.arrayValue?.count == 7)
        #expect(value["b"]?.arrayValue?[2] == .double(3.5))
        #expect(value["b"]?.arrayValue?[1] == .int(-2))
        #expect(try JSON.parse(value.text) == value)
        #expect(throws: JSONParseError.self) { try JSON.parse(#"{"a":1"#) }
        #expect(throws: JSONParseError.self) { try JSON.parse(#"{"a":1} x"#) }
        #expect(throws: JSONParseError.self) {
            try JSON.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
        }
    }

    @Test func pathCodingRoundTrips() {
        for path in ["year=2019/province=52/part-00000-x.parquet", "a b/c%d/é.parquet", "x:y/z#1"] {
            #expect(DeltaPath.decode(DeltaPath.encode(path)) == path)
        }
        #expect(DeltaPath.encode("year=2019/a b") == "year=2019/a%20b")
        #expect(DeltaPath.decode("bad%2") == nil)
    }

    @Test func snapshotReplaysAddsAndRemovesAndTravelsInTime() throws {
        let folder = TemporaryFolder("replay")
        defer { folder.remove() }
        let table = DeltaTable(root: folder.path + "/t")
        #expect(try table.snapshot() == nil)
        #expect(
            try table.putCommit(
                [.protocol(.store), .metaData(TableDefinition.counties.metadata(createdTime: Self.now))], version: 0))
        #expect(try table.putCommit([.add(Self.add("a")), .add(Self.add("b"))], version: 1))
        #expect(try table.putCommit([.remove(Self.remove("a")), .add(Self.add("c", size: 99))], version: 2))
        #expect(try table.putCommit([.remove(Self.remove("b"))], version: 3))
        // Leftovers of interrupted writers and foreign files are ignored.
        _ = try StoreFiles().writeTemporary(Array("{\"add\":{\"pa".utf8), near: table.commitPath(4))
        try StoreFiles().writeAtomically(
            Array("garbage".utf8), to: table.logDirectory + "/00000000000000000004.json.tmp")
        try StoreFiles().writeAtomically(Array("{}".utf8), to: table.logDirectory + "/00000000000000000003.crc")

        #expect(try table.snapshot(at: 1)?.files.map(\.path) == ["a", "b"])
        #expect(try table.snapshot(at: 2)?.files.map(\.path) == ["b", "c"])
        #expect(try table.snapshot(at: 2)?.activeFiles["c"]?.size == 99)
        let latest = try #require(try table.snapshot())
        #expect(latest.version == 3)
        #expect(latest.files.map(\.path) == ["c"])
        #expect(latest.metadata?.partitionColumns == ["year", "province"])
        #expect(latest.files(in: ["province": "52"]).count == 1)
        #expect(latest.files(in: ["province": "45"]).isEmpty)
        #expect(throws: StoreError.self) { try table.snapshot(at: 4) }
        do {
            _ = try table.snapshot(at: 7)
        } catch {
            #expect(error.code == .versionNotFound)
        }
        // A gap in the log is corruption, not silently skipped.
        try StoreFiles().writeAtomically(Array("{\"commitInfo\":{}}\n".utf8), to: table.commitPath(5))
        do {
            _ = try table.snapshot()
            Issue.record("a log with a missing commit must not replay")
        } catch {
            #expect(error.code == .corruptLog)
        }
    }

    @Test func losingWriterRetriesAtNextVersion() throws {
        let folder = TemporaryFolder("race")
        defer { folder.remove() }
        let table = DeltaTable(root: folder.path + "/t")
        #expect(try table.putCommit([.protocol(.store)], version: 0))
        var builds: [Int64] = []
        let committed = try table.commit { snapshot throws(StoreError) -> [DeltaAction]? in
            let version = snapshot?.version ?? -1
            builds.append(version)
            if builds.count == 1 {
                // Another writer takes version 1 between our read and our put.
                #expect(try table.putCommit([.add(Self.add("theirs"))], version: version + 1))
            }
            return [.add(Self.add("ours"))]
        }
        #expect(committed == 2)
        #expect(builds == [0, 1])
        #expect(try table.readCommit(1) == [.add(Self.add("theirs"))])
        #expect(try table.readCommit(2) == [.add(Self.add("ours"))])
        // The same version can never be written twice.
        #expect(try table.putCommit([.add(Self.add("late"))], version: 2) == false)
        #expect(try table.snapshot()?.files.map(\.path) == ["ours", "theirs"])
    }

    @Test func concurrentWritersGetDistinctVersions() async throws {
        let folder = TemporaryFolder("concurrent")
        defer { folder.remove() }
        let table = DeltaTable(root: folder.path + "/t")
        #expect(try table.putCommit([.protocol(.store)], version: 0))
        let writers = 6
        let commitsEach = 5
        let versions = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var mine: [Int64] = []
                    for n in 0..<commitsEach {
                        let v = try table.commit { _ throws(StoreError) -> [DeltaAction]? in
                            [.add(DeltaLogTests.add("w\(writer)-\(n)"))]
                        }
                        if let v { mine.append(v) }
                    }
                    return mine
                }
            }
            var all: [Int64] = []
            for try await mine in group { all += mine }
            return all
        }
        #expect(versions.sorted() == Array(1...Int64(writers * commitsEach)))
        #expect(try table.snapshot()?.activeFiles.count == writers * commitsEach)
        // No temporary file is left behind by winners or losers.
        #expect(try StoreFiles().list(table.logDirectory).allSatisfy { DeltaTable.version(ofCommitFile: $0) != nil })
    }
}
