// Writes a whole Parquet file into memory: `PAR1`, row groups of column chunks, footer, `PAR1`
// (parquet-format README §File format).

import Dispatch

/// One slot per column, each written once by one worker of `concurrentPerform` and read after it
/// returns; distinct slots are distinct memory, so no lock. Shared by the whole-file and the
/// row-group-at-a-time writers. (The app's modules share
/// `JingzhunIO.IndexedSlots`; this library depends on nothing but zlib.)
final class ChunkSlots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }
    deinit {
        storage.deinitialize()
        storage.deallocate()
    }
    func set(_ index: Int, _ value: T) { storage[index] = value }
    func values() -> [T] { storage.map { $0! } }
}

/// Assembles Parquet files from a flat schema and dense columns.
enum ParquetFileWriter {
    static let magic: [UInt8] = Array("PAR1".utf8)

    /// The end of a file: its metadata, the metadata's 4-byte length and `PAR1`; shared by the
    /// whole-file and the row-group-at-a-time writers.
    static func footer(
        schema: ParquetSchema, rowCount: Int, rowGroups: [RowGroup], options: ParquetWriterOptions
    ) throws(ParquetError) -> [UInt8] {
        let metadata = FileMetaData(
            version: formatVersion, schema: schemaElements(of: schema), numRows: Int64(rowCount), rowGroups: rowGroups,
            createdBy: options.createdBy,
            // pyarrow ignores min/max statistics unless the column order is stated.
            columnOrders: Array(repeating: .typeDefinedOrder, count: schema.columns.count))
        var footer = metadata.serialized()
        guard let footerLength = UInt32(exactly: footer.count) else {
            throw ParquetError(
                .invalidArgument, "the footer would be \(footer.count) bytes, more than Parquet's 4-byte length allows")
        }
        footer.appendLittleEndian(footerLength)
        footer.append(contentsOf: magic)
        return footer
    }
    /// Target PLAIN (or index) bytes per data page, as other writers use: large enough to amortise
    /// page headers, small enough that big column chunks make several pages.
    static let defaultDataPageSize = 1 << 20
    /// parquet.thrift `FileMetaData.version`; 1 as written by parquet-java (readers do not act on it).
    static let formatVersion: Int32 = 1

    static func write(schema: ParquetSchema, columns: [ParquetColumn], options: ParquetWriterOptions)
        throws(ParquetError) -> [UInt8]
    {
        try write(schema: schema, columns: columns, options: options, dataPageSize: defaultDataPageSize)
    }

    /// - Parameter dataPageSize: target bytes of values per data page (tests lower it to get many pages).
    static func write(
        schema: ParquetSchema, columns: [ParquetColumn], options: ParquetWriterOptions, dataPageSize: Int
    ) throws(ParquetError) -> [UInt8] {
        try validate(schema: schema, columns: columns, options: options)
        return try write(
            schema: schema, rowCount: columns[0].count, options: options, dataPageSize: dataPageSize,
            column: { index throws(ParquetError) in columns[index] })
    }

