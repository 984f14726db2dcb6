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

    /// The eight bytes at `offset`, byte `offset` in the lowest lane.
    @inline(__always) static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
