import JingzhunCore
import Testing

@testable import JingzhunStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Write and read throughput of one large submission. Runs only with `JINGZHUN_BENCH=<households>`
/// (it takes seconds to minutes); prints rows per second and checks the round trip.
struct ThroughputTests {
    static func scaled(_ households: Int) -> SubmissionBatch {
        let template = Fixtures.guizhou2019()
        var batch = SubmissionBatch(
            key: template.key, format: .csvGzip, files: template.files, contentHash: template.contentHash)
        batch.counties = template.counties
        batch.villages = template.villages
        var h = HouseholdColumns()
        var m = MemberColumns()
        for i in 0..<households {
            let t = i % 3
            h.householdID.append("GZ-\(i)")
            h.villageCode.append(template.households.villageCode[t])
            h.registeredYear.append(template.households.registeredYear[t])
            h.category.append(template.households.category[t])
            h.cause.append(Cause.allCases[i % Cause.allCases.count])
            h.status.append(template.households.status[t])
            h.exitYear.append(template.households.exitYear[t])
            h.housingGrade.append(template.households.housingGrade[t])
            h.safeWater.append(i % 7 != 0)
            h.foodClothingSecured.append(i % 11 != 0)
            h.incomeWageFen.append(Int64(i % 1_000_000) * 37)
            h.incomeOperatingFen.append(Int64(i % 5_000) - 1_000)
            h.incomePropertyFen.append(Int64(i % 300))
            h.incomeTransferFen.append(36_000)
            h.operatingCostFen.append(Int64(i % 900))
            h.measures.append(MeasureSet(rawValue: UInt16(i % 1024)))
            h.sourceLine.append(Int64(i + 2))
            for j in 0..<4 {
                m.householdIndex.append(Int32(i))
                m.identityKey.append(Fixtures.pseudonym(UInt64(i * 4 + j)))
                m.relation.append(j == 0 ? .head : .child)
                m.sex.append(j % 2 == 0 ? .male : .female)
                m.birthDate.append(Int32(-5_000 + (i * 4 + j) % 20_000))
                m.education.append(Education.allCases[j])
                m.schooling.append(Schooling.allCases[(i + j) % Schooling.allCases.count])
                m.health.append(Health.allCases[(i + j) % Health.allCases.count])
                m.labor.append(Labor.allCases[(i + j) % Labor.allCases.count])
                m.medicalInsured.append(true)
                m.seriousIllnessInsured.append(j != 3)
                m.pensionInsured.append(j == 0)
                m.sourceLine.append(Int64(i * 4 + j + 2))
            }
        }
        batch.households = h
        batch.members = m
        return batch
    }

    @Test func largeSubmissionThroughput() throws {
        guard let text = getenv("JINGZHUN_BENCH").map({ String(cString: $0) }), let households = Int(text) else {
            print("ThroughputTests skipped: set JINGZHUN_BENCH=<households> to measure")
            return
        }
        let folder = TemporaryFolder("bench")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        let batch = Self.scaled(households)
        let clock = ContinuousClock()
        let write = clock.measure { _ = try? store.apply(batch, now: 1) }
        var loaded: [ProvinceYearData] = []
        let read = clock.measure { loaded = (try? store.loadYear(2019)) ?? [] }
        let rows = Double(households + batch.members.count)
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let bytes = allFiles(under: folder.path).filter { $0.hasSuffix(".parquet") }
            .compactMap { StoreFiles().size(folder.path + "/" + $0) }.reduce(0, +)
        print(
            "store throughput: \(households) households + \(batch.members.count) members; apply \(seconds(write)) s "
                + "(\(Int(rows / seconds(write))) rows/s), loadYear \(seconds(read)) s (\(Int(rows / seconds(read))) "
                + "rows/s); \(bytes) bytes of Parquet"
        )
        #expect(loaded.first?.households == batch.households)
        #expect(loaded.first?.members == batch.members)
    }

    /// Cost of log replay without checkpoints: many revisions of one partition.
    @Test func manyCommitsReplayCost() throws {
        guard let text = getenv("JINGZHUN_BENCH").map({ String(cString: $0) }), Int(text) != nil else {
            print("ThroughputTests skipped: set JINGZHUN_BENCH=<households> to measure")
            return
        }
        let folder = TemporaryFolder("bench-log")
        defer { folder.remove() }
        let store = Store(root: folder.path)
        let clock = ContinuousClock()
        let revisions: Int32 = 200
        var last = Duration.zero
        let all = clock.measure {
            for revision in 1...revisions {
                var batch = Fixtures.guizhou2019(revision: revision, incomeShiftFen: Int64(revision))
                batch.contentHash = SHA256Like.hex(revision)
                last = clock.measure { _ = try? store.apply(batch, now: Int64(revision)) }
            }
        }
        let read = clock.measure { _ = try? store.loadYear(2019) }
        print(
            "store log replay: \(revisions) applies in \(all), the last one \(last); loadYear at version \(revisions) "
                + "\(read)"
        )
        #expect(try store.versions()[.households] == Int64(revisions))
        #expect(try store.loadYear(2019).first?.key.revision == revisions)
    }
}

/// Distinct lowercase-hex content hashes per revision for the log benchmark.
enum SHA256Like {
    static func hex(_ n: Int32) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        var value = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
        for _ in 0..<64 {
            out.append(digits[Int(value & 0xF)])
            value = value >> 4 | value << 60
        }
        return out
    }
}
