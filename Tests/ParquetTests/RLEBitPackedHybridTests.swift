import Testing

@testable import Parquet

@Suite struct RLEBitPackedHybridTests {
    func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var out: [UInt8] = []
        values.withUnsafeBufferPointer { RLEBitPackedHybridEncoder.encode($0, bitWidth: bitWidth, into: &out) }
        return out
    }

    func decode(_ bytes: [UInt8], bitWidth: Int, count: Int, batch: Int = 37) throws(ParquetError) -> [UInt32] {
        var result: [UInt32] = []
        var buffer = [UInt32](repeating: 0, count: batch)
        let outcome: Result<Void, ParquetError> = bytes.withUnsafeBytes { raw in
            buffer.withUnsafeMutableBufferPointer { batchBuffer in
                do throws(ParquetError) {
                    var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth, count: count)
                    while decoder.remaining > 0 {
                        let produced = try decoder.decode(into: batchBuffer)
                        result.append(contentsOf: batchBuffer[0..<produced])
                    }
                    return .success(())
                } catch { return .failure(error) }
            }
        }
        try outcome.get()
        return result
    }

    /// Encodings.md: the numbers 0…7 with bit width 3 pack into 10001000 11000110 11111010.
    @Test func specExampleBitPacksLeastSignificantBitFirst() throws {
        let bytes = encode([0, 1, 2, 3, 4, 5, 6, 7], bitWidth: 3)
        #expect(bytes == [0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010])  // header: 1 group << 1 | 1
        #expect(try decode(bytes, bitWidth: 3, count: 8) == [0, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test func longRunsBecomeRLERuns() throws {
        // 100 × 5 at width 3: header varint(100 << 1) = 0xC8 0x01, then one value byte.
        #expect(encode(Array(repeating: 5, count: 100), bitWidth: 3) == [0xC8, 0x01, 0x05])
        // Width 17 stores the repeated value in 3 bytes, little-endian.
        #expect(encode(Array(repeating: 0x1_0203, count: 8), bitWidth: 17) == [0x10, 0x03, 0x02, 0x01])
        // Width 0: only the run header.
        #expect(encode(Array(repeating: 0, count: 10), bitWidth: 0) == [0x14])
        #expect(try decode([0x14], bitWidth: 0, count: 10) == Array(repeating: 0, count: 10))
    }

    @Test func literalsArePaddedToWholeGroupsAtTheEnd() throws {
        // 3 literals at width 1: one group, padded with zeros: values 1,0,1 → 0b0000_0101.
        let bytes = encode([1, 0, 1], bitWidth: 1)
        #expect(bytes == [0x03, 0x05])
        #expect(try decode(bytes, bitWidth: 1, count: 3) == [1, 0, 1])
    }

    @Test func literalsBorrowFromAFollowingRun() throws {
        // 3 literals then a run of 10: the group takes 5 of the run, the other 5 follow as literals.
        let values: [UInt32] = [1, 2, 3] + Array(repeating: 7, count: 10)
        let bytes = encode(values, bitWidth: 3)
        #expect(try decode(bytes, bitWidth: 3, count: values.count) == values)
    }

    @Test func seededRandomRoundTripForEveryBitWidth() throws {
        var generator = SeededGenerator(seed: 0x5EED_0001)
        for bitWidth in 0...32 {
            let maximum: UInt64 = bitWidth == 0 ? 0 : (UInt64(1) << UInt64(bitWidth)) - 1
            for trial in 0..<20 {
                let count = Int.random(in: 0...1500, using: &generator)
                var values: [UInt32] = []
                while values.count < count {
                    let value = UInt32(UInt64.random(in: 0...maximum, using: &generator))
                    // Mix short literals and long runs so both run kinds and their boundaries occur.
                    let repeats = Bool.random(using: &generator) ? 1 : Int.random(in: 1...40, using: &generator)
                    values.append(contentsOf: repeatElement(value, count: min(repeats, count - values.count)))
                }
                let bytes = encode(values, bitWidth: bitWidth)
                let batch = Int.random(in: 1...600, using: &generator)
                let decoded = try decode(bytes, bitWidth: bitWidth, count: count, batch: batch)
                #expect(decoded == values, "bit width \(bitWidth), trial \(trial), seed 0x5EED0001")
            }
        }
    }

    @Test func truncatedInputThrows() {
        let bytes = encode(Array(0..<64), bitWidth: 6)
        for cut in 0..<bytes.count {
            #expect(throws: ParquetError.self, "cut at \(cut)") {
                _ = try decode(Array(bytes[0..<cut]), bitWidth: 6, count: 64)
            }
        }
        #expect(throws: ParquetError.self) { _ = try decode([0x03, 0x00], bitWidth: 33, count: 8) }
        // A run header varint that never ends.
        #expect(throws: ParquetError.self) {
            _ = try decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], bitWidth: 1, count: 8)
        }
    }

    @Test func lengthPrefixCountsTheEncodedBytes() {
        var out: [UInt8] = []
        [UInt32](repeating: 1, count: 20).withUnsafeBufferPointer {
            RLEBitPackedHybridEncoder.encodeWithLengthPrefix($0, bitWidth: 1, into: &out)
        }
        #expect(out == [2, 0, 0, 0, 0x28, 0x01])
    }
}
