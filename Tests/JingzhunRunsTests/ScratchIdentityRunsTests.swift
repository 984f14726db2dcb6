import JingzhunIO
import JingzhunTesting
import Testing

@testable import JingzhunRuns

@Suite struct ScratchIdentityRunsTests {
    static func folder(_ name: String) -> String { TestFolder.fresh("scratch-runs", name) }

    @Test func runsReadBackByPositionAcrossAppends() throws {
        let directory = ScratchIdentityRunsTests.folder("read") + "/compute/2019"
        let runs = ScratchIdentityRuns(directory: directory)
        try runs.append([1, 2, 3], toRun: 0)
        try runs.append([4, 5], toRun: 1)
        try runs.append([6, 7, 8, 9], toRun: 0)
        #expect(try runs.read(run: 0, offset: 0, count: 4) == [1, 2, 3, 6])
        #expect(try runs.read(run: 0, offset: 4, count: 100) == [7, 8, 9])  // fewer only at the end
        #expect(try runs.read(run: 0, offset: 7, count: 10) == [])
        #expect(try runs.read(run: 1, offset: 1, count: 10) == [5])
        #expect(FilePath.exists(directory + "/run-0") && FilePath.exists(directory + "/run-1"))
        runs.removeAll()
        #expect(!FilePath.exists(directory), "removeAll removes the files and their folder")
        TestFolder.remove(ScratchIdentityRunsTests.folder("read"))
    }

    @Test func leftoverFilesOfAKilledRunAreTruncated() throws {
        let directory = ScratchIdentityRunsTests.folder("leftover")
        try AtomicFile.write([UInt8](repeating: 0xEE, count: 1000), to: directory + "/run-0")
        do {
            let runs = ScratchIdentityRuns(directory: directory)
            try runs.append([42], toRun: 0)
            #expect(try runs.read(run: 0, offset: 0, count: 10) == [42])
        }  // deinit removes them
        #expect(!FilePath.exists(directory + "/run-0"))
        TestFolder.remove(directory)
    }
}
