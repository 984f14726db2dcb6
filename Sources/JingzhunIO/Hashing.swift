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

/// Keyed pseudonyms of identity numbers: HMAC-SHA-256 under the pipeline's secret key.
///
/// runs-and-store.md §Personal data: stable across runs and years (same key → same pseudonym),
/// so duplicates and panels still match; the key itself never appears in any output.
public struct Pseudonymizer: @unchecked Sendable {  // immutable after init
    /// HMAC-SHA-256 (RFC 2104) as swift-crypto's `HMAC` computes it, H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)),
    /// with both key blocks absorbed once: per pseudonym only two small hashes run, on the raw
    /// bytes, with no array or generic `DataProtocol` walk in between (those were two thirds of
    /// the cost). A test checks the output against `HMAC<SHA256>.authenticationCode`.
    private let inner: SHA256
    private let outer: SHA256
    /// SHA-256 of a fixed label and the key: identifies the key in manifests without revealing it.
    public let keyFingerprint: String

    public init(key: [UInt8]) {
        // RFC 2104: a key longer than the block is hashed first; then zero-padded to the block.
        var block = key.count > SHA256.blockByteCount ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: SHA256.blockByteCount - block.count)
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5C })
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

    /// Pseudonym of a normalised identity number given as raw bytes.
    public func pseudonym(of normalizedIdentity: UnsafeRawBufferPointer) -> Pseudonym {
        var innerHash = inner
        innerHash.update(bufferPointer: normalizedIdentity)
        let innerDigest = innerHash.finalize()
        var outerHash = outer
        innerDigest.withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        return outerHash.finalize().withUnsafeBytes { Pseudonym(bytes: $0) }
    }
}
