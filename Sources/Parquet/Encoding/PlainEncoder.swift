// PLAIN encoding (Encodings.md §Plain) of the values of a data or dictionary page.
//
// Invariants of the pointer code in this file:
// - The host is little-endian (checked at compile time below), so the in-memory bytes of
//   Int32/Int64/Double are their PLAIN encoding and can be copied wholesale.
// - Every raw write goes through `[UInt8].appendUninitialized(count:_:)`, which first grows the
//   array by exactly `count` bytes; the closure writes only inside that fresh tail.
// - Unaligned stores use `storeBytes(of:toByteOffset:as:)`, which allows any alignment.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if _endian(big)
    #error("The Parquet module copies host-order integers as PLAIN (little-endian) bytes")
#endif

extension [UInt8] {
    /// Grows the array by `count` bytes and lets `body` fill them.
    ///
    /// The new bytes are zeroed first (a memset, cheap next to the encoding itself), so the array never
    /// holds uninitialised memory even if `body` leaves some untouched.
    mutating func appendUninitialized(count: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) {
        precondition(count >= 0, "negative append")
        let start = self.count
        append(contentsOf: repeatElement(0, count: count))
        withUnsafeMutableBytes { bytes in
            body(UnsafeMutableRawBufferPointer(rebasing: bytes[start..<start + count]))
        }
    }

    /// Appends a 32-bit little-endian integer.
    mutating func appendLittleEndian(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 24))
    }
}

/// A fixed-width value whose in-memory bytes are its PLAIN encoding on a little-endian host.
protocol PlainFixedWidth: BitwiseCopyable {}
extension Int32: PlainFixedWidth {}
extension Int64: PlainFixedWidth {}
extension Double: PlainFixedWidth {}

/// A BYTE_ARRAY value: bytes reachable without copying.
protocol ByteArrayValue {
    /// Length in bytes (UTF-8 code units for strings).
    var byteCount: Int { get }
    /// Calls `body` with the value's bytes; the pointer is valid only inside `body`.
    func withByteArray<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R
}

extension String: ByteArrayValue {
    var byteCount: Int { utf8.count }
    func withByteArray<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        // Native Swift strings are contiguous UTF-8, so this does not copy; bridged ones are made so once.
        var copy = self
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

extension [UInt8]: ByteArrayValue {
    var byteCount: Int { count }
    func withByteArray<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeBytes(body)
    }
}

extension ByteArrayValue {
    /// Unsigned byte-wise order (parquet.thrift ColumnOrder for BYTE_ARRAY and UTF8): the first
    /// differing byte decides, and a proper prefix comes first.
    func bytewisePrecedes(_ other: some ByteArrayValue) -> Bool {
        withByteArray { lhs in
            other.withByteArray { rhs in
                // memcmp compares unsigned bytes: the order Parquet's statistics use.
                let order = ByteArrayBytes.compare(lhs, rhs, count: min(lhs.count, rhs.count))
                return order != 0 ? order < 0 : lhs.count < rhs.count
            }
        }
    }

    /// Byte equality of the two values' PLAIN bytes (the dictionary's key equality, asked on
    /// every row of a text column: memcmp, not a byte-by-byte loop).
    func bytewiseEquals(_ other: some ByteArrayValue) -> Bool {
        withByteArray { lhs in
            other.withByteArray { rhs in
                lhs.count == rhs.count && ByteArrayBytes.compare(lhs, rhs, count: lhs.count) == 0
            }
        }
    }
}

enum ByteArrayBytes {
    /// memcmp of the first `count` bytes of both (0 when `count` is 0, whatever the pointers).
    @inline(__always)
    static func compare(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer, count: Int) -> Int32 {
        guard count > 0, let left = lhs.baseAddress, let right = rhs.baseAddress else { return 0 }
        return memcmp(left, right, count)
    }
}

/// Appends PLAIN-encoded values to a page buffer, skipping null rows.
enum PlainEncoder {
    /// Appends the non-null values of `values` (all of them when `validity` is nil).
    static func appendFixedWidth<T: PlainFixedWidth>(
        _ values: ArraySlice<T>, validity: ArraySlice<Bool>?, to out: inout [UInt8]
    ) {
        let stride = MemoryLayout<T>.stride
        guard let validity else {
            values.withUnsafeBytes { out.append(contentsOf: $0) }
            return
        }
        precondition(validity.count == values.count, "validity and values differ in length")
        let nonNull = validity.reduce(0) { $1 ? $0 + 1 : $0 }
        out.appendUninitialized(count: nonNull * stride) { destination in
            var offset = 0
            for (value, isValid) in zip(values, validity) where isValid {
                destination.storeBytes(of: value, toByteOffset: offset, as: T.self)
                offset += stride
            }
        }
    }

    /// Appends non-null booleans bit-packed, least significant bit first.
    static func appendBooleans(_ values: ArraySlice<Bool>, validity: ArraySlice<Bool>?, to out: inout [UInt8]) {
        let nonNull = validity.map { $0.reduce(0) { $1 ? $0 + 1 : $0 } } ?? values.count
        out.appendUninitialized(count: (nonNull + 7) / 8) { destination in
            var bitIndex = 0
            var valueIndex = values.startIndex
            while valueIndex < values.endIndex {
                defer { valueIndex += 1 }
                if let validity, !validity[validity.startIndex + (valueIndex - values.startIndex)] { continue }
                if values[valueIndex] {
                    destination[bitIndex >> 3] |= UInt8(1) << UInt8(bitIndex & 7)
                }
                bitIndex += 1
            }
        }
    }

    /// Appends non-null byte arrays, each as a 4-byte little-endian length and its bytes.
    ///
    /// - Precondition: every value is shorter than 2^31 bytes (the writer checks this up front).
    static func appendByteArrays<V: ByteArrayValue>(
        _ values: ArraySlice<V>, validity: ArraySlice<Bool>?, to out: inout [UInt8]
    ) {
        var total = 0
        var index = values.startIndex
        let validityOffset = (validity?.startIndex ?? 0) - values.startIndex
        while index < values.endIndex {
            if validity?[index + validityOffset] ?? true { total += 4 + values[index].byteCount }
            index += 1
        }
        out.reserveCapacity(out.count + total)
        index = values.startIndex
        while index < values.endIndex {
            defer { index += 1 }
            if let validity, !validity[index + validityOffset] { continue }
            values[index].withByteArray { bytes in
                out.appendLittleEndian(UInt32(bytes.count))
                out.append(contentsOf: bytes)
            }
        }
    }

    /// PLAIN bytes of one value for statistics: fixed-width values as in pages.
    static func bytes<T: PlainFixedWidth>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}
