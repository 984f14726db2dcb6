import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunIngest

/// F020: a submission without any household would replace a province's data with nothing (issue 16).
@Suite struct EmptySubmissionTests {
    @Test func aCSVSetWithAHeaderOnlyHouseholdsFileIsRejectedWhole() {
        var fixture = CSVFixture.valid
        fixture.rows[.household] = []
        fixture.rows[.member] = []
        let batch = fixture.validate(maxRejectedHouseholdPct: 100)
        #expect(batch.outcome == .rejected)
        #expect(batch.reason?.rule == .noHouseholds)
        #expect(
            batch.reason?.location.file.hasSuffix(".households.csv.gz") == true, "\(String(describing: batch.reason))")
        #expect(batch.households.count == 0)
    }

    @Test func anXMLRegistryWithoutHouseholdsIsRejectedWhole() throws {
        let inbox = try TemporaryInbox()
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <registry xmlns="urn:jingzhun:registry:1" province="52" year="2019" revision="3">
              <county code="520102" rural-population="100000" rural-income="12000.50"/>
            </registry>
            """
        try inbox.write("52-2019-r3.registry.xml", Array(xml.utf8))
        let found = try SubmissionDiscovery.discover(inbox: inbox.path)
        let batch = Ingestor.ingest(found.submissions[0], options: IngestOptions(pseudonymizer: Fixtures.pseudonymizer))
        #expect(batch.outcome == .rejected)
        #expect(batch.reason?.rule == .noHouseholds)
        #expect(batch.reason?.message.contains("province 52 for 2019 with nothing") == true)
    }

    /// A valid submission is not caught by the rule.
    @Test func aSubmissionWithHouseholdsPassesIt() {
        let batch = CSVFixture.valid.validate(maxRejectedHouseholdPct: 100)
        #expect(batch.reason?.rule != .noHouseholds)
    }
}
