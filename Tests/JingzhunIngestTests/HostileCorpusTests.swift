import Foundation
import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunIngest

#if canImport(Glibc)
    import Glibc
#endif

/// The hostile corpus (Tests/Fixtures/hostile, made by make_corpus.py there): one inbox folder per
/// defect, named by the rule it must produce. Each case asserts the rule and its location.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var folder: String
    var rule: RuleCode
    /// File suffix after the `52-2019-r1` prefix, or a whole name for notices.
    var file: String
    var line: Int
    var outcome: SubmissionOutcome?
    var testDescription: String { folder }
}

let hostileCases: [HostileCase] = [
    .init(folder: "F001-not-a-submission", rule: .notASubmission, file: "notes.txt", line: 0, outcome: nil),
    .init(
        folder: "F002-symlink-outside", rule: .pathOutsideInbox, file: "52-2019-r1.registry.xml", line: 0,
        outcome: nil),
    .init(
        folder: "F002-symlink-to-device", rule: .pathOutsideInbox, file: "52-2019-r1.registry.xml", line: 0,
        outcome: nil),
    .init(
        folder: "F002-symlink-to-key", rule: .pathOutsideInbox, file: "52-2019-r1.registry.xml", line: 0, outcome: nil),
    .init(
        folder: "F003-checksum-mismatch", rule: .checksumMismatch, file: ".households.csv.gz", line: 0,
        outcome: .incomplete),
    .init(folder: "F004-corrupt-gzip", rule: .gzipCorrupt, file: ".households.csv.gz", line: 0, outcome: .rejected),
    .init(folder: "F005-truncated-gzip", rule: .gzipTruncated, file: ".members.csv.gz", line: 0, outcome: .incomplete),
    .init(folder: "F006-gzip-bomb", rule: .gzipExpansionLimit, file: ".villages.csv.gz", line: 0, outcome: .rejected),
    .init(folder: "F012-missing-csv-file", rule: .csvFileMissing, file: ".members.csv.gz", line: 0, outcome: .rejected),
    .init(
        folder: "F013-missing-column", rule: .csvColumnMissing, file: ".households.csv.gz", line: 1,
        outcome: .rejected),
    .init(
        folder: "F014-too-many-rejected", rule: .tooManyRejectedHouseholds, file: ".households.csv.gz", line: 0,
        outcome: .rejected),
    .init(
        folder: "F017-duplicate-column", rule: .csvDuplicateColumn, file: ".counties.csv.gz", line: 1,
        outcome: .rejected),
    .init(folder: "F018-empty-csv", rule: .csvNoHeader, file: ".counties.csv.gz", line: 0, outcome: .rejected),
    .init(
        folder: "H012-duplicate-identity-lowercase-x", rule: .identityDuplicate, file: ".members.csv.gz", line: 4,
        outcome: .rejected),
    .init(folder: "M010-orphan-member", rule: .orphanMember, file: ".members.csv.gz", line: 5, outcome: .applied),
    .init(folder: "R001-ragged-row", rule: .raggedRow, file: ".households.csv.gz", line: 3, outcome: .rejected),
    .init(
        folder: "R002-unterminated-quote", rule: .unterminatedQuote, file: ".members.csv.gz", line: 4,
        outcome: .rejected),
    .init(folder: "R003-invalid-utf8", rule: .invalidUTF8, file: ".villages.csv.gz", line: 2, outcome: .rejected),
    .init(folder: "R004-nul-byte", rule: .nulByte, file: ".households.csv.gz", line: 2, outcome: .rejected),
    .init(folder: "R006-malformed-quote", rule: .malformedQuote, file: ".members.csv.gz", line: 3, outcome: .rejected),
    .init(
        folder: "V002-line-after-quoted-newline", rule: .villageFieldInvalid, file: ".villages.csv.gz", line: 4,
        outcome: .applied),
]

@Suite struct HostileCorpusTests {
    static let folder = Fixtures.root + "/hostile"
    static let options = IngestOptions(
        pseudonymizer: Fixtures.pseudonymizer, maxRejectedHouseholdPct: 5, maxInflatedBytes: 1 << 20,
        readChunkBytes: 4096)

