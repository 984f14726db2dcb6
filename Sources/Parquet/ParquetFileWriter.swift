// Writes a whole Parquet file into memory: `PAR1`, row groups of column chunks, footer, `PAR1`
// (parquet-format README §File format).

import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex guarding the result slots of a parallel encode.
private final class ChunkLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock(_ body: () -> Void) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        body()
    }
}

/// Assembles Parquet files from a flat schema and dense columns.
enum ParquetFileWriter {
    static let magic: [UInt8] = Array("PAR1".utf8)
    /// Target PLAIN (or index) bytes per data page, as other writers use: large enough to amortise
    /// page headers, small enough that big column chunks make several pages.
    static let defaultDataPageSize = 1 << 20
    /// parquet.thrift `FileMetaData.version`; 1 as written by parquet-java (readers do not act on it).
    static let formatVersion: Int32 = 1

    static func write(schema: ParquetSchema, columns: [ParquetColumn], options: ParquetWriterOptions) throws(ParquetError) -> [UInt8] {
        try write(schema: schema, columns: columns, options: options, dataPageSize: defaultDataPageSize)
    }

    /// - Parameter dataPageSize: target bytes of values per data page (tests lower it to get many pages).
    static func write(
        schema: ParquetSchema, columns: [ParquetColumn], options: ParquetWriterOptions, dataPageSize: Int
    ) throws(ParquetError) -> [UInt8] {
        precondition(dataPageSize > 0, "data page size must be positive")
        try validate(schema: schema, columns: columns, options: options)
        let rowCount = columns[0].count
        var out = magic
        var rowGroups: [RowGroup] = []
        var groupStart = 0
        while groupStart < rowCount {
            let groupEnd = groupStart + min(options.rowGroupSize, rowCount - groupStart)
            let groupOffset = out.count
            var chunks: [ColumnChunk] = []
            var uncompressedBytes: Int64 = 0
            var compressedBytes: Int64 = 0
            // Column chunks are independent: encode and compress them on every core, each into its
            // own buffer, then place them in schema order. The bytes are those of a sequential write.
            let encoded = try encodeChunks(
                schema: schema, columns: columns, rows: groupStart..<groupEnd, options: options, dataPageSize: dataPageSize)
            for (var metaData, bytes) in encoded {
                let base = Int64(out.count)
                metaData.dataPageOffset += base
                metaData.dictionaryPageOffset = metaData.dictionaryPageOffset.map { $0 + base }
                out.append(contentsOf: bytes)
                uncompressedBytes += metaData.totalUncompressedSize
                compressedBytes += metaData.totalCompressedSize
                chunks.append(ColumnChunk(filePath: nil, fileOffset: 0, metaData: metaData))
            }
            rowGroups.append(RowGroup(
                columns: chunks, totalByteSize: uncompressedBytes, numRows: Int64(groupEnd - groupStart),
                fileOffset: Int64(groupOffset), totalCompressedSize: compressedBytes,
                ordinal: Int16(exactly: rowGroups.count)))
            groupStart = groupEnd
        }
        let metadata = FileMetaData(
            version: formatVersion, schema: schemaElements(of: schema), numRows: Int64(rowCount), rowGroups: rowGroups,
            createdBy: options.createdBy,
            // pyarrow ignores min/max statistics unless the column order is stated.
            columnOrders: Array(repeating: .typeDefinedOrder, count: schema.columns.count))
        let footer = metadata.serialized()
        guard let footerLength = UInt32(exactly: footer.count) else {
            throw ParquetError(.invalidArgument, "the footer would be \(footer.count) bytes, more than Parquet's 4-byte length allows")
        }
        out.append(contentsOf: footer)
        out.appendLittleEndian(footerLength)
        out.append(contentsOf: magic)
        return out
    }

    /// Slots filled once each by distinct workers of `concurrentPerform`, read after it returns.
    private final class ChunkSlots: @unchecked Sendable {
        var results: [Result<(ColumnMetaData, [UInt8]), ParquetError>?]
        init(count: Int) { results = Array(repeating: nil, count: count) }
    }

