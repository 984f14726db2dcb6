import Testing

@testable import Parquet

/// `ParquetValues.padded32` (issue 20: a row group's household numbers without a `String` each)
/// must write exactly the bytes of `.string` of the same texts, and read back either way.
@Suite struct PaddedString32Tests {
    /// Texts of 0 to 32 bytes of the household-number alphabet, some multi-byte UTF-8, and the
    /// orders that matter for min and max: a prefix before the longer text, high bytes last.
    static func texts(count: Int, distinct: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
        let pool = (0..<distinct).map { _ in
            String((0..<Int(generator.next() % 33)).map { _ in alphabet[Int(generator.next() % 63)] })
        }
        let edges = ["", "5101", "510104100200-0001", String(repeating: "z", count: 32), "户号", "a\u{7F}"]
        return (0..<count).map { i in i < edges.count ? edges[i] : pool[Int(generator.next() % UInt64(distinct))] }
    }

    static func schema(optional: Bool, dictionary: Bool) -> ParquetSchema {
        ParquetSchema(columns: [
            ParquetColumnSpec(
                name: "household_id", physicalType: .byteArray, logicalType: .string, isOptional: optional,
                useDictionary: dictionary)
        ])
    }

    @Test(arguments: [(5000, 37, false), (5000, 5000, true), (6, 6, true), (20000, 20000, false)])
    func sameBytesAsTheTextsAsStrings(count: Int, distinct: Int, optional: Bool) throws {
        let texts = Self.texts(count: count, distinct: distinct, seed: UInt64(count * 31 + distinct))
        let padded = texts.map { PaddedString32($0)! }
        #expect(padded.map(\.string) == texts)
        let validity: [Bool]? = optional ? (0..<count).map { $0 % 7 != 3 } : nil
        for dictionary in [false, true] {
            var options = ParquetWriterOptions()
            options.rowGroupSize = 1500
            let schema = Self.schema(optional: optional, dictionary: dictionary)
            let fromPadded = try writeParquet(
                schema: schema, columns: [ParquetColumn(values: .padded32(padded), validity: validity)],
                options: options)
            let fromStrings = try writeParquet(
                schema: schema, columns: [ParquetColumn(values: .string(texts), validity: validity)], options: options)
            #expect(fromPadded == fromStrings, "dictionary \(dictionary)")
            let reader = try ParquetFileReader(bytes: fromStrings)
            let asPadded = try reader.column(named: "household_id", form: .padded32)
            let present = (0..<count).filter { validity?[$0] ?? true }
            guard case .padded32(let read) = asPadded.values else {
                Issue.record("unexpected value kind \(asPadded.values.kindName)")
                return
            }
            #expect(present.map { read[$0].string } == present.map { texts[$0] })
            #expect(asPadded.validity == validity.flatMap { $0.contains(false) ? $0 : nil })
            var joined: [PaddedString32] = []
            for group in 0..<reader.rowGroupCount {
                guard
                    case .padded32(let part) = try reader.column(
                        named: "household_id", rowGroup: group, form: .padded32
                    ).values
                else { continue }
                joined += part
            }
            #expect(joined == read)
        }
    }

    /// Word order is the unsigned byte order of the texts (what statistics and sorting rely on).
    @Test func orderIsByteOrder() {
        let texts = Self.texts(count: 400, distinct: 300, seed: 9)
        for (a, b) in zip(texts, texts.dropFirst()) {
            let bytewise = Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
            #expect((PaddedString32(a)! < PaddedString32(b)!) == bytewise, "\(a) < \(b)")
            #expect((PaddedString32(a)! == PaddedString32(b)!) == (a == b))
            #expect(PaddedString32(a)!.byteCount == a.utf8.count)
        }
    }

    @Test(arguments: [String(repeating: "1", count: 33), "510104\u{0}1", "户号户号户号户号户号户号户号户号户号户号户号"])
    func aTextThatDoesNotFitIsACorruptFileWhenReadPadded(_ text: String) throws {
        #expect(PaddedString32(text) == nil)
        let bytes = try writeParquet(
            schema: Self.schema(optional: false, dictionary: false),
            columns: [ParquetColumn(values: .string(["510104100200-0001", text]))])
        let reader = try ParquetFileReader(bytes: bytes)
        do {
            _ = try reader.column(named: "household_id", form: .padded32)
            Issue.record("a text of \(text.utf8.count) bytes was read as padded32")
        } catch {
            #expect(error.code == .corruptFile)
            #expect(error.message.contains("does not fit 32 bytes"), "\(error.message)")
        }
    }
}
