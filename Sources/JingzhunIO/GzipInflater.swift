import CZlib
public import JingzhunCore

/// Why a gzip stream could not be inflated; each case maps to one whole-submission rule.
///
/// runs-and-store.md §Hostile and broken input: truncated or corrupt gzip and gzip bombs are
/// reported with the file and rule, never crash the run.
public struct GzipError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Not gzip, a bad header, bad deflate data, or a CRC-32 / length trailer mismatch.
        case corrupt
        /// The stream ends inside a member (or the file is empty): an incomplete upload.
        case truncated
        /// Inflating would produce more than the configured maximum number of bytes.
        case expansionLimit
    }
    public var kind: Kind
    /// What zlib or the bound said, without any file content.
    public var message: String
    /// Compressed bytes consumed when the problem was found (0-based offset of the failing input).
    public var compressedOffset: Int64
    public init(kind: Kind, message: String, compressedOffset: Int64) {
        self.kind = kind
        self.message = message
        self.compressedOffset = compressedOffset
    }
    /// The rule that rejects the submission (docs/rules.md): F004, F005 or F006.
    public var rule: RuleCode {
        switch kind {
        case .corrupt: .gzipCorrupt
        case .truncated: .gzipTruncated
        case .expansionLimit: .gzipExpansionLimit
        }
    }
    public var description: String { "\(rule.rawValue): \(message)" }
}

/// Streaming gzip decompressor over zlib, fed with compressed bytes as they arrive.
///
/// ```swift
/// let inflater = GzipInflater(maxInflatedBytes: 8 << 30)
/// try inflater.consume(chunk) { inflated in scanner.consume(inflated) }
/// try inflater.finish()
/// ```
///
/// - Multi-member files (`cat a.gz b.gz`, as RFC 1952 allows) inflate to the concatenation.
/// - zlib checks each member's CRC-32 and ISIZE trailer; a mismatch is `.corrupt`.
/// - Bytes after a member must start another member, or be zero bytes to the end of the file
///   (padding, as gzip(1) accepts); anything else is `.corrupt`.
/// - `finish()` reports `.truncated` when the input ended inside a member or was empty.
/// - The total inflated size is bounded (`maxInflatedBytes`); crossing it is `.expansionLimit`
///   and nothing beyond the bound is handed out.
/// Errors are sticky: once thrown, every later call throws the same error.
///
/// - Complexity: O(n) in inflated bytes. Memory: zlib's 32 KiB window plus one fixed output
///   buffer (`outputBufferSize`); the caller's input chunk is not copied.
/// - Note: Not thread-safe; one inflater per stream.
public final class GzipInflater {
    /// Inflated bytes handed out so far.
    public private(set) var inflatedByteCount: Int64 = 0
    /// Compressed bytes consumed so far.
    public private(set) var compressedByteCount: Int64 = 0
    public let maxInflatedBytes: Int64

    private var stream = z_stream()
    private var output: [UInt8]
    private var failure: GzipError?
    /// True while bytes of a member have been consumed and its trailer not yet seen.
    private var insideMember = false
    /// True after a member's end until the next byte arrives (then zlib is reset for the next member).
    private var memberEnded = false
    /// True once zero bytes followed the last member (only more zeros may follow).
    private var isInPadding = false
    private var finished = false

    /// - Parameters:
    ///   - maxInflatedBytes: the expansion bound (pipeline setting); more inflated bytes → `.expansionLimit`.
    ///   - outputBufferSize: size of the fixed buffer the inflated bytes are handed out from.
    public init(maxInflatedBytes: Int64 = .max, outputBufferSize: Int = 1 << 16) {
        precondition(maxInflatedBytes >= 0, "GzipInflater: maxInflatedBytes must not be negative")
        precondition(outputBufferSize > 0, "GzipInflater: outputBufferSize must be positive")
        self.maxInflatedBytes = maxInflatedBytes
        output = [UInt8](repeating: 0, count: outputBufferSize)
        // 15 + 16: a 32 KiB window, gzip wrapper only (a raw zlib stream is not a submission).
        let status = jz_inflateInit2(&stream, 15 + 16)
        precondition(status == Z_OK, "inflateInit2 failed with \(status): zlib is unusable")
    }

    deinit { inflateEnd(&stream) }

