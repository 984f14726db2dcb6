import Foundation
import JingzhunCore
import JingzhunIO
import Testing
@testable import JingzhunIngest

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
    .init(folder: "F002-symlink-outside", rule: .pathOutsideInbox, file: "52-2019-r1.registry.xml", line: 0, outcome: nil),
    .init(folder: "F003-checksum-mismatch", rule: .checksumMismatch, file: ".households.csv.gz", line: 0, outcome: .incomplete),
    .init(folder: "F004-corrupt-gzip", rule: .gzipCorrupt, file: ".households.csv.gz", line: 0, outcome: .rejected),
    .init(folder: "F005-truncated-gzip", rule: .gzipTruncated, file: ".members.csv.gz", line: 0, outcome: .incomplete),
    .init(folder: "F006-gzip-bomb", rule: .gzipExpansionLimit, file: ".villages.csv.gz", line: 0, outcome: .rejected),
    .init(folder: "F012-missing-csv-file", rule: .csvFileMissing, file: ".members.csv.gz", line: 0, outcome: .rejected),
    .init(folder: "F013-missing-column", rule: .csvColumnMissing, file: ".households.csv.gz", line: 1, outcome: .rejected),
    .init(folder: "F014-too-many-rejected", rule: .tooManyRejectedHouseholds, file: ".households.csv.gz", line: 0, outcome: .rejected),
    .init(folder: "F017-duplicate-column", rule: .csvDuplicateColumn, file: ".counties.csv.gz", line: 1, outcome: .rejected),
    .init(folder: "F018-empty-csv", rule: .csvNoHeader, file: ".counties.csv.gz", line: 0, outcome: .rejected),
    .init(folder: "H012-duplicate-identity-lowercase-x", rule: .identityDuplicate, file: ".members.csv.gz", line: 4, outcome: .rejected),
    .init(folder: "M010-orphan-member", rule: .orphanMember, file: ".members.csv.gz", line: 5, outcome: .applied),
    .init(folder: "R001-ragged-row", rule: .raggedRow, file: ".households.csv.gz", line: 3, outcome: .rejected),
    .init(folder: "R002-unterminated-quote", rule: .unterminatedQuote, file: ".members.csv.gz", line: 4, outcome: .rejected),
    .init(folder: "R003-invalid-utf8", rule: .invalidUTF8, file: ".villages.csv.gz", line: 2, outcome: .rejected),
    .init(folder: "R004-nul-byte", rule: .nulByte, file: ".households.csv.gz", line: 2, outcome: .rejected),
    .init(folder: "R006-malformed-quote", rule: .malformedQuote, file: ".members.csv.gz", line: 3, outcome: .rejected),
    .init(folder: "V002-line-after-quoted-newline", rule: .villageFieldInvalid, file: ".villages.csv.gz", line: 4, outcome: .applied),
]

@Suite struct HostileCorpusTests {
    static let folder = Fixtures.root + "/hostile"
    static let options = IngestOptions(
        pseudonymizer: Fixtures.pseudonymizer, maxRejectedHouseholdPct: 5, maxInflatedBytes: 1 << 20, readChunkBytes: 4096)

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
            findings.contains { $0.rule == hostile.rule && $0.location.file == file && $0.location.line == hostile.line },
            "findings: \(findings)")
        if let outcome = hostile.outcome { #expect(outcomes == [outcome]) } else { #expect(outcomes.isEmpty) }
    }

    /// Every folder of the corpus has an expectation above, and every expectation a folder.
    @Test func everyCorpusFolderHasAnExpectation() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: Self.folder + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
        }.filter { $0 != "xml" }  // hostile/xml/ is the XML reader's corpus, with its own completeness test
        #expect(Set(folders) == Set(hostileCases.map(\.folder)))
        // Folder names start with the rule code they exercise.
        for hostile in hostileCases { #expect(hostile.folder.hasPrefix(hostile.rule.rawValue + "-")) }
    }
}
