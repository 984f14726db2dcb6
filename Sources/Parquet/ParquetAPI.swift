// The public surface of the Parquet module: flat schemas, typed columns in, bytes out, and back.
// (API agreed between the store and the format library; the format code lives in the other files.)

/// Physical type of a column (parquet.thrift `Type`).
public enum ParquetPhysicalType: Sendable, Hashable {
    case boolean, int32, int64, double, byteArray
}

/// Logical annotation of a column (parquet.thrift `LogicalType`).
public enum ParquetLogicalType: Sendable, Hashable {
    case none
    /// UTF-8 text on BYTE_ARRAY.
    case string
    /// Days since 1970-01-01 on INT32.
    case date
}

/// One column of a flat schema.
public struct ParquetColumnSpec: Sendable, Hashable {
    public var name: String
    public var physicalType: ParquetPhysicalType
    public var logicalType: ParquetLogicalType
    /// OPTIONAL (nullable) when true, REQUIRED otherwise.
    public var isOptional: Bool
    /// Try dictionary encoding (RLE_DICTIONARY); the writer falls back to PLAIN when the dictionary grows large.
    public var useDictionary: Bool
    public init(
        name: String, physicalType: ParquetPhysicalType, logicalType: ParquetLogicalType = .none,
        isOptional: Bool = false, useDictionary: Bool = false
    ) {
        self.name = name
        self.physicalType = physicalType
        self.logicalType = logicalType
        self.isOptional = isOptional
        self.useDictionary = useDictionary
    }
}

/// A flat schema: an ordered list of columns.
public struct ParquetSchema: Sendable, Hashable {
    public var columns: [ParquetColumnSpec]
    public init(columns: [ParquetColumnSpec]) { self.columns = columns }
}

/// Dense typed values of one column: one entry per row (a placeholder where the row is null).
public enum ParquetValues: Sendable, Equatable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case double([Double])
    /// BYTE_ARRAY with the STRING logical type.
    case string([String])
    /// BYTE_ARRAY without a logical type.
    case bytes([[UInt8]])
    /// BYTE_ARRAY with the STRING logical type, each value the 64 lowercase hexadecimal digits of
    /// 32 bytes: the same file bytes as `.string` of those digits, at 32 bytes a value in memory.
    /// A reader hands a STRING column back this way when asked (`ParquetStringForm.hex32`).
    case hex32([HexString32])
    /// A reader hands a STRING column back this way when asked (`ParquetStringForm.padded32`).
    case padded32([PaddedString32])

    public var count: Int {
        switch self {
        case .boolean(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .double(let v): v.count
        case .string(let v): v.count
        case .bytes(let v): v.count
        case .hex32(let v): v.count
        case .padded32(let v): v.count
        }
    }
}

/// How a reader hands back a STRING column: as `String`s (`.string`), or, for a column whose
/// values are all 64 lowercase hexadecimal digits, as `HexString32`s (`.hex32`: 32 bytes a value;
/// any other value is a `corruptFile` error naming the column and row group).
public enum ParquetStringForm: Sendable, Hashable {
    case strings
    case hex32
    /// Each value as a `PaddedString32` (32 bytes a value): for a column of texts of at most 32
    /// bytes without a zero byte (any other value is a `corruptFile` error).
    case padded32
}

/// A column's data: dense values plus validity (nil = every row valid).
public struct ParquetColumn: Sendable, Equatable {
    public var values: ParquetValues
    /// `validity[i] == false` means row i is null; the value at i is a placeholder.
    public var validity: [Bool]?
    public init(values: ParquetValues, validity: [Bool]? = nil) {
        self.values = values
        self.validity = validity
    }
    public var count: Int { values.count }
}

public enum ParquetCompression: Sendable, Hashable {
    case uncompressed, gzip
}

public struct ParquetWriterOptions: Sendable, Hashable {
    public var compression: ParquetCompression = .gzip
    /// Rows per row group.
    public var rowGroupSize: Int = 1 << 20
    /// Above this many bytes of distinct values the writer falls back to PLAIN.
    public var dictionaryPageSizeLimit: Int = 1 << 20
    /// Written to `FileMetaData.created_by` (no timestamp: files must be byte-identical on rerun).
    public var createdBy: String = "jingzhun"
    public init() {}
}

