import JingzhunCore
import JingzhunIO
import JingzhunIngest
import JingzhunReports
import JingzhunTesting
import Testing

@testable import JingzhunRuns
@testable import JingzhunStore

/// Runs' incremental decisions (issue 14), each case on `InMemoryFileSystem`: the inbox, the
/// discovery, the ingest and the store live in memory, nothing touches the disk. Ingest's
/// decision per submission is `IngestPlan.decide`; compute's and render's are the fingerprints of
/// `StageFingerprints`, compared with the state files.
@Suite struct IncrementalDecisionTests {
    static let r1 = "52-2019-r1.registry.xml.gz"
    static let r2 = "52-2019-r2.registry.xml.gz"
    static let now: Int64 = 1_764_815_400_000

    /// An in-memory output: an inbox holding `files` from sample-inputs/, and a store.
    struct Night {
        let memory = InMemoryFileSystem()
        let store: Store

        init(_ files: [String]) throws {
            store = Store(root: "/out/store", fileSystem: memory)
            try memory.copy(files, from: TestFolder.repository + "/sample-inputs", to: "/inbox")
        }

        func discover(_ cache: InboxHashCache = InboxHashCache()) throws -> InboxDiscovery {
            try SubmissionDiscovery.discover(
                inbox: "/inbox", hashCache: cache, nowNanoseconds: IncrementalDecisionTests.now * 1_000_000,
                fileSystem: memory)
        }

        /// The decision for each discovered submission, by id, against the store's ledger.
        func decisions(staged: Set<String> = []) throws -> [String: IngestDecision] {
            let rows = try store.submissions()
            var out: [String: IngestDecision] = [:]
            for d in try discover().submissions {
                out[d.key.id] = IngestPlan.decide(
                    d, ledger: IngestPlan.ledger(rows), staged: staged, inForce: RevisionsInForce(ledger: rows))
            }
            return out
        }

        /// Ingests (in memory) and applies or records the submission `id`, as normalize does.
        @discardableResult
        func ingest(_ id: String, crash: SimulatedCrash? = nil) throws -> SubmissionBatch {
            let d = try #require(try discover().submissions.first { $0.key.id == id })
            var options = IngestOptions(pseudonymizer: Pseudonymizer(key: Array("incremental-test-key".utf8)))
            options.fileSystem = memory
            let batch = Ingestor.ingest(d, options: options)
            var store = self.store
            store.simulatedCrash = crash
            if batch.outcome == .applied {
                try store.apply(batch, now: IncrementalDecisionTests.now)
            } else {
                try store.record(batch, now: IncrementalDecisionTests.now)
            }
            return batch
        }
    }

    static let r1Key = SubmissionKey(province: 52, year: 2019, revision: 1)
    static let r2Key = SubmissionKey(province: 52, year: 2019, revision: 2)

    @Test func aNewSubmissionIsIngestedThenUnchanged() throws {
        let night = try Night([Self.r1])
        #expect(try night.decisions() == ["52-2019-r1": .ingest])
        #expect(try night.ingest("52-2019-r1").outcome == .applied)
        #expect(try night.decisions() == ["52-2019-r1": .unchanged(previous: Self.r1Key, outcome: .applied)])
        #expect(!POSIXFileSystem().exists("/inbox/" + Self.r1), "nothing reached the disk")
    }

    @Test func anOlderRevisionArrivingAfterANewerIsStale() throws {
        let night = try Night([Self.r2])
        try night.ingest("52-2019-r2")
        try night.memory.copy([Self.r1], from: TestFolder.repository + "/sample-inputs", to: "/inbox")
        let decisions = try night.decisions()
        #expect(decisions["52-2019-r1"] == .stale(inForce: Self.r2Key))
        #expect(decisions["52-2019-r2"] == .unchanged(previous: Self.r2Key, outcome: .applied))
        // The newer revision replaces the one in force; the same bytes under another name do not.
        let newer = try Night([Self.r1])
        try newer.ingest("52-2019-r1")
        try newer.memory.copy([Self.r2], from: TestFolder.repository + "/sample-inputs", to: "/inbox")
        #expect(try newer.decisions()["52-2019-r2"] == .ingest)
    }

