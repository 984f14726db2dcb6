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
    /// ISA-L (`.isal`) hands out zlib's bytes for every valid stream, however it is fed and
    /// whatever the output buffer, several members and zero padding included; it finds the same
    /// kinds of problem (what it says of them is replaced by zlib's account: see `Ingestor`).
    @Test(arguments: [1, 7, 4096, 1 << 16])
    func isalHandsOutZlibsBytes(outputBufferSize: Int) throws {
        var generator = SplitMix64Local(seed: UInt64(outputBufferSize))
        let members = [Self.text, [], Array("tail\n".utf8), (0..<200_000).map { _ in UInt8(generator.next() % 7) }]
        var gz = members.reduce([UInt8]()) { $0 + GzipDeflater.gzip($1) }
        gz += [UInt8](repeating: 0, count: 33)
        for chunkSize in [1, 3, 1000, gz.count] {
            var outputs: [[UInt8]] = []
            for engine in [GzipInflater.Engine.zlib, .isal] {
                let inflater = GzipInflater(outputBufferSize: outputBufferSize, engine: engine)
                var out: [UInt8] = []
                var start = 0
                while start < gz.count {
                    let end = min(gz.count, start + chunkSize)
                    try inflater.consume(Array(gz[start..<end])) { out.append(contentsOf: $0) }
                    start = end
                }
                try inflater.finish()
                #expect(inflater.inflatedByteCount == Int64(out.count))
                #expect(inflater.compressedByteCount == Int64(gz.count))
                outputs.append(out)
            }
            #expect(outputs[0] == members.reduce([], +) && outputs[1] == outputs[0], "chunks of \(chunkSize)")
        }
        let cut = Array(gz.prefix(gz.count / 2))
        #expect { try GzipInflater.gunzip(cut, engine: .isal) } throws: { ($0 as? GzipError)?.kind == .truncated }
        var flipped = GzipDeflater.gzip(Self.text)
        flipped[flipped.count - 6] ^= 0x40
        #expect { try GzipInflater.gunzip(flipped, engine: .isal) } throws: { ($0 as? GzipError)?.kind == .corrupt }
        // (ISA-L waits for a whole gzip header before judging one: 8 bytes of text are "truncated"
        // to it and "corrupt" to zlib, one reason why its problems are told as zlib tells them.)
        #expect { try GzipInflater.gunzip(Array("not gzip, plainly not".utf8), engine: .isal) } throws: {
            ($0 as? GzipError)?.kind == .corrupt
        }
        let bomb = GzipDeflater.gzip([UInt8](repeating: 0, count: 4 << 20))
        #expect { try GzipInflater.gunzip(bomb, maxInflatedBytes: 1 << 20, engine: .isal) } throws: {
            ($0 as? GzipError)?.kind == .expansionLimit
        }
    }
}

/// SplitMix64, for the seeded bytes above.
struct SplitMix64Local {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
