import Foundation
import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunIngest

/// issue 13: every per-record finding is counted in full, but only the first
/// `SubmissionCounts.examplesPerRule` of each rule are kept as rows.
@Suite struct BoundedFindingsTests {
    @Test func anOrphanFloodIsCountedInFullAndKeptUpToTheCap() {
        let cap = SubmissionCounts.examplesPerRule
        let flood = cap * 2 + 500
        var fixture = CSVFixture.valid
        var text = fixture.text(.member)
        let orphan = text.split(separator: "\n")[1].replacingOccurrences(of: ",H1,", with: ",H404,")
        for _ in 0..<flood { text += orphan + "\n" }
        fixture.rows[.member] = nil
        var texts = Dictionary(uniqueKeysWithValues: CSVFixture.kinds.map { ($0, Array(fixture.text($0).utf8)) })
        texts[.member] = Array(text.utf8)
        let batch = CSVFixture.validate(texts: texts)
        #expect(batch.outcome == .applied)
        #expect(batch.households.count == 3 && batch.members.count == 6)
        #expect(batch.counts.orphanMembers == flood)
        #expect(batch.counts.findings[.orphanMember] == flood)
        let kept = batch.rejections.filter { $0.rule == .orphanMember }
        #expect(kept.count == cap)
        // The examples kept are the first ones found, in file order.
        #expect(kept.first?.location.line == 8 && kept.last?.location.line == 8 + cap - 1)
        #expect(kept.allSatisfy { $0.message.contains("H404") })
    }

    @Test func fewFindingsAreAllKeptAndCounted() {
        var fixture = CSVFixture.valid
        fixture.rows[.household]![0]["category"] = "nonsense"
        let batch = fixture.validate()
        #expect(batch.counts.findings[.householdNotInEnumeration] == 1)
        #expect(batch.rejections.filter { $0.rule == .householdNotInEnumeration }.count == 1)
    }
}
