import Foundation
import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunIngest

/// A fresh inbox folder under the system temporary directory, removed by the caller.
final class TemporaryInbox {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "jingzhun-ingest-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
    }
    func writeCSVSet(_ fixture: CSVFixture, prefix: String = Fixtures.key.id, skip: RecordKind? = nil) throws {
        for kind in CSVFixture.kinds where kind != skip {
            let suffix = RecordSchema.csvFiles.first { $0.kind == kind }!.suffix
            try write(prefix + suffix, GzipDeflater.gzip(Array(fixture.text(kind).utf8)))
        }
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct DiscoveryTests {
    @Test func fileNamePatterns() {
        typealias Role = SubmissionDiscovery.FileRole
        let key = SubmissionKey(province: 52, year: 2019, revision: 12)
        #expect(SubmissionDiscovery.role(of: "52-2019-r12.registry.xml") == Role.xml(key, gzip: false))
        #expect(SubmissionDiscovery.role(of: "52-2019-r12.registry.xml.gz") == Role.xml(key, gzip: true))
        #expect(SubmissionDiscovery.role(of: "52-2019-r12.members.csv.gz") == Role.csv(key, .member))
        for name in [
            "52-2019-r12.members.csv", "52-2019-r012.registry.xml", "52-2013-r1.registry.xml",
            "52-2031-r1.registry.xml",
            "5-2019-r1.registry.xml", "52-2019-r0.registry.xml", "52-2019-1.registry.xml", "x52-2019-r1.registry.xml",
            "52-2019-r1.registry.xml.gz.part", "52-2019-r1.persons.csv.gz", ".52-2019-r1.registry.xml",
        ] {
            #expect(SubmissionDiscovery.role(of: name) == nil, "\(name)")
        }
    }

    @Test func groupsOrdersHashesAndNotices() throws {
        let inbox = try TemporaryInbox()
        try inbox.writeCSVSet(.valid, prefix: "52-2019-r2")
        try inbox.write("52-2019-r1.registry.xml", Array("<registry/>".utf8))
        try inbox.write("45-2020-r1.registry.xml.gz", GzipDeflater.gzip(Array("<registry/>".utf8)))
        try inbox.write("readme.txt", [1, 2, 3])
        try FileManager.default.createDirectory(
            atPath: inbox.path + "/52-2018-r1.registry.xml", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(
            atPath: inbox.path + "/53-2019-r1.registry.xml", withDestinationPath: inbox.path + "/readme.txt")
        let found = try SubmissionDiscovery.discover(inbox: inbox.path)
        #expect(found.submissions.map(\.key.id) == ["45-2020-r1", "52-2019-r1", "52-2019-r2"])
        #expect(found.submissions.map(\.format) == [.xmlGzip, .xml, .csvGzip])
        #expect(found.submissions.allSatisfy { $0.problem == nil })
        let csv = found.submissions[2]
        #expect(
            csv.fileNames == [
                "52-2019-r2.counties.csv.gz", "52-2019-r2.households.csv.gz", "52-2019-r2.members.csv.gz",
                "52-2019-r2.villages.csv.gz",
            ])
        // Content hash recipe, worked out independently: name \n size \n bytes, per file in name order.
        var expected = SHA256Hasher()
        for file in csv.files {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: inbox.path + "/" + file.name)))
            #expect(file.sha256 == SHA256Hasher.hex(of: bytes))
            #expect(file.size == Int64(bytes.count))
            expected.update(Array("\(file.name)\n\(bytes.count)\n".utf8) + bytes)
        }
        #expect(csv.contentHash == expected.finalizeHex())
        // A symlink is refused even though it points inside the inbox; a folder and a stray file are notices.
        #expect(found.notices.map(\.rule) == [.notASubmission, .pathOutsideInbox, .notASubmission])
        #expect(
            found.notices.map(\.location.file) == ["52-2018-r1.registry.xml", "53-2019-r1.registry.xml", "readme.txt"])
    }

    @Test func sidecarsAreVerified() throws {
        let inbox = try TemporaryInbox()
        let good = GzipDeflater.gzip(Array("<registry/>".utf8))
        try inbox.write("52-2019-r1.registry.xml.gz", good)
        try inbox.write(
            "52-2019-r1.registry.xml.gz.sha256",
            Array("\(SHA256Hasher.hex(of: good))  52-2019-r1.registry.xml.gz\n".utf8))
        try inbox.write("52-2019-r2.registry.xml", Array("<registry/>".utf8))
        try inbox.write(
            "52-2019-r2.registry.xml.sha256", Array("\(SHA256Hasher.hex(of: [1]))  52-2019-r2.registry.xml\n".utf8))
        try inbox.write("52-2019-r3.registry.xml", Array("<registry/>".utf8))
        try inbox.write(
            "52-2019-r3.registry.xml.sha256",
            Array("\(SHA256Hasher.hex(of: Array("<registry/>".utf8)))  other.xml\n".utf8))
        try inbox.write("52-2019-r4.registry.xml.sha256", Array("00  52-2019-r4.registry.xml\n".utf8))
        let found = try SubmissionDiscovery.discover(inbox: inbox.path)
        #expect(found.submissions.map { $0.problem?.rule } == [nil, .checksumMismatch, .checksumMismatch])
        #expect(found.notices.map(\.location.file) == ["52-2019-r4.registry.xml.sha256"])
        let batch = Ingestor.ingest(found.submissions[1], options: IngestOptions(pseudonymizer: Fixtures.pseudonymizer))
        #expect(batch.outcome == .incomplete && batch.reason?.rule == .checksumMismatch)
    }

    @Test func sidecarFormats() {
        let hex = String(repeating: "ab", count: 32)
        #expect(SubmissionDiscovery.parseSidecar(Array("\(hex)  f.gz\n".utf8), file: "f.gz") == hex)
        #expect(SubmissionDiscovery.parseSidecar(Array("\(hex.uppercased()) *f.gz\r\n".utf8), file: "f.gz") == hex)
        #expect(SubmissionDiscovery.parseSidecar(Array("\(hex) f.gz\n".utf8), file: "f.gz") == nil)
        #expect(SubmissionDiscovery.parseSidecar(Array("\(hex)  g.gz\n".utf8), file: "f.gz") == nil)
    }

    @Test func csvSetMissingAFileIsRejectedWhole() throws {
        let inbox = try TemporaryInbox()
        try inbox.writeCSVSet(.valid, skip: .village)
        let found = try SubmissionDiscovery.discover(inbox: inbox.path)
        #expect(found.submissions.count == 1)
        #expect(found.submissions[0].problem?.rule == .csvFileMissing)
        #expect(found.submissions[0].problem?.location.file == "52-2019-r1.villages.csv.gz")
        let batch = Ingestor.ingest(found.submissions[0], options: IngestOptions(pseudonymizer: Fixtures.pseudonymizer))
        #expect(batch.outcome == .rejected && batch.households.count == 0)
    }

    @Test func symlinkedCSVFileMakesTheSetIncomplete() throws {
        let inbox = try TemporaryInbox()
        try inbox.writeCSVSet(.valid, skip: .member)
        try inbox.write("elsewhere.bin", GzipDeflater.gzip(Array(CSVFixture.valid.text(.member).utf8)))
        try FileManager.default.createSymbolicLink(
            atPath: inbox.path + "/52-2019-r1.members.csv.gz", withDestinationPath: "elsewhere.bin")
        let found = try SubmissionDiscovery.discover(inbox: inbox.path)
        #expect(found.submissions[0].problem?.rule == .csvFileMissing)
        #expect(found.submissions[0].problem?.message.contains("symbolic link") == true)
        #expect(found.notices.contains { $0.rule == .pathOutsideInbox })
    }

    @Test func missingInboxThrows() {
        #expect(throws: IngestError.self) { try SubmissionDiscovery.discover(inbox: "/nonexistent/jingzhun-inbox") }
    }
}

