import Testing

@testable import Parquet

@Suite struct CompactProtocolTests {
    @Test func zigZagMapsSmallMagnitudesToSmallNumbers() {
        #expect(ZigZag.encode(0) == 0)
        #expect(ZigZag.encode(-1) == 1)
        #expect(ZigZag.encode(1) == 2)
        #expect(ZigZag.encode(-2) == 3)
        #expect(ZigZag.encode(2_147_483_647) == 4_294_967_294)
        #expect(ZigZag.encode(Int64.min) == UInt64.max)
        for value: Int64 in [0, 1, -1, 63, -64, 1 << 40, Int64.max, Int64.min] {
            #expect(ZigZag.decode(ZigZag.encode(value)) == value)
        }
    }

    @Test func varintsAreLittleEndianBase128() throws {
        var writer = CompactProtocolWriter()
        writer.writeVarint(300)  // 0b1_0010_1100 → 0xAC 0x02
        writer.writeVarint(0)
        writer.writeVarint(UInt64.max)
        #expect(writer.bytes == [0xAC, 0x02, 0x00] + Array(repeating: 0xFF, count: 9) + [0x01])
        var reader = CompactProtocolReader(bytes: writer.bytes, range: 0..<writer.bytes.count, context: "test")
        #expect(try reader.readVarint() == 300)
        #expect(try reader.readVarint() == 0)
        #expect(try reader.readVarint() == UInt64.max)
        #expect(reader.remaining == 0)
    }

    @Test func fieldHeadersUseDeltasUpTo15AndLongFormOtherwise() {
        var writer = CompactProtocolWriter()
        writer.beginStruct()
        writer.writeField(1, i32: -1)  // delta 1, type i32 (5): 0x15, zigzag(-1) = 1
        writer.writeField(16, i32: 1)  // delta 15: 0xF5, zigzag(1) = 2
        writer.writeField(40, i64: 3)  // delta 24: long form 0x06, zigzag(40) = 80 = 0x50, zigzag(3) = 6
        writer.writeField(41, bool: true)  // delta 1, BOOLEAN_TRUE: 0x11
        writer.writeField(42, bool: false)  // delta 1, BOOLEAN_FALSE: 0x12
        writer.endStruct()
        #expect(writer.bytes == [0x15, 0x01, 0xF5, 0x02, 0x06, 0x50, 0x06, 0x11, 0x12, 0x00])
    }

    @Test func listHeadersHaveShortAndLongForms() {
        var writer = CompactProtocolWriter()
        writer.writeListHeader(elementType: .i32, count: 3)
        writer.writeListHeader(elementType: .binary, count: 20)
        #expect(writer.bytes == [0x35, 0xF8, 0x14])
        var reader = CompactProtocolReader(
            bytes: writer.bytes + Array(repeating: 0, count: 20), range: 0..<23, context: "test")
        let first = try? reader.readListHeader()
        #expect(first?.elementType == .i32 && first?.count == 3)
        let second = try? reader.readListHeader()
        #expect(second?.elementType == .binary && second?.count == 20)
    }

