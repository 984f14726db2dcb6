import JingzhunCore
import JingzhunIO
import JingzhunIngest
import JingzhunStore
import JingzhunSynth
import JingzhunTesting
import Testing

@testable import JingzhunRuns

/// Issue 20: ingest spilling households and members to scratch rows gives exactly the batch the
/// in-memory path gives (same counts, rejections and their order, warnings, columns), and the
/// store writes the same Parquet bytes from the rows (in process and through a staged batch) as
/// from the columns, at tiny row groups.
@Suite(.serialized) struct SpilledIngestTests {
    static let pseudonymizer = Pseudonymizer(key: Array("spilled-ingest-test-key".utf8))

    static func inbox(_ format: SynthOptions.Format, _ folder: String) throws -> [DiscoveredSubmission] {
        let inbox = folder + "/inbox"
        _ = try Synthesizer.generate(
            SynthOptions(
                provinces: [52, 53], years: [2019], householdsPerProvince: 400, seed: 7, format: format,
                defectRate: 0.08, referenceDirectory: TestFolder.repository + "/pipelines/reference",
                truthDirectory: folder + "/truth"),
            outputDirectory: inbox)
        try handMade(inbox)
        return try SubmissionDiscovery.discover(inbox: inbox).submissions
    }

    /// A CSV set with members out of household order, repeated household numbers and identity
    /// numbers, an orphan, a household without members, one with two heads, one above the W004
    /// income ceiling.
    static func handMade(_ inbox: String) throws {
        let county = "450102"
        let village = county + "001001"
        func gz(_ name: String, _ text: String) throws {
            try POSIXFileSystem().replace(
                inbox + "/45-2019-r1." + name + ".csv.gz", with: try GzipDeflater.gzip(Array(text.utf8)))
        }
        try gz("counties", "county_code,rural_population,rural_income\n\(county),1000,9000.50\n")
        try gz(
            "villages",
            "village_code,county_code,name,poor_village,population,road,water,electricity,broadband,clinic\n"
                + "\(village),\(county),Village,1,300,1,1,1,0,1\n")
        var households =
            "household_id,village_code,registered_year,category,cause,status,exit_year,housing_grade,safe_water,"
            + "food_clothing_secured,income_wage,income_operating,income_property,income_transfer,operating_cost,"
            + "measures\n"
        for id in ["H-A", "H-B", "H-C", "H-A", "H-D", "H-E", "H-F"] {
            households += "\(id),\(village),2016,general,illness,poor,,B,1,1,1200.00,-30.5,0,400,10,industry;health\n"
        }
        households += "H-G,\(village),2016,general,illness,poor,,B,1,1,500000.00,0,0,0,0,\n"
        try gz("households", households)
        // Identity numbers with their check characters; the 17th digit gives the sex.
        let ids = [
            "110105194912310003", "110105194912310011", "11010519491231002X", "110105194912310038",
            "110105194912310046", "110105194912310054", "110105194912310062", "110105194912310070",
            "110105194912310089",
        ]
        var members =
            "member_id,household_id,name,relation,sex,birth_date,education,schooling,health,labor,"
            + "medical_insured,serious_illness_insured,pension_insured\n"
        func member(_ id: String, _ household: String, _ relation: String) {
            let digit = Int(String(Array(id)[16]))!
            members +=
                "\(id),\(household),Name,\(relation),\(digit % 2 == 1 ? "M" : "F"),1949-12-31,primary,not_in_school,"
                + "healthy,none,1,0,1\n"
        }
        member(ids[0], "H-C", "head")
        member(ids[1], "H-A", "head")
        member(ids[2], "H-C", "spouse")
        member(ids[3], "H-B", "head")
        member(ids[4], "H-A", "child")
        member(ids[5], "H-Z", "head")  // orphan
        member(ids[1], "H-D", "head")  // repeats H-A's head
        member(ids[6], "H-F", "head")
        member(ids[7], "H-F", "head")  // two heads
        member(ids[8], "H-G", "head")
        member(ids[2].lowercased(), "H-B", "spouse")  // H-C's spouse again, x in lowercase
        try gz("members", members)
    }

    static func options(scratch: String?) -> IngestOptions {
        var options = IngestOptions(pseudonymizer: pseudonymizer, maxRejectedHouseholdPct: 100)
        options.scratchFolder = scratch
        return options
    }