@Suite struct IngestorTests {
    @Test func csvSubmissionEndToEndWithSmallChunks() throws {
        let inbox = try TemporaryInbox()
        try inbox.writeCSVSet(.valid)
        let found = try SubmissionDiscovery.discover(inbox: inbox.path)
        for chunk in [1, 7, 1 << 20] {
            let batch = Ingestor.ingest(
                found.submissions[0],
                options: IngestOptions(pseudonymizer: Fixtures.pseudonymizer, readChunkBytes: chunk))
            #expect(batch.outcome == .applied && batch.rejections.isEmpty)
            #expect(batch.households.householdID == ["H1", "H2", "H3"] && batch.members.count == 6)
            #expect(batch.contentHash == found.submissions[0].contentHash)
            #expect(batch.files == found.submissions[0].fileNames)
            #expect(batch.households == CSVFixture.valid.validate().households)
        }
    }

    @Test func fileChangedAfterDiscoveryIsIncomplete() throws {
        let inbox = try TemporaryInbox()
        try inbox.writeCSVSet(.valid)
        let found = try SubmissionDiscovery.discover(inbox: inbox.path)
        var fixture = CSVFixture.valid
        fixture.rows[.member]![0]["labor"] = "weak"
        try inbox.writeCSVSet(fixture)
        let batch = Ingestor.ingest(found.submissions[0], options: IngestOptions(pseudonymizer: Fixtures.pseudonymizer))
        #expect(batch.outcome == .incomplete && batch.reason?.rule == .checksumMismatch)
    }

