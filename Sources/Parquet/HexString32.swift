// 32 bytes held as four words and stored as the STRING of their 64 lowercase hexadecimal digits
// (issue 20: a keyed pseudonym per member, a million per row group). A `[String]` of such values
// costs ≈ 112 bytes a value (the 64 digits in a heap object of their own); this costs 32, and the
// file's bytes are exactly those of `.string` of the same digits: the same PLAIN bytes, the same
// dictionary (equal digits ⇔ equal words), the same statistics (digit order is byte order).

/// 32 bytes (`w0` holds the first eight, big-endian) whose Parquet form is the STRING of their 64
/// lowercase hexadecimal digits (`ParquetValues.hex32`).
public struct HexString32: Hashable, Sendable, Comparable {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// Order of the words, which is the order of the digits (and of their bytes).
    public static func < (a: HexString32, b: HexString32) -> Bool {
        (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3)
    }

    /// The 64 digits.
    public var digits: String {
        String(unsafeUninitializedCapacity: 64) { out in
            writeDigits(to: UnsafeMutableRawPointer(out.baseAddress!))
            return 64
        }
    }

    /// The value of 64 lowercase hexadecimal digits; nil for anything else (other lengths,
    /// uppercase, other bytes), which is not the form this type writes.
    ///
    /// Eight digits at a time (a million values per row group are read back by compute, and
    /// digit by digit this was 13 % of its profile); `HexString32Tests` checks it against a
    /// digit-by-digit reference.
    public init?(digits bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 64, let base = bytes.baseAddress else { return nil }
        guard let a = Self.digitWord(base, 0), let b = Self.digitWord(base, 8), let c = Self.digitWord(base, 16),
            let d = Self.digitWord(base, 24), let e = Self.digitWord(base, 32), let f = Self.digitWord(base, 40),
            let g = Self.digitWord(base, 48), let h = Self.digitWord(base, 56)
        else { return nil }
        self.init(w0: a << 32 | b, w1: c << 32 | d, w2: e << 32 | f, w3: g << 32 | h)
    }

    /// The 32-bit value of the eight lowercase hexadecimal digits at `offset` (the first digit
    /// most significant); nil when any of the eight bytes is not one.
    @inline(__always)
    static func digitWord(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64? {
        // The first digit in the highest byte lane.
        let word = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let lanes: UInt64 = 0x0101_0101_0101_0101
        let high = lanes &* 0x80
        // Every lane below 0x80, so that adding at most 0x7F to a lane never carries into the next.
        guard word & high == 0 else { return nil }
        // A lane's high bit is set by adding 0x80 − lo when the lane is ≥ lo, and 0x7F − hi when > hi.
        func inRange(_ lo: UInt8, _ hi: UInt8) -> UInt64 {
            ((word &+ lanes &* UInt64(0x80 - lo)) & ~(word &+ lanes &* UInt64(0x7F - hi))) & high
        }
        guard inRange(UInt8(ascii: "0"), UInt8(ascii: "9")) | inRange(UInt8(ascii: "a"), UInt8(ascii: "f")) == high
        else { return nil }
        // '0'-'9' keep their low nibble; 'a'-'f' (bit 6 set) have 1-6 there, plus 9.
        var value = (word & (lanes &* 0x0F)) &+ ((word >> 6) & lanes) &* 9
        // Pack the eight nibbles: pairs of lanes into bytes, bytes into 16 bits, into 32 bits.
        value = (value | value >> 4) & 0x00FF_00FF_00FF_00FF
        value = (value | value >> 8) & 0x0000_FFFF_0000_FFFF
        return (value | value >> 16) & 0x0000_0000_FFFF_FFFF
    }

    /// Writes the 64 digits at `out`.
    func writeDigits(to out: UnsafeMutableRawPointer) {
        let table: StaticString = "0123456789abcdef"
        let digits = table.utf8Start
        // Word by word without an array of the four (this runs once per value written).
        func write(_ word: UInt64, at start: Int) {
            for nibble in 0..<16 {
                let shift = UInt64(60 - 4 * nibble)
                out.storeBytes(of: digits[Int((word >> shift) & 0xF)], toByteOffset: start + nibble, as: UInt8.self)
            }
        }
        write(w0, at: 0)
        write(w1, at: 16)
        write(w2, at: 32)
        write(w3, at: 48)
    }
}

extension HexString32: ByteArrayValue {
    var byteCount: Int { 64 }
    func withByteArray<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 1) { buffer in
            writeDigits(to: buffer.baseAddress!)
            return body(UnsafeRawBufferPointer(buffer))
        }
    }
}

extension HexString32: ParquetValue {
    static var physicalType: PhysicalType { .byteArray }
    static var placeholder: HexString32 { HexString32(w0: 0, w1: 0, w2: 0, w3: 0) }
    static var fixedPlainBits: Int? { nil }
    /// Equal words ⇔ equal digits ⇔ equal PLAIN bytes.
    var dictionaryKey: HexString32 { self }
    var plainByteCount: Int { 4 + 64 }
    var statisticsBytes: [UInt8] { withByteArray { Array($0) } }
    /// Unsigned byte-wise order of the digits, which is the order of the words.
    static func precedes(_ lhs: HexString32, _ rhs: HexString32) -> Bool { lhs < rhs }
    static func appendPlain(_ values: ArraySlice<HexString32>, validity: ArraySlice<Bool>?, to out: inout [UInt8]) {
        PlainEncoder.appendByteArrays(values, validity: validity, to: &out)
    }
    static func decodePlain(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [HexString32])
        throws(ParquetError) -> Int
    {
        try PlainDecoder.decodeByteArrays(input, count: count, into: &out) { bytes throws(ParquetError) in
            guard let value = HexString32(digits: bytes) else {
                throw ParquetError(.corruptFile, "a value is not 64 lowercase hexadecimal digits")
            }
            return value
        }
    }
}
