import JingzhunCore
import Testing

@testable import JingzhunIngest

/// A scanned record, copied out of the scanner's buffer.
struct ScannedRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var problem: CSVSyntaxProblem?
    var description: String { "\(line): \(fields) \(problem.map { "\($0)" } ?? "")" }
}

func scan(_ bytes: [UInt8], splits: [Int] = [], maxRecordBytes: Int = 1 << 20) -> [ScannedRecord] {
    var scanner = CSVScanner(maxRecordBytes: maxRecordBytes)
    var out: [ScannedRecord] = []
    let collect: (CSVRecordView) -> Void = { view in
        out.append(
            ScannedRecord(
                line: view.line, fields: view.fields.map { String(decoding: $0, as: UTF8.self) }, problem: view.problem)
        )
    }
    var start = 0
    for split in splits.sorted() + [bytes.count] where split >= start {
        scanner.consume(Array(bytes[start..<split]), onRecord: collect)
        start = split
    }
    scanner.finish(onRecord: collect)
    return out
}

func scan(_ text: String) -> [ScannedRecord] { scan(Array(text.utf8)) }

@Suite struct CSVScannerTests {
    @Test func plainRowsLF() {
        #expect(
            scan("a,b,c\n1,2,3\n") == [
                .init(line: 1, fields: ["a", "b", "c"]), .init(line: 2, fields: ["1", "2", "3"]),
            ])
    }

    @Test func crlfAndMissingFinalNewline() {
        #expect(scan("a,b\r\n1,2") == [.init(line: 1, fields: ["a", "b"]), .init(line: 2, fields: ["1", "2"])])
    }

    @Test func emptyFieldsAndTrailingComma() {
        #expect(scan("a,,c,\n") == [.init(line: 1, fields: ["a", "", "c", ""])])
    }

    @Test func quotedCommaQuoteAndLineBreaks() {
        let records = scan("h1,h2\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\r\nhere\",z\nlast,row\n")
        #expect(
            records == [
                .init(line: 1, fields: ["h1", "h2"]), .init(line: 2, fields: ["x,y", "say \"hi\""]),
                .init(line: 3, fields: ["two\nlines\r\nhere", "z"]),
                // Lines 3-5 are one record; the next record starts on physical line 6.
                .init(line: 6, fields: ["last", "row"]),
            ])
    }

    @Test func bomIsSkippedOnlyAtStart() {
        #expect(scan([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8)) == [.init(line: 1, fields: ["a", "b"])])
        #expect(
            scan(Array("a\n".utf8) + [0xEF, 0xBB, 0xBF, 0x0A]) == [
                .init(line: 1, fields: ["a"]), .init(line: 2, fields: ["\u{FEFF}"]),
            ])
        // A BOM alone, and BOM split over chunks.
        #expect(scan([0xEF, 0xBB, 0xBF]).isEmpty)
        #expect(scan([0xEF, 0xBB, 0xBF, 0x78], splits: [1, 2]) == [.init(line: 1, fields: ["x"])])
    }

    @Test func shortInputsShorterThanABom() {
        #expect(scan("a") == [.init(line: 1, fields: ["a"])])
        #expect(scan("") == [])
    }

    @Test func blankLinesAreSkippedButCounted() {
        #expect(scan("a\n\n\r\nb\n") == [.init(line: 1, fields: ["a"]), .init(line: 4, fields: ["b"])])
    }

    @Test func loneCRIsData() {
        #expect(scan("a\rb,c\n") == [.init(line: 1, fields: ["a\rb", "c"])])
    }

    @Test func unterminatedQuoteIsFlaggedAtItsFirstLine() {
        let records = scan("a,b\n1,\"open\n2,3\n4,5\n")
        #expect(records.count == 2)
        #expect(records[1].line == 2 && records[1].problem == .unterminatedQuote)
    }

    @Test func malformedQuotes() {
        #expect(scan("ab\"c,d\n")[0].problem == .malformedQuote)
        #expect(scan("\"ab\"c,d\n")[0].problem == .malformedQuote)
        #expect(scan("\"ab\"\r\n")[0] == .init(line: 1, fields: ["ab"]))
    }

    @Test func invalidUTF8AndNUL() {
        #expect(scan([0x61, 0xFF, 0x0A])[0].problem == .invalidUTF8)
        #expect(scan([0x61, 0xC0, 0x80, 0x0A])[0].problem == .invalidUTF8)  // overlong NUL
        #expect(scan([0x61, 0xED, 0xA0, 0x80, 0x0A])[0].problem == .invalidUTF8)  // surrogate
        #expect(scan([0x61, 0xE4, 0xB8, 0x0A])[0].problem == .invalidUTF8)  // cut sequence
        #expect(scan([0x61, 0x00, 0x62, 0x0A])[0].problem == .nulByte)
        #expect(scan("中文,ok\n")[0].problem == nil)
        // The problem stays with its record; the next record is clean and keeps its line.
        #expect(
            scan([0xFF, 0x0A, 0x62, 0x0A]) == [
                .init(line: 1, fields: ["\u{FFFD}"], problem: .invalidUTF8), .init(line: 2, fields: ["b"]),
            ])
    }

    /// The field a problem is in, so that messages name the column (contract: file, line, field, rule).
    @Test func problemsKnowTheirField() {
        func field(_ text: [UInt8]) -> Int? {
            var found: [Int?] = []
            var scanner = CSVScanner(maxRecordBytes: 1 << 20)
            scanner.consume(text) { found.append($0.problemField) }
            scanner.finish { found.append($0.problemField) }
            return found.first ?? nil
        }
        #expect(field(Array("a,b,c\n".utf8)) == nil)
        #expect(field(Array("a,b\"c,d\n".utf8)) == 1)  // malformed quote in field 1
        #expect(field(Array("a,\"b\"x,d\n".utf8)) == 1)  // text after a closing quote
        #expect(field(Array("a,b,\"open\n".utf8)) == 2)  // unterminated quote
        #expect(field([0x61, 0x2C, 0x62, 0x2C, 0xFF, 0x0A]) == 2)  // invalid UTF-8 in field 2
        #expect(field([0x61, 0x00, 0x2C, 0x62, 0x0A]) == 0)  // NUL in field 0
        #expect(field([0x61, 0x2C, 0x62, 0x2C, 0x63, 0xE4, 0xB8, 0x0A]) == 2)  // cut sequence at the end
    }

    @Test func recordLongerThanLimitIsFlaggedAndScanningContinues() {
        let records = scan(
            Array("short\n\"\(String(repeating: "x", count: 100))\nstill\"\nnext\n".utf8), maxRecordBytes: 50)
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[1].problem == .recordTooLong)
        #expect(records[2] == .init(line: 4, fields: ["next"]))
    }

    static let tricky = Array(
        "\u{FEFF}h1,h2,h3\r\n\"a,\"\"b\"\"\",c,\"d\r\ne\"\n\n,,\r\n\"\"\"\",x\"y,\"z\"w\n中文,\"日\n本\",é\r\n\"open,\n"
            .utf8)

    @Test func chunkingDoesNotChangeRecords() {
        let whole = scan(Self.tricky)
        #expect(whole.count == 6)
        #expect(scan(Self.tricky, splits: Array(0..<Self.tricky.count)) == whole)  // byte by byte
        for seed in UInt64(1)...200 {
            var random = SplitMix64(seed: seed)
            let splits = (0..<random.below(12)).map { _ in random.below(Self.tricky.count + 1) }
            #expect(scan(Self.tricky, splits: splits) == whole, "seed \(seed), splits \(splits)")
        }
    }

    /// The scanner against a simple reference splitter (whole input, Characters, no pointers) on
    /// seeded random CSV: identical records and lines.
    @Test func equivalenceWithReferenceSplitter() {
        let alphabet: [String] = ["a", "b", "中", ",", "\"", "\n", "\r\n", "\r", " ", "x"]
        Self.checkAgainstReferenceSplitter(alphabet: alphabet, pieces: 60, quotedOneIn: 4, piecesQuoted: 6)
    }

    /// The same with long runs of ordinary bytes (names, numbers), which the scanner looks at
    /// eight bytes at a time: special bytes at every offset of a word, chunks cut inside runs.
    @Test func longRunsMatchTheReferenceSplitter() {
        let alphabet: [String] = [
            "abcdefghijklmnopq", "510104100200-0001", "中文名字", "1234567", ",", "\"", "\n", "\r\n", "\r", "x",
            "\u{7F}é",
        ]
        Self.checkAgainstReferenceSplitter(alphabet: alphabet, pieces: 40, quotedOneIn: 5, piecesQuoted: 4)
    }

    /// 300 seeded texts of up to `pieces` pieces of `alphabet` (one in `quotedOneIn` a quoted field
    /// of up to `piecesQuoted` pieces), scanned in random chunks: the reference splitter's records.
    static func checkAgainstReferenceSplitter(alphabet: [String], pieces: Int, quotedOneIn: Int, piecesQuoted: Int) {
        for seed in UInt64(1)...300 {
            var random = SplitMix64(seed: seed)
            var text = ""
            for _ in 0..<random.below(pieces) {
                // Mostly raw pieces, sometimes a well-formed quoted field.
                if random.below(quotedOneIn) == 0 {
                    var inner = ""
                    for _ in 0..<random.below(piecesQuoted) { inner += alphabet[random.below(alphabet.count)] }
                    text += "\"" + inner.replacingQuotes() + "\""
                } else {
                    text += alphabet[random.below(alphabet.count)]
                }
            }
            let bytes = Array(text.utf8)
            let expected = ReferenceSplitter.split(bytes)
            let splits = (0..<random.below(5)).map { _ in random.below(bytes.count + 1) }
            #expect(scan(bytes, splits: splits) == expected, "seed \(seed): \(text.debugDescription)")
        }
    }

    /// The encoding check (eight ASCII bytes at a time) against a byte-by-byte reference on seeded
    /// random bytes: mostly ASCII, with NULs, stray and cut continuation bytes, overlongs,
    /// surrogates and sequences above U+10FFFF at every offset.
    @Test func encodingCheckMatchesByteByByteReference() {
        let pieces: [[UInt8]] = [
            Array("abcdefgh".utf8), Array("0123".utf8), [0x61], [0x00], [0x80], [0xC0, 0x80], [0xC3, 0xA9],
            [0xE4, 0xB8, 0xAD], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xFF], [0x7F],
        ]
        for seed in UInt64(1)...2000 {
            var random = SplitMix64(seed: seed)
            var bytes: [UInt8] = []
            for _ in 0..<random.below(24) {
                // Mostly clean ASCII so that a problem can sit anywhere in a long clean run.
                let piece = random.below(4) == 0 ? pieces[random.below(pieces.count)] : pieces[random.below(2)]
                bytes += piece
            }
            let found = bytes.withUnsafeBufferPointer { CSVScanner.encodingProblemAndOffset(in: $0) }
            let expected = ReferenceUTF8Check.firstProblem(bytes)
            #expect(found?.problem == expected?.problem && found?.offset == expected?.offset, "seed \(seed): \(bytes)")
        }
    }

    /// The special-byte search against a plain loop, the special byte at every position of a word.
    @Test func nextSpecialFindsTheFirstSpecialByte() {
        for special in Array(",\"\r\n".utf8) {
            for length in 0..<20 {
                for position in 0...length {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if position < length { bytes[position] = special }
                    // A second special later must not be the one found.
                    if position + 3 < length { bytes[position + 3] = UInt8(ascii: ",") }
                    for start in 0...position {
                        let found = bytes.withUnsafeBufferPointer { CSVScanner.nextSpecial(in: $0, from: start) }
                        #expect(found == position, "special \(special), length \(length), start \(start)")
                    }
                }
            }
        }
    }
}

