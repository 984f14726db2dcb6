import CSHA256Block
import Crypto
import JingzhunCore
import JingzhunIO
import Testing

/// `Pseudonymizer` computes HMAC-SHA-256 from prepared inner and outer hash states; it must
/// agree with the standard and with swift-crypto's own `HMAC` for every key length.
struct PseudonymizerTests {
    /// RFC 4231 §4.2, test case 1.
    @Test func rfc4231TestCase1() {
        let p = Pseudonymizer(key: [UInt8](repeating: 0x0B, count: 20))
        #expect(
            p.pseudonym(of: Array("Hi There".utf8)).hex
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    /// RFC 4231 §4.7, test case 6: a key longer than the block is hashed first.
    @Test func rfc4231TestCase6LongKey() {
        let p = Pseudonymizer(key: [UInt8](repeating: 0xAA, count: 131))
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(p.pseudonym(of: message).hex == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test(arguments: [0, 1, 18, 63, 64, 65, 200])
    func agreesWithSwiftCryptoHMAC(keyLength: Int) {
        let key = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let p = Pseudonymizer(key: key)
        for message in ["11010519491231002X", "", "52010219800101001X"] {
            let bytes = Array(message.utf8)
            let expected = Array(HMAC<SHA256>.authenticationCode(for: bytes, using: SymmetricKey(data: key)))
            #expect(p.pseudonym(of: bytes) == Pseudonym(bytes: expected), "key \(keyLength), message \(message)")
        }
    }

    /// The identity numbers of the shared reference vectors (valid and invalid, as ingest sees
    /// them) and every message length around the block boundaries agree with swift-crypto's
    /// `HMAC`: the two-compression path frames one and two padding blocks.
    @Test func agreesWithSwiftCryptoHMACOnReferenceVectorsAndEveryLength() throws {
        let path = IOEdgeTests.packageRoot + "/Tests/Fixtures/reference/id_check_vectors.csv"
        let csv = String(decoding: try FilePath.readAll(path), as: UTF8.self)
        var messages = csv.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first }.map {
            Array($0.utf8)
        }
        #expect(messages.count >= 10)
        messages += (0...200).map { length in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) } }
        let key = Array("jingzhun-sample-key-for-tests".utf8)
        let p = Pseudonymizer(key: key)
        for message in messages {
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
            #expect(p.pseudonym(of: message) == Pseudonym(bytes: expected), "message of \(message.count) bytes")
        }
    }

    /// The accelerated compression (SHA extensions, when this processor has them) and the
    /// portable C one give the same state, block after block.
    @Test func acceleratedAndPortableCompressionAgree() {
        var accelerated: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        var portable = accelerated
        let data = (0..<(64 * 37)).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) }
        for blocks in [1, 2, 3, 31] {
            data.withUnsafeBufferPointer { bytes in
                jingzhun_sha256_blocks(&accelerated, bytes.baseAddress!, blocks)
                jingzhun_sha256_blocks_portable(&portable, bytes.baseAddress!, blocks)
            }
            #expect(accelerated == portable, "after \(blocks) blocks")
        }
    }
}
