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
    /// Room in `out` for `extra` more values, growing at least geometrically: a column's pages are
    /// appended one after another to an array reserved from what the file's bytes can back, which
    /// may be short of the rows (well-compressed pages), and an exact reserve per page would then
    /// copy the whole column again on every page.
    @inline(__always) static func reserveRoom<Value>(_ out: inout [Value], for extra: Int) {
        let needed = out.count + extra
        if out.capacity < needed { out.reserveCapacity(Swift.max(needed, 2 * out.capacity)) }
    }

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
        // Straight into `out`: a page-sized temporary array was a fresh mapping per page (issue 20).
        reserveRoom(&out, for: count)
        if count > 0 {
            out.append(
                contentsOf: (0..<count).lazy.map { input.loadUnaligned(fromByteOffset: $0 * stride, as: T.self) })
        }
        return byteCount
    }

    /// Appends `count` bit-packed booleans (LSB first); returns the bytes consumed.
    static func decodeBooleans(_ input: UnsafeRawBufferPointer, count: Int, into out: inout [Bool]) throws(ParquetError)
        -> Int
    {
        guard count >= 0, count <= input.count * 8 else {
            throw ParquetError(.corruptFile, "page holds \(input.count) bytes, too few for \(count) PLAIN booleans")
        }
        reserveRoom(&out, for: count)
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
        reserveRoom(&out, for: count)
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
