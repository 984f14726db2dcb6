// PLAIN decoding (Encodings.md §Plain) of the values of a data or dictionary page.
//
// Invariants of the pointer code in this file:
// - The host is little-endian (PlainEncoder.swift checks it), so PLAIN bytes of Int32/Int64/Double
//   are their in-memory representation.
// - Every read is preceded by a check that the bytes are inside `input`; counts claimed by the file
//   are checked against `input.count` before any allocation sized from them.
// - Loads use `loadUnaligned`/`copyMemory`, since page bytes have no alignment guarantee.

/// Decodes PLAIN-encoded values from untrusted page bytes.
enum PlainDecoder {
    /// Appends `count` fixed-width values; returns the bytes consumed.
    static func decodeFixedWidth<T: PlainFixedWidth>(
        _ input: UnsafeRawBufferPointer, count: Int, into out: inout [T]
    ) throws(ParquetError) -> Int {
        let stride = MemoryLayout<T>.stride
        guard count >= 0, count <= input.count / stride else {
            throw ParquetError(
                .corruptFile, "page holds \(input.count) bytes, too few for \(count) PLAIN values of \(stride) bytes")
        }
        let byteCount = count * stride
        let decoded = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0, let base = input.baseAddress {
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(start: base, count: byteCount))
            }
            initialized = count
        }
        out.append(contentsOf: decoded)
        return byteCount
    }

    /// Appends `count` bit-packed booleans (LSB first); returns the bytes consumed.
    static func decodeBooleans(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [Bool]) throws(ParquetError)
        -> Int
    {
        guard count >= 0, count <= input.count * 8 else {
            throw ParquetError(.corruptFile, "page holds \(input.count) bytes, too few for \(count) PLAIN booleans")
        }
        out.reserveCapacity(out.count + count)
        for index in 0..<count {
            out.append(input[index >> 3] & (UInt8(1) << UInt8(index & 7)) != 0)
        }
        return (count + 7) / 8
    }

    /// Appends `count` length-prefixed byte arrays, each turned into a value by `make`; returns the bytes consumed.
    static func decodeByteArrays<V>(
        _ input: UnsafeRawBufferPointer, count: Int, into out: inout [V],
        make: (UnsafeRawBufferPointer) throws(ParquetError) -> V
    ) throws(ParquetError) -> Int {
        // Each value takes at least its 4-byte length, which bounds what `count` can honestly claim.
        guard count >= 0, count <= input.count / 4 else {
            throw ParquetError(.corruptFile, "page holds \(input.count) bytes, too few for \(count) PLAIN byte arrays")
        }
        out.reserveCapacity(out.count + count)
        var offset = 0
        for _ in 0..<count {
            guard input.count - offset >= 4 else {
                throw ParquetError(.corruptFile, "byte array length runs past the end of the page at byte \(offset)")
            }
            let length = Int(UInt32(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            offset += 4
            guard length <= input.count - offset else {
                throw ParquetError(
                    .corruptFile, "byte array of \(length) bytes runs past the end of the page at byte \(offset)")
            }
            out.append(try make(UnsafeRawBufferPointer(rebasing: input[offset..<offset + length])))
            offset += length
        }
        return offset
    }
}