    /// Encodes the chunks of one row group, in parallel when there is more than one column and
    /// enough rows to repay a thread hand-off. Offsets in each metadata are relative to its bytes.
    static func encodeChunks(
        schema: ParquetSchema, columns: [ParquetColumn], rows: Range<Int>, options: ParquetWriterOptions, dataPageSize: Int
    ) throws(ParquetError) -> [(ColumnMetaData, [UInt8])] {
        @Sendable func encode(_ index: Int) -> Result<(ColumnMetaData, [UInt8]), ParquetError> {
            var bytes: [UInt8] = []
            do {
                let metaData = try ColumnChunkWriter.write(
                    columns[index], spec: schema.columns[index], rows: rows, options: options, dataPageSize: dataPageSize,
                    into: &bytes)
                return .success((metaData, bytes))
            } catch {
                return .failure(error)
            }
        }
        let results: [Result<(ColumnMetaData, [UInt8]), ParquetError>]
        if columns.count > 1 && rows.count >= parallelRowThreshold {
            let slots = ChunkSlots(count: columns.count)
            let lock = ChunkLock()
            DispatchQueue.concurrentPerform(iterations: columns.count) { index in
                let result = encode(index)
                lock.withLock { slots.results[index] = result }
            }
            results = slots.results.map { $0! }
        } else {
            results = columns.indices.map(encode)
        }
        return try results.map { result throws(ParquetError) in try result.get() }
    }

    /// Below this many rows a row group is encoded on the calling thread.
    static let parallelRowThreshold = 4096

    /// Root group plus one leaf per column (a flat schema).
    static func schemaElements(of schema: ParquetSchema) -> [SchemaElement] {
        var elements = [SchemaElement(name: "schema", numChildren: Int32(schema.columns.count))]
        for spec in schema.columns {
            var element = SchemaElement(
                type: spec.physicalType.thriftType, repetitionType: spec.isOptional ? .optional : .required, name: spec.name)
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
    static func validate(schema: ParquetSchema, columns: [ParquetColumn], options: ParquetWriterOptions) throws(ParquetError) {
        guard !schema.columns.isEmpty else {
            throw ParquetError(.invalidArgument, "a Parquet schema needs at least one column")
        }
        guard columns.count == schema.columns.count else {
            throw ParquetError(.invalidArgument, "schema has \(schema.columns.count) columns but \(columns.count) were given")
        }
        guard options.rowGroupSize > 0 else {
            throw ParquetError(.invalidArgument, "rowGroupSize must be positive, got \(options.rowGroupSize)")
        }
        guard options.dictionaryPageSizeLimit >= 0 else {
            throw ParquetError(.invalidArgument, "dictionaryPageSizeLimit must not be negative")
        }
        var names = Set<String>()
        let rowCount = columns[0].count
        for (spec, column) in zip(schema.columns, columns) {
            guard !spec.name.isEmpty else { throw ParquetError(.invalidArgument, "a column has an empty name") }
            guard names.insert(spec.name).inserted else {
                throw ParquetError(.invalidArgument, "column name '\(spec.name)' appears twice")
            }
            guard column.count == rowCount else {
                throw ParquetError(.invalidArgument,
                    "column '\(spec.name)' has \(column.count) rows but column '\(schema.columns[0].name)' has \(rowCount)")
            }
            if let validity = column.validity {
                guard validity.count == column.count else {
                    throw ParquetError(.invalidArgument,
                        "column '\(spec.name)' has \(validity.count) validity entries for \(column.count) values")
                }
                guard spec.isOptional || !validity.contains(false) else {
                    throw ParquetError(.invalidArgument, "column '\(spec.name)' is REQUIRED but has null rows")
                }
            }
            switch (spec.logicalType, spec.physicalType) {
            case (.none, _), (.string, .byteArray), (.date, .int32): break
            default:
                throw ParquetError(.invalidArgument,
                    "column '\(spec.name)': logical type \(spec.logicalType) does not annotate physical type \(spec.physicalType)")
            }
            let matches: Bool
            switch (column.values, spec.physicalType) {
            case (.boolean, .boolean), (.int32, .int32), (.int64, .int64), (.double, .double): matches = true
            case (.string, .byteArray), (.bytes, .byteArray): matches = true
            default: matches = false
            }
            guard matches else {
                throw ParquetError(.invalidArgument,
                    "column '\(spec.name)' is declared \(spec.physicalType) but its values are \(column.values.kindName)")
            }
            let tooLong: Bool
            switch column.values {
            case .string(let values): tooLong = values.contains { $0.utf8.count > Int(Int32.max) }
            case .bytes(let values): tooLong = values.contains { $0.count > Int(Int32.max) }
            default: tooLong = false
            }
            guard !tooLong else {
                throw ParquetError(.invalidArgument, "column '\(spec.name)' has a value of 2 GiB or more, beyond a Parquet page")
            }
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
        }
    }
}
