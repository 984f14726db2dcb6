// Page compression: GZIP (RFC 1952 through zlib) and UNCOMPRESSED.
//
// Invariants of the pointer code in this file:
// - zlib reads only `next_in[0..<avail_in]` and writes only `next_out[0..<avail_out]`; both are set
//   from buffers that are alive for the whole `withUnsafe…` closure in which zlib runs (`gunzip`
//   writes into the caller's `PageScratch`, alive beyond the call).
// - The output of `gunzip` is sized from the page header only after checking the claim against the
//   largest expansion deflate can achieve, so hostile headers cannot make it allocate absurd amounts.

import CZlib

enum Compression {
    /// Deflate cannot expand data by more than about 1032:1; gzip adds at most a small header/trailer.
    static let maximumDeflateRatio = 1032
    static let gzipOverhead = 64
    /// zlib level 1: measured on 1M mixed rows it writes about 2.4× faster than the default level 6
    /// for a file only about 6% larger, and batch runs are bound by write time, not disk.
    static let gzipLevel: Int32 = 1
    /// 15-bit window plus 16: gzip wrapper on compression.
    static let gzipWindowBits: Int32 = 15 + 16
    /// 15-bit window plus 32: accept gzip or zlib wrappers on decompression (lenient with old writers).
    static let autoDetectWindowBits: Int32 = 15 + 32
    /// gzip header OS byte: always "Unix", so the bytes do not depend on the platform zlib was built for.
    static let gzipOperatingSystem: Int32 = 3

    /// Compresses one page body into a single gzip member.
    ///
    /// Deterministic: the header carries mtime 0, no name and a fixed OS byte.
    /// - Throws: `.compression` when zlib fails (out of memory).
    static func gzip(_ input: [UInt8]) throws(ParquetError) -> [UInt8] {
        var stream = z_stream()
        guard jz_deflateInit2(&stream, gzipLevel, gzipWindowBits) == Z_OK else {
            throw ParquetError(.compression, "zlib could not start a gzip stream (deflateInit2 failed)")
        }
        defer { deflateEnd(&stream) }
        var header = gz_header()
        header.os = gzipOperatingSystem
        let capacity = Int(deflateBound(&stream, uLong(input.count)))
        // Uninitialized: zlib writes the bytes that count. A page is about a megabyte, so its
        // bound is a fresh mapping, and filling it with zeros first made the kernel supply every
        // page of it where the compressed bytes need a third of them (issue 20).
        var status: Int32 = Z_STREAM_ERROR
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { outputBuffer, initialized in
            initialized = 0
            status = withUnsafeMutablePointer(to: &header) { headerPointer in
                guard deflateSetHeader(&stream, headerPointer) == Z_OK else { return Z_STREAM_ERROR }
                return input.withUnsafeBufferPointer { inputBuffer in
                    stream.next_in = inputBuffer.baseAddress.map { UnsafeMutablePointer(mutating: $0) }
                    stream.avail_in = uInt(inputBuffer.count)
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = uInt(outputBuffer.count)
                    return deflate(&stream, Z_FINISH)
                }
            }
            if status == Z_STREAM_END { initialized = Int(stream.total_out) }
        }
        guard status == Z_STREAM_END else {
            throw ParquetError(.compression, "zlib gzip compression failed with status \(status)")
        }
        return output
    }

    /// Decompresses one page body that must expand to exactly `uncompressedSize` bytes.
    ///
    /// Concatenated gzip members are accepted, as RFC 1952 allows.
    /// - Returns: the `uncompressedSize` bytes, in `scratch` (valid until its next use).
    /// - Throws: `.corruptFile` for invalid or truncated data or a size that does not match the header.
    static func gunzip(
        _ input: ArraySlice<UInt8>, uncompressedSize: Int, into scratch: PageScratch
    ) throws(ParquetError) -> UnsafeRawBufferPointer {
        guard uncompressedSize >= 0,
            uncompressedSize <= input.count * maximumDeflateRatio + gzipOverhead
        else {
            throw ParquetError(
                .corruptFile,
                "page claims \(uncompressedSize) uncompressed bytes from \(input.count) gzip bytes, beyond what "
                    + "deflate can produce"
            )
        }
        var stream = z_stream()
        guard jz_inflateInit2(&stream, autoDetectWindowBits) == Z_OK else {
            throw ParquetError(.compression, "zlib could not start decompression (inflateInit2 failed)")
        }
        defer { inflateEnd(&stream) }
        // One spare byte: a stream longer than claimed then shows up as output, not as a stall.
        let limit = uncompressedSize + 1
        let output = UnsafeMutableRawBufferPointer(rebasing: scratch.room(for: limit)[..<limit])
        let outcome: Int32 = input.withUnsafeBufferPointer { inputBuffer in
            let outputBuffer = output.bindMemory(to: UInt8.self)
            stream.next_in = inputBuffer.baseAddress.map { UnsafeMutablePointer(mutating: $0) }
            stream.avail_in = uInt(inputBuffer.count)
            stream.next_out = outputBuffer.baseAddress
            stream.avail_out = uInt(outputBuffer.count)
            while true {
                let status = inflate(&stream, Z_NO_FLUSH)
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    if stream.avail_in > 0 && stream.avail_out > 0 {
                        // Another gzip member follows.
                        guard inflateReset(&stream) == Z_OK else { return Z_STREAM_ERROR }
                        continue
                    }
                    return Z_STREAM_END
                default:
                    return status
                }
            }
        }
        guard outcome == Z_STREAM_END else {
            if outcome == Z_MEM_ERROR {
                throw ParquetError(.compression, "zlib ran out of memory decompressing a page")
            }
            throw ParquetError(.corruptFile, "gzip page data is invalid or truncated (zlib status \(outcome))")
        }
        // Counted from the buffer, not `total_out`, which inflateReset clears between members.
        let produced = limit - Int(stream.avail_out)
        guard produced == uncompressedSize else {
            throw ParquetError(
                .corruptFile,
                "gzip page expands to \(produced) bytes or more but its header says \(uncompressedSize)")
        }
        return UnsafeRawBufferPointer(rebasing: output[..<uncompressedSize])
    }
}