/// Error of the Parquet module: a code, what happened, and where.
public struct ParquetError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable {
            case invalidArgument, corruptFile, unsupported, compression
        }
        private let value: Value
        public static let invalidArgument = Code(value: .invalidArgument)
        public static let corruptFile = Code(value: .corruptFile)
        public static let unsupported = Code(value: .unsupported)
        public static let compression = Code(value: .compression)
    }
    public var code: Code
    public var message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}

/// Writes one Parquet file into memory.
///
/// - Parameters: `columns[i]` belongs to `schema.columns[i]`; all columns have the same count.
/// - Returns: the complete file bytes (`PAR1 … footer … PAR1`).
/// - Throws: `ParquetError.invalidArgument` when columns and schema disagree.
public func writeParquet(schema: ParquetSchema, columns: [ParquetColumn], options: ParquetWriterOptions = .init())
    throws(ParquetError) -> [UInt8]
{
    try ParquetFileWriter.write(schema: schema, columns: columns, options: options)
}

/// Writes one Parquet file into memory from columns made on demand.
///
/// `column(i)` is called once per column, possibly on several threads at once; a column can be
/// freed as soon as it is encoded, so memory holds about one column per core instead of all of
/// them. The bytes equal those of `writeParquet(schema:columns:options:)` with the same columns.
/// - Throws: `ParquetError.invalidArgument` when a column disagrees with the schema or `rowCount`,
///   or whatever `column` throws (the first in schema order).
public func writeParquet(
    schema: ParquetSchema, rowCount: Int, options: ParquetWriterOptions = .init(),
    column: @Sendable (Int) throws(ParquetError) -> ParquetColumn
) throws(ParquetError) -> [UInt8] {
    try ParquetFileWriter.write(
        schema: schema, rowCount: rowCount, options: options, dataPageSize: ParquetFileWriter.defaultDataPageSize,
        column: column)
}

/// Reads a Parquet file from memory, column by column.
public struct ParquetFileReader: Sendable {
    public let schema: ParquetSchema
    public let rowCount: Int
    /// Row groups in the file (the writer cuts one every `ParquetWriterOptions.rowGroupSize` rows).
    public var rowGroupCount: Int { file.metadata.rowGroups.count }
    private let file: ParquetFileParser

    /// Parses the footer; throws `ParquetError.corruptFile` for anything that is not a valid file.
    public init(bytes: [UInt8]) throws(ParquetError) {
        file = try ParquetFileParser(bytes: bytes)
        schema = file.schema
        rowCount = file.rowCount
    }

    /// Reading a file without holding it (issue 20): `footerRange` checks the frame from the file's
    /// first 4 bytes and last 8, `init(fileSize:footer:)` parses the footer read apart, and
    /// `column(named:rowGroup:chunk:)` decodes a row group's column from the bytes of
    /// `byteRange(ofColumn:rowGroup:)`. Same checks, messages and values as the whole-file reader.
    ///
    /// - Parameters: `head` is the file's first 4 bytes and `tail` its last 8 (both ignored, and
    ///   may be empty, when `fileSize` is too short to be Parquet).
    /// - Returns: the footer's byte range in the file.
    public static func footerRange(fileSize: Int, head: [UInt8], tail: [UInt8]) throws(ParquetError) -> Range<Int> {
        if fileSize >= ParquetFileParser.minimumFileSize, head.count != 4 || tail.count != 8 {
            throw ParquetError(.invalidArgument, "footerRange needs the file's first 4 bytes and last 8")
        }
        return try ParquetFileParser.footerRange(fileSize: fileSize, head: head[...], tail: tail[...])
    }

    /// Parses `footer`, the bytes at `footerRange(fileSize:head:tail:)` of a file of `fileSize` bytes.
    /// Columns are then read only by `column(named:rowGroup:chunk:)`.
    public init(fileSize: Int, footer: [UInt8]) throws(ParquetError) {
        guard footer.count <= fileSize - ParquetFileParser.minimumFileSize else {
            throw ParquetError(
                .invalidArgument, "a footer of \(footer.count) bytes does not fit a \(fileSize)-byte file")
        }
        file = try ParquetFileParser(fileSize: fileSize, footer: footer)
        schema = file.schema
        rowCount = file.rowCount
        holdsBytes = false
    }