/// The encoding check as it was written first, one byte at a time (RFC 3629).
enum ReferenceUTF8Check {
    static func firstProblem(_ bytes: [UInt8]) -> (problem: CSVSyntaxProblem, offset: Int)? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead == 0 { return (.nulByte, index) }
            if lead < 0x80 {
                index += 1
                continue
            }
            let (length, lower, upper): (Int, UInt8, UInt8)
            switch lead {
            case 0xC2...0xDF: (length, lower, upper) = (2, 0x80, 0xBF)
            case 0xE0: (length, lower, upper) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, lower, upper) = (3, 0x80, 0xBF)
            case 0xED: (length, lower, upper) = (3, 0x80, 0x9F)
            case 0xF0: (length, lower, upper) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, lower, upper) = (4, 0x80, 0xBF)
            case 0xF4: (length, lower, upper) = (4, 0x80, 0x8F)
            default: return (.invalidUTF8, index)
            }
            guard index + length <= bytes.count, (lower...upper).contains(bytes[index + 1]) else {
                return (.invalidUTF8, index)
            }
            for offset in 2..<max(length, 2) where bytes[index + offset] & 0xC0 != 0x80 { return (.invalidUTF8, index) }
            index += length
        }
        return nil
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
    }
}

/// Reference semantics written for clarity, over the whole input, field by field: the
/// contract's RFC 4180 dialect as CSVScanner documents it (BOM, LF/CRLF, lone CR is data except
/// at the very end, blank lines skipped, malformed quotes flagged but kept literally).
enum ReferenceSplitter {
    static func split(_ input: [UInt8]) -> [ScannedRecord] {
        let quote: UInt8 = 0x22
        let comma: UInt8 = 0x2C
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D
        var b = input
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b.removeFirst(3) }
        let n = b.count
        func isLineEnd(_ i: Int) -> Bool { b[i] == lf || (b[i] == cr && (i + 1 == n || b[i + 1] == lf)) }
        var records: [ScannedRecord] = []
        var i = 0
        var line = 1
        while i < n {
            if isLineEnd(i) {  // blank line
                i += b[i] == cr && i + 1 < n ? 2 : 1
                line += 1
                continue
            }
            let startLine = line
            var fields: [[UInt8]] = []
            var problem: CSVSyntaxProblem?
            fieldLoop: while true {
                var field: [UInt8] = []
                var afterClosingQuote = false
                if i < n && b[i] == quote {
                    i += 1
                    var closed = false
                    while i < n {
                        if b[i] == quote {
                            if i + 1 < n && b[i + 1] == quote {
                                field.append(quote)
                                i += 2
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        if b[i] == lf { line += 1 }
                        field.append(b[i])
                        i += 1
                    }
                    if !closed { problem = .unterminatedQuote }
                    afterClosingQuote = closed
                }
                var first = true
                while i < n && b[i] != comma && !isLineEnd(i) {
                    if (b[i] == quote || (afterClosingQuote && first)) && problem == nil { problem = .malformedQuote }
                    first = false
                    field.append(b[i])
                    i += 1
                }
                fields.append(field)
                if i >= n { break fieldLoop }
                if b[i] == comma {
                    i += 1
                    if i == n {
                        fields.append([])
                        break fieldLoop
                    }
                    continue fieldLoop
                }
                i += b[i] == cr && i + 1 < n ? 2 : 1
                line += 1
                break fieldLoop
            }
            if problem == nil {
                problem = fields.flatMap { $0 }.withUnsafeBufferPointer { CSVScanner.encodingProblem(in: $0) }
            }
            records.append(
                ScannedRecord(
                    line: startLine, fields: fields.map { String(decoding: $0, as: UTF8.self) }, problem: problem))
        }
        return records
    }
}

/// Records lent verbatim from the chunk (unquoted, within one chunk and the record limit) against
/// the same records copied: the input fed one byte at a time is copied throughout, since no
/// record then lies within one chunk (issue 20, item 3). Every record's line, fields, problem and
/// problem field agree, at record limits small enough to cut records anywhere.
@Suite struct CSVVerbatimRecordTests {
    struct Full: Equatable {
        var line: Int
        var fields: [[UInt8]]
        var problem: CSVSyntaxProblem?
        var problemField: Int?
    }

