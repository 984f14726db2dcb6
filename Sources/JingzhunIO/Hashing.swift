import JingzhunCore
@preconcurrency import Crypto

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
    private let key: SymmetricKey
    /// HMAC state with the key already absorbed; copied per pseudonym so the key schedule is
    /// not redone for every member (it was a third of the pseudonym cost). Same output as
    /// `HMAC.authenticationCode(for:using:)`.
    private let keyed: HMAC<SHA256>
    /// SHA-256 of a fixed label and the key: identifies the key in manifests without revealing it.
    public let keyFingerprint: String

    public init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
        keyed = HMAC<SHA256>(key: self.key)
        var h = SHA256Hasher()
        h.update("jingzhun-key-fingerprint-v1:")
        h.update(key)
        keyFingerprint = String(h.finalizeHex().prefix(16))
    }

    /// Pseudonym of a normalised 18-byte identity number.
    public func pseudonym(of normalizedIdentity: some Collection<UInt8>) -> Pseudonym {
        var hmac = keyed
        hmac.update(data: Array(normalizedIdentity))
        return Pseudonym(bytes: Array(hmac.finalize()))
    }
}