    /// Issue 20: a file whose stamp discovery kept is not hashed again by ingest; its unchanged
    /// stamp vouches for discovery's digest, and any write after discovery is still F003.
    @Test func settledFileIsHashedOnceAndAChangeAfterDiscoveryIsStillIncomplete() throws {
        let inbox = try TemporaryInbox()
        try inbox.writeCSVSet(.valid)
        try inbox.write("52-2019-r2.registry.xml", Array("<registry/>".utf8))
        let later = InboxHashCacheTests.later
        let recent = try SubmissionDiscovery.discover(inbox: inbox.path, nowNanoseconds: 0)
        #expect(recent.submissions.allSatisfy { $0.files.allSatisfy { $0.stamp == nil } })
        #expect(try SubmissionDiscovery.discover(inbox: inbox.path).submissions[0].files.allSatisfy { $0.stamp == nil })
        let found = try SubmissionDiscovery.discover(inbox: inbox.path, nowNanoseconds: later)
        #expect(found.submissions[0].files.allSatisfy { $0.stamp != nil })
        let options = IngestOptions(pseudonymizer: Fixtures.pseudonymizer)
        #expect(Ingestor.ingest(found.submissions[0], options: options).outcome == .applied)
        // Proof that the bytes are not hashed again: a made-up digest passes while the stamp holds…
        var forged = found.submissions[0]
        for index in forged.files.indices { forged.files[index].sha256 = String(repeating: "a", count: 64) }
        #expect(Ingestor.ingest(forged, options: options).outcome == .applied)
        // …and fails without the stamp (hashed again and compared, as for a recent file).
        for index in forged.files.indices { forged.files[index].stamp = nil }
        #expect(Ingestor.ingest(forged, options: options).reason?.rule == .checksumMismatch)
        // A write after discovery changes the stamp (ctime), whatever the size: F003.
        var fixture = CSVFixture.valid
        fixture.rows[.member]![0]["labor"] = "weak"
        try inbox.writeCSVSet(fixture)
        // (The size differs too, so the check does not rest on the clock's resolution here.)
        let members = try #require(found.submissions[0].files.first { $0.kind == .member })
        let now = InboxFile.stamp(inbox: inbox.path, name: members.name, fileSystem: POSIXFileSystem())
        #expect(now != nil && now?.size != members.stamp?.size)
        let batch = Ingestor.ingest(found.submissions[0], options: options)
        #expect(batch.outcome == .incomplete && batch.reason?.rule == .checksumMismatch)
        #expect(batch.reason?.message.hasSuffix("changed since it was discovered: upload in progress?") == true)
    }
}

