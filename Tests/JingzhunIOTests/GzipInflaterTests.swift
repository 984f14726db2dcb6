import JingzhunCore
import JingzhunIO
import Testing

@Suite struct GzipInflaterTests {
    static let text: [UInt8] = Array((0..<5000).map { "line \($0): 贫困户 data\n" }.joined().utf8)

    @Test func singleMemberRoundTrip() throws {
        let gz = GzipDeflater.gzip(Self.text)
        #expect(try GzipInflater.gunzip(gz) == Self.text)
    }

    @Test func multiMemberIsConcatenation() throws {
        let a = Array("first member\n".utf8)
        let b = Array("second member\n".utf8)
        let gz = GzipDeflater.gzip(a) + GzipDeflater.gzip(b) + GzipDeflater.gzip(Self.text)
        #expect(try GzipInflater.gunzip(gz) == a + b + Self.text)
    }

    @Test func byteByByteFeedingGivesSameOutput() throws {
        let gz = GzipDeflater.gzip(Self.text) + GzipDeflater.gzip(Array("tail".utf8))
        let inflater = GzipInflater(outputBufferSize: 7)  // tiny buffer: many hand-outs per input byte
        var out: [UInt8] = []
        for byte in gz { try inflater.consume([byte]) { out.append(contentsOf: $0) } }
        try inflater.finish()
        #expect(out == Self.text + Array("tail".utf8))
        #expect(inflater.inflatedByteCount == Int64(out.count))
        #expect(inflater.compressedByteCount == Int64(gz.count))
    }

    @Test(arguments: [1, 10, 18, 100, -8, -1])
    func truncatedStreamIsDetectedAtFinish(cut: Int) throws {
        let gz = GzipDeflater.gzip(Self.text)
        let kept = cut > 0 ? Array(gz.prefix(cut)) : Array(gz.dropLast(-cut))
        let inflater = GzipInflater()
        try inflater.consume(kept) { _ in }
        #expect(throws: GzipError.self) { try inflater.finish() }
        do { try inflater.finish() } catch { #expect(error.kind == .truncated && error.rule == .gzipTruncated) }
    }

    @Test func emptyFileIsTruncated() {
        #expect { try GzipInflater.gunzip([]) } throws: { ($0 as? GzipError)?.kind == .truncated }
    }

    @Test func corruptDeflateDataIsDetected() {
        var gz = GzipDeflater.gzip(Self.text)
        gz[gz.count / 2] ^= 0xFF
        #expect { try GzipInflater.gunzip(gz) } throws: { ($0 as? GzipError)?.rule == .gzipCorrupt }
    }

    @Test func crcMismatchIsCorrupt() {
        var gz = GzipDeflater.gzip(Self.text)
        gz[gz.count - 6] ^= 0x01  // inside the CRC-32 trailer
        #expect { try GzipInflater.gunzip(gz) } throws: { ($0 as? GzipError)?.kind == .corrupt }
    }

    @Test func notGzipIsCorrupt() {
        #expect { try GzipInflater.gunzip(Array("county_code,rural_population\n".utf8)) } throws: {
            ($0 as? GzipError)?.kind == .corrupt
        }
    }

    @Test func garbageAfterAMemberIsCorrupt() {
        let gz = GzipDeflater.gzip(Self.text) + Array("garbage".utf8)
        #expect { try GzipInflater.gunzip(gz) } throws: { ($0 as? GzipError)?.kind == .corrupt }
    }

    /// Zero bytes after the last member are padding that gzip(1) and Python's gzip accept (found
    /// by fuzzing: they were F004); data after the padding is still corrupt.
    @Test func zeroPaddingAfterTheLastMemberIsAccepted() throws {
        let gz = GzipDeflater.gzip(Self.text) + [UInt8](repeating: 0, count: 512)
        #expect(try GzipInflater.gunzip(gz) == Self.text)
        let inflater = GzipInflater()
        var out: [UInt8] = []
        for byte in gz { try inflater.consume([byte]) { out.append(contentsOf: $0) } }
        try inflater.finish()
        #expect(out == Self.text)
        let afterPadding = gz + GzipDeflater.gzip(Array("more".utf8))
        #expect { try GzipInflater.gunzip(afterPadding) } throws: { ($0 as? GzipError)?.kind == .corrupt }
        #expect { try GzipInflater.gunzip([0, 0, 0]) } throws: { ($0 as? GzipError)?.kind == .corrupt }
    }

    @Test func expansionBoundStopsABomb() throws {
        let bomb = GzipDeflater.gzip([UInt8](repeating: 0, count: 4 << 20))
        #expect(bomb.count < 10_000)
        let inflater = GzipInflater(maxInflatedBytes: 1 << 20)
        var handedOut = 0
        #expect { try inflater.consume(bomb) { handedOut += $0.count } } throws: {
            ($0 as? GzipError)?.rule == .gzipExpansionLimit
        }
        #expect(handedOut <= 1 << 20)
        // Sticky: finish reports the same error.
        #expect { try inflater.finish() } throws: { ($0 as? GzipError)?.kind == .expansionLimit }
    }

    @Test func exactlyTheBoundIsAllowed() throws {
        let data = [UInt8](repeating: 7, count: 100_000)
        #expect(try GzipInflater.gunzip(GzipDeflater.gzip(data), maxInflatedBytes: 100_000) == data)
        #expect(throws: GzipError.self) { try GzipInflater.gunzip(GzipDeflater.gzip(data), maxInflatedBytes: 99_999) }
    }
}
