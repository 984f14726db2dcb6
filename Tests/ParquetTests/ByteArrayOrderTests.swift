import Testing

@testable import Parquet

/// The dictionary's key equality and the statistics' order of text values compare PLAIN bytes
/// with memcmp: the same answers as comparing the bytes one by one, unsigned (so "é" and other
/// bytes above 0x7F sort after ASCII), a prefix first.
@Suite struct ByteArrayOrderTests {
    @Test func equalityAndOrderAreThoseOfTheUnsignedBytes() {
        var generator = SeededGenerator(seed: 7)
        // Few distinct bytes and short lengths, so that equal values and shared prefixes are common.
        let alphabet: [UInt8] = [0x00, 0x41, 0x61, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        func text() -> [UInt8] {
            (0..<Int(generator.next() % 5)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        }
        var equal = 0
        for _ in 0..<20_000 {
            let (a, b) = (text(), text())
            #expect(a.bytewiseEquals(b) == (a == b), "\(a) \(b)")
            #expect(a.bytewisePrecedes(b) == a.lexicographicallyPrecedes(b), "\(a) \(b)")
            if a == b { equal += 1 }
        }
        #expect(equal > 100)
        #expect("e".bytewisePrecedes("é") && !"é".bytewisePrecedes("f") && "ab".bytewisePrecedes("abc"))
        #expect("".bytewiseEquals("") && !"".bytewiseEquals("a") && !"".bytewisePrecedes(""))
    }
}
