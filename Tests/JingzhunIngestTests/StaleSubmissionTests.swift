import JingzhunCore
import Testing

@testable import JingzhunIngest

/// F016 (submissions.md §Snapshot semantics): a revision not newer than the one in force is
/// reported, not applied; the record is built by ingest, without reading the files.
@Suite struct StaleSubmissionTests {
    @Test func staleBatchNamesTheRuleTheFileAndTheRevisionInForce() {
        let submission = DiscoveredSubmission(
            key: SubmissionKey(province: 52, year: 2019, revision: 1), format: .xml, inbox: "/inbox",
            files: [DiscoveredFile(name: "52-2019-r1.registry.xml", kind: nil, size: 10, sha256: "ab")],
            contentHash: "cd")
        let batch = submission.staleBatch(inForce: SubmissionKey(province: 52, year: 2019, revision: 3))
        #expect(batch.outcome == .stale)
        #expect(batch.key == submission.key && batch.contentHash == "cd")
        #expect(batch.files == ["52-2019-r1.registry.xml"])
        #expect(batch.households.count == 0)
        #expect(batch.reason?.rule == .staleRevision)
        #expect(batch.reason?.location == SourceLocation(file: "52-2019-r1.registry.xml"))
        #expect(
            batch.reason?.message
                == "revision 1 of 52-2019 is not newer than the accepted revision 3: reported, not applied")
    }
}
