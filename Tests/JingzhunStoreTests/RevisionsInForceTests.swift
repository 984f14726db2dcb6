import JingzhunCore
import JingzhunStore
import Testing

/// The revision-in-force rule (submissions.md §Snapshot semantics), decided by one pure value.
@Suite struct RevisionsInForceTests {
    static func row(
        _ province: Int32, _ year: Int32, r revision: Int32, _ hash: String,
        _ outcome: SubmissionOutcome = .applied
    ) -> SubmissionRecord {
        SubmissionRecord(
            key: SubmissionKey(province: province, year: year, revision: revision), format: .xml,
            files: ["\(province)-\(year)-r\(revision).registry.xml"], contentHash: hash, outcome: outcome,
            counts: SubmissionCounts(), warnings: 0)
    }

    @Test func nothingInForceMeansNewer() {
        let revisions = RevisionsInForce(ledger: [Self.row(52, 2019, r: 3, "c", .rejected)])
        #expect(
            revisions.decide(SubmissionKey(province: 52, year: 2019, revision: 1), contentHash: "a")
                == .newer(replacing: nil))
        #expect(revisions.years.isEmpty)
    }

    @Test(arguments: [
        // (revision, hash) of the candidate, against r2 "b" in force.
        (Int32(3), "x", RevisionDecision.newer(replacing: SubmissionKey(province: 52, year: 2019, revision: 2))),
        (Int32(2), "b", RevisionDecision.alreadyInForce),
        (
            Int32(2), "z",
            RevisionDecision.stale(inForce: SubmissionKey(province: 52, year: 2019, revision: 2), contentHash: "b")
        ),
        (
            Int32(1), "a",
            RevisionDecision.stale(inForce: SubmissionKey(province: 52, year: 2019, revision: 2), contentHash: "b")
        ),
    ])
    func decisionAgainstTheRevisionInForce(revision: Int32, hash: String, expected: RevisionDecision) {
        let revisions = RevisionsInForce(ledger: [
            Self.row(52, 2019, r: 1, "a"), Self.row(52, 2019, r: 2, "b"), Self.row(52, 2019, r: 4, "d", .stale),
            Self.row(52, 2020, r: 7, "e"),
        ])
        #expect(
            revisions.decide(SubmissionKey(province: 52, year: 2019, revision: revision), contentHash: hash) == expected
        )
    }

    @Test func highestRevisionThenHashIsInForceWhateverTheOrder() {
        let rows = [
            Self.row(52, 2019, r: 2, "a"), Self.row(52, 2019, r: 2, "f"), Self.row(52, 2019, r: 1, "z"),
            Self.row(11, 2018, r: 1, "q"), Self.row(52, 2018, r: 5, "p", .incomplete),
        ]
        for ledger in [rows, rows.reversed()] {
            let revisions = RevisionsInForce(ledger: ledger)
            #expect(revisions[ProvinceYearSlot(province: 52, year: 2019)]?.contentHash == "f")
            #expect(revisions.records.map(\.key.id) == ["11-2018-r1", "52-2019-r2"])
            #expect(revisions.years == [2018, 2019])
            #expect(revisions.byYear[2019]?.map(\.contentHash) == ["f"])
        }
    }

    @Test func acceptingABatchMakesLaterOnesStale() {
        var revisions = RevisionsInForce()
        revisions.accept(Self.row(52, 2019, r: 2, "b"))
        #expect(
            revisions.decide(SubmissionKey(province: 52, year: 2019, revision: 1), contentHash: "a")
                == .stale(inForce: SubmissionKey(province: 52, year: 2019, revision: 2), contentHash: "b"))
        // An older revision accepted later does not displace the newer one.
        revisions.accept(Self.row(52, 2019, r: 1, "a"))
        #expect(revisions[ProvinceYearSlot(province: 52, year: 2019)]?.key.revision == 2)
    }
}