    struct Finding: CustomStringConvertible {
        var rule: RuleCode
        var location: JingzhunCore.SourceLocation
        var description: String { "\(rule.rawValue)@\(location)" }
    }

    @Test(arguments: hostileCases)
    func caseReportsItsRuleAndLocation(_ hostile: HostileCase) throws {
        let discovery = try SubmissionDiscovery.discover(inbox: Self.folder + "/" + hostile.folder)
        var findings = discovery.notices.map { Finding(rule: $0.rule, location: $0.location) }
        var outcomes: [SubmissionOutcome] = []
        for submission in discovery.submissions {
            let batch = Ingestor.ingest(submission, options: Self.options)
            outcomes.append(batch.outcome)
            if let reason = batch.reason { findings.append(Finding(rule: reason.rule, location: reason.location)) }
            findings += batch.rejections.map { Finding(rule: $0.rule, location: $0.location) }
            findings += batch.warnings.map { Finding(rule: $0.rule, location: $0.location) }
            // A rejected submission hands on nothing that could be stored.
            if batch.outcome != .applied { #expect(batch.households.count == 0 && batch.members.count == 0) }
        }
        let file = hostile.file.hasPrefix(".") ? Fixtures.key.id + hostile.file : hostile.file
        #expect(
            findings.contains {
                $0.rule == hostile.rule && $0.location.file == file && $0.location.line == hostile.line
            },
            "findings: \(findings)")
        if let outcome = hostile.outcome { #expect(outcomes == [outcome]) } else { #expect(outcomes.isEmpty) }
    }

    /// issue 13: a FIFO in the inbox (which git cannot hold, so it is made here) is a notice and
    /// is never opened: discovery and ingest end at once instead of waiting for a writer.
    @Test func aFIFOIsANoticeAndNeverOpened() throws {
        let inbox = try TemporaryInbox()
        try inbox.writeCSVSet(.valid)
        #expect(mkfifo(inbox.path + "/52-2019-r2.registry.xml", 0o644) == 0)
        #expect(mkfifo(inbox.path + "/README", 0o644) == 0)
        // A FIFO in place of a file of a CSV set: the set misses it (refused, not waited on).
        try FileManager.default.removeItem(atPath: inbox.path + "/52-2019-r1.members.csv.gz")
        #expect(mkfifo(inbox.path + "/52-2019-r1.members.csv.gz", 0o644) == 0)
        let discovery = try SubmissionDiscovery.discover(inbox: inbox.path)
        #expect(
            discovery.notices.map(\.location.file) == [
                "52-2019-r1.members.csv.gz", "52-2019-r2.registry.xml", "README",
            ])
        #expect(discovery.notices.allSatisfy { $0.rule == .notASubmission && $0.message.contains("FIFO") })
        #expect(discovery.submissions.map(\.problem?.rule) == [.csvFileMissing])
        #expect(Ingestor.ingest(discovery.submissions[0], options: Self.options).outcome == .rejected)
        // A listed file swapped for a FIFO before ingest reads it: refused (F019), not waited on.
        var swapped = discovery.submissions[0]
        swapped.problem = nil
        swapped.files.append(DiscoveredFile(name: "52-2019-r1.members.csv.gz", kind: .member, size: 0, sha256: ""))
        swapped.files.sort { $0.name < $1.name }
        let batch = Ingestor.ingest(swapped, options: Self.options)
        #expect(batch.reason?.rule == .unreadable)
        #expect(
            batch.reason?.message.contains("not a regular file (a FIFO") == true, "\(String(describing: batch.reason))")
    }

    /// Every folder of the corpus has an expectation above, and every expectation a folder.
    @Test func everyCorpusFolderHasAnExpectation() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: Self.folder + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.filter { $0 != "xml" }  // hostile/xml/ is the XML reader's corpus, with its own completeness test
        #expect(Set(folders) == Set(hostileCases.map(\.folder)))
        // Folder names start with the rule code they exercise.
        for hostile in hostileCases { #expect(hostile.folder.hasPrefix(hostile.rule.rawValue + "-")) }
    }
}
