import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunRuns

#if canImport(Glibc)
    import Glibc
#endif

/// Staged batches are written in bounded pieces (issue 20): the writer hands its buffer on every
/// `flushBytes`, never holding the encoded batch, and the bytes are those of `encode`.
struct StagedBatchStreamingTests {
    /// A batch of many households and members, so its encoding is many pieces long.
    static func largeBatch(households: Int) -> SubmissionBatch {
        var b = sampleBatch()
        let h = b.households
        let m = b.members
        for index in 0..<households {
            let from = index % 2
            b.households.householdID.append("H-\(index + 10)")
            b.households.villageCode.append(h.villageCode[from])
            b.households.registeredYear.append(h.registeredYear[from])
            b.households.category.append(h.category[from])
            b.households.cause.append(h.cause[from])
            b.households.status.append(h.status[from])
            b.households.exitYear.append(h.exitYear[from])
            b.households.housingGrade.append(h.housingGrade[from])
            b.households.safeWater.append(h.safeWater[from])
            b.households.foodClothingSecured.append(h.foodClothingSecured[from])
            b.households.incomeWageFen.append(Int64(index) * 7)
            b.households.incomeOperatingFen.append(h.incomeOperatingFen[from])
            b.households.incomePropertyFen.append(h.incomePropertyFen[from])
            b.households.incomeTransferFen.append(h.incomeTransferFen[from])
            b.households.operatingCostFen.append(h.operatingCostFen[from])
            b.households.measures.append(h.measures[from])
            b.households.sourceLine.append(Int64(index + 4))
            b.members.householdIndex.append(Int32(index + 2))
            b.members.identityKey.append(Pseudonym(w0: UInt64(index), w1: 5, w2: 6, w3: 7))
            b.members.relation.append(m.relation[from])
            b.members.sex.append(m.sex[from])
            b.members.birthDate.append(m.birthDate[from])
            b.members.education.append(m.education[from])
            b.members.schooling.append(m.schooling[from])
            b.members.health.append(m.health[from])
            b.members.labor.append(m.labor[from])
            b.members.medicalInsured.append(m.medicalInsured[from])
            b.members.seriousIllnessInsured.append(m.seriousIllnessInsured[from])
            b.members.pensionInsured.append(m.pensionInsured[from])
            b.members.sourceLine.append(Int64(index + 4))
        }
        return b
    }

    @Test(arguments: [64, 1_000, 1 << 20])
    func piecesAreBoundedAndMakeTheSameBytes(flushBytes: Int) throws {
        let batch = Self.largeBatch(households: 2_000)
        let whole = try BatchCodec.encode(batch)
        var pieces: [[UInt8]] = []
        var writer = BatchCodec.Writer()
        writer.flushBytes = flushBytes
        writer.output = { pieces.append($0) }
        try BatchCodec.encode(batch, into: &writer)
        // The longest single value written at once: a household row (`StagedRowLayout`).
        let largestItem = StagedRowLayout.householdBytes
        #expect(pieces.allSatisfy { $0.count >= flushBytes && $0.count < flushBytes + largestItem })
        #expect(writer.bytes.count < flushBytes + largestItem)
        if whole.count >= flushBytes * 2 { #expect(pieces.count >= whole.count / (flushBytes + largestItem)) }
        #expect(Array(pieces.joined()) + writer.bytes == whole)
    }

    @Test func writtenFileDecodesAndLeavesNoTemporary() throws {
        var template = Array("/tmp/jingzhun-staging-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let folder = try #require(made.map { String(cString: $0) })
        defer { POSIXFileSystem().removeTree(folder) }
        let batch = Self.largeBatch(households: 500)
        try BatchCodec.write(batch, to: folder + "/staging/b.batch", flushBytes: 100)
        #expect(try POSIXFileSystem().list(folder + "/staging") == ["b.batch"])
        let decoded = try #require(StageEngine.readStagedBatch(folder + "/staging/b.batch"))
        #expect(try BatchCodec.encode(decoded) == BatchCodec.encode(batch))
        #expect(try POSIXFileSystem().readAll(folder + "/staging/b.batch") == BatchCodec.encode(batch))
        // Read back with its rows left in the file: any range reads as the columns' slice.
        #expect(decoded.rows?.householdCount == batch.households.count)
        #expect(try decoded.rows?.households(7..<300) == batch.households.slice(7..<300))
        #expect(try decoded.rows?.members(0..<decoded.memberCount) == batch.members)
    }
}