    static func scanFull(_ bytes: [UInt8], piece: Int?, maxRecordBytes: Int) -> [Full] {
        var scanner = CSVScanner(maxRecordBytes: maxRecordBytes)
        var out: [Full] = []
        let collect: (CSVRecordView) -> Void = { view in
            out.append(
                Full(line: view.line, fields: view.fields, problem: view.problem, problemField: view.problemField))
        }
        let step = piece ?? max(bytes.count, 1)
        for start in stride(from: 0, to: bytes.count, by: step) {
            scanner.consume(Array(bytes[start..<min(start + step, bytes.count)]), onRecord: collect)
        }
        scanner.finish(onRecord: collect)
        return out
    }

    @Test func verbatimRecordsEqualCopiedOnes() {
        let alphabet: [[UInt8]] = [
            Array("ab".utf8), Array("0123456789".utf8), Array("中文".utf8), Array(",".utf8), Array(",".utf8),
            Array("\"".utf8), Array("\"q,\"\"x\"\"\"".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8),
            [0xFF], [0x00], [0xE4, 0xB8], Array("é".utf8),
        ]
        var verbatimRecords = 0
        for seed in UInt64(1)...250 {
            var random = SplitMix64(seed: seed)
            var bytes: [UInt8] = []
            for _ in 0..<random.below(80) { bytes += alphabet[random.below(alphabet.count)] }
            for limit in [1, 2, 5, 9, 16, 40, 1 << 20] {
                let copied = Self.scanFull(bytes, piece: 1, maxRecordBytes: limit)
                for piece in [nil, 7, 64] {
                    let lent = Self.scanFull(bytes, piece: piece, maxRecordBytes: limit)
                    #expect(lent == copied, "seed \(seed), limit \(limit), piece \(piece ?? 0)")
                }
                verbatimRecords += copied.count
            }
        }
        #expect(verbatimRecords > 5_000)
    }
}
