import JingzhunCore
import Testing

@testable import JingzhunStore

/// Delta's symlink format manifests (`_symlink_format_manifest/`): after every commit each
/// partition's manifest lists exactly the data files in force, and a manifest a killed run left
/// stale is put right.
struct SymlinkManifestTests {
    static let t0 = StoreTests.t0

    func manifestLines(_ folder: String, _ relative: String) throws -> [String] {
        try readText(folder + "/" + relative).split(separator: "\n").map(String.init)
    }

    @Test func manifestListsExactlyTheFilesInForceAfterARevision() throws {
        let folder = TemporaryFolder("symlink-revision")
        defer { folder.remove() }
        let store = Store(root: folder.path, symlinkLocation: SymlinkManifestLocation(storeURI: "hdfs://nn/jz/store/"))
        try store.apply(Fixtures.guizhou2019(revision: 1), now: Self.t0)
        let r1 = try store.snapshot().files(.households, in: ["year": "2019", "province": "52"]).map(\.path)
        #expect(r1.count == 1)
        let relative = "households/_symlink_format_manifest/year=2019/province=52/manifest"
        #expect(try manifestLines(folder.path, relative) == r1.map { "hdfs://nn/jz/store/households/\($0)" })

        // A newer revision replaces the partition: the manifest names only the new file, although
        // the old file stays on disk for time travel.
        try store.apply(Fixtures.guizhou2019(revision: 2, incomeShiftFen: 100), now: Self.t0 + 1)
        let r2 = try store.snapshot().files(.households, in: ["year": "2019", "province": "52"]).map(\.path)
        #expect(r2.count == 1 && r2 != r1)
        #expect(try manifestLines(folder.path, relative) == r2.map { "hdfs://nn/jz/store/households/\($0)" })
        #expect(StoreFiles().exists(folder.path + "/households/" + r1[0]))

        // Submission-scoped tables keep one file per submission seen: both revisions' ledger rows.
        let ledger = try manifestLines(
            folder.path, "submissions/_symlink_format_manifest/year=2019/province=52/manifest")
        #expect(ledger.count == 2)
        #expect(ledger == ledger.sorted())
    }

    @Test func defaultLocationIsTheLocalFolderAndEveryTableGetsManifests() throws {
        let folder = TemporaryFolder("symlink-local")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        try store.apply(Fixtures.guizhou2019(), now: Self.t0)
        try store.apply(Fixtures.guangxi2019(), now: Self.t0 + 1)
        let lines = try manifestLines(folder.path, "members/_symlink_format_manifest/year=2019/province=45/manifest")
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasPrefix("file:///"))
        // The URI names a file that exists (file:// + absolute path).
        #expect(StoreFiles().exists(String(line.dropFirst("file://".count))))
        for t in [StoreTable.counties, .villages, .households, .members, .submissions] {
            for province in ["45", "52"] {
                #expect(
                    StoreFiles().exists(
                        "\(folder.path)/\(t.rawValue)/_symlink_format_manifest/year=2019/province=\(province)/manifest")
                )
            }
        }
    }

    @Test func refreshRepairsAStaleManifestAndRemovesOrphans() throws {
        let folder = TemporaryFolder("symlink-refresh")
        defer { folder.remove() }
        let store = Store(root: folder.path, symlinkLocation: SymlinkManifestLocation(storeURI: "s3a://b/store"))
        try store.apply(Fixtures.guizhou2019(revision: 1), now: Self.t0)
        let relative = "households/_symlink_format_manifest/year=2019/province=52/manifest"
        let good = try readText(folder.path + "/" + relative)
        // As a run killed between a commit and its manifest would leave it: the previous list,
        // and a manifest of a partition that has no files in force.
        try StoreFiles().writeAtomically(
            Array("s3a://b/store/households/old.parquet\n".utf8), to: folder.path + "/" + relative)
        let orphan = "households/_symlink_format_manifest/year=2018/province=52/manifest"
        try StoreFiles().writeAtomically(
            Array("s3a://b/store/households/x.parquet\n".utf8), to: folder.path + "/" + orphan)
        #expect(try store.refreshSymlinkManifests() == 2)
        #expect(try readText(folder.path + "/" + relative) == good)
        #expect(!StoreFiles().exists(folder.path + "/" + orphan))
        // Reconciling a store already in step changes nothing.
        #expect(try store.refreshSymlinkManifests() == 0)
    }

    @Test func locationsArePercentEncoded() {
        #expect(SymlinkManifestLocation.percentEncodedPath("/srv/out put/精准") == "/srv/out%20put/%E7%B2%BE%E5%87%86")
        #expect(SymlinkManifestLocation(storeURI: "hdfs://nn/a///").storeURI == "hdfs://nn/a")
    }
}
