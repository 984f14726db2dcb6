// The Swift element types of `ParquetValues` and what the format does with each: physical type,
// PLAIN encoding, dictionary key, statistics order. The writer and reader are generic over these.

/// A Swift element type stored as one Parquet physical type.
protocol ParquetValue: Sendable {
    /// Key under which equal values share a dictionary entry: equality must be byte equality of the
    /// PLAIN encoding (so `String` uses its UTF-8 bytes, not Unicode canonical equivalence).
    associatedtype DictionaryKey: Hashable

    static var physicalType: PhysicalType { get }
    /// Dense placeholder written into null rows on reading.
    static var placeholder: Self { get }
    /// PLAIN bits per value when fixed; nil for byte arrays, whose size is `plainByteCount`.
    static var fixedPlainBits: Int? { get }
    /// Whether the writer dictionary-encodes this type when asked (not BOOLEAN: one bit is already minimal).
    static var supportsDictionary: Bool { get }

    var dictionaryKey: DictionaryKey { get }
    /// Bytes of this value in a PLAIN page.
    var plainByteCount: Int { get }
    /// PLAIN bytes for Statistics.min_value / max_value (byte arrays without their length prefix).
    var statisticsBytes: [UInt8] { get }
    /// NaN is left out of min/max (parquet.thrift ColumnOrder, TYPE_ORDER rules for floating point).
    var isNaN: Bool { get }

    /// The column order of parquet.thrift `TypeDefinedOrder` for this type.
    static func precedes(_ lhs: Self, _ rhs: Self) -> Bool

    static func appendPlain(_ values: ArraySlice<Self>, validity: ArraySlice<Bool>?, to out: inout [UInt8])
    /// Appends `count` PLAIN values decoded from `input`; returns the bytes consumed.
    static func decodePlain(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [Self]) throws(ParquetError)
        -> Int
}

extension ParquetValue {
    static var supportsDictionary: Bool { true }
    var isNaN: Bool { false }
}

extension Bool: ParquetValue {
    static var physicalType: PhysicalType { .boolean }
    static var placeholder: Bool { false }
    static var fixedPlainBits: Int? { 1 }
    static var supportsDictionary: Bool { false }
    var dictionaryKey: Bool { self }
    var plainByteCount: Int { 1 }
    var statisticsBytes: [UInt8] { [self ? 1 : 0] }
    static func precedes(_ lhs: Bool, _ rhs: Bool) -> Bool { !lhs && rhs }
    static func appendPlain(_ values: ArraySlice<Bool>, validity: ArraySlice<Bool>?, to out: inout [UInt8]) {
        PlainEncoder.appendBooleans(values, validity: validity, to: &out)
    }
    static func decodePlain(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [Bool]) throws(ParquetError)
        -> Int
    {
        try PlainDecoder.decodeBooleans(input, count: count, into: &out)
    }
}

extension Int32: ParquetValue {
    static var physicalType: PhysicalType { .int32 }
    static var placeholder: Int32 { 0 }
    static var fixedPlainBits: Int? { 32 }
    var dictionaryKey: Int32 { self }
    var plainByteCount: Int { 4 }
    var statisticsBytes: [UInt8] { PlainEncoder.bytes(of: self) }
    static func precedes(_ lhs: Int32, _ rhs: Int32) -> Bool { lhs < rhs }
    static func appendPlain(_ values: ArraySlice<Int32>, validity: ArraySlice<Bool>?, to out: inout [UInt8]) {
        PlainEncoder.appendFixedWidth(values, validity: validity, to: &out)
    }
    static func decodePlain(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [Int32]) throws(ParquetError)
        -> Int
    {
        try PlainDecoder.decodeFixedWidth(input, count: count, into: &out)
    }
}

extension Int64: ParquetValue {
    static var physicalType: PhysicalType { .int64 }
    static var placeholder: Int64 { 0 }
    static var fixedPlainBits: Int? { 64 }
    var dictionaryKey: Int64 { self }
    var plainByteCount: Int { 8 }
    var statisticsBytes: [UInt8] { PlainEncoder.bytes(of: self) }
    static func precedes(_ lhs: Int64, _ rhs: Int64) -> Bool { lhs < rhs }
    static func appendPlain(_ values: ArraySlice<Int64>, validity: ArraySlice<Bool>?, to out: inout [UInt8]) {
        PlainEncoder.appendFixedWidth(values, validity: validity, to: &out)
    }
    static func decodePlain(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [Int64]) throws(ParquetError)
        -> Int
    {
        try PlainDecoder.decodeFixedWidth(input, count: count, into: &out)
    }
}

extension Double: ParquetValue {
    static var physicalType: PhysicalType { .double }
    static var placeholder: Double { 0 }
    static var fixedPlainBits: Int? { 64 }
    /// Bit pattern: -0.0 and 0.0 (and NaN payloads) stay distinct, as their PLAIN bytes are.
    var dictionaryKey: UInt64 { bitPattern }
    // `isNaN` is FloatingPoint's own property, which satisfies the requirement.
    var plainByteCount: Int { 8 }
    var statisticsBytes: [UInt8] { PlainEncoder.bytes(of: self) }
    static func precedes(_ lhs: Double, _ rhs: Double) -> Bool { lhs < rhs }
    static func appendPlain(_ values: ArraySlice<Double>, validity: ArraySlice<Bool>?, to out: inout [UInt8]) {
        PlainEncoder.appendFixedWidth(values, validity: validity, to: &out)
    }
    static func decodePlain(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [Double]) throws(ParquetError)
        -> Int
    {
        try PlainDecoder.decodeFixedWidth(input, count: count, into: &out)
    }
}

extension String: ParquetValue {
    static var physicalType: PhysicalType { .byteArray }
    static var placeholder: String { "" }
    static var fixedPlainBits: Int? { nil }
    var dictionaryKey: UTF8Key { UTF8Key(self) }
    var plainByteCount: Int { 4 + utf8.count }
    var statisticsBytes: [UInt8] { Array(utf8) }
    /// Unsigned byte-wise order of the UTF-8 bytes (parquet.thrift ColumnOrder for UTF8), which is
    /// code-point order, unlike `String.<`.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool { lhs.bytewisePrecedes(rhs) }
    static func appendPlain(_ values: ArraySlice<String>, validity: ArraySlice<Bool>?, to out: inout [UInt8]) {
        PlainEncoder.appendByteArrays(values, validity: validity, to: &out)
    }
    static func decodePlain(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [String]) throws(ParquetError)
        -> Int
    {
        // Invalid UTF-8 from other writers becomes U+FFFD rather than failing the whole column.
        try PlainDecoder.decodeByteArrays(input, count: count, into: &out) { String(decoding: $0, as: UTF8.self) }
    }
}

extension [UInt8]: ParquetValue {
    static var physicalType: PhysicalType { .byteArray }
    static var placeholder: [UInt8] { [] }
    static var fixedPlainBits: Int? { nil }
    var dictionaryKey: [UInt8] { self }
    var plainByteCount: Int { 4 + count }
    var statisticsBytes: [UInt8] { self }
    static func precedes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool { lhs.bytewisePrecedes(rhs) }
    static func appendPlain(_ values: ArraySlice<[UInt8]>, validity: ArraySlice<Bool>?, to out: inout [UInt8]) {
        PlainEncoder.appendByteArrays(values, validity: validity, to: &out)
    }
    static func decodePlain(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [[UInt8]]) throws(ParquetError)
        -> Int
    {
        try PlainDecoder.decodeByteArrays(input, count: count, into: &out) { Array($0) }
    }
}