    /// False when opened from the footer alone: `column(named:)` and `column(named:rowGroup:)`
    /// need the file's bytes; use `column(named:rowGroup:chunk:)`.
    public private(set) var holdsBytes = true

    /// The byte range in the file of column `name`'s chunk in row group `rowGroup` (checked, on
    /// opening, to lie in the data region before the footer).
    public func byteRange(ofColumn name: String, rowGroup: Int) throws(ParquetError) -> Range<Int> {
        let index = try columnIndex(name)
        guard (0..<rowGroupCount).contains(rowGroup) else {
            throw ParquetError(.invalidArgument, "no row group \(rowGroup) in a file of \(rowGroupCount)")
        }
        return file.chunkRange(column: index, rowGroup: rowGroup)
    }

    /// Decodes row group `rowGroup` of column `name` from `chunk`, the bytes of
    /// `byteRange(ofColumn:rowGroup:)` (fewer bytes: `.corruptFile`, the file was cut short).
    public func column(named name: String, rowGroup: Int, chunk: [UInt8], form: ParquetStringForm = .strings)
        throws(ParquetError) -> ParquetColumn
    {
        let index = try columnIndex(name)
        guard (0..<rowGroupCount).contains(rowGroup) else {
            throw ParquetError(.invalidArgument, "no row group \(rowGroup) in a file of \(rowGroupCount)")
        }
        return try file.readColumn(at: index, rowGroup: rowGroup, chunk: chunk, form: form)
    }

    /// Row group `rowGroup` of the STRING column `name` as its dictionary and each row's index,
    /// decoded from `chunk` (the bytes of `byteRange(ofColumn:rowGroup:)`), or from the file held
    /// when `chunk` is nil: no `String` per row. Nil when the chunk is not wholly
    /// dictionary-encoded, holds a null, or is not readable: `column(named:…)` then gives the
    /// values, or the error.
    public func dictionaryColumn(named name: String, rowGroup: Int, chunk: [UInt8]? = nil) -> ParquetDictionaryColumn? {
        guard let index = try? columnIndex(name), (0..<rowGroupCount).contains(rowGroup) else { return nil }
        return file.readDictionaryColumn(at: index, rowGroup: rowGroup, chunk: chunk)
    }

    private func columnIndex(_ name: String) throws(ParquetError) -> Int {
        guard let index = schema.columns.firstIndex(where: { $0.name == name }) else {
            throw ParquetError(.invalidArgument, "no column named '\(name)' in the file")
        }
        return index
    }

    /// Reads all row groups of the named column into one dense column.
    public func column(named name: String, form: ParquetStringForm = .strings) throws(ParquetError) -> ParquetColumn {
        let index = try columnIndex(name)
        guard holdsBytes else { throw ParquetError(.invalidArgument, "the file was opened from its footer alone") }
        return try file.readColumn(at: index, form: form)
    }

    /// Rows of row group `rowGroup` (`0..<rowGroupCount`).
    public func rowCount(ofRowGroup rowGroup: Int) -> Int { Int(file.metadata.rowGroups[rowGroup].numRows) }

    /// Reads one row group of the named column: a reader can walk a file a row group at a time,
    /// holding the decoded values of one group only.
    public func column(named name: String, rowGroup: Int, form: ParquetStringForm = .strings) throws(ParquetError)
        -> ParquetColumn
    {
        let index = try columnIndex(name)
        guard holdsBytes else { throw ParquetError(.invalidArgument, "the file was opened from its footer alone") }
        guard (0..<rowGroupCount).contains(rowGroup) else {
            throw ParquetError(.invalidArgument, "no row group \(rowGroup) in a file of \(rowGroupCount)")
        }
        return try file.readColumn(at: index, rowGroups: rowGroup..<(rowGroup + 1), form: form)
    }
}
