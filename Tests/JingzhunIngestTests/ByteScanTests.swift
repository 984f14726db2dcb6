import CByteScan
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The sixteen-byte searches of CByteScan (the XML scanner's attribute values and line tracking)
/// against plain Swift references, and their portable forms against the same references: seeded
/// bytes at every alignment and every length up to 80 (several blocks, and every size of the
/// overlapping last block), and buffers ending right before an unreadable page (no read past the
/// end).
struct ByteScanTests {
    /// Bytes that matter to the searches, next to each other and to plain ones: every stop byte of
    /// an attribute value, the bytes around them, line ends, continuation and lead bytes.
    static let interesting: [UInt8] = [
        0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x26, 0x27, 0x3C, 0x3D, 0x7E, 0x7F, 0x80, 0xBF, 0xC0, 0xE4,
        0xFF, 0x41, 0x61, 0x30,
    ]

    /// Seeded bytes: mostly plain letters, one in `rareOneIn` an interesting byte (so that the
    /// first stop falls anywhere in a block, often past the first one).
    static func bytes(_ count: Int, _ random: inout SplitMix64, rareOneIn: Int) -> [UInt8] {
        (0..<count).map { _ in
            random.below(rareOneIn) == 0
                ? interesting[random.below(interesting.count)] : UInt8(0x61 + random.below(26))
        }
    }

    static func referenceStop(_ bytes: ArraySlice<UInt8>) -> Int {
        let stops: Set<UInt8> = [0x22, 0x27, 0x3C, 0x26]
        return (bytes.firstIndex { $0 < 0x20 || $0 >= 0x7F || stops.contains($0) } ?? bytes.endIndex)
            - bytes.startIndex
    }

    static func referenceBlankRun(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.prefix { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }.count
    }

    static func referenceLineEnds(_ bytes: ArraySlice<UInt8>) -> (count: Int, last: Int?) {
        let ends = bytes.indices.filter { bytes[$0] == 0x0A }
        return (ends.count, ends.last.map { $0 - bytes.startIndex })
    }

    static func referenceContinuationBytes(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.filter { $0 >= 0x80 && $0 < 0xC0 }.count
    }

    /// Every search on `whole[offset ..< offset + length]`, both forms, against the references.
    static func checkAll(_ whole: [UInt8], offset: Int, length: Int, _ context: String) {
        let slice = whole[offset..<(offset + length)]
        whole.withUnsafeBufferPointer { buffer in
            let start = buffer.baseAddress! + offset
            let stop = referenceStop(slice)
            #expect(jingzhun_attribute_value_stop(start, length) == stop, "\(context)")
            #expect(jingzhun_attribute_value_stop_portable(start, length) == stop, "\(context)")

            let blank = referenceBlankRun(slice)
            #expect(jingzhun_blank_run(start, length) == blank, "\(context)")
            #expect(jingzhun_blank_run_portable(start, length) == blank, "\(context)")

            let lineEnds = referenceLineEnds(slice)
            let searches: [(UnsafePointer<UInt8>, Int, UnsafeMutablePointer<Int>) -> Int] = [
                { jingzhun_line_ends($0, $1, $2) }, { jingzhun_line_ends_portable($0, $1, $2) },
            ]
            for search in searches {
                // Left alone when there is no line end.
                var last = -7
                #expect(search(start, length, &last) == lineEnds.count, "\(context)")
                #expect(last == lineEnds.last ?? -7, "\(context)")
            }

            let continuation = referenceContinuationBytes(slice)
            #expect(jingzhun_continuation_bytes(start, length) == continuation, "\(context)")
            #expect(jingzhun_continuation_bytes_portable(start, length) == continuation, "\(context)")
        }
    }

    @Test(arguments: [2, 9, 40])
    func searchesMatchTheReferencesAtEveryAlignmentAndLength(rareOneIn: Int) {
        var random = SplitMix64(seed: UInt64(0xB17E_5CA0 + rareOneIn))
        for round in 0..<6 {
            let whole = Self.bytes(16 + 80, &random, rareOneIn: rareOneIn)
            for offset in 0..<16 {
                for length in 0...80 {
                    Self.checkAll(
                        whole, offset: offset, length: length, "round \(round), offset \(offset), length \(length)")
                }
            }
        }
    }

    @Test func aStopByteIsFoundAtEveryPositionOfSeveralBlocks() {
        for stop: UInt8 in [0x22, 0x27, 0x3C, 0x26, 0x7F, 0x80, 0x0A, 0x1F] {
            for position in 0..<70 {
                var whole = [UInt8](repeating: 0x61, count: 70)
                whole[position] = stop
                whole.withUnsafeBufferPointer { buffer in
                    #expect(
                        jingzhun_attribute_value_stop(buffer.baseAddress!, 70) == position, "\(stop) at \(position)")
                    // Cut right before it: not found.
                    #expect(jingzhun_attribute_value_stop(buffer.baseAddress!, position) == position)
                }
            }
        }
    }

    /// Indentation runs of every length up to several blocks, ended by each byte that matters.
    @Test func blankRunsOfEveryLengthEndWhereTheIndentationEnds() {
        var random = SplitMix64(seed: 0x1DE7)
        for length in 0..<70 {
            for end: UInt8 in [0x3C, 0x0D, 0x00, 0x21, 0x80, 0x5D] {
                let run = (0..<length).map { _ in [UInt8](arrayLiteral: 0x20, 0x0A, 0x09)[random.below(3)] }
                let whole = run + [end] + [UInt8](repeating: 0x20, count: 20)
                whole.withUnsafeBufferPointer { buffer in
                    #expect(jingzhun_blank_run(buffer.baseAddress!, whole.count) == length, "\(length) then \(end)")
                    #expect(jingzhun_blank_run(buffer.baseAddress!, length) == length)
                }
            }
        }
    }

    @Test func longRunsCountEveryLineEndAndContinuationByte() {
        // Counts over 255 in one call (no lane or mask overflow), the last line end in the last block.
        let text = Array(String(repeating: "中文\n", count: 500).utf8)
        text.withUnsafeBufferPointer { buffer in
            var last = -1
            #expect(jingzhun_line_ends(buffer.baseAddress!, text.count, &last) == 500)
            #expect(last == text.count - 1)
            #expect(jingzhun_continuation_bytes(buffer.baseAddress!, text.count) == 2_000)
        }
    }

    /// Buffers that end right before a page that cannot be read: a read past the end would crash
    /// the test process.
    @Test func noSearchReadsPastTheEnd() {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard
            let mapping = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            mapping != MAP_FAILED
        else {
            Issue.record("mmap failed")
            return
        }
        defer { munmap(mapping, 2 * page) }
        #expect(mprotect(mapping + page, page, PROT_NONE) == 0)
        let end = mapping.assumingMemoryBound(to: UInt8.self) + page
        var random = SplitMix64(seed: 0x6A_6E)
        for length in 0...96 {
            let start = end - length
            for index in 0..<length { start[index] = random.below(3) == 0 ? 0x0A : 0x20 }
            var last = 0
            let whole = Array(UnsafeBufferPointer(start: start, count: length))
            #expect(jingzhun_attribute_value_stop(start, length) == Self.referenceStop(whole[...]))
            #expect(jingzhun_blank_run(start, length) == length)
            #expect(jingzhun_line_ends(start, length, &last) == Self.referenceLineEnds(whole[...]).count)
            #expect(jingzhun_continuation_bytes(start, length) == 0)
        }
    }
}
