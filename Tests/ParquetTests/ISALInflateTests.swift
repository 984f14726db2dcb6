import CZlib
import Testing

@testable import Parquet

/// GZIP pages are inflated by ISA-L when they are plain (whole gzip members, exactly the size
/// the page header gives) and by zlib otherwise: the bytes must be zlib's, and every page ISA-L
/// does not take must reach zlib, so that errors and lenient cases keep their answers.
@Suite struct ISALInflateTests {
    static func data(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        // Runs of a few repeated symbols and random bytes: both literal and match codes.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let run = Int(generator.next() % 40) + 1
            let value = UInt8(truncatingIfNeeded: generator.next())
            let repeated = generator.next() % 2 == 0
            for i in 0..<min(run, count - bytes.count) {
                bytes.append(repeated ? value : UInt8(truncatingIfNeeded: generator.next() &+ UInt64(i)))
            }
        }
        return bytes
    }

    @Test(arguments: [0, 1, 17, 1_000, 65_536, 1_000_003])
    func pagesInflateToZlibsBytes(count: Int) throws {
        let page = Self.data(count: count, seed: UInt64(count))
        let compressed = try Compression.gzip(page)
        #expect(ISALInflate.gunzip(compressed[...], uncompressedSize: count) == page)
        #expect(try Compression.zlibGunzip(compressed[...], uncompressedSize: count) == page)
        #expect(try Compression.gunzip(compressed[...], uncompressedSize: count) == page)
    }

    @Test func severalMembersInflateToTheirConcatenation() throws {
        let (a, b) = (Self.data(count: 5_000, seed: 1), Self.data(count: 7_000, seed: 2))
        let both = try Compression.gzip(a) + Compression.gzip(b)
        #expect(ISALInflate.gunzip(both[...], uncompressedSize: a.count + b.count) == a + b)
        #expect(try Compression.gunzip(both[...], uncompressedSize: a.count + b.count) == a + b)
    }

    /// Each case: ISA-L declines, and `gunzip` answers exactly as zlib alone does.
    @Test(arguments: ["size one short", "size one long", "crc flipped", "length flipped", "truncated", "zlib wrapper"])
    func unusualPagesGoToZlib(_ case: String) throws {
        let page = Self.data(count: 20_000, seed: 9)
        var compressed = try Compression.gzip(page)
        var size = page.count
        switch `case` {
        case "size one short": size -= 1
        case "size one long": size += 1
        case "crc flipped": compressed[compressed.count - 8] ^= 0x01
        case "length flipped": compressed[compressed.count - 1] ^= 0x01
        case "truncated": compressed.removeLast(5)
        default:
            // The same data with a zlib wrapper (lenient readers of old writers: zlib takes it).
            var length = compressBound(uLong(page.count))
            var wrapped = [UInt8](repeating: 0, count: Int(length))
            #expect(compress(&wrapped, &length, page, uLong(page.count)) == Z_OK)
            compressed = Array(wrapped.prefix(Int(length)))
        }
        #expect(ISALInflate.gunzip(compressed[...], uncompressedSize: size) == nil)
        let zlib = Result { () throws(ParquetError) in
            try Compression.zlibGunzip(compressed[...], uncompressedSize: size)
        }
        let both = Result { () throws(ParquetError) in try Compression.gunzip(compressed[...], uncompressedSize: size) }
        switch (zlib, both) {
        case (.success(let x), .success(let y)): #expect(x == y && `case` == "zlib wrapper")
        case (.failure(let x), .failure(let y)): #expect(x.code == y.code && x.message == y.message)
        default: Issue.record("\(`case`): zlib gave \(zlib), gunzip gave \(both)")
        }
    }
}
