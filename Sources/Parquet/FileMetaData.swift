// The footer structures of parquet.thrift that this library writes and reads, with their
// compact-protocol serialisation. Fields the library does not use are skipped on reading.

/// parquet.thrift `FileMetaData`: the footer.
struct FileMetaData: Sendable, Equatable {
    var version: Int32
    var schema: [SchemaElement]
    var numRows: Int64
    var rowGroups: [RowGroup]
    var createdBy: String?
    /// One entry per leaf column; nil when the writer did not say (old files).
    var columnOrders: [ColumnOrder]?
}

/// parquet.thrift `SchemaElement`: the root group or one leaf column.
struct SchemaElement: Sendable, Equatable {
    var type: PhysicalType?
    var typeLength: Int32?
    var repetitionType: FieldRepetitionType?
    var name: String
    var numChildren: Int32?
    var convertedType: ConvertedType?
    var logicalType: LogicalType?
}

/// parquet.thrift `LogicalType` (a union); members this library does not model are `.other`.
enum LogicalType: Sendable, Equatable {
    case string
    case date
    /// Any other member; its field id, for messages.
    case other(Int16)
}

/// parquet.thrift `ColumnOrder` (a union).
enum ColumnOrder: Sendable, Equatable {
    case typeDefinedOrder
    case other(Int16)
}

/// parquet.thrift `RowGroup`.
struct RowGroup: Sendable, Equatable {
    var columns: [ColumnChunk]
    var totalByteSize: Int64
    var numRows: Int64
    var fileOffset: Int64?
    var totalCompressedSize: Int64?
    var ordinal: Int16?
}

/// parquet.thrift `ColumnChunk`.
struct ColumnChunk: Sendable, Equatable {
    /// Set only when the chunk lives in another file, which this library does not support.
    var filePath: String?
    var fileOffset: Int64
    var metaData: ColumnMetaData?
}

/// parquet.thrift `ColumnMetaData`.
struct ColumnMetaData: Sendable, Equatable {
    var type: PhysicalType
    var encodings: [Encoding]
    var pathInSchema: [String]
    var codec: CompressionCodec
    var numValues: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: Statistics?
}

/// parquet.thrift `Statistics`; min and max are PLAIN-encoded (byte arrays without length prefix).
struct Statistics: Sendable, Equatable {
    var nullCount: Int64?
    var distinctCount: Int64?
    var maxValue: [UInt8]?
    var minValue: [UInt8]?
    var isMaxValueExact: Bool?
    var isMinValueExact: Bool?
    var nanCount: Int64?
}

// MARK: - Writing

extension FileMetaData {
    /// Serialises the footer (field ids from parquet.thrift).
    func serialized() -> [UInt8] {
        var writer = CompactProtocolWriter()
        write(to: &writer)
        return writer.bytes
    }

    func write(to writer: inout CompactProtocolWriter) {
        writer.beginStruct()
        writer.writeField(1, i32: version)
        writer.writeListField(2, elementType: .structure, count: schema.count)
        for element in schema { element.write(to: &writer) }
        writer.writeField(3, i64: numRows)
        writer.writeListField(4, elementType: .structure, count: rowGroups.count)
        for rowGroup in rowGroups { rowGroup.write(to: &writer) }
        if let createdBy { writer.writeField(6, string: createdBy) }
        if let columnOrders {
            writer.writeListField(7, elementType: .structure, count: columnOrders.count)
            for order in columnOrders {
                writer.beginStruct()
                switch order {
                case .typeDefinedOrder:
                    writer.writeFieldHeader(1, .structure)
                    writer.beginStruct()
                    writer.endStruct()
                case .other:
                    preconditionFailure("the writer only emits TypeDefinedOrder")
                }
                writer.endStruct()
            }
        }
        writer.endStruct()
    }
}

extension SchemaElement {
    func write(to writer: inout CompactProtocolWriter) {
        writer.beginStruct()
        if let type { writer.writeField(1, i32: type.rawValue) }
        if let typeLength { writer.writeField(2, i32: typeLength) }
        if let repetitionType { writer.writeField(3, i32: repetitionType.rawValue) }
        writer.writeField(4, string: name)
        if let numChildren { writer.writeField(5, i32: numChildren) }
        if let convertedType { writer.writeField(6, i32: convertedType.rawValue) }
        if let logicalType {
            writer.writeFieldHeader(10, .structure)
            writer.beginStruct()
            switch logicalType {
            case .string: writer.writeFieldHeader(1, .structure)
            case .date: writer.writeFieldHeader(6, .structure)
            case .other: preconditionFailure("the writer only emits STRING and DATE logical types")
            }
            writer.beginStruct()  // StringType / DateType are empty structs
            writer.endStruct()
            writer.endStruct()
        }
        writer.endStruct()
    }
}

