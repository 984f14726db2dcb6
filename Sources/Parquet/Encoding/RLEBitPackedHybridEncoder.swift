// RLE / bit-packing hybrid encoder (Encodings.md §Run Length Encoding / Bit-Packing Hybrid):
// definition levels and dictionary indices.
//
// Invariants of the pointer code in this file:
// - Every value is < 2^bitWidth and 0 <= bitWidth <= 32 (preconditions: callers compute the width
//   from the values, so a violation is a bug, not bad input).
// - A bit-packed run of g groups writes exactly g * bitWidth bytes into a tail that
//   `appendUninitialized` grew by exactly that much; the final group is padded with zeros, which
//   readers ignore because they know the value count.
// - The bit accumulator holds < 8 pending bits before each value is added, so 8 + 32 bits fit in UInt64.

/// Encodes unsigned integers of a fixed bit width as RLE and bit-packed runs.
enum RLEBitPackedHybridEncoder {
    /// Runs of at least this many equal values become RLE runs; shorter ones are bit-packed.
    static let minimumRepeatedRun = 8

    /// Bits needed for values up to `maximum` (0 for 0).
    static func bitWidth(forMaximum maximum: UInt32) -> Int {
        UInt32.bitWidth - maximum.leadingZeroBitCount
    }

    /// Appends the encoding of `values`, without length prefix (dictionary indices).
    static func encode(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into out: inout [UInt8]) {
        precondition((0...32).contains(bitWidth), "bit width \(bitWidth) outside 0...32")
        let count = values.count
        var index = 0
        while index < count {
            let runEnd = endOfRun(values, from: index)
            if runEnd - index >= minimumRepeatedRun {
                appendRepeatedRun(value: values[index], count: runEnd - index, bitWidth: bitWidth, into: &out)
                index = runEnd
                continue
            }
            // Literal section: up to the start of the next long run (or the end).
            var literalEnd = runEnd
            while literalEnd < count {
                let nextRunEnd = endOfRun(values, from: literalEnd)
                if nextRunEnd - literalEnd >= minimumRepeatedRun { break }
                literalEnd = nextRunEnd
            }
            // Bit-packed runs hold whole groups of 8: borrow the first few values of the following
            // run (it keeps at least one), or pad with zeros at the very end.
            let groups = (literalEnd - index + 7) / 8
            let taken = min(groups * 8, count - index)
            appendBitPackedRun(
                UnsafeBufferPointer(rebasing: values[index..<index + taken]), groups: groups,
                bitWidth: bitWidth, into: &out)
            index += taken
        }
    }

    /// Appends the encoding of `values` preceded by its 4-byte little-endian length
    /// (definition levels of data page v1).
    static func encodeWithLengthPrefix(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into out: inout [UInt8]) {
        let lengthOffset = out.count
        out.appendLittleEndian(0)
        encode(values, bitWidth: bitWidth, into: &out)
        let length = UInt32(out.count - lengthOffset - 4)
        for byteIndex in 0..<4 {
            out[lengthOffset + byteIndex] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(byteIndex)))
        }
    }

    private static func endOfRun(_ values: UnsafeBufferPointer<UInt32>, from start: Int) -> Int {
        let value = values[start]
        var end = start + 1
        while end < values.count && values[end] == value { end += 1 }
        return end
    }

    private static func appendVarint(_ value: UInt64, into out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    private static func appendRepeatedRun(value: UInt32, count: Int, bitWidth: Int, into out: inout [UInt8]) {
        precondition(bitWidth == 32 || value >> UInt32(bitWidth) == 0, "value \(value) wider than \(bitWidth) bits")
        appendVarint(UInt64(count) << 1, into: &out)
        var rest = value
        for _ in 0..<(bitWidth + 7) / 8 {
            out.append(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }

    private static func appendBitPackedRun(
        _ values: UnsafeBufferPointer<UInt32>, groups: Int, bitWidth: Int, into out: inout [UInt8]
    ) {
        appendVarint(UInt64(groups) << 1 | 1, into: &out)
        let width = UInt64(bitWidth)
        let limit: UInt64 = bitWidth == 32 ? UInt64(UInt32.max) : (1 << width) - 1
        out.appendUninitialized(count: groups * bitWidth) { destination in
            var accumulator: UInt64 = 0
            var pendingBits: UInt64 = 0
            var outIndex = 0
            for valueIndex in 0..<groups * 8 {
                let value = valueIndex < values.count ? UInt64(values[valueIndex]) : 0
                precondition(value <= limit, "value \(value) wider than \(bitWidth) bits")
                accumulator |= value << pendingBits
                pendingBits += width
                while pendingBits >= 8 {
                    destination[outIndex] = UInt8(truncatingIfNeeded: accumulator)
                    outIndex += 1
                    accumulator >>= 8
                    pendingBits -= 8
                }
            }
            assert(pendingBits == 0 && outIndex == groups * bitWidth, "8 values of w bits fill exactly w bytes")
        }
    }
}
