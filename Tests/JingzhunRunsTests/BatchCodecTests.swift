import JingzhunCore
import Testing

@testable import JingzhunRuns

func sampleBatch() -> SubmissionBatch {
    var b = SubmissionBatch(
        key: SubmissionKey(province: 52, year: 2019, revision: 2), format: .csvGzip,
        files: ["52-2019-r2.counties.csv.gz", "52-2019-r2.members.csv.gz"], contentHash: "abc123")
    b.counties.countyCode = [520_102]
    b.counties.ruralPopulation = [10_000]
    b.counties.ruralIncomeFen = [1_234_567]
    b.counties.sourceLine = [2]
    b.villages.villageCode = [520_102_001_001]
    b.villages.name = ["新村 \"A\""]
    for keyPath in [\VillageColumns.isPoorVillage, \.road, \.water, \.electricity, \.broadband, \.clinic] {
        b.villages[keyPath: keyPath] = [true]
    }
    b.villages.population = [321]
    b.villages.sourceLine = [2]
    b.households.householdID = ["H-1", "H-2"]
    b.households.villageCode = [520_102_001_001, 520_102_001_001]
    b.households.registeredYear = [2014, 2016]
    b.households.category = [.general, .extremePovertySupport]
    b.households.cause = [.illness, .other]
    b.households.status = [.exited, .poor]
    b.households.exitYear = [2019, nil]
    b.households.housingGrade = [.a, .d]
    b.households.safeWater = [true, false]
    b.households.foodClothingSecured = [true, true]
    b.households.incomeWageFen = [100, 200]
    b.households.incomeOperatingFen = [-50, 0]
    b.households.incomePropertyFen = [0, 1]
    b.households.incomeTransferFen = [5, 6]
    b.households.operatingCostFen = [1, 2]
    b.households.measures = [MeasureSet([.health, .microcredit]), MeasureSet()]
    b.households.sourceLine = [2, 3]
    b.members.householdIndex = [0, 1]
    b.members.identityKey = [Pseudonym(w0: 1, w1: 2, w2: 3, w3: 4), Pseudonym(w0: .max, w1: 0, w2: 7, w3: 9)]
    b.members.relation = [.head, .head]
    b.members.sex = [.female, .male]
    b.members.birthDate = [-3653, 12_000]
    b.members.education = [.primary, .tertiary]
    b.members.schooling = [.notInSchool, .inSchool]
    b.members.health = [.healthy, .disabled]
    b.members.labor = [.none, .skilled]
    b.members.medicalInsured = [true, false]
    b.members.seriousIllnessInsured = [false, true]
    b.members.pensionInsured = [true, true]
    b.members.sourceLine = [2, 3]
    b.rejections = [
        Rejection(
            rule: .identityCheckCharacter, location: SourceLocation(file: "m.csv", line: 9, column: 3),
            householdID: "H-3", field: "member_id", message: "bad check character in 110105**********21")
    ]
    b.warnings = [
        Diagnostic(rule: .unknownColumn, location: SourceLocation(file: "h.csv", line: 1), message: "unknown column x")
    ]
    b.counts.householdsReceived = 3
    b.counts.householdsRejected = 1
    b.counts.passes = [.headCount: 2, .identityCheckCharacter: 1]
    return b
}

@Test func stagedBatchRoundTripsExactly() throws {
    let b = sampleBatch()
    let decoded = try #require(BatchCodec.decode(try BatchCodec.encode(b)))
    #expect(decoded.key == b.key && decoded.files == b.files && decoded.contentHash == b.contentHash)
    #expect(decoded.counties == b.counties)
    #expect(decoded.villages == b.villages)
    #expect(decoded.households == b.households)
    #expect(decoded.members == b.members)
    #expect(decoded.rejections == b.rejections)
    #expect(decoded.warnings == b.warnings)
    #expect(decoded.counts == b.counts)
}

@Test func truncatedOrForeignStagedBatchIsIgnored() throws {
    let bytes = try BatchCodec.encode(sampleBatch())
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
        #expect(BatchCodec.decode(Array(bytes.prefix(cut))) == nil)
    }
    #expect(BatchCodec.decode(Array("JZBATCH1 old format".utf8)) == nil)
    // Version 3 (before the rows moved behind the head, issue 20) is another format.
    var old = bytes
    old.replaceSubrange(0..<8, with: Array("JZBATCH3".utf8))
    #expect(BatchCodec.decode(old) == nil)
}

@Test func verifyComparesDataOutputsOnly() {
    #expect(Verifier.isDataOutput("exports/indicators.csv"))
    #expect(Verifier.isDataOutput("reports/2019/national.html"))
    #expect(Verifier.isDataOutput("store/households/year=2019/province=52/part-00000-x.parquet"))
    #expect(!Verifier.isDataOutput("store/households/_delta_log/00000000000000000001.json"))
    #expect(!Verifier.isDataOutput("runs/x/manifest.json"))
    #expect(!Verifier.isDataOutput("metrics.prom"))
    #expect(!Verifier.isDataOutput("state/compute.json"))
}

@Test func metricsAreValidPrometheusText() {
    var m = RunMetrics()
    m.stageSeconds = [("ingest", 1.25), ("compute", 0.5)]
    m.submissionsByOutcome = ["rejected": 1, "applied": 3]
    m.startedAt = WallTime(milliseconds: 1_000)
    m.endedAt = WallTime(milliseconds: 3_500)
    m.lastSuccess = m.endedAt
    let text = m.render(pipeline: "sample")
    #expect(text.contains("jingzhun_stage_duration_seconds{pipeline=\"sample\",stage=\"ingest\"} 1.25\n"))
    #expect(text.contains("jingzhun_submissions{pipeline=\"sample\",outcome=\"applied\"} 3\n"))
    #expect(text.contains("jingzhun_run_duration_seconds{pipeline=\"sample\"} 2.5\n"))
    #expect(text.contains("jingzhun_last_success_timestamp_seconds{pipeline=\"sample\"} 3.5\n"))
    // Every sample line is preceded by its HELP and TYPE.
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let name = String(line.prefix { $0 != "{" })
        #expect(text.contains("# TYPE \(name) gauge"))
    }
}
