import CSHA256Block
@preconcurrency import Crypto
import JingzhunCore

/// Incremental SHA-256 (swift-crypto), hex output; used for content hashes and manifests.
public struct SHA256Hasher {
    private var hasher = SHA256()
    public init() {}
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
    public mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }
    public mutating func update(_ text: String) { hasher.update(data: Array(text.utf8)) }
    public func finalizeHex() -> String { Self.hex(hasher.finalize()) }
    public static func hex(of bytes: [UInt8]) -> String {
        var h = SHA256Hasher()
        h.update(bytes)
        return h.finalizeHex()
    }
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Incremental SHA-256 over `jingzhun_sha256_blocks` (the x86 SHA extensions when present), whose
/// two-stream form hashes the same bytes into two digests at once.
///
/// Why (issue 20, item 2): discovery reads every new inbox file once and computes two digests
/// over its bytes, the file's own and the submission's content hash (`ContentHash`, whose recipe
/// puts the file's name and size first, so the two streams' blocks never line up). One stream
/// after the other, swift-crypto's `SHA256` took 13 % of XML ingest; `update(_:_:with:)` runs the
/// two streams' compressions interleaved, which the SHA unit executes ≈ 1.25 times as fast.
/// Tests compare every digest with swift-crypto's.
public struct SHA256Stream {
    private var state = SHA256Words.initial
    /// The bytes of a block not yet complete (fewer than 64).
    private var pending: [UInt8] = []
    /// Bytes absorbed into `state` (whole blocks).
    private var absorbed = 0

    private static let blockBytes = 64

    public init() {
        pending.reserveCapacity(Self.blockBytes)
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        let rest = fillPending(bytes)
        absorbWholeBlocks(rest)
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }
    public mutating func update(_ text: String) { update(Array(text.utf8)) }

    /// Adds the same `bytes` to both streams, their blocks compressed two at a time.
    public static func update(
        _ first: inout SHA256Stream, _ second: inout SHA256Stream, with bytes: UnsafeRawBufferPointer
    ) {
        var firstRest = first.fillPending(bytes)
        var secondRest = second.fillPending(bytes)
        let blocks = min(firstRest.count, secondRest.count) / blockBytes
        if blocks > 0 {
            withUnsafeMutableBytes(of: &first.state.words) { firstState in
                withUnsafeMutableBytes(of: &second.state.words) { secondState in
                    jingzhun_sha256_blocks_pair(
                        firstState.baseAddress!.assumingMemoryBound(to: UInt32.self),
                        firstRest.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        secondState.baseAddress!.assumingMemoryBound(to: UInt32.self),
                        secondRest.baseAddress!.assumingMemoryBound(to: UInt8.self), blocks)
                }
            }
            first.absorbed += blocks * blockBytes
            second.absorbed += blocks * blockBytes
            firstRest = UnsafeRawBufferPointer(rebasing: firstRest[(blocks * blockBytes)...])
            secondRest = UnsafeRawBufferPointer(rebasing: secondRest[(blocks * blockBytes)...])
        }
        first.absorbWholeBlocks(firstRest)
        second.absorbWholeBlocks(secondRest)
    }

    /// The digest of the bytes so far, lowercase hex (as `SHA256Hasher.finalizeHex`).
    public func finalizeHex() -> String {
        let final = pending.withUnsafeBytes { state.finishing($0, afterBytes: absorbed) }
        return final.withDigestBytes { SHA256Hasher.hex($0) }
    }

    /// Completes a pending block from the start of `bytes` (compressing it when full); returns the rest.
    private mutating func fillPending(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard !pending.isEmpty else { return bytes }
        let taken = min(Self.blockBytes - pending.count, bytes.count)
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<taken]))
        if pending.count == Self.blockBytes {
            pending.withUnsafeBytes { state.compress($0.baseAddress!, blocks: 1) }
            absorbed += Self.blockBytes
            pending.removeAll(keepingCapacity: true)
        }
        return UnsafeRawBufferPointer(rebasing: bytes[taken...])
    }

    /// Absorbs the whole blocks of `bytes` (with nothing pending) and keeps the tail pending.
    private mutating func absorbWholeBlocks(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        precondition(pending.isEmpty, "whole blocks are absorbed only on a block boundary")
        let blocks = bytes.count / Self.blockBytes
        if blocks > 0 {
            state.compress(bytes.baseAddress!, blocks: blocks)
            absorbed += blocks * Self.blockBytes
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[(blocks * Self.blockBytes)...]))
    }
}

