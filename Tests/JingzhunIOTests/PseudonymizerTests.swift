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
}