    /// Writes a file whose columns are made on demand, one column at a time per core, so memory
    /// holds a couple of columns and the encoded chunks rather than every column at once.
    ///
    /// Chunks are encoded column by column (each column made once, cut into its row groups), on
    /// every core, then laid out row group by row group in schema order: the bytes are those of a
    /// sequential write of the same columns.
    /// - Parameter column: makes column `index` (all `rowCount` rows); called once per column,
    ///   possibly from several threads at once.
    static func write(
        schema: ParquetSchema, rowCount: Int, options: ParquetWriterOptions, dataPageSize: Int,
        column: @Sendable (Int) throws(ParquetError) -> ParquetColumn
    ) throws(ParquetError) -> [UInt8] {
        precondition(dataPageSize > 0, "data page size must be positive")
        try validate(schema: schema, options: options)
        var groups: [Range<Int>] = []
        var groupStart = 0
        while groupStart < rowCount {
            let groupEnd = groupStart + min(options.rowGroupSize, rowCount - groupStart)
            groups.append(groupStart..<groupEnd)
            groupStart = groupEnd
        }
        let encoded = try encodeColumns(
            schema: schema, rowCount: rowCount, groups: groups, options: options, dataPageSize: dataPageSize,
            column: column)
        var out = magic
        var rowGroups: [RowGroup] = []
        for (group, rows) in groups.enumerated() {
            let groupOffset = out.count
            var chunks: [ColumnChunk] = []
            var uncompressedBytes: Int64 = 0
            var compressedBytes: Int64 = 0
            for columnChunks in encoded {
                var (metaData, bytes) = columnChunks[group]
                let base = Int64(out.count)
                metaData.dataPageOffset += base
                metaData.dictionaryPageOffset = metaData.dictionaryPageOffset.map { $0 + base }
                out.append(contentsOf: bytes)
                bytes = []
                uncompressedBytes += metaData.totalUncompressedSize
                compressedBytes += metaData.totalCompressedSize
                chunks.append(ColumnChunk(filePath: nil, fileOffset: 0, metaData: metaData))
            }
            rowGroups.append(
                RowGroup(
                    columns: chunks, totalByteSize: uncompressedBytes, numRows: Int64(rows.count),
                    fileOffset: Int64(groupOffset), totalCompressedSize: compressedBytes,
                    ordinal: Int16(exactly: rowGroups.count)))
        }
        out.append(contentsOf: try footer(schema: schema, rowCount: rowCount, rowGroups: rowGroups, options: options))
        return out
    }

    typealias EncodedChunk = (ColumnMetaData, [UInt8])

    /// Makes and encodes every column (its chunk in each row group), in parallel when there is
    /// more than one column and enough rows to repay a thread hand-off. Offsets in each metadata
    /// are relative to its chunk's bytes.
    static func encodeColumns(
        schema: ParquetSchema, rowCount: Int, groups: [Range<Int>], options: ParquetWriterOptions, dataPageSize: Int,
        column: @Sendable (Int) throws(ParquetError) -> ParquetColumn
    ) throws(ParquetError) -> [[EncodedChunk]] {
        @Sendable func encode(_ index: Int) -> Result<[EncodedChunk], ParquetError> {
            do {
                let values = try column(index)
                try validate(values, spec: schema.columns[index], rowCount: rowCount)
                var chunks: [EncodedChunk] = []
                for rows in groups {
                    var bytes: [UInt8] = []
                    let metaData = try ColumnChunkWriter.write(
                        values, spec: schema.columns[index], rows: rows, options: options, dataPageSize: dataPageSize,
                        into: &bytes)
                    chunks.append((metaData, bytes))
                }
                return .success(chunks)
            } catch {
                return .failure(error)
            }
        }
        let results: [Result<[EncodedChunk], ParquetError>]
        if schema.columns.count > 1 && rowCount >= parallelRowThreshold {
            let slots = ChunkSlots<Result<[EncodedChunk], ParquetError>>(count: schema.columns.count)
            DispatchQueue.concurrentPerform(iterations: schema.columns.count) { index in slots.set(index, encode(index))
            }
            results = slots.values()
        } else {
            results = schema.columns.indices.map(encode)
        }
        // The first failing column in schema order, whatever order the workers ran in.
        return try results.map { result throws(ParquetError) in try result.get() }
    }

    /// Below this many rows a file is encoded on the calling thread.
    static let parallelRowThreshold = 4096

    /// Root group plus one leaf per column (a flat schema).
    static func schemaElements(of schema: ParquetSchema) -> [SchemaElement] {
        var elements = [SchemaElement(name: "schema", numChildren: Int32(schema.columns.count))]
        for spec in schema.columns {
            var element = SchemaElement(
                type: spec.physicalType.thriftType, repetitionType: spec.isOptional ? .optional : .required,
                name: spec.name)
            switch spec.logicalType {
            case .none: break
            case .string:
                element.logicalType = .string
                element.convertedType = .utf8
            case .date:
                element.logicalType = .date
                element.convertedType = .date
            }
            elements.append(element)
        }
        return elements
    }

