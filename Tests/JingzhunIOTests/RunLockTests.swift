import JingzhunIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

func temporaryDirectory(_ name: String) -> String {
    let path = "/tmp/jingzhun-tests-\(getpid())-\(name)"
    FilePath.removeTree(path)
    try? FilePath.createDirectories(path)
    return path
}

@Test func secondLockOnTheSameOutputIsRefusedWithTheHolder() throws {
    let dir = temporaryDirectory("lock")
    guard case .acquired(let first) = try RunLock.acquire(outputDirectory: dir, startedAt: "T1") else {
        Issue.record("first acquire failed")
        return
    }
    // flock locks belong to the open file description: a second open in the same process conflicts too.
    guard case .heldBy(let holder) = try RunLock.acquire(outputDirectory: dir, startedAt: "T2") else {
        Issue.record("second acquire should be refused")
        return
    }
    #expect(holder.pid == String(getpid()))
    #expect(holder.startedAt == "T1")
    first.release()
    guard case .acquired(let again) = try RunLock.acquire(outputDirectory: dir, startedAt: "T3") else {
        Issue.record("lock not free after release")
        return
    }
    again.release()
}

@Test func atomicWriteReplacesContentAndLeavesNoTemporaryFiles() throws {
    let dir = temporaryDirectory("atomic")
    try AtomicFile.write("one", to: dir + "/a/b.txt")
    try AtomicFile.write("two", to: dir + "/a/b.txt")
    #expect(try FilePath.readAll(dir + "/a/b.txt") == Array("two".utf8))
    #expect(try FilePath.list(dir + "/a") == ["b.txt"])
}

@Test func gzipDeflaterIsDeterministic() {
    let input = Array(String(repeating: "精准扶贫,", count: 1000).utf8)
    let a = GzipDeflater.gzip(input)
    let b = GzipDeflater.gzip(input)
    #expect(a == b)
    #expect(a.count < input.count / 10)
    #expect(a.prefix(2) == [0x1F, 0x8B])
}

@Test func pseudonymsAreKeyedAndStable() {
    let id = Array("11010519491231002X".utf8)
    let p1 = Pseudonymizer(key: Array("key-one-0123456789".utf8))
    let p2 = Pseudonymizer(key: Array("key-two-0123456789".utf8))
    #expect(p1.pseudonym(of: id) == p1.pseudonym(of: id))
    #expect(p1.pseudonym(of: id) != p2.pseudonym(of: id))
    #expect(p1.keyFingerprint != p2.keyFingerprint)
    #expect(!p1.keyFingerprint.contains("key-one"))
}

@Test func sha256MatchesAKnownVector() {
    // FIPS 180-2 example: SHA-256("abc").
    #expect(
        SHA256Hasher.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}

@Test func readAllStopsAtTheRequestedPrefix() throws {
    let dir = temporaryDirectory("prefix")
    let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try AtomicFile.write(bytes, to: dir + "/f")
    #expect(try FilePath.readAll(dir + "/f", maximumBytes: 70_000) == Array(bytes.prefix(70_000)))
    #expect(try FilePath.readAll(dir + "/f", maximumBytes: 1 << 20) == bytes)
    #expect(try FilePath.readAll(dir + "/f") == bytes)
}

@Test func parallelMapKeepsIndexOrderAndLockedSerialisesUpdates() {
    #expect(Parallel.map(1000) { $0 * $0 } == (0..<1000).map { $0 * $0 })
    #expect(Parallel.map(0) { $0 }.isEmpty)
    let total = Locked(0)
    _ = Parallel.map(64) { index in
        for _ in 0..<1000 { total.withLock { $0 += 1 } }
        return index
    }
    #expect(total.withLock { $0 } == 64_000)
}