extension RowGroup {
    func write(to writer: inout CompactProtocolWriter) {
        writer.beginStruct()
        writer.writeListField(1, elementType: .structure, count: columns.count)
        for column in columns { column.write(to: &writer) }
        writer.writeField(2, i64: totalByteSize)
        writer.writeField(3, i64: numRows)
        if let fileOffset { writer.writeField(5, i64: fileOffset) }
        if let totalCompressedSize { writer.writeField(6, i64: totalCompressedSize) }
        if let ordinal { writer.writeField(7, i16: ordinal) }
        writer.endStruct()
    }
}

extension ColumnChunk {
    func write(to writer: inout CompactProtocolWriter) {
        writer.beginStruct()
        if let filePath { writer.writeField(1, string: filePath) }
        writer.writeField(2, i64: fileOffset)
        if let metaData {
            writer.writeFieldHeader(3, .structure)
            metaData.write(to: &writer)
        }
        writer.endStruct()
    }
}

extension ColumnMetaData {
    func write(to writer: inout CompactProtocolWriter) {
        writer.beginStruct()
        writer.writeField(1, i32: type.rawValue)
        writer.writeListField(2, elementType: .i32, count: encodings.count)
        for encoding in encodings { writer.writeI32(encoding.rawValue) }
        writer.writeListField(3, elementType: .binary, count: pathInSchema.count)
        for part in pathInSchema { writer.writeString(part) }
        writer.writeField(4, i32: codec.rawValue)
        writer.writeField(5, i64: numValues)
        writer.writeField(6, i64: totalUncompressedSize)
        writer.writeField(7, i64: totalCompressedSize)
        writer.writeField(9, i64: dataPageOffset)
        if let dictionaryPageOffset { writer.writeField(11, i64: dictionaryPageOffset) }
        if let statistics {
            writer.writeFieldHeader(12, .structure)
            statistics.write(to: &writer)
        }
        writer.endStruct()
    }
}

extension Statistics {
    func write(to writer: inout CompactProtocolWriter) {
        writer.beginStruct()
        if let nullCount { writer.writeField(3, i64: nullCount) }
        if let distinctCount { writer.writeField(4, i64: distinctCount) }
        if let maxValue { writer.writeField(5, binary: maxValue) }
        if let minValue { writer.writeField(6, binary: minValue) }
        if let isMaxValueExact { writer.writeField(7, bool: isMaxValueExact) }
        if let isMinValueExact { writer.writeField(8, bool: isMinValueExact) }
        if let nanCount { writer.writeField(9, i64: nanCount) }
        writer.endStruct()
    }
}

// MARK: - Reading

/// Marks a required field as seen; the parse fails when a required field is missing.
private func required<T>(_ value: T?, _ name: String, _ reader: CompactProtocolReader) throws(ParquetError) -> T {
    guard let value else { throw reader.corrupt("required field \(name) is missing") }
    return value
}

extension FileMetaData {
    /// Parses a footer; unknown fields are skipped, missing required fields throw `.corruptFile`.
    init(from reader: inout CompactProtocolReader) throws(ParquetError) {
        var version: Int32?
        var schema: [SchemaElement]?
        var numRows: Int64?
        var rowGroups: [RowGroup]?
        var createdBy: String?
        var columnOrders: [ColumnOrder]?
        try reader.beginStruct()
        while let field = try reader.readFieldHeader() {
            switch field.id {
            case 1:
                try reader.expect(field.type, .i32, field: "FileMetaData.version")
                version = try reader.readI32()
            case 2:
                try reader.expect(field.type, .list, field: "FileMetaData.schema")
                schema = try reader.readStructList(SchemaElement.init(from:))
            case 3:
                try reader.expect(field.type, .i64, field: "FileMetaData.num_rows")
                numRows = try reader.readI64()
            case 4:
                try reader.expect(field.type, .list, field: "FileMetaData.row_groups")
                rowGroups = try reader.readStructList(RowGroup.init(from:))
            case 6:
                try reader.expect(field.type, .binary, field: "FileMetaData.created_by")
                createdBy = try reader.readString()
            case 7:
                try reader.expect(field.type, .list, field: "FileMetaData.column_orders")
                columnOrders = try reader.readStructList { (reader: inout CompactProtocolReader) throws(ParquetError) in
                    var order = ColumnOrder.other(0)
                    while let member = try reader.readFieldHeader() {
                        order = member.id == 1 ? .typeDefinedOrder : .other(member.id)
                        try reader.skip(member.type)
                    }
                    return order
                }
            default:
                try reader.skip(field.type)
            }
        }
        reader.endStruct()
        self.version = try required(version, "FileMetaData.version", reader)
        self.schema = try required(schema, "FileMetaData.schema", reader)
        self.numRows = try required(numRows, "FileMetaData.num_rows", reader)
        self.rowGroups = try required(rowGroups, "FileMetaData.row_groups", reader)
        self.createdBy = createdBy
        self.columnOrders = columnOrders
    }
}