/// The hash cache: unchanged files are recognised by their stamps and not read again; any
/// change, a racily recent file or a problem means the files are read as if there were no cache.
@Suite struct InboxHashCacheTests {
    static let later: Int64 = 4_102_444_800 * 1_000_000_000  // 2100-01-01: every test file is old by then

    @Test func unchangedFilesAreRecognisedWithoutReading() throws {
        let inbox = try TemporaryInbox()
        try inbox.write("52-2019-r1.registry.xml", Array("<registry/>".utf8))
        try inbox.writeCSVSet(.valid, prefix: "45-2019-r1")
        let first = try SubmissionDiscovery.discover(inbox: inbox.path, nowNanoseconds: Self.later)
        #expect(first.reusedHashes == 0)
        #expect(first.hashCache.entries.count == 2)
        // A second scan with that cache reuses both; prove it does not read the files by handing
        // it a cache whose digests are made up but whose stamps match.
        var forged = InboxHashCache()
        for entry in first.hashCache.sortedEntries {
            forged.insert(
                InboxHashCache.Entry(
                    files: entry.files.map {
                        InboxHashCache.File(name: $0.name, stamp: $0.stamp, sha256: String(repeating: "a", count: 64))
                    },
                    contentHash: String(repeating: "b", count: 64)))
        }
        let second = try SubmissionDiscovery.discover(inbox: inbox.path, hashCache: forged, nowNanoseconds: Self.later)
        #expect(second.reusedHashes == 2)
        #expect(second.submissions.allSatisfy { $0.contentHash == String(repeating: "b", count: 64) })
        // With the true cache, the result equals a scan without one.
        let third = try SubmissionDiscovery.discover(
            inbox: inbox.path, hashCache: first.hashCache, nowNanoseconds: Self.later)
        #expect(third.reusedHashes == 2)
        #expect(third.submissions == first.submissions)
    }

    @Test func aChangedFileIsReadAgain() throws {
        let inbox = try TemporaryInbox()
        try inbox.write("52-2019-r1.registry.xml", Array("<registry a='1'/>".utf8))
        let first = try SubmissionDiscovery.discover(inbox: inbox.path, nowNanoseconds: Self.later)
        // Same size, other bytes: the write changes the file's ctime, so its stamp. (File times
        // tick with the kernel's coarse clock: wait past one tick so that this write is in a
        // later one, as the 2-second racy window guarantees for real scans.)
        usleep(50_000)
        try inbox.write("52-2019-r1.registry.xml", Array("<registry a='2'/>".utf8))
        let second = try SubmissionDiscovery.discover(
            inbox: inbox.path, hashCache: first.hashCache, nowNanoseconds: Self.later)
        #expect(second.reusedHashes == 0)
        #expect(second.submissions[0].contentHash != first.submissions[0].contentHash)
        #expect(second.submissions[0].files[0].sha256 == SHA256Hasher.hex(of: Array("<registry a='2'/>".utf8)))
    }

    @Test func recentProblematicOrUntimedScansAreNotCached() throws {
        let inbox = try TemporaryInbox()
        try inbox.write("52-2019-r1.registry.xml", Array("<registry/>".utf8))
        try inbox.write("53-2019-r1.registry.xml", Array("<registry/>".utf8))
        try inbox.write(
            "53-2019-r1.registry.xml.sha256",
            Array((String(repeating: "0", count: 64) + "  53-2019-r1.registry.xml\n").utf8))
        // Just written: within the racy window of a scan happening now.
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let recent = try SubmissionDiscovery.discover(
            inbox: inbox.path, nowNanoseconds: Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))
        #expect(recent.hashCache.entries.isEmpty)
        // Later: the good file is cached; the one failing its sidecar (an upload in progress) is not.
        let later = try SubmissionDiscovery.discover(inbox: inbox.path, nowNanoseconds: Self.later)
        #expect(later.hashCache.entries.keys.sorted() == ["52-2019-r1.registry.xml"])
        #expect(later.submissions[1].problem?.rule == .checksumMismatch)
        // No time given (`jingzhun check`): nothing is cached.
        #expect(try SubmissionDiscovery.discover(inbox: inbox.path).hashCache.entries.isEmpty)
    }
}