    /// Checks the caller's side of the contract; everything here is an `.invalidArgument`.
    static func validate(schema: ParquetSchema, columns: [ParquetColumn], options: ParquetWriterOptions)
        throws(ParquetError)
    {
        try validate(schema: schema, options: options)
        guard columns.count == schema.columns.count else {
            throw ParquetError(
                .invalidArgument, "schema has \(schema.columns.count) columns but \(columns.count) were given")
        }
        let rowCount = columns[0].count
        for (spec, column) in zip(schema.columns, columns) {
            guard column.count == rowCount else {
                throw ParquetError(
                    .invalidArgument,
                    "column '\(spec.name)' has \(column.count) rows but column '\(schema.columns[0].name)' has "
                        + "\(rowCount)"
                )
            }
            try validate(column, spec: spec, rowCount: rowCount)
        }
    }

    /// The schema and options on their own.
    static func validate(schema: ParquetSchema, options: ParquetWriterOptions) throws(ParquetError) {
        guard !schema.columns.isEmpty else {
            throw ParquetError(.invalidArgument, "a Parquet schema needs at least one column")
        }
        guard options.rowGroupSize > 0 else {
            throw ParquetError(.invalidArgument, "rowGroupSize must be positive, got \(options.rowGroupSize)")
        }
        guard options.dictionaryPageSizeLimit >= 0 else {
            throw ParquetError(.invalidArgument, "dictionaryPageSizeLimit must not be negative")
        }
        var names = Set<String>()
        for spec in schema.columns {
            guard !spec.name.isEmpty else { throw ParquetError(.invalidArgument, "a column has an empty name") }
            guard names.insert(spec.name).inserted else {
                throw ParquetError(.invalidArgument, "column name '\(spec.name)' appears twice")
            }
            switch (spec.logicalType, spec.physicalType) {
            case (.none, _), (.string, .byteArray), (.date, .int32): break
            default:
                throw ParquetError(
                    .invalidArgument,
                    "column '\(spec.name)': logical type \(spec.logicalType) does not annotate physical type "
                        + "\(spec.physicalType)"
                )
            }
        }
    }

    /// One column against its spec and the file's row count.
    static func validate(_ column: ParquetColumn, spec: ParquetColumnSpec, rowCount: Int) throws(ParquetError) {
        guard column.count == rowCount else {
            throw ParquetError(
                .invalidArgument, "column '\(spec.name)' has \(column.count) rows, the file has \(rowCount)")
        }
        if let validity = column.validity {
            guard validity.count == column.count else {
                throw ParquetError(
                    .invalidArgument,
                    "column '\(spec.name)' has \(validity.count) validity entries for \(column.count) values")
            }
            guard spec.isOptional || !validity.contains(false) else {
                throw ParquetError(.invalidArgument, "column '\(spec.name)' is REQUIRED but has null rows")
            }
        }
        let matches: Bool
        switch (column.values, spec.physicalType) {
        case (.boolean, .boolean), (.int32, .int32), (.int64, .int64), (.double, .double): matches = true
        case (.string, .byteArray), (.bytes, .byteArray), (.hex32, .byteArray),
            (.padded32, .byteArray):
            matches = true
        default: matches = false
        }
        guard matches else {
            throw ParquetError(
                .invalidArgument,
                "column '\(spec.name)' is declared \(spec.physicalType) but its values are \(column.values.kindName)")
        }
        let tooLong: Bool
        switch column.values {
        case .string(let values): tooLong = values.contains { $0.utf8.count > Int(Int32.max) }
        case .bytes(let values): tooLong = values.contains { $0.count > Int(Int32.max) }
        default: tooLong = false
        }
        guard !tooLong else {
            throw ParquetError(
                .invalidArgument, "column '\(spec.name)' has a value of 2 GiB or more, beyond a Parquet page")
        }
    }
}

extension ParquetPhysicalType {
    var thriftType: PhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32: .int32
        case .int64: .int64
        case .double: .double
        case .byteArray: .byteArray
        }
    }
}

extension ParquetValues {
    /// Case name for messages.
    var kindName: String {
        switch self {
        case .boolean: "boolean"
        case .int32: "int32"
        case .int64: "int64"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .hex32: "hex32"
        case .padded32: "padded32"
        }
    }
}
