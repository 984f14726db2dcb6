import Testing

@testable import Parquet

@Suite struct RoundTripTests {
    func options(_ compression: ParquetCompression, rowGroupSize: Int = 1 << 20) -> ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.compression = compression
        options.rowGroupSize = rowGroupSize
        return options
    }

    func expectRoundTrip(
        schema: ParquetSchema, columns: [ParquetColumn], options: ParquetWriterOptions, dataPageSize: Int = 1 << 20
    ) throws -> ParquetFileParser {
        let bytes = try ParquetFileWriter.write(
            schema: schema, columns: columns, options: options, dataPageSize: dataPageSize)
        let reader = try ParquetFileReader(bytes: bytes)
        #expect(reader.rowCount == columns[0].count)
        #expect(reader.schema.columns.map(\.name) == schema.columns.map(\.name))
        for (index, spec) in schema.columns.enumerated() {
            let read = try reader.column(named: spec.name)
            #expect(
                Fixtures.bitwise(read) == Fixtures.bitwise(Fixtures.normalized(columns[index])), "column \(spec.name)")
            let readSpec = reader.schema.columns[index]
            #expect(
                readSpec.physicalType == spec.physicalType && readSpec.logicalType == spec.logicalType
                    && readSpec.isOptional == spec.isOptional)
        }
        return try ParquetFileParser(bytes: bytes)
    }

    @Test(arguments: [ParquetCompression.uncompressed, .gzip], [false, true])
    func everyTypeRequiredAndOptional(compression: ParquetCompression, useDictionary: Bool) throws {
        let (schema, columns) = Fixtures.allTypes(useDictionary: useDictionary)
        let parser = try expectRoundTrip(schema: schema, columns: columns, options: options(compression))
        let chunks = parser.metadata.rowGroups[0].columns.compactMap(\.metaData)
        #expect(chunks.allSatisfy { $0.codec == (compression == .gzip ? .gzip : .uncompressed) })
        for (spec, chunk) in zip(schema.columns, chunks) {
            let dictionaryExpected = useDictionary && spec.physicalType != .boolean
            #expect(chunk.encodings.contains(.rleDictionary) == dictionaryExpected, "\(spec.name)")
            #expect((chunk.dictionaryPageOffset != nil) == dictionaryExpected, "\(spec.name)")
        }
    }

    @Test func emptyColumnsHaveNoRowGroups() throws {
        let schema = ParquetSchema(columns: [
            ParquetColumnSpec(name: "a", physicalType: .int32),
            ParquetColumnSpec(
                name: "b", physicalType: .byteArray, logicalType: .string, isOptional: true, useDictionary: true),
        ])
        let bytes = try writeParquet(
            schema: schema,
            columns: [
                ParquetColumn(values: .int32([])), ParquetColumn(values: .string([]), validity: []),
            ])
        let reader = try ParquetFileReader(bytes: bytes)
        #expect(reader.rowCount == 0)
        #expect(try reader.column(named: "a") == ParquetColumn(values: .int32([])))
        #expect(try reader.column(named: "b") == ParquetColumn(values: .string([])))
        #expect(try ParquetFileParser(bytes: bytes).metadata.rowGroups.isEmpty)
    }

    @Test func multipleRowGroupsAndPages() throws {
        let (schema, columns) = Fixtures.allTypes(useDictionary: true)
        // 2 503 rows in groups of 1 000 → 3 groups; 512-byte pages → several pages per chunk.
        let parser = try expectRoundTrip(
            schema: schema, columns: columns, options: options(.gzip, rowGroupSize: 1_000),
            dataPageSize: 512)
        #expect(parser.metadata.rowGroups.map(\.numRows) == [1_000, 1_000, 503])
        #expect(parser.metadata.rowGroups.map(\.ordinal) == [0, 1, 2])
        // "id" is dictionary-encoded with 1 000 distinct values (10-bit indices): 1 000 rows ≈ 1 250 bytes → 3 pages.
        let idIndex = schema.columns.firstIndex { $0.name == "id" }!
        #expect(try dataPageCount(parser, column: idIndex, group: 0) == 3)
    }

    @Test func largeColumnMakesSeveralPagesAtTheDefaultPageSize() throws {
        let count = 300_000  // 2.4 MB of Int64 → 3 pages of ≤ 1 MiB
        let schema = ParquetSchema(columns: [ParquetColumnSpec(name: "v", physicalType: .int64)])
        let parser = try expectRoundTrip(
            schema: schema, columns: [ParquetColumn(values: .int64((0..<count).map { Int64($0) * 7 }))],
            options: options(.uncompressed))
        #expect(try dataPageCount(parser, column: 0, group: 0) == 3)
    }

    /// Pages without nulls are decoded straight into the column and every page of a chunk is
    /// decompressed into one reused buffer (issue 20): an OPTIONAL column whose nulls start only
    /// in a later page (validity made late), pages of different sizes one after another (the
    /// buffer reused smaller, then grown), and a constant column whose gzip pages are so small
    /// that the column's reservation from the file's bytes falls short of its rows.
    @Test(arguments: [ParquetCompression.uncompressed, .gzip], [false, true])
    func pagesWithoutNullsAndAReusedPageBuffer(compression: ParquetCompression, useDictionary: Bool) throws {
        let count = 40_000
        let schema = ParquetSchema(columns: [
            ParquetColumnSpec(name: "late_nulls", physicalType: .int64, isOptional: true, useDictionary: useDictionary),
            ParquetColumnSpec(
                name: "text", physicalType: .byteArray, logicalType: .string, isOptional: true,
                useDictionary: useDictionary),
            ParquetColumnSpec(name: "constant", physicalType: .int64, useDictionary: useDictionary),
        ])
        // Nulls only in rows 30 000-30 099; texts whose length grows then shrinks, so page sizes vary.
        let validity = (0..<count).map { !(30_000..<30_100).contains($0) }
        let texts = (0..<count).map { row in
            String(repeating: "字", count: 1 + (row < 20_000 ? row / 400 : (40_000 - row) / 900))
        }
        let columns = [
            ParquetColumn(values: .int64((0..<count).map { Int64($0) * 3 - 7 }), validity: validity),
            ParquetColumn(values: .string(texts), validity: validity),
            ParquetColumn(values: .int64([Int64](repeating: 42, count: count))),
        ]
        let parser = try expectRoundTrip(
            schema: schema, columns: columns, options: options(compression), dataPageSize: 65_536)
        if !useDictionary { #expect(try dataPageCount(parser, column: 1, group: 0) > 10) }
        if compression == .gzip && !useDictionary {
            // The constant column's chunk is far smaller than its rows: the case the geometric reserve is for.
            let chunk = try #require(parser.metadata.rowGroups[0].columns[2].metaData)
            #expect(Int(chunk.totalCompressedSize) * 8 < count)
        }
    }

    /// Counts the data pages of one chunk by walking its page headers.
    func dataPageCount(_ parser: ParquetFileParser, column: Int, group: Int) throws -> Int {
        let chunk = try #require(parser.metadata.rowGroups[group].columns[column].metaData)
        let file = parser.bytes
        var position = Int(chunk.dictionaryPageOffset ?? chunk.dataPageOffset)
        let end = position + Int(chunk.totalCompressedSize)
        var pages = 0
        while position < end {
            var reader = CompactProtocolReader(bytes: file, range: position..<end, context: "test")
            let header = try PageHeader(from: &reader)
            position = reader.position + Int(header.compressedPageSize)
            if header.type == .dataPage { pages += 1 }
        }
        #expect(position == end)
        return pages
    }

    @Test func dictionaryFallsBackToPlainPastTheLimit() throws {
        let schema = ParquetSchema(columns: [
            ParquetColumnSpec(name: "wide", physicalType: .int64, useDictionary: true),
            ParquetColumnSpec(name: "narrow", physicalType: .byteArray, logicalType: .string, useDictionary: true),
        ])
        let columns = [
            ParquetColumn(values: .int64((0..<1_000).map { Int64($0) })),  // 1 000 × 8 bytes distinct
            ParquetColumn(values: .string((0..<1_000).map { $0 % 2 == 0 ? "even" : "odd" })),  // 15 bytes distinct
        ]
        var options = options(.gzip)
        options.dictionaryPageSizeLimit = 4_000
        let parser = try expectRoundTrip(schema: schema, columns: columns, options: options)
        let chunks = parser.metadata.rowGroups[0].columns.compactMap(\.metaData)
        #expect(chunks[0].encodings == [.plain, .rle])
        #expect(chunks[0].dictionaryPageOffset == nil)
        #expect(chunks[1].encodings == [.plain, .rle, .rleDictionary])
        // The dictionary page opens the second chunk, right after the first chunk's pages.
        #expect(chunks[1].dictionaryPageOffset == 4 + chunks[0].totalCompressedSize)
    }

    @Test func canonicallyEquivalentStringsKeepTheirBytes() throws {
        // "é" precomposed and decomposed are == as Swift Strings but differ as UTF-8.
        let values = ["\u{E9}", "e\u{301}", "\u{E9}"]
        let schema = ParquetSchema(columns: [
            ParquetColumnSpec(name: "s", physicalType: .byteArray, logicalType: .string, useDictionary: true)
        ])
        let bytes = try writeParquet(schema: schema, columns: [ParquetColumn(values: .string(values))])
        guard case .string(let read) = try ParquetFileReader(bytes: bytes).column(named: "s").values else {
            Issue.record("not strings")
            return
        }
        #expect(read.map { Array($0.utf8) } == values.map { Array($0.utf8) })
    }

    @Test func statisticsFollowTypeDefinedOrder() throws {
        let schema = ParquetSchema(columns: [
            ParquetColumnSpec(name: "i", physicalType: .int32, isOptional: true),
            ParquetColumnSpec(name: "s", physicalType: .byteArray, logicalType: .string, useDictionary: true),
            ParquetColumnSpec(name: "d", physicalType: .double, isOptional: true),
            ParquetColumnSpec(name: "z", physicalType: .double),
            ParquetColumnSpec(name: "b", physicalType: .boolean),
            ParquetColumnSpec(name: "n", physicalType: .int64, isOptional: true),
        ])
        let columns = [
            ParquetColumn(values: .int32([5, -300, 0, 70_000]), validity: [true, true, false, true]),
            // Byte-wise: "Z" (0x5A) < "a" (0x61) < "é" (0xC3 0xA9); Swift's String order agrees here but not in
            // general.
            ParquetColumn(values: .string(["a", "é", "Z", "a"])),
            ParquetColumn(values: .double([.nan, 2.5, -1.25, .nan]), validity: [true, true, true, false]),
            ParquetColumn(values: .double([0.0, -0.0, 0.0, -0.0])),
            ParquetColumn(values: .boolean([true, true, true, true])),
            ParquetColumn(values: .int64([0, 0, 0, 0]), validity: [false, false, false, false]),
        ]
        let parser = try expectRoundTrip(schema: schema, columns: columns, options: options(.gzip))
        let stats = parser.metadata.rowGroups[0].columns.map { $0.metaData?.statistics }
        #expect(
            stats[0]
                == Statistics(
                    nullCount: 1, maxValue: [0x70, 0x11, 0x01, 0x00], minValue: [0xD4, 0xFE, 0xFF, 0xFF],
                    isMaxValueExact: true, isMinValueExact: true))
        #expect(stats[1]?.minValue == [0x5A] && stats[1]?.maxValue == [0xC3, 0xA9] && stats[1]?.nullCount == 0)
        #expect(
            stats[2]?.minValue == PlainEncoder.bytes(of: -1.25) && stats[2]?.maxValue == PlainEncoder.bytes(of: 2.5))
        #expect(stats[2]?.nanCount == 1 && stats[2]?.nullCount == 1)
        // A zero minimum is written as -0.0 and a zero maximum as +0.0.
        #expect(stats[3]?.minValue == [0, 0, 0, 0, 0, 0, 0, 0x80] && stats[3]?.maxValue == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(stats[4]?.minValue == [1] && stats[4]?.maxValue == [1])
        #expect(stats[5] == Statistics(nullCount: 4))
        #expect(parser.metadata.columnOrders == Array(repeating: .typeDefinedOrder, count: 6))
        #expect(parser.metadata.createdBy == "jingzhun")
    }

    @Test func sameInputGivesIdenticalBytes() throws {
        let (schema, columns) = Fixtures.allTypes(useDictionary: true)
        var options = options(.gzip, rowGroupSize: 700)
        options.createdBy = "jingzhun 1.0"
        let first = try writeParquet(schema: schema, columns: columns, options: options)
        let second = try writeParquet(schema: schema, columns: columns, options: options)
        #expect(first == second)
        #expect(first.starts(with: Array("PAR1".utf8)) && first.suffix(4).elementsEqual("PAR1".utf8))
    }

    @Test(arguments: [
        ("mismatched count", 0), ("wrong type", 1), ("required with nulls", 2), ("duplicate name", 3),
        ("date on int64", 4), ("validity length", 5), ("no columns", 6),
    ])
    func invalidArgumentsAreRejected(what: String, caseNumber: Int) {
        let int32 = ParquetColumnSpec(name: "a", physicalType: .int32)
        let (schema, columns): (ParquetSchema, [ParquetColumn]) =
            switch caseNumber {
            case 0:
                (
                    ParquetSchema(columns: [int32, ParquetColumnSpec(name: "b", physicalType: .int32)]),
                    [ParquetColumn(values: .int32([1])), ParquetColumn(values: .int32([1, 2]))]
                )
            case 1: (ParquetSchema(columns: [int32]), [ParquetColumn(values: .int64([1]))])
            case 2: (ParquetSchema(columns: [int32]), [ParquetColumn(values: .int32([1]), validity: [false])])
            case 3:
                (
                    ParquetSchema(columns: [int32, int32]),
                    [ParquetColumn(values: .int32([1])), ParquetColumn(values: .int32([1]))]
                )
            case 4:
                (
                    ParquetSchema(columns: [ParquetColumnSpec(name: "d", physicalType: .int64, logicalType: .date)]),
                    [ParquetColumn(values: .int64([1]))]
                )
            case 5:
                (
                    ParquetSchema(columns: [ParquetColumnSpec(name: "a", physicalType: .int32, isOptional: true)]),
                    [ParquetColumn(values: .int32([1, 2]), validity: [true])]
                )
            default: (ParquetSchema(columns: []), [])
            }
        do {
            _ = try writeParquet(schema: schema, columns: columns)
            Issue.record("\(what): accepted")
        } catch {
            #expect(error.code == .invalidArgument, "\(what)")
        }
    }

    @Test func unknownColumnNameIsAnInvalidArgument() throws {
        let bytes = try writeParquet(
            schema: ParquetSchema(columns: [ParquetColumnSpec(name: "a", physicalType: .int32)]),
            columns: [ParquetColumn(values: .int32([1]))])
        #expect { try ParquetFileReader(bytes: bytes).column(named: "b") } throws: {
            ($0 as? ParquetError)?.code == .invalidArgument
        }
    }
}