    /// The Parquet files of a store by path inside it, with their bytes.
    static func parquetFiles(_ root: String) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for path in POSIXFileSystem().walkFiles(root) where path.hasSuffix(".parquet") {
            out[path] = try POSIXFileSystem().readAll(root + "/" + path)
        }
        return out
    }

    @Test(arguments: [SynthOptions.Format.csv, .xml])
    func spilledBatchesEqualInMemoryOnesAndStoreTheSameBytes(format: SynthOptions.Format) throws {
        let folder = TestFolder.fresh("spilled", "\(format)")
        defer { TestFolder.remove(folder) }
        let submissions = try Self.inbox(format, folder)
        #expect(submissions.count == 3)
        let stores = ["columns", "rows", "staged"].map { Store(root: folder + "/store-" + $0, rowGroupRows: 3) }
        var applied = 0
        for d in submissions {
            let reference = Ingestor.ingest(d, options: Self.options(scratch: nil))
            let spilled = Ingestor.ingest(d, options: Self.options(scratch: folder + "/tmp/ingest"))
            #expect(reference.rows == nil)
            #expect(spilled.scratchFailure == nil)
            #expect(spilled.outcome == reference.outcome)
            #expect(spilled.counts == reference.counts)
            #expect(spilled.rejections == reference.rejections)
            #expect(spilled.warnings == reference.warnings)
            #expect(spilled.counties == reference.counties && spilled.villages == reference.villages)
            #expect(spilled.households.count == 0 && spilled.members.count == 0)
            if d.key.province == 45 {
                // The hand-made set: accepted, with each household-level defect found.
                #expect(reference.outcome == .applied)
                for rule: RuleCode in [
                    .householdDuplicate, .identityDuplicate, .orphanMember, .noMembers, .headCount, .incomeAboveCeiling,
                ] {
                    #expect((reference.counts.findings[rule] ?? 0) > 0, "\(rule.rawValue)")
                }
            }
            guard spilled.outcome == .applied, let rows = spilled.rows else {
                #expect(spilled.rows == nil)
                continue
            }
            #expect(reference.counts.householdsRejected > 0)
            #expect(rows.householdCount == reference.households.count)
            #expect(try rows.households(0..<rows.householdCount) == reference.households)
            #expect(try rows.members(0..<rows.memberCount) == reference.members)
            let cut = (rows.memberCount / 3)..<min(rows.memberCount, rows.memberCount / 3 + 5)
            #expect(try rows.members(cut) == reference.members.slice(cut))
            let indices = reference.members.householdIndex.reversed().map { $0 }
            #expect(try rows.householdIDs(indices) == indices.map { reference.households.householdID[Int($0)] })
            // Staged: written from the scratch rows, read back with its rows left in the file.
            let staged = folder + "/staging/\(d.key.id).batch"
            try BatchCodec.write(spilled, to: staged, flushBytes: 1000)
            #expect(try BatchCodec.encode(reference) == POSIXFileSystem().readAll(staged))
            let read = try #require(try BatchCodec.read(staged))
            #expect(try read.rows?.members(0..<rows.memberCount) == reference.members)
            try stores[0].apply(reference, now: 1)
            try stores[1].apply(spilled, now: 1)
            try stores[2].apply(read, now: 1)
            read.rows?.remove()
            rows.remove()
            applied += 1
        }
        #expect(applied >= 2)
        #expect((try? POSIXFileSystem().list(folder + "/tmp/ingest")) ?? [] == [])
        let expected = try Self.parquetFiles(folder + "/store-columns")
        #expect(expected.count > 10)
        #expect(try Self.parquetFiles(folder + "/store-rows") == expected)
        #expect(try Self.parquetFiles(folder + "/store-staged") == expected)
    }

    @Test func anUnwritableScratchFolderIsAFailureNamingIt() throws {
        let folder = TestFolder.fresh("spilled", "unwritable")
        defer { TestFolder.remove(folder) }
        let d = try Self.inbox(.csv, folder).first { $0.key.province == 45 }!
        try POSIXFileSystem().replace(folder + "/blocked", with: [1])
        let batch = Ingestor.ingest(d, options: Self.options(scratch: folder + "/blocked/tmp"))
        #expect(batch.rows == nil)
        #expect(batch.scratchFailure?.message.contains(folder + "/blocked/tmp") == true)
    }
}