extension CompactProtocolReader {
    /// Reads a list of structs; `element` is called between beginStruct and endStruct.
    mutating func readStructList<T>(
        _ element: (inout CompactProtocolReader) throws(ParquetError) -> T
    ) throws(ParquetError) -> [T] {
        let (type, count) = try readListHeader()
        guard type == .structure else {
            throw corrupt("expected a list of structs, found element type \(type.rawValue)")
        }
        var result: [T] = []
        result.reserveCapacity(count)  // count <= remaining bytes: bounded by the input
        for _ in 0..<count {
            try beginStruct()
            result.append(try element(&self))
            endStruct()
        }
        return result
    }

    mutating func readI32List(field: String) throws(ParquetError) -> [Int32] {
        let (type, count) = try readListHeader()
        try expect(type, .i32, field: field)
        var result: [Int32] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try readI32()) }
        return result
    }

    mutating func readStringList(field: String) throws(ParquetError) -> [String] {
        let (type, count) = try readListHeader()
        try expect(type, .binary, field: field)
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try readString()) }
        return result
    }
}

extension SchemaElement {
    /// Parses the fields of one element; the caller has entered the struct.
    init(from reader: inout CompactProtocolReader) throws(ParquetError) {
        var name: String?
        while let field = try reader.readFieldHeader() {
            switch field.id {
            case 1:
                try reader.expect(field.type, .i32, field: "SchemaElement.type")
                type = PhysicalType(rawValue: try reader.readI32())
            case 2:
                try reader.expect(field.type, .i32, field: "SchemaElement.type_length")
                typeLength = try reader.readI32()
            case 3:
                try reader.expect(field.type, .i32, field: "SchemaElement.repetition_type")
                repetitionType = FieldRepetitionType(rawValue: try reader.readI32())
            case 4:
                try reader.expect(field.type, .binary, field: "SchemaElement.name")
                name = try reader.readString()
            case 5:
                try reader.expect(field.type, .i32, field: "SchemaElement.num_children")
                numChildren = try reader.readI32()
            case 6:
                try reader.expect(field.type, .i32, field: "SchemaElement.converted_type")
                convertedType = ConvertedType(rawValue: try reader.readI32())
            case 10:
                try reader.expect(field.type, .structure, field: "SchemaElement.logicalType")
                try reader.beginStruct()
                var logical = LogicalType.other(0)
                while let member = try reader.readFieldHeader() {
                    switch member.id {
                    case 1: logical = .string
                    case 6: logical = .date
                    default: logical = .other(member.id)
                    }
                    try reader.skip(member.type)
                }
                reader.endStruct()
                logicalType = logical
            default:
                try reader.skip(field.type)
            }
        }
        self.name = try required(name, "SchemaElement.name", reader)
    }
}

extension RowGroup {
    init(from reader: inout CompactProtocolReader) throws(ParquetError) {
        var columns: [ColumnChunk]?
        var totalByteSize: Int64?
        var numRows: Int64?
        while let field = try reader.readFieldHeader() {
            switch field.id {
            case 1:
                try reader.expect(field.type, .list, field: "RowGroup.columns")
                columns = try reader.readStructList(ColumnChunk.init(from:))
            case 2:
                try reader.expect(field.type, .i64, field: "RowGroup.total_byte_size")
                totalByteSize = try reader.readI64()
            case 3:
                try reader.expect(field.type, .i64, field: "RowGroup.num_rows")
                numRows = try reader.readI64()
            case 5:
                try reader.expect(field.type, .i64, field: "RowGroup.file_offset")
                fileOffset = try reader.readI64()
            case 6:
                try reader.expect(field.type, .i64, field: "RowGroup.total_compressed_size")
                totalCompressedSize = try reader.readI64()
            case 7:
                try reader.expect(field.type, .i16, field: "RowGroup.ordinal")
                ordinal = try reader.readI16()
            default:
                try reader.skip(field.type)
            }
        }
        self.columns = try required(columns, "RowGroup.columns", reader)
        self.totalByteSize = try required(totalByteSize, "RowGroup.total_byte_size", reader)
        self.numRows = try required(numRows, "RowGroup.num_rows", reader)
    }
}

