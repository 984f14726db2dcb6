import CSHA256Block
import JingzhunIO
import Testing

/// `SHA256Stream` must give swift-crypto's SHA-256 for every message and every way of feeding
/// it, alone and as a pair of streams over the same bytes (discovery's file digest and content
/// hash, whose framing prefix puts the second stream's blocks at another offset).
struct SHA256StreamTests {
    private static func message(_ length: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<length).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    /// swift-crypto's digest (`SHA256Hasher` is a thin wrapper over its `SHA256`).
    private static func expected(_ bytes: [UInt8]) -> String {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Feeds `bytes` in pieces cut at `cuts` (sorted offsets).
    private static func pieces(_ bytes: [UInt8], cuts: [Int]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start {
            result.append(bytes[start..<cut])
            start = cut
        }
        return result
    }

    @Test func knownDigests() {
        var empty = SHA256Stream()
        #expect(empty.finalizeHex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        empty.update("abc")
        #expect(empty.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func everyLengthAroundTheBlockBoundariesAgreesWithSwiftCrypto() {
        for length in 0...300 {
            let bytes = Self.message(length, seed: UInt64(length))
            var stream = SHA256Stream()
            stream.update(bytes)
            #expect(stream.finalizeHex() == Self.expected(bytes), "length \(length)")
        }
    }

    /// Cut at every offset into two pieces, and at seeded random offsets into many.
    @Test func anyCutsGiveTheSameDigest() {
        let bytes = Self.message(777, seed: 7)
        let wanted = Self.expected(bytes)
        for cut in 0...bytes.count {
            var stream = SHA256Stream()
            for piece in Self.pieces(bytes, cuts: [cut]) { piece.withUnsafeBytes { stream.update($0) } }
            #expect(stream.finalizeHex() == wanted, "cut at \(cut)")
        }
        var random = SHA256StreamTests.message(4000, seed: 99).makeIterator()
        for round in 0..<200 {
            var cuts: [Int] = []
            while let next = random.next(), cuts.count < Int(next % 12) {
                cuts.append(Int(next) * 3 % (bytes.count + 1))
            }
            var stream = SHA256Stream()
            for piece in Self.pieces(bytes, cuts: cuts.sorted()) { piece.withUnsafeBytes { stream.update($0) } }
            #expect(stream.finalizeHex() == wanted, "round \(round), cuts \(cuts.sorted())")
        }
    }

    /// Two streams fed the same bytes together, the second after a prefix of every length 0-130
    /// (its blocks at every offset from the first's), in pieces: each gives its own digest.
    @Test func aPairOfStreamsGivesEachStreamsOwnDigest() {
        let bytes = Self.message(5000, seed: 3)
        let wantedFirst = Self.expected(bytes)
        for prefixLength in 0...130 {
            let prefix = Self.message(prefixLength, seed: 1000 + UInt64(prefixLength))
            var first = SHA256Stream()
            var second = SHA256Stream()
            second.update(prefix)
            let cuts = [prefixLength * 7 % 5000, prefixLength * 31 % 5000, 4096].sorted()
            for piece in Self.pieces(bytes, cuts: cuts) {
                piece.withUnsafeBytes { SHA256Stream.update(&first, &second, with: $0) }
            }
            #expect(first.finalizeHex() == wantedFirst, "prefix \(prefixLength)")
            #expect(second.finalizeHex() == Self.expected(prefix + bytes), "prefix \(prefixLength)")
        }
    }

    /// The interleaved compression of two streams gives what two single compressions give (the
    /// accelerated pair when the processor has the SHA extensions, else the portable one twice).
    @Test func pairedCompressionEqualsTwoSingleOnes() {
        let data = Self.message(64 * 40, seed: 11)
        for blocks in [0, 1, 2, 7, 39] {
            var first: [UInt32] = [1, 2, 3, 4, 5, 6, 7, 8]
            var second: [UInt32] = [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 9, 10, 11]
            var firstAlone = first
            var secondAlone = second
            data.withUnsafeBufferPointer { bytes in
                jingzhun_sha256_blocks_pair(&first, bytes.baseAddress!, &second, bytes.baseAddress! + 64, blocks)
                jingzhun_sha256_blocks_portable(&firstAlone, bytes.baseAddress!, blocks)
                jingzhun_sha256_blocks_portable(&secondAlone, bytes.baseAddress! + 64, blocks)
            }
            #expect(first == firstAlone, "\(blocks) blocks")
            #expect(second == secondAlone, "\(blocks) blocks")
        }
    }
}
