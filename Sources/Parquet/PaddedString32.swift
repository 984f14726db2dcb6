// A short STRING held in 32 bytes, zero-padded (issue 20: compute reads a million household
// numbers per row group, 1-32 characters of [A-Za-z0-9-] by the contract). A `[String]` of
// 17-character numbers costs ≈ 64 bytes a value (each in a heap object of its own, beyond the
// 15 bytes Swift keeps inline); this costs 32 and no allocation. The file's bytes are exactly those
// of `.string` of the same texts: the same PLAIN bytes, dictionary and statistics (a text holds no
// zero byte, so the padding cannot be confused with it, and word order is byte order).

/// A text of at most 32 UTF-8 bytes, none of them zero, held in four words (`w0` holds the first
/// eight bytes, big-endian; unused bytes are zero). Its Parquet form is the STRING of those bytes
/// (`ParquetValues.padded32`).
public struct PaddedString32: Hashable, Sendable, Comparable {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// The largest text held.
    public static let capacity = 32

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// The value of `bytes`; nil when they are longer than 32 bytes or hold a zero byte.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= Self.capacity else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (index, byte) in bytes.enumerated() {
            guard byte != 0 else { return nil }
            let shifted = UInt64(byte) << UInt64(56 - 8 * (index & 7))
            switch index >> 3 {
            case 0: words.0 |= shifted
            case 1: words.1 |= shifted
            case 2: words.2 |= shifted
            default: words.3 |= shifted
            }
        }
        self.init(w0: words.0, w1: words.1, w2: words.2, w3: words.3)
    }

    /// The value of `text`; nil when its UTF-8 is longer than 32 bytes or holds a zero byte.
    public init?(_ text: String) {
        var copy = text
        guard let value = copy.withUTF8({ Self(bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = value
    }

    /// Order of the words, which is the unsigned byte order of the texts (a shorter text is a
    /// prefix padded with zeros, below any longer one it begins).
    public static func < (a: PaddedString32, b: PaddedString32) -> Bool {
        (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3)
    }

    /// Bytes of the text (the padding left out).
    public var byteCount: Int {
        // The last non-zero word holds the last byte; its trailing zero bytes are padding.
        func used(_ word: UInt64) -> Int { 8 - word.trailingZeroBitCount / 8 }
        if w3 != 0 { return 24 + used(w3) }
        if w2 != 0 { return 16 + used(w2) }
        if w1 != 0 { return 8 + used(w1) }
        return w0 != 0 ? used(w0) : 0
    }

    /// Calls `body` with the text's bytes.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        var big = (w0.bigEndian, w1.bigEndian, w2.bigEndian, w3.bigEndian)
        let count = byteCount
        return withUnsafeBytes(of: &big) { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    /// The text.
    public var string: String { withBytes { String(decoding: $0, as: UTF8.self) } }
}

extension PaddedString32: ByteArrayValue {
    func withByteArray<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R { withBytes(body) }
}

extension PaddedString32: ParquetValue {
    static var physicalType: PhysicalType { .byteArray }
    static var placeholder: PaddedString32 { PaddedString32(w0: 0, w1: 0, w2: 0, w3: 0) }
    static var fixedPlainBits: Int? { nil }
    /// Equal words ⇔ equal bytes ⇔ equal PLAIN bytes.
    var dictionaryKey: PaddedString32 { self }
    var plainByteCount: Int { 4 + byteCount }
    var statisticsBytes: [UInt8] { withBytes { Array($0) } }
    /// Unsigned byte-wise order of the texts, which is the order of the words.
    static func precedes(_ lhs: PaddedString32, _ rhs: PaddedString32) -> Bool { lhs < rhs }
    static func appendPlain(
        _ values: ArraySlice<PaddedString32>, validity: ArraySlice<Bool>?, to out: inout [UInt8]
    ) {
        PlainEncoder.appendByteArrays(values, validity: validity, to: &out)
    }
    static func decodePlain(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [PaddedString32])
        throws(ParquetError) -> Int
    {
        try PlainDecoder.decodeByteArrays(input, count: count, into: &out) { bytes throws(ParquetError) in
            guard let value = PaddedString32(bytes: bytes) else {
                throw ParquetError(
                    .corruptFile, "a value of \(bytes.count) bytes does not fit 32 bytes without a zero byte")
            }
            return value
        }
    }
}