extension ColumnChunk {
    init(from reader: inout CompactProtocolReader) throws(ParquetError) {
        var fileOffset: Int64?
        while let field = try reader.readFieldHeader() {
            switch field.id {
            case 1:
                try reader.expect(field.type, .binary, field: "ColumnChunk.file_path")
                filePath = try reader.readString()
            case 2:
                try reader.expect(field.type, .i64, field: "ColumnChunk.file_offset")
                fileOffset = try reader.readI64()
            case 3:
                try reader.expect(field.type, .structure, field: "ColumnChunk.meta_data")
                try reader.beginStruct()
                metaData = try ColumnMetaData(from: &reader)
                reader.endStruct()
            default:
                try reader.skip(field.type)
            }
        }
        // file_offset is required in the IDL but deprecated; tolerate writers that omit it.
        self.fileOffset = fileOffset ?? 0
    }
}

extension ColumnMetaData {
    init(from reader: inout CompactProtocolReader) throws(ParquetError) {
        var type: PhysicalType?
        var encodings: [Encoding]?
        var pathInSchema: [String]?
        var codec: CompressionCodec?
        var numValues: Int64?
        var totalUncompressedSize: Int64?
        var totalCompressedSize: Int64?
        var dataPageOffset: Int64?
        while let field = try reader.readFieldHeader() {
            switch field.id {
            case 1:
                try reader.expect(field.type, .i32, field: "ColumnMetaData.type")
                type = PhysicalType(rawValue: try reader.readI32())
            case 2:
                try reader.expect(field.type, .list, field: "ColumnMetaData.encodings")
                encodings = try reader.readI32List(field: "ColumnMetaData.encodings").map(Encoding.init(rawValue:))
            case 3:
                try reader.expect(field.type, .list, field: "ColumnMetaData.path_in_schema")
                pathInSchema = try reader.readStringList(field: "ColumnMetaData.path_in_schema")
            case 4:
                try reader.expect(field.type, .i32, field: "ColumnMetaData.codec")
                codec = CompressionCodec(rawValue: try reader.readI32())
            case 5:
                try reader.expect(field.type, .i64, field: "ColumnMetaData.num_values")
                numValues = try reader.readI64()
            case 6:
                try reader.expect(field.type, .i64, field: "ColumnMetaData.total_uncompressed_size")
                totalUncompressedSize = try reader.readI64()
            case 7:
                try reader.expect(field.type, .i64, field: "ColumnMetaData.total_compressed_size")
                totalCompressedSize = try reader.readI64()
            case 9:
                try reader.expect(field.type, .i64, field: "ColumnMetaData.data_page_offset")
                dataPageOffset = try reader.readI64()
            case 11:
                try reader.expect(field.type, .i64, field: "ColumnMetaData.dictionary_page_offset")
                dictionaryPageOffset = try reader.readI64()
            case 12:
                try reader.expect(field.type, .structure, field: "ColumnMetaData.statistics")
                try reader.beginStruct()
                statistics = try Statistics(from: &reader)
                reader.endStruct()
            default:
                try reader.skip(field.type)
            }
        }
        self.type = try required(type, "ColumnMetaData.type", reader)
        self.encodings = try required(encodings, "ColumnMetaData.encodings", reader)
        self.pathInSchema = try required(pathInSchema, "ColumnMetaData.path_in_schema", reader)
        self.codec = try required(codec, "ColumnMetaData.codec", reader)
        self.numValues = try required(numValues, "ColumnMetaData.num_values", reader)
        self.totalUncompressedSize = try required(
            totalUncompressedSize, "ColumnMetaData.total_uncompressed_size", reader)
        self.totalCompressedSize = try required(totalCompressedSize, "ColumnMetaData.total_compressed_size", reader)
        self.dataPageOffset = try required(dataPageOffset, "ColumnMetaData.data_page_offset", reader)
    }
}

extension Statistics {
    init(from reader: inout CompactProtocolReader) throws(ParquetError) {
        while let field = try reader.readFieldHeader() {
            switch field.id {
            case 3:
                try reader.expect(field.type, .i64, field: "Statistics.null_count")
                nullCount = try reader.readI64()
            case 4:
                try reader.expect(field.type, .i64, field: "Statistics.distinct_count")
                distinctCount = try reader.readI64()
            case 5:
                try reader.expect(field.type, .binary, field: "Statistics.max_value")
                maxValue = try reader.readBinary()
            case 6:
                try reader.expect(field.type, .binary, field: "Statistics.min_value")
                minValue = try reader.readBinary()
            case 7: isMaxValueExact = try reader.boolValue(of: field.type)
            case 8: isMinValueExact = try reader.boolValue(of: field.type)
            case 9:
                try reader.expect(field.type, .i64, field: "Statistics.nan_count")
                nanCount = try reader.readI64()
            default:
                try reader.skip(field.type)
            }
        }
    }
}