    /// Inflates the next compressed bytes, handing inflated bytes to `inflated` in order.
    ///
    /// The buffer passed to `inflated` is valid only during the call and is reused.
    /// - Throws: `GzipError` `.corrupt` or `.expansionLimit`.
    public func consume(_ bytes: UnsafeRawBufferPointer, inflated: (UnsafeRawBufferPointer) -> Void) throws(GzipError) {
        precondition(!finished, "GzipInflater.consume called after finish")
        if let failure { throw failure }
        guard bytes.count > 0, let inputBase = bytes.baseAddress else { return }
        stream.next_in = UnsafeMutablePointer(mutating: inputBase.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        let consumedBefore = compressedByteCount
        defer { compressedByteCount = consumedBefore + Int64(bytes.count) - Int64(stream.avail_in) }
        let capacity = output.count
        var error: GzipError?
        output.withUnsafeMutableBytes { out in
            let outBase = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            while true {
                if memberEnded {
                    // A new member begins only if there are bytes for it; the reset keeps the window allocation.
                    guard stream.avail_in > 0 else { break }
                    if isInPadding || stream.next_in.pointee == 0 {
                        // Zero bytes after the last member are padding (written by some tape and
                        // block tools), which gzip(1) and Python's gzip accept; anything after them is not.
                        isInPadding = true
                        while stream.avail_in > 0 && stream.next_in.pointee == 0 {
                            stream.next_in += 1
                            stream.avail_in -= 1
                        }
                        if stream.avail_in > 0 {
                            error = GzipError(
                                kind: .corrupt,
                                message: "not a valid gzip stream: data after the zero padding that ends the file",
                                compressedOffset: consumedBefore + Int64(bytes.count) - Int64(stream.avail_in))
                            return
                        }
                        break
                    }
                    inflateReset(&stream)
                    memberEnded = false
                }
                if stream.avail_in > 0 { insideMember = true }
                stream.next_out = outBase
                stream.avail_out = uInt(capacity)
                let status = inflate(&stream, Z_NO_FLUSH)
                let produced = capacity - Int(stream.avail_out)
                if produced > 0 {
                    if Int64(produced) > maxInflatedBytes - inflatedByteCount {
                        error = GzipError(
                            kind: .expansionLimit,
                            message: "inflated size exceeds the limit of \(maxInflatedBytes) bytes (gzip bomb?)",
                            compressedOffset: consumedBefore + Int64(bytes.count) - Int64(stream.avail_in))
                        return
                    }
                    inflatedByteCount += Int64(produced)
                    inflated(UnsafeRawBufferPointer(start: out.baseAddress, count: produced))
                }
                switch status {
                case Z_STREAM_END:
                    insideMember = false
                    memberEnded = true
                case Z_OK:
                    // More output may be pending only when the output buffer was filled.
                    if stream.avail_in == 0 && stream.avail_out != 0 { return }
                case Z_BUF_ERROR:
                    // No progress possible: all input consumed, zlib waits for more.
                    return
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    error = GzipError(
                        kind: .corrupt, message: "not a valid gzip stream: \(reason)",
                        compressedOffset: consumedBefore + Int64(bytes.count) - Int64(stream.avail_in))
                    return
                }
            }
        }
        if let error {
            failure = error
            throw error
        }
    }

    /// Convenience for arrays.
    public func consume(_ bytes: [UInt8], inflated: (UnsafeRawBufferPointer) -> Void) throws(GzipError) {
        // withUnsafeBytes rethrows untyped errors; carry the typed one out by hand.
        var caught: GzipError?
        bytes.withUnsafeBytes { raw in
            do throws(GzipError) { try consume(raw, inflated: inflated) } catch { caught = error }
        }
        if let caught { throw caught }
    }

    /// Ends the stream.
    /// - Throws: `GzipError.truncated` when the input ended inside a member or held no member at all;
    ///   an earlier error again.
    public func finish() throws(GzipError) {
        if let failure { throw failure }
        precondition(!finished, "GzipInflater.finish called twice")
        finished = true
        if insideMember || !memberEnded {
            let error = GzipError(
                kind: .truncated,
                message: compressedByteCount == 0
                    ? "the file is empty (incomplete upload?)"
                    : "the gzip stream ends early after \(compressedByteCount) bytes (incomplete upload?)",
                compressedOffset: compressedByteCount)
            failure = error
            throw error
        }
    }

    /// One-shot helper (tests, small files): inflates `bytes` whole.
    public static func gunzip(_ bytes: [UInt8], maxInflatedBytes: Int64 = .max) throws(GzipError) -> [UInt8] {
        let inflater = GzipInflater(maxInflatedBytes: maxInflatedBytes)
        var out = [UInt8]()
        try inflater.consume(bytes) { out.append(contentsOf: $0) }
        try inflater.finish()
        return out
    }
}
