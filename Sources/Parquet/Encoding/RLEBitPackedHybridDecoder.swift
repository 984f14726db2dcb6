// RLE / bit-packing hybrid decoder (Encodings.md §Run Length Encoding / Bit-Packing Hybrid) for
// definition levels and dictionary indices from untrusted pages.
//
// Invariants of the pointer code in this file:
// - `input` stays valid for the decoder's lifetime: callers create the decoder inside the
//   `withUnsafeBytes` closure that owns the page bytes and never let it escape.
// - Before values of a bit-packed run are read, the bytes they need are checked to lie inside
//   `input`; every unaligned 8-byte load is guarded by `offset + 8 <= input.count`, and the
//   tail is read byte by byte.
// - Output is written only to `output[0..<n]` with n <= output.count.
// - Each header consumes at least one byte, so decoding always progresses or throws.

/// Decodes a fixed number of values of one bit width, in batches.
struct RLEBitPackedHybridDecoder {
    private let input: UnsafeRawBufferPointer
    private let bitWidth: Int
    private let mask: UInt64
    /// Values still to produce.
    private(set) var remaining: Int
    /// Byte offset of the next run header.
    private(set) var position = 0
    // Current RLE run.
    private var repeatedValue: UInt32 = 0
    private var repeatedLeft = 0
    // Current bit-packed run: byte offset of its first value, index of the next value, values left.
    private var packedStart = 0
    private var packedIndex = 0
    private var packedLeft = 0

    /// - Throws: `.corruptFile` when the bit width is above 32.
    init(_ input: UnsafeRawBufferPointer, bitWidth: Int, count: Int) throws(ParquetError) {
        guard (0...32).contains(bitWidth) else {
            throw ParquetError(.corruptFile, "RLE/bit-packed bit width \(bitWidth) is above 32")
        }
        precondition(count >= 0, "negative value count")
        self.input = input
        self.bitWidth = bitWidth
        self.mask = bitWidth == 32 ? UInt64(UInt32.max) : (UInt64(1) << UInt64(bitWidth)) - 1
        self.remaining = count
    }

    /// Fills `output` with the next `min(output.count, remaining)` values; returns how many.
    ///
    /// - Throws: `.corruptFile` when the input ends before the values do, or a header is malformed.
    mutating func decode(into output: UnsafeMutableBufferPointer<UInt32>) throws(ParquetError) -> Int {
        let wanted = min(output.count, remaining)
        var produced = 0
        while produced < wanted {
            if repeatedLeft > 0 {
                let take = min(repeatedLeft, wanted - produced)
                UnsafeMutableBufferPointer(rebasing: output[produced..<produced + take]).update(
                    repeating: repeatedValue)
                repeatedLeft -= take
                produced += take
            } else if packedLeft > 0 {
                let take = min(packedLeft, wanted - produced)
                unpack(into: UnsafeMutableBufferPointer(rebasing: output[produced..<produced + take]))
                packedLeft -= take
                produced += take
            } else {
                try readRunHeader()
            }
        }
        remaining -= produced
        return produced
    }

    private mutating func readVarint() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < input.count else {
                throw ParquetError(
                    .corruptFile, "RLE/bit-packed data ends inside a run header (\(remaining) values missing)")
            }
            let byte = input[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 35 else { throw ParquetError(.corruptFile, "RLE/bit-packed run header longer than 5 bytes") }
        }
    }

    private mutating func readRunHeader() throws(ParquetError) {
        let header = try readVarint()
        let stillWanted = remaining  // an upper bound on what this run must supply
        if header & 1 == 0 {
            let runLength = Int(header >> 1)
            let valueBytes = (bitWidth + 7) / 8
            guard input.count - position >= valueBytes else {
                throw ParquetError(.corruptFile, "RLE run value runs past the end of the data")
            }
            var value: UInt64 = 0
            for byteIndex in 0..<valueBytes {
                value |= UInt64(input[position + byteIndex]) << (8 * UInt64(byteIndex))
            }
            position += valueBytes
            repeatedValue = UInt32(truncatingIfNeeded: value & mask)
            // Runs longer than needed are tolerated (as other readers do); only `remaining` values are used.
            repeatedLeft = min(runLength, stillWanted)
        } else {
            let groups = Int(header >> 1)  // < 2^34 after the 5-byte limit: no overflow below
            let runValues = groups * 8
            let used = min(runValues, stillWanted)
            let neededBytes = (used * bitWidth + 7) / 8
            guard neededBytes <= input.count - position else {
                throw ParquetError(.corruptFile, "bit-packed run of \(groups) groups runs past the end of the data")
            }
            packedStart = position
            packedIndex = 0
            packedLeft = used
            // The run occupies groups * bitWidth bytes; a final run may be cut short after the values in use.
            position += min(groups * bitWidth, input.count - position)
        }
    }

    private mutating func unpack(into output: UnsafeMutableBufferPointer<UInt32>) {
        if bitWidth == 0 {
            output.update(repeating: 0)
            packedIndex += output.count
            return
        }
        let width = bitWidth
        for outputIndex in 0..<output.count {
            let bitOffset = (packedIndex + outputIndex) * width
            let byteOffset = packedStart + bitOffset >> 3
            let shift = UInt64(bitOffset & 7)
            var word: UInt64
            if byteOffset + 8 <= input.count {
                word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: byteOffset, as: UInt64.self))
            } else {
                word = 0
                var byteIndex = byteOffset
                while byteIndex < input.count && byteIndex < byteOffset + 8 {
                    word |= UInt64(input[byteIndex]) << (8 * UInt64(byteIndex - byteOffset))
                    byteIndex += 1
                }
            }
            output[outputIndex] = UInt32(truncatingIfNeeded: (word >> shift) & mask)
        }
        packedIndex += output.count
    }
}