/// Keyed pseudonyms of identity numbers: HMAC-SHA-256 under the pipeline's secret key.
///
/// runs-and-store.md §Personal data: stable across runs and years (same key → same pseudonym),
/// so duplicates and panels still match; the key itself never appears in any output.
public struct Pseudonymizer: Sendable {
    /// HMAC-SHA-256 (RFC 2104) as swift-crypto's `HMAC` computes it, H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)),
    /// with both key blocks absorbed once into these chaining states: per pseudonym of an identity
    /// number only two compressions run (the message and its padding fit one block, and so do the
    /// inner digest and its padding), on the stack. Through swift-crypto's `SHA256` each hash also
    /// copied its context on write and allocated (five times the compressions' cost, issue 20).
    /// Tests check the output against `HMAC<SHA256>.authenticationCode`.
    private let inner: SHA256Words
    private let outer: SHA256Words
    /// SHA-256 of a fixed label and the key: identifies the key in manifests without revealing it.
    public let keyFingerprint: String

    public init(key: [UInt8]) {
        // RFC 2104: a key longer than the block is hashed first; then zero-padded to the block.
        var block = key.count > SHA256.blockByteCount ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: SHA256.blockByteCount - block.count)
        var inner = SHA256Words.initial
        (block.map { $0 ^ 0x36 }).withUnsafeBytes { inner.compress($0.baseAddress!, blocks: 1) }
        var outer = SHA256Words.initial
        (block.map { $0 ^ 0x5C }).withUnsafeBytes { outer.compress($0.baseAddress!, blocks: 1) }
        self.inner = inner
        self.outer = outer
        var h = SHA256Hasher()
        h.update("jingzhun-key-fingerprint-v1:")
        h.update(key)
        keyFingerprint = String(h.finalizeHex().prefix(16))
    }

    /// Pseudonym of a normalised 18-byte identity number.
    public func pseudonym(of normalizedIdentity: [UInt8]) -> Pseudonym {
        normalizedIdentity.withUnsafeBytes { pseudonym(of: $0) }
    }

    /// Pseudonym of a normalised identity number given as raw bytes (any length).
    public func pseudonym(of normalizedIdentity: UnsafeRawBufferPointer) -> Pseudonym {
        let innerDigest = inner.finishing(normalizedIdentity, afterBytes: SHA256.blockByteCount)
        let outerDigest = innerDigest.withDigestBytes { outer.finishing($0, afterBytes: SHA256.blockByteCount) }
        return outerDigest.pseudonym
    }
}

/// The eight chaining words of SHA-256 (FIPS 180-4), advanced by `jingzhun_sha256_blocks`.
struct SHA256Words {
    var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    /// H(0), FIPS 180-4 §5.3.3.
    static let initial = SHA256Words(
        words: (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19))

    /// Absorbs `blocks` whole 64-byte blocks.
    mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
        withUnsafeMutableBytes(of: &words) { state in
            jingzhun_sha256_blocks(
                state.baseAddress!.assumingMemoryBound(to: UInt32.self), data.assumingMemoryBound(to: UInt8.self),
                blocks)
        }
    }

    /// The final state after `message`, for a state that has absorbed `afterBytes` bytes (whole
    /// blocks): the message's whole blocks, then its tail with the padding and the bit length.
    func finishing(_ message: UnsafeRawBufferPointer, afterBytes: Int) -> SHA256Words {
        var state = self
        let blockBytes = 64
        let whole = message.count / blockBytes
        if whole > 0 { state.compress(message.baseAddress!, blocks: whole) }
        let rest = message.count - whole * blockBytes
        let blocks = rest + 9 <= blockBytes ? 1 : 2
        // Up to two blocks on the stack: the tail, 0x80, zeros, the message's length in bits.
        let zeros: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var buffer = (zeros, zeros)
        withUnsafeMutableBytes(of: &buffer) { bytes in
            if rest > 0 {
                bytes.baseAddress!.copyMemory(from: message.baseAddress! + whole * blockBytes, byteCount: rest)
            }
            bytes[rest] = 0x80
            let bits = UInt64(afterBytes + message.count) &* 8
            bytes.storeBytes(of: bits.bigEndian, toByteOffset: blocks * blockBytes - 8, as: UInt64.self)
            state.compress(bytes.baseAddress!, blocks: blocks)
        }
        return state
    }

    /// The digest (the words big-endian) as bytes, for hashing it again.
    func withDigestBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var digest = (
            words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian, words.4.bigEndian,
            words.5.bigEndian, words.6.bigEndian, words.7.bigEndian
        )
        return withUnsafeBytes(of: &digest) { body($0) }
    }

    /// The digest as a pseudonym (its bytes read as four big-endian words, as `Pseudonym(bytes:)`).
    var pseudonym: Pseudonym {
        Pseudonym(
            w0: UInt64(words.0) << 32 | UInt64(words.1), w1: UInt64(words.2) << 32 | UInt64(words.3),
            w2: UInt64(words.4) << 32 | UInt64(words.5), w3: UInt64(words.6) << 32 | UInt64(words.7))
    }
}
