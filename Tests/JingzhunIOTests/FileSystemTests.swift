import JingzhunIO
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The same contract checked on both file systems: what the store, ingest, compute and synth
/// rely on behaves alike on disk and in memory.
@Suite struct FileSystemTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case posix, inMemory
        var testDescription: String { rawValue }
    }

    /// A fresh file system and a folder in it that does not exist yet.
    static func make(_ kind: Kind, _ name: String) -> (any FileSystem, String) {
        switch kind {
        case .posix:
            let root = "/tmp/jingzhun-fs-\(getpid())-\(name)"
            FilePath.removeTree(root)
            return (POSIXFileSystem(), root)
        case .inMemory:
            return (InMemoryFileSystem(), "/work/\(name)")
        }
    }

    @Test(arguments: Kind.allCases) func replaceCreatesFoldersAndReadsBackInChunks(_ kind: Kind) throws {
        let (fs, root) = Self.make(kind, "replace")
        defer { fs.removeTree(root) }
        let path = root + "/a/b/file.json"
        try fs.replace(path, with: Array("first".utf8))
        try fs.replace(path, with: Array("second version".utf8))
        #expect(try fs.readAll(path) == Array("second version".utf8))
        #expect(try fs.readAll(path, maximumBytes: 6) == Array("second".utf8))
        var chunks: [[UInt8]] = []
        let total = try fs.read(path, chunkBytes: 4) { chunk in
            chunks.append(Array(chunk))
            return true
        }
        #expect(total == 14 && chunks.count == 4 && chunks[0] == Array("seco".utf8))
        #expect(fs.size(path) == 14 && fs.isDirectory(root + "/a/b") && !fs.isDirectory(path))
        #expect(try fs.list(root + "/a/b") == ["file.json"], "no temporary file is left behind")
    }

    @Test(arguments: Kind.allCases) func createExclusiveLosesToAnExistingName(_ kind: Kind) throws {
        let (fs, root) = Self.make(kind, "exclusive")
        defer { fs.removeTree(root) }
        try fs.createDirectories(root + "/_delta_log")
        let commit = root + "/_delta_log/00000000000000000000.json"
        #expect(try fs.createExclusive(commit, with: [1]))
        #expect(try !fs.createExclusive(commit, with: [2]))
        #expect(try fs.readAll(commit) == [1])
        #expect(try fs.list(root + "/_delta_log") == ["00000000000000000000.json"])
    }

    @Test(arguments: Kind.allCases) func listIsSortedBytewiseAndMissingFoldersThrow(_ kind: Kind) throws {
        let (fs, root) = Self.make(kind, "list")
        defer { fs.removeTree(root) }
        for name in ["b", "B", "a", "é", "_x"] { try fs.replace(root + "/" + name, with: []) }
        try fs.createDirectories(root + "/sub")
        try fs.replace(root + "/sub/z", with: [9])
        #expect(try fs.list(root) == ["B", "_x", "a", "b", "sub", "é"])
        #expect(fs.walkFiles(root) == ["B", "_x", "a", "b", "sub/z", "é"])
        let error = #expect(throws: IOError.self) { try fs.list(root + "/absent") }
        #expect(error?.operation == .list && error?.errno == ENOENT)
        #expect(error?.path == root + "/absent")
    }

    @Test(arguments: Kind.allCases) func removeRenameAndRemoveTree(_ kind: Kind) throws {
        let (fs, root) = Self.make(kind, "remove")
        defer { fs.removeTree(root) }
        try fs.replace(root + "/a", with: [1])
        try fs.rename(root + "/a", to: root + "/b")
        #expect(!fs.exists(root + "/a"))
        #expect(try fs.readAll(root + "/b") == [1])
        try fs.remove(root + "/b")
        try fs.remove(root + "/b")  // absent is fine
        #expect(!fs.exists(root + "/b"))
        try fs.createDirectories(root + "/empty")
        try fs.replace(root + "/full/x", with: [])
        fs.removeEmptyDirectory(root + "/empty")
        fs.removeEmptyDirectory(root + "/full")
        #expect(!fs.exists(root + "/empty") && fs.exists(root + "/full/x"))
        fs.removeTree(root)
        #expect(!fs.exists(root))
    }

    @Test(arguments: Kind.allCases) func scratchFilesReadBackAndAppendingFilesGrow(_ kind: Kind) throws {
        let (fs, root) = Self.make(kind, "open")
        defer { fs.removeTree(root) }
        try fs.createDirectories(root)
        try fs.replace(root + "/run-0", with: [UInt8](repeating: 0xEE, count: 100))
        let scratch = try fs.open(root + "/run-0", mode: .scratch)
        try scratch.write([1, 2, 3])
        try scratch.write([4, 5])
        #expect(try scratch.read(at: 1, count: 3) == [2, 3, 4], "a leftover file is truncated")
        #expect(try scratch.read(at: 3, count: 100) == [4, 5])
        try scratch.close()
        let log = try fs.open(root + "/log.jsonl", mode: .appending)
        try log.write(Array("one\n".utf8))
        try log.sync()
        try log.close()
        let again = try fs.open(root + "/log.jsonl", mode: .appending)
        try again.write(Array("two\n".utf8))
        try again.close()
        #expect(try fs.readAll(root + "/log.jsonl") == Array("one\ntwo\n".utf8))
    }

    @Test(arguments: Kind.allCases) func stampsChangeWhenAFileIsRewritten(_ kind: Kind) throws {
        let (fs, root) = Self.make(kind, "stamps")
        defer { fs.removeTree(root) }
        try fs.replace(root + "/f", with: [1, 2])
        let before = try #require(fs.info(root + "/f", followingSymlinks: false))
        #expect(before.kind == .regular && before.size == 2)
        try fs.replace(root + "/f", with: [1, 2, 3])
        let after = try #require(fs.info(root + "/f", followingSymlinks: false))
        #expect(
            after.size == 3 && (after.inode != before.inode || after.changedNanoseconds != before.changedNanoseconds))
        #expect(fs.info(root + "/none", followingSymlinks: false) == nil)
    }

    @Test func inMemoryRefusesSymlinksAndSpecialFilesLikeTheDisk() throws {
        let fs = InMemoryFileSystem()
        try fs.replace("/inbox/real.xml", with: [1])
        fs.addSymlink("/inbox/link.xml", to: "/inbox/real.xml")
        fs.addSpecialFile("/inbox/fifo.xml", kind: "FIFO (named pipe)")
        #expect(fs.info("/inbox/link.xml", followingSymlinks: false)?.kind == .symlink)
        #expect(fs.info("/inbox/link.xml", followingSymlinks: true)?.kind == .regular)
        #expect(throws: RegularFile.Failure.symlink) {
            try fs.readRegularFile("/inbox/link.xml", chunkBytes: 8, followingSymlinks: false) { _ in true }
        }
        #expect(throws: RegularFile.Failure.notRegularFile(kind: "FIFO (named pipe)")) {
            try fs.readRegularFile("/inbox/fifo.xml", chunkBytes: 8, followingSymlinks: false) { _ in true }
        }
        #expect(try fs.readRegularFile("/inbox/link.xml", chunkBytes: 8, followingSymlinks: true) { _ in true } == 1)
        #expect(fs.files.map(\.path) == ["/inbox/real.xml"])
    }

    @Test func posixSyncErrorsOfAMissingFolderThrow() {
        let error = #expect(throws: IOError.self) {
            try POSIXFileSystem().syncDirectory("/nonexistent/jingzhun-folder")
        }
        #expect(error?.operation == .open && error?.errno == ENOENT)
    }
}

