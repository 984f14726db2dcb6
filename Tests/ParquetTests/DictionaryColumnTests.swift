import Testing

@testable import Parquet

/// A STRING column read as its dictionary and indices (`dictionaryColumn`, the store's code
/// columns; issue 20): the indices give back exactly the values, and anything but a wholly
/// dictionary-encoded chunk without nulls gives nil, so that the values reader answers (or fails)
/// as before.
@Suite struct DictionaryColumnTests {
    static func file(useDictionary: Bool, compression: ParquetCompression, rowGroupSize: Int) throws -> [UInt8] {
        let (schema, columns) = Fixtures.allTypes(useDictionary: useDictionary)
        var options = ParquetWriterOptions()
        options.compression = compression
        options.rowGroupSize = rowGroupSize
        return try ParquetFileWriter.write(schema: schema, columns: columns, options: options, dataPageSize: 512)
    }

    @Test(arguments: [ParquetCompression.uncompressed, .gzip], [700, 1 << 20])
    func indicesGiveBackTheValues(compression: ParquetCompression, rowGroupSize: Int) throws {
        let bytes = try Self.file(useDictionary: true, compression: compression, rowGroupSize: rowGroupSize)
        let whole = try ParquetFileReader(bytes: bytes)
        for group in 0..<whole.rowGroupCount {
            for name in ["name", "constant"] {
                let column = try #require(whole.dictionaryColumn(named: name, rowGroup: group), "\(name) \(group)")
                guard case .string(let values) = try whole.column(named: name, rowGroup: group).values else {
                    Issue.record("\(name) is not read as texts")
                    continue
                }
                // By bytes: "é" and "e\u{301}" are equal Strings but different texts.
                #expect(column.indices.map { Array(column.dictionary[Int($0)].utf8) } == values.map { Array($0.utf8) })
                #expect(Set(column.dictionary.map { Array($0.utf8) }).count == column.dictionary.count)
                // From the chunk read apart: the same.
                let range = try whole.byteRange(ofColumn: name, rowGroup: group)
                let apart = whole.dictionaryColumn(named: name, rowGroup: group, chunk: Array(bytes[range]))
                #expect(apart?.indices == column.indices && apart?.dictionary == column.dictionary)
            }
            // Nulls, other types, a missing column: the values reader's business.
            for name in ["name_opt", "blob", "count", "nothing"] {
                #expect(whole.dictionaryColumn(named: name, rowGroup: group) == nil, "\(name)")
            }
        }
    }

    @Test func plainPagesAndDamagedChunksGiveNil() throws {
        let plain = try ParquetFileReader(
            bytes: Self.file(useDictionary: false, compression: .gzip, rowGroupSize: 1 << 20))
        #expect(plain.dictionaryColumn(named: "name", rowGroup: 0) == nil)

        let bytes = try Self.file(useDictionary: true, compression: .gzip, rowGroupSize: 1 << 20)
        let reader = try ParquetFileReader(bytes: bytes)
        let range = try reader.byteRange(ofColumn: "name", rowGroup: 0)
        var random = SeededGenerator(seed: 20)
        var failures = 0
        for _ in 0..<200 {
            var chunk = Array(bytes[range])
            chunk[Int(random.next() % UInt64(chunk.count))] ^= UInt8(1 + random.next() % 255)
            let values = Result { try reader.column(named: "name", rowGroup: 0, chunk: chunk) }
            if let column = reader.dictionaryColumn(named: "name", rowGroup: 0, chunk: chunk) {
                // Read as a dictionary: the values reader reads the same texts.
                guard case .string(let texts) = try values.get().values else {
                    Issue.record("not texts")
                    continue
                }
                #expect(column.indices.map { Array(column.dictionary[Int($0)].utf8) } == texts.map { Array($0.utf8) })
            } else if case .failure = values {
                failures += 1
            }
        }
        #expect(failures > 50)
        #expect(reader.dictionaryColumn(named: "name", rowGroup: 0, chunk: Array(bytes[range].dropLast())) == nil)
    }
}

extension ParquetDictionaryColumn: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.dictionary == b.dictionary && a.indices == b.indices }
}
