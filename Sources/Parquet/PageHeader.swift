// Page headers of parquet.thrift (`PageHeader`, `DataPageHeader`, `DictionaryPageHeader`) and their
// compact-protocol serialisation. Every page of a column chunk starts with one.

/// parquet.thrift `PageHeader`.
struct PageHeader: Sendable, Equatable {
    var type: PageType
    var uncompressedPageSize: Int32
    var compressedPageSize: Int32
    var crc: Int32?
    var dataPageHeader: DataPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?
}

/// parquet.thrift `DataPageHeader` (data page v1).
struct DataPageHeader: Sendable, Equatable {
    /// Values in the page, nulls included.
    var numValues: Int32
    var encoding: Encoding
    var definitionLevelEncoding: Encoding
    var repetitionLevelEncoding: Encoding
}

/// parquet.thrift `DictionaryPageHeader`.
struct DictionaryPageHeader: Sendable, Equatable {
    var numValues: Int32
    var encoding: Encoding
    var isSorted: Bool?
}

extension PageHeader {
    func serialized() -> [UInt8] {
        var writer = CompactProtocolWriter()
        writer.beginStruct()
        writer.writeField(1, i32: type.rawValue)
        writer.writeField(2, i32: uncompressedPageSize)
        writer.writeField(3, i32: compressedPageSize)
        if let crc { writer.writeField(4, i32: crc) }
        if let dataPageHeader {
            writer.writeFieldHeader(5, .structure)
            writer.beginStruct()
            writer.writeField(1, i32: dataPageHeader.numValues)
            writer.writeField(2, i32: dataPageHeader.encoding.rawValue)
            writer.writeField(3, i32: dataPageHeader.definitionLevelEncoding.rawValue)
            writer.writeField(4, i32: dataPageHeader.repetitionLevelEncoding.rawValue)
            writer.endStruct()
        }
        if let dictionaryPageHeader {
            writer.writeFieldHeader(7, .structure)
            writer.beginStruct()
            writer.writeField(1, i32: dictionaryPageHeader.numValues)
            writer.writeField(2, i32: dictionaryPageHeader.encoding.rawValue)
            if let isSorted = dictionaryPageHeader.isSorted { writer.writeField(3, bool: isSorted) }
            writer.endStruct()
        }
        writer.endStruct()
        return writer.bytes
    }

    /// Parses a page header; unknown fields (CRC, page statistics, v2 headers' extras) are skipped.
    init(from reader: inout CompactProtocolReader) throws(ParquetError) {
        var type: PageType?
        var uncompressedPageSize: Int32?
        var compressedPageSize: Int32?
        try reader.beginStruct()
        while let field = try reader.readFieldHeader() {
            switch field.id {
            case 1:
                try reader.expect(field.type, .i32, field: "PageHeader.type")
                type = PageType(rawValue: try reader.readI32())
            case 2:
                try reader.expect(field.type, .i32, field: "PageHeader.uncompressed_page_size")
                uncompressedPageSize = try reader.readI32()
            case 3:
                try reader.expect(field.type, .i32, field: "PageHeader.compressed_page_size")
                compressedPageSize = try reader.readI32()
            case 4:
                try reader.expect(field.type, .i32, field: "PageHeader.crc")
                crc = try reader.readI32()
            case 5:
                try reader.expect(field.type, .structure, field: "PageHeader.data_page_header")
                try reader.beginStruct()
                dataPageHeader = try DataPageHeader(from: &reader)
                reader.endStruct()
            case 7:
                try reader.expect(field.type, .structure, field: "PageHeader.dictionary_page_header")
                try reader.beginStruct()
                dictionaryPageHeader = try DictionaryPageHeader(from: &reader)
                reader.endStruct()
            default:
                try reader.skip(field.type)
            }
        }
        reader.endStruct()
        guard let type, let uncompressedPageSize, let compressedPageSize else {
            throw reader.corrupt("page header lacks its type or sizes")
        }
        guard uncompressedPageSize >= 0, compressedPageSize >= 0 else {
            throw reader.corrupt("negative page size")
        }
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
    }
}

extension DataPageHeader {
    init(from reader: inout CompactProtocolReader) throws(ParquetError) {
        var numValues: Int32?
        var encoding: Encoding?
        var definition: Encoding?
        var repetition: Encoding?
        while let field = try reader.readFieldHeader() {
            switch field.id {
            case 1:
                try reader.expect(field.type, .i32, field: "DataPageHeader.num_values")
                numValues = try reader.readI32()
            case 2:
                try reader.expect(field.type, .i32, field: "DataPageHeader.encoding")
                encoding = Encoding(rawValue: try reader.readI32())
            case 3:
                try reader.expect(field.type, .i32, field: "DataPageHeader.definition_level_encoding")
                definition = Encoding(rawValue: try reader.readI32())
            case 4:
                try reader.expect(field.type, .i32, field: "DataPageHeader.repetition_level_encoding")
                repetition = Encoding(rawValue: try reader.readI32())
            default:
                try reader.skip(field.type)
            }
        }
        guard let numValues, let encoding, let definition, let repetition else {
            throw reader.corrupt("data page header lacks a required field")
        }
        guard numValues >= 0 else { throw reader.corrupt("negative value count in data page header") }
        self.init(
            numValues: numValues, encoding: encoding, definitionLevelEncoding: definition,
            repetitionLevelEncoding: repetition)
    }
}

extension DictionaryPageHeader {
    init(from reader: inout CompactProtocolReader) throws(ParquetError) {
        var numValues: Int32?
        var encoding: Encoding?
        var isSorted: Bool?
        while let field = try reader.readFieldHeader() {
            switch field.id {
            case 1:
                try reader.expect(field.type, .i32, field: "DictionaryPageHeader.num_values")
                numValues = try reader.readI32()
            case 2:
                try reader.expect(field.type, .i32, field: "DictionaryPageHeader.encoding")
                encoding = Encoding(rawValue: try reader.readI32())
            case 3:
                isSorted = try reader.boolValue(of: field.type)
            default:
                try reader.skip(field.type)
            }
        }
        guard let numValues, let encoding else { throw reader.corrupt("dictionary page header lacks a required field") }
        guard numValues >= 0 else { throw reader.corrupt("negative value count in dictionary page header") }
        self.init(numValues: numValues, encoding: encoding, isSorted: isSorted)
    }
}