    @Test func aBatchWaitingInStagingIsNotIngestedAgain() throws {
        let night = try Night([Self.r1])
        let hash = try #require(try night.discover().submissions.first?.contentHash)
        #expect(try night.decisions(staged: [hash]) == ["52-2019-r1": .staged])
    }

    @Test func anIncompleteUploadIsIngestedAgainOnceItsSidecarMatches() throws {
        let night = try Night([Self.r1])
        try night.memory.replace(
            "/inbox/" + Self.r1 + ".sha256", with: Array((String(repeating: "0", count: 64) + "  \(Self.r1)\n").utf8))
        #expect(try night.decisions() == ["52-2019-r1": .ingest])
        #expect(try night.ingest("52-2019-r1").outcome == .incomplete)
        // Still the wrong sidecar: the same bytes, already recorded incomplete.
        #expect(try night.decisions() == ["52-2019-r1": .unchanged(previous: Self.r1Key, outcome: .incomplete)])
        // The sidecar removed (the upload is whole): ingested again, although its bytes did not change.
        try night.memory.remove("/inbox/" + Self.r1 + ".sha256")
        #expect(try night.decisions() == ["52-2019-r1": .ingest])
        #expect(try night.ingest("52-2019-r1").outcome == .applied)
        // Now in force: not read a third time (the ledger holds both rows of these bytes).
        let third = try night.decisions()["52-2019-r1"]
        #expect(third == .alreadyInForce || third == .unchanged(previous: Self.r1Key, outcome: .applied), "\(third!)")
    }

    @Test func unchangedFilesAreRecognisedByTheirCachedDigestsWithoutReading() throws {
        let night = try Night([Self.r1, Self.r2])
        let first = try night.discover()
        #expect(first.reusedHashes == 0)
        let second = try night.discover(first.hashCache)
        #expect(second.reusedHashes == 2)
        #expect(second.submissions.map(\.contentHash) == first.submissions.map(\.contentHash))
        // A file rewritten since (a new stamp) is hashed again.
        try night.memory.replace("/inbox/" + Self.r2, with: try night.memory.readAll("/inbox/" + Self.r1))
        let third = try night.discover(first.hashCache)
        #expect(third.reusedHashes == 1)
        #expect(third.submissions[0].contentHash == first.submissions[0].contentHash)
        #expect(third.submissions[1].contentHash != first.submissions[1].contentHash, "read again: new bytes")
    }

    @Test(arguments: [SimulatedCrash.afterDataFiles, .afterCommit(.households), .afterCommit(.rejections)])
    func aSubmissionWhoseApplyWasInterruptedIsIngestedAgainAndEndsAsAnUninterruptedRun(crash: SimulatedCrash) throws {
        let crashed = try Night([Self.r1])
        #expect(throws: StoreError.self) { try crashed.ingest("52-2019-r1", crash: crash) }
        // No ledger row (the `submissions` commit is the "applied" marker): the submission is new again.
        #expect(try crashed.decisions() == ["52-2019-r1": .ingest])
        try crashed.ingest("52-2019-r1")
        let clean = try Night([Self.r1])
        try clean.ingest("52-2019-r1")
        #expect(try crashed.store.loadYear(2019) == clean.store.loadYear(2019))
        #expect(try crashed.store.submissions() == clean.store.submissions())
        try crashed.store.checkIntegrity(computedYears: [])
        #expect(try crashed.decisions() == ["52-2019-r1": .unchanged(previous: Self.r1Key, outcome: .applied)])
    }

    @Test func planningWritesNothingSoADryRunLeavesTheOutputAsItWas() throws {
        let night = try Night([Self.r1, Self.r2])
        try night.ingest("52-2019-r1")
        let before = night.memory.tree("/")
        _ = try night.decisions()
        #expect(night.memory.tree("/") == before)
    }

    // MARK: - Compute and render fingerprints

    static func record(_ key: SubmissionKey, _ hash: String) -> SubmissionRecord {
        SubmissionSummary(key: key, format: .xml, files: [], outcome: .applied, inForce: true).record.with(hash: hash)
    }