    @Test func nestedStructsRestoreTheOuterFieldID() throws {
        // PageHeader{1: DATA_PAGE, 2: 10, 3: 10, 5: DataPageHeader{1: 3, 2: PLAIN, 3: RLE, 4: RLE}}.
        let header = PageHeader(
            type: .dataPage, uncompressedPageSize: 10, compressedPageSize: 10, crc: nil,
            dataPageHeader: DataPageHeader(
                numValues: 3, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle),
            dictionaryPageHeader: nil)
        let bytes = header.serialized()
        #expect(
            bytes == [
                0x15, 0x00, 0x15, 0x14, 0x15, 0x14, 0x2C, 0x15, 0x06, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00,
            ])
        var reader = CompactProtocolReader(bytes: bytes, range: 0..<bytes.count, context: "test")
        #expect(try PageHeader(from: &reader) == header)
    }

    static let sampleMetadata = FileMetaData(
        version: 1,
        schema: [
            SchemaElement(name: "schema", numChildren: 2),
            SchemaElement(
                type: .byteArray, repetitionType: .optional, name: "名称", convertedType: .utf8, logicalType: .string),
            SchemaElement(
                type: .int32, repetitionType: .required, name: "day", convertedType: .date, logicalType: .date),
        ],
        numRows: 3_000_000_000,
        rowGroups: [
            RowGroup(
                columns: [
                    ColumnChunk(
                        filePath: nil, fileOffset: 0,
                        metaData: ColumnMetaData(
                            type: .byteArray, encodings: [.plain, .rle, .rleDictionary], pathInSchema: ["名称"],
                            codec: .gzip,
                            numValues: 3_000_000_000, totalUncompressedSize: 1 << 40, totalCompressedSize: 12345,
                            dataPageOffset: 99,
                            dictionaryPageOffset: 4,
                            statistics: Statistics(
                                nullCount: 7, maxValue: Array("zz".utf8), minValue: [], isMaxValueExact: true,
                                isMinValueExact: false))),
                    ColumnChunk(
                        filePath: nil, fileOffset: 0,
                        metaData: ColumnMetaData(
                            type: .int32, encodings: [.plain], pathInSchema: ["day"], codec: .uncompressed,
                            numValues: 1,
                            totalUncompressedSize: 20, totalCompressedSize: 20, dataPageOffset: 12346,
                            dictionaryPageOffset: nil,
                            statistics: Statistics(nullCount: 0, minValue: [1, 0, 0, 0], nanCount: 0))),
                ],
                totalByteSize: 55, numRows: 3_000_000_000, fileOffset: 4, totalCompressedSize: 77, ordinal: 0)
        ],
        createdBy: "jingzhun test",
        columnOrders: [.typeDefinedOrder, .typeDefinedOrder])

    @Test func fileMetaDataRoundTrips() throws {
        let bytes = Self.sampleMetadata.serialized()
        var reader = CompactProtocolReader(bytes: bytes, range: 0..<bytes.count, context: "test")
        #expect(try FileMetaData(from: &reader) == Self.sampleMetadata)
        #expect(reader.remaining == 0)
    }

    /// Inserts unknown fields of every wire type (as newer writers add) and checks they are skipped.
    @Test func readerSkipsUnknownFieldsOfEveryType() throws {
        var writer = CompactProtocolWriter()
        writer.beginStruct()
        writer.writeField(1, i32: 1)
        // Schema: one root element with an unknown nested struct (field 40) and unknown double (field 41).
        writer.writeListField(2, elementType: .structure, count: 1)
        writer.beginStruct()
        writer.writeField(4, string: "root")
        writer.writeField(5, i32: 0)
        writer.writeFieldHeader(40, .structure)
        writer.beginStruct()
        writer.writeField(1, binary: [1, 2, 3])
        writer.writeFieldHeader(2, .structure)
        writer.beginStruct()
        writer.writeField(3, i16: -5)
        writer.endStruct()
        writer.endStruct()
        writer.writeField(41, double: 2.5)
        writer.endStruct()
        writer.writeField(3, i64: 0)
        writer.writeListField(4, elementType: .structure, count: 0)
        // KeyValue metadata list (field 5) as other writers emit.
        writer.writeListField(5, elementType: .structure, count: 1)
        writer.beginStruct()
        writer.writeField(1, string: "ARROW:schema")
        writer.writeField(2, string: "…")
        writer.endStruct()
        writer.writeField(6, string: "other writer")
        // Unknown: list of booleans, a set of i64, a map<string, i32>, a byte.
        writer.writeListField(20, elementType: .booleanTrue, count: 2)
        writer.writeByte(1)
        writer.writeByte(0)
        writer.writeFieldHeader(21, .set)
        writer.writeListHeader(elementType: .i64, count: 2)
        writer.writeI64(1 << 50)
        writer.writeI64(-3)
        writer.writeFieldHeader(22, .map)
        writer.writeVarint(1)
        writer.writeByte(CompactType.binary.rawValue << 4 | CompactType.i32.rawValue)
        writer.writeString("k")
        writer.writeI32(9)
        writer.writeFieldHeader(23, .byte)
        writer.writeByte(0x7F)
        writer.writeFieldHeader(24, .map)
        writer.writeVarint(0)  // empty map: no type byte
        writer.endStruct()
        let bytes = writer.bytes
        var reader = CompactProtocolReader(bytes: bytes, range: 0..<bytes.count, context: "test")
        let metadata = try FileMetaData(from: &reader)
        #expect(metadata.schema == [SchemaElement(name: "root", numChildren: 0)])
        #expect(metadata.createdBy == "other writer")
        #expect(reader.remaining == 0)
    }

    @Test func deeplyNestedStructsAreRejectedNotRecursedInto() {
        // Unknown field 30 holding struct → struct → … 10 000 deep.
        var bytes: [UInt8] = [0x15, 0x02]  // version = 1
        for _ in 0..<10_000 {
            bytes.append(0x0C)
            bytes.append(0x3C)
        }  // long-form header: struct, zigzag id 30
        var reader = CompactProtocolReader(bytes: bytes, range: 0..<bytes.count, context: "test")
        #expect(throws: ParquetError.self) { try FileMetaData(from: &reader) }
    }

    @Test(arguments: [
        ([0x19, 0xF8, 0xFF, 0xFF, 0xFF, 0x07] as [UInt8], "list count 2^31 with no elements"),
        ([0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "binary length 2^32 with no bytes"),
        ([0x15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "varint longer than 10 bytes"),
        ([0x15, 0xFE, 0xFF, 0xFF, 0xFF, 0x1F], "i32 out of range"),
        ([0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "map count beyond data"),
        ([0x1D], "unknown wire type 13"),
        ([0x15], "truncated value"),
        ([], "empty"),
    ])
    func hostileFootersThrowCorruptFile(bytes: [UInt8], what: String) {
        var reader = CompactProtocolReader(bytes: bytes, range: 0..<bytes.count, context: "test")
        do {
            _ = try FileMetaData(from: &reader)
            Issue.record("\(what): parsed without error")
        } catch {
            #expect(error.code == .corruptFile, "\(what)")
        }
    }
}