/// `FileSystem.read(_:at:count:)` (issue 20: the store reads row groups, not whole files): the
/// POSIX, in-memory and streaming default implementations give the same bytes for every range,
/// including ranges that run past the end or start beyond it, and an absent file fails on open.
@Suite struct RangedReadTests {
    /// Forwards everything but the ranged read, which comes from the protocol's default.
    struct Streaming: FileSystem {
        let base: any FileSystem
        func info(_ path: String, followingSymlinks: Bool) -> FileInfo? {
            base.info(path, followingSymlinks: followingSymlinks)
        }
        func entries(of path: String) throws(IOError) -> [String] { try base.entries(of: path) }
        func read(_ path: String, chunkBytes: Int, _ body: (UnsafeRawBufferPointer) -> Bool) throws(IOError) -> Int64 {
            try base.read(path, chunkBytes: 7, body)  // small chunks: ranges straddle them
        }
        func readRegularFile(
            _ path: String, chunkBytes: Int, followingSymlinks: Bool, _ body: (UnsafeRawBufferPointer) -> Bool
        ) throws(RegularFile.Failure) -> Int64 {
            try base.readRegularFile(path, chunkBytes: chunkBytes, followingSymlinks: followingSymlinks, body)
        }
        func createDirectories(_ path: String) throws(IOError) { try base.createDirectories(path) }
        func replace(_ path: String, with bytes: [UInt8]) throws(IOError) { try base.replace(path, with: bytes) }
        func createExclusive(_ path: String, with bytes: [UInt8]) throws(IOError) -> Bool {
            try base.createExclusive(path, with: bytes)
        }
        func rename(_ source: String, to destination: String) throws(IOError) {
            try base.rename(source, to: destination)
        }
        func remove(_ path: String) throws(IOError) { try base.remove(path) }
        func removeEmptyDirectory(_ path: String) { base.removeEmptyDirectory(path) }
        func removeTree(_ path: String) { base.removeTree(path) }
        func syncDirectory(_ path: String) throws(IOError) { try base.syncDirectory(path) }
        func open(_ path: String, mode: OpenMode) throws(IOError) -> any OpenFile { try base.open(path, mode: mode) }
    }

    @Test(arguments: FileSystemTests.Kind.allCases) func rangesMatchTheWholeFile(_ kind: FileSystemTests.Kind) throws {
        let (fs, root) = FileSystemTests.make(kind, "ranged")
        defer { fs.removeTree(root) }
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try fs.replace(root + "/f.bin", with: bytes)
        let streaming = Streaming(base: fs)
        for (offset, count) in [(0, 0), (0, 4), (992, 8), (3, 700), (990, 50), (1_000, 5), (2_000, 1), (0, 1_000)] {
            let expected = Array(bytes[min(offset, 1_000)..<min(1_000, offset + count)])
            #expect(try fs.read(root + "/f.bin", at: Int64(offset), count: count) == expected, "\(offset)+\(count)")
            #expect(
                try streaming.read(root + "/f.bin", at: Int64(offset), count: count) == expected, "\(offset)+\(count)")
        }
        #expect(throws: IOError.self) { try fs.read(root + "/absent.bin", at: 0, count: 4) }
        do {
            _ = try fs.read(root + "/absent.bin", at: 0, count: 4)
        } catch {
            #expect(error.operation == .open && error.errno == ENOENT)
        }
    }
}
