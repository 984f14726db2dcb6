/// Eight bytes at a time (SWAR), for the scanners' searches: the CSV scanner's special bytes and
/// clean ASCII, the XML scanner's line ends. Words are loaded little-endian, so byte i of the
/// input is byte lane i and the lowest flagged lane is the first match.
enum ByteWords {
    /// Every byte lane holding `byte`.
    @inline(__always) static func broadcast(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

    /// The high bit of each zero byte lane of `word` set. A lane above a zero lane may be flagged
    /// too (the borrow runs upwards), never one below it: the lowest flag is exact, and the result
    /// is zero exactly when no lane is zero.
    @inline(__always) static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// The high bit of exactly the zero byte lanes of `word` (no borrow between lanes: for counting
    /// and for the last match, where `zeroBytes`' extra flags above a zero lane would count).
    @inline(__always) static func exactZeroBytes(_ word: UInt64) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & lows) &+ lows) | word | lows)
    }

    /// How many lanes of `flags` (high bits only, as `exactZeroBytes` gives them) are flagged.
    @inline(__always) static func countFlagged(_ flags: UInt64) -> Int {
        sumLanes(flags >> 7)
    }

    /// The sum of the eight byte lanes of `lanes`, which must be at most 255 (the multiplication
    /// adds the lanes into the top one; a larger sum would carry out of it).
    @inline(__always) static func sumLanes(_ lanes: UInt64) -> Int {
        Int(truncatingIfNeeded: (lanes &* 0x0101_0101_0101_0101) >> 56)
    }

    /// The eight bytes at `offset`, byte `offset` in the lowest lane.
    @inline(__always) static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