    @Test func computeRedoesAYearWhenItsInputsOrTheCatalogueChangeAndOnlyThen() {
        var reference = ReferenceData()
        reference.povertyLine = [2018: 2995, 2019: 3218]
        let catalogue = [(name: "catalogue.yaml", sha256: "aaa")]
        let inForce: [Int32: [SubmissionRecord]] = [
            2018: [Self.record(SubmissionKey(province: 52, year: 2018, revision: 1), "h18")],
            2019: [Self.record(Self.r1Key, "h19")],
        ]
        func fingerprint(
            _ year: Int32, _ inForce: [Int32: [SubmissionRecord]], _ catalogue: [(name: String, sha256: String)],
            _ reference: ReferenceData
        ) -> String {
            StageFingerprints.compute(
                year: year, inForce: inForce, catalogue: catalogue, reference: reference, toolVersion: "test")
        }
        let base = fingerprint(2019, inForce, catalogue, reference)
        #expect(fingerprint(2019, inForce, catalogue, reference) == base, "unchanged inputs: cached")
        #expect(fingerprint(2019, inForce, [(name: "catalogue.yaml", sha256: "bbb")], reference) != base)
        var revised = inForce
        revised[2019] = [Self.record(Self.r2Key, "h19b")]
        #expect(fingerprint(2019, revised, catalogue, reference) != base, "a new revision in force")
        #expect(fingerprint(2018, revised, catalogue, reference) == fingerprint(2018, inForce, catalogue, reference))
        var earlier = inForce
        earlier[2018] = [Self.record(SubmissionKey(province: 52, year: 2018, revision: 2), "h18b")]
        #expect(fingerprint(2019, earlier, catalogue, reference) != base, "year y−1 feeds year y")
        var line = reference
        line.povertyLine[2019] = 3300
        #expect(fingerprint(2019, inForce, catalogue, line) != base)
    }

    @Test func renderRedoesAYearWhenTemplatesComputeOrItsLedgerChangeAndOnlyThen() {
        var computed = ComputeState()
        computed.years[2018] = ComputeState.Year(fingerprint: "c18")
        computed.years[2019] = ComputeState.Year(fingerprint: "c19")
        let summaries = [
            SubmissionSummary(key: Self.r1Key, format: .xml, files: [], outcome: .applied, inForce: true)
        ]
        func fingerprint(
            _ year: Int32, templates: String = "t", computed: ComputeState, _ summaries: [SubmissionSummary]
        ) -> String {
            StageFingerprints.render(
                year: year, computed: computed, templatesSHA256: templates, referenceHash: "r", options: "o",
                site: "s", summaries: summaries, toolVersion: "test")
        }
        let base19 = fingerprint(2019, computed: computed, summaries)
        let base18 = fingerprint(2018, computed: computed, summaries)
        #expect(fingerprint(2019, computed: computed, summaries) == base19, "unchanged inputs: cached")
        #expect(fingerprint(2019, templates: "t2", computed: computed, summaries) != base19, "templates changed")
        var recomputed = computed
        recomputed.years[2019]?.fingerprint = "c19b"
        #expect(fingerprint(2019, computed: recomputed, summaries) != base19)
        #expect(fingerprint(2018, computed: recomputed, summaries) == base18, "a later year does not touch 2018")
        var earlier = computed
        earlier.years[2018]?.fingerprint = "c18b"
        #expect(fingerprint(2019, computed: earlier, summaries) != base19, "trends include the earlier years")
        let stale =
            summaries + [
                SubmissionSummary(key: Self.r2Key, format: .xml, files: [], outcome: .stale, inForce: false)
            ]
        #expect(fingerprint(2019, computed: computed, stale) != base19, "a stale upload is listed in the report")
        #expect(fingerprint(2018, computed: computed, stale) == base18)
    }
}

extension SubmissionRecord {
    fileprivate func with(hash: String) -> SubmissionRecord {
        var copy = self
        copy.contentHash = hash
        return copy
    }
}
