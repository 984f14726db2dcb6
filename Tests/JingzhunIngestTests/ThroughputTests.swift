import Foundation
import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunIngest

/// CSV ingest throughput on a generated ~100k-household submission.
///
/// Runs only with `JINGZHUN_BENCH=1` (meant for `swift test -c release --filter ThroughputTests`),
/// so ordinary test runs stay fast; prints inflated MB/s and records/s, and checks the result.
@Suite struct ThroughputTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["JINGZHUN_BENCH"] == "1"))
    func csvIngestThroughput() throws {
        let households = 100_000
        var fixture = CSVFixture.valid
        let householdTemplate = fixture.rows[.household]![0]
        let memberTemplate = fixture.rows[.member]![0]
        let villageTemplate = fixture.rows[.village]![0]
        fixture.rows[.village] = (1...100).map { index in
            var village = villageTemplate
            village["village_code"] = "520102001" + String(String(1000 + index).dropFirst())
            return village
        }
        var householdText = fixture.columns[.household]!.joined(separator: ",") + "\n"
        var memberText = fixture.columns[.member]!.joined(separator: ",") + "\n"
        var sequence = 0
        for index in 0..<households {
            var household = householdTemplate
            household["household_id"] = "52-\(index)"
            household["village_code"] = "520102001" + String(String(1000 + index % 100 + 1).dropFirst())
            householdText += fixture.columns[.household]!.map { household[$0] ?? "" }.joined(separator: ",") + "\n"
            for relation in ["head", "spouse", "child", "parent"] {
                sequence += 1
                var member = memberTemplate
                let day = String(String(100 + sequence % 28 + 1).dropFirst())
                member["member_id"] = Fixtures.identity(
                    birth: "198001" + day, sequence: (sequence % 499) * 2 + 1,
                    region: "52" + String(String(10_000 + sequence / 998).dropFirst()))
                member["birth_date"] = "1980-01-" + day
                member["household_id"] = "52-\(index)"
                member["relation"] = relation
                memberText += fixture.columns[.member]!.map { member[$0] ?? "" }.joined(separator: ",") + "\n"
            }
        }
        let inbox = try TemporaryInbox()
        try inbox.write("52-2019-r1.counties.csv.gz", GzipDeflater.gzip(Array(fixture.text(.county).utf8)))
        try inbox.write("52-2019-r1.villages.csv.gz", GzipDeflater.gzip(Array(fixture.text(.village).utf8)))
        try inbox.write("52-2019-r1.households.csv.gz", GzipDeflater.gzip(Array(householdText.utf8)))
        try inbox.write("52-2019-r1.members.csv.gz", GzipDeflater.gzip(Array(memberText.utf8)))
        let inflatedBytes = householdText.utf8.count + memberText.utf8.count
        let found = try SubmissionDiscovery.discover(inbox: inbox.path)
        let clock = ContinuousClock()
        var batch: SubmissionBatch?
        let elapsed = clock.measure {
            batch = Ingestor.ingest(found.submissions[0], options: IngestOptions(pseudonymizer: Fixtures.pseudonymizer))
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let records = households * 5
        print(
            "CSV ingest: \(inflatedBytes / 1_000_000) MB inflated, \(records) records in \(seconds) s: "
                + "\(Int(Double(inflatedBytes) / seconds / 1e6)) MB/s, \(Int(Double(records) / seconds)) records/s")
        #expect(batch?.outcome == .applied)
        #expect(batch?.households.count == households)
        #expect(batch?.members.count == households * 4)
    }
}
