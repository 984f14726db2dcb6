import Testing

@testable import JingzhunIngest

/// The eight-byte searches against byte-by-byte references on seeded words, with zero lanes next
/// to lanes holding 1 (where a borrow would flag a lane that is not zero).
struct ByteWordsTests {
    @Test func exactZeroBytesFlagsExactlyTheZeroLanesAndCountsThem() {
        var state: UInt64 = 0x1234_5678
        for round in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Lanes drawn from 0, 1, 0x80, 0x81, 0xFF and anything.
            var word: UInt64 = 0
            for lane in 0..<8 {
                let pick = (state >> (lane * 8)) & 0xFF
                let byte: UInt64 = [0, 1, 0x80, 0x81, 0xFF, pick][Int(pick % 6)]
                word |= byte << (lane * 8)
            }
            var expected: UInt64 = 0
            for lane in 0..<8 where (word >> (lane * 8)) & 0xFF == 0 { expected |= 0x80 << (lane * 8) }
            let flags = ByteWords.exactZeroBytes(word)
            #expect(flags == expected, "round \(round): word \(String(word, radix: 16))")
            #expect(ByteWords.countFlagged(flags) == expected.nonzeroBitCount)
            // The inexact form agrees on the lowest flag and on whether any lane is zero.
            #expect(ByteWords.zeroBytes(word).trailingZeroBitCount == expected.trailingZeroBitCount)
        }
    }

    @Test func sumLanesAddsEveryLane() {
        for lanes: [UInt64] in [
            [0, 0, 0, 0, 0, 0, 0, 0], [31, 31, 31, 31, 31, 31, 31, 31], [255, 0, 0, 0, 0, 0, 0, 0],
            [1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 0, 0, 0, 200],
        ] {
            let word = lanes.enumerated().reduce(UInt64(0)) { $0 | $1.element << ($1.offset * 8) }
            #expect(ByteWords.sumLanes(word) == Int(lanes.reduce(0, +)), "\(lanes)")
        }
    }
}
