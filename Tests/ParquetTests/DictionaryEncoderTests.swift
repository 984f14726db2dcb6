import Testing

@testable import Parquet

/// The dictionary encoder against a plain first-seen reference over the values' bytes: the
/// dictionary (distinct values, first seen first) and the index of every non-null row, whether
/// the keys are found by scanning (at most `DictionaryEncoder.scannedEntries` distinct values)
/// or by hashing past that, and for texts packed in words (at most 16 bytes) or not (issue 20).
@Suite struct DictionaryEncoderTests {
    /// Texts that tell the packed keys apart only by their length, a zero byte, a byte past the
    /// eighth or a different encoding of one character.
    static let awkward: [String] = [
        "", "a", "a\u{0}", "\u{0}", "\u{0}\u{0}", "abcdefgh", "abcdefghi", "abcdefghijklmnop",
        "abcdefghijklmnoq", "abcdefghijklmnopq", "abcdefghijklmnopr", "caf\u{E9}", "cafe\u{301}", "字", "字字字字字",
        "字字字字字字", String(repeating: "x", count: 40), String(repeating: "x", count: 41),
    ]

    /// First-seen dictionary and indices by the values' UTF-8 bytes.
    static func reference(_ values: [String], validity: [Bool]?) -> (dictionary: [String], indices: [UInt32]) {
        var dictionary: [String] = []
        var positions: [[UInt8]: UInt32] = [:]
        var indices: [UInt32] = []
        for (row, value) in values.enumerated() where validity?[row] ?? true {
            let bytes = Array(value.utf8)
            if let position = positions[bytes] {
                indices.append(position)
            } else {
                positions[bytes] = UInt32(dictionary.count)
                indices.append(UInt32(dictionary.count))
                dictionary.append(value)
            }
        }
        return (dictionary, indices)
    }

    @Test(arguments: [1, 5, 16, 17, 18, 40, 3_000])
    func equalsTheFirstSeenReference(distinct: Int) throws {
        var random = SeededGenerator(seed: UInt64(distinct))
        let pool = (0..<distinct).map { index in
            index < Self.awkward.count ? Self.awkward[index] : "v\(index)-" + String(repeating: "y", count: index % 23)
        }
        // Runs of a value and jumps between values, so both the previous-row check and the look-ups work.
        var values: [String] = []
        while values.count < 20_000 {
            let value = pool[Int(random.next() % UInt64(pool.count))]
            for _ in 0..<(1 + Int(random.next() % 3)) { values.append(value) }
        }
        let validity = values.indices.map { _ in random.next() % 10 != 0 }
        for mask in [nil, validity] {
            let encoded = try #require(
                DictionaryEncoder.encode(values[...], validity: mask?[...], byteLimit: Int.max))
            let expected = Self.reference(values, validity: mask)
            #expect(encoded.dictionary.map { Array($0.utf8) } == expected.dictionary.map { Array($0.utf8) })
            #expect(encoded.indices == expected.indices)
        }
    }

    @Test func packedKeysAreEqualExactlyWhenTheirBytesAre() {
        for a in Self.awkward {
            for b in Self.awkward {
                let same = Array(a.utf8) == Array(b.utf8)
                #expect((UTF8Key(a) == UTF8Key(b)) == same, "\(Array(a.utf8)) vs \(Array(b.utf8))")
                if same { #expect(UTF8Key(a).hashValue == UTF8Key(b).hashValue) }
            }
        }
    }

    @Test func fallsBackToPlainPastTheByteLimitWhileScanningOrHashing() {
        let values = (0..<40).map { "value-\($0)" }
        // PLAIN sizes 11 bytes (value-0 … value-9), then 12: the 4th value passes 40 bytes (while
        // scanning), the 24th passes 270 (while hashing).
        #expect(DictionaryEncoder.encode(values[...], validity: nil, byteLimit: 40) == nil)
        #expect(DictionaryEncoder.encode(values[...], validity: nil, byteLimit: 270) == nil)
        #expect(DictionaryEncoder.encode(values[...], validity: nil, byteLimit: 1_000)?.dictionary == values)
    }
}
