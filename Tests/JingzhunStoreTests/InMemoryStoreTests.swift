import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunStore

/// The store on `InMemoryFileSystem`: `Store(fileSystem:)` reaches every read and write (Delta
/// log, data files, symlink manifests, integrity), and the bytes equal those written to disk.
struct InMemoryStoreTests {
    @Test func applyReadAndCheckInMemoryWriteTheSameBytesAsOnDisk() throws {
        let memory = InMemoryFileSystem()
        // The local manifest location is the store folder's real path on disk; one given location
        // makes the two stores' symlink manifests comparable.
        let location = SymlinkManifestLocation(storeURI: "s3://bucket/store")
        let inMemory = Store(root: "/out/store", symlinkLocation: location, fileSystem: memory)
        let folder = TemporaryFolder("in-memory")
        defer { folder.remove() }
        let onDisk = Store(root: folder.path, symlinkLocation: location)
        for store in [inMemory, onDisk] {
            try store.createTables(now: StoreTests.t0)
            try store.apply(Fixtures.guizhou2019(), now: StoreTests.t0 + 1)
            try store.apply(Fixtures.guangxi2019(), now: StoreTests.t0 + 2)
        }
        #expect(try inMemory.loadYear(2019) == onDisk.loadYear(2019))
        #expect(try inMemory.submissions() == onDisk.submissions())
        #expect(try inMemory.versions() == onDisk.versions())
        try inMemory.checkIntegrity(computedYears: [])

        // Nothing reached the disk; every file the disk store wrote is in memory, byte for byte.
        #expect(!POSIXFileSystem().exists("/out/store"))
        let written = allFiles(under: folder.path)
        #expect(written.contains { $0.hasPrefix("households/_delta_log/") })
        #expect(written.contains { $0.hasPrefix("households/_symlink_format_manifest/") })
        #expect(memory.walkFiles("/out/store") == written)
        for path in written {
            #expect(
                try memory.readAll("/out/store/" + path) == POSIXFileSystem().readAll(folder.path + "/" + path),
                "\(path)")
        }
    }

    @Test func aLeftoverTemporaryFileInMemoryIsRemoved() throws {
        let memory = InMemoryFileSystem()
        let store = Store(root: "/s", fileSystem: memory)
        try store.apply(Fixtures.guizhou2019(), now: StoreTests.t0)
        let leftover = try store.files.writeTemporary([1, 2, 3], near: "/s/households/_delta_log/x")
        #expect(memory.exists(leftover))
        #expect(try store.removeTemporaryFiles() == 1)
        #expect(!memory.exists(leftover))
    }
}
