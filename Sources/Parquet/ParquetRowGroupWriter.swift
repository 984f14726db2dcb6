// Writes a Parquet file row group by row group into a sink, so memory holds one row group's
// columns and encoded chunks instead of the whole file (issue 20: memory flat whatever the
// province's size).

import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Receives a Parquet file's bytes in file order, as the writer produces them.
///
/// Like arrow-rs's `W: Write`: the writer knows nothing of files or paths. A sink that fails (a
/// full disk) throws; the writer stops and rethrows.
public protocol ParquetByteSink {
    mutating func write(_ bytes: [UInt8]) throws(ParquetError)
}

extension Array: ParquetByteSink where Element == UInt8 {
    public mutating func write(_ bytes: [UInt8]) { append(contentsOf: bytes) }
}

/// The statistics a column chunk was written with (parquet.thrift `Statistics`): the writer has
/// them anyway, so a caller that needs a column's bounds (the store's Delta statistics) takes them
/// from here instead of comparing every value again.
public struct ParquetChunkStatistics: Sendable {
    /// The column's index in the schema.
    public let column: Int
    /// The row group's index in the file.
    public let rowGroup: Int
    public let nullCount: Int64
    /// The smallest and largest non-null value's PLAIN bytes without a length prefix (unsigned
    /// byte order for BYTE_ARRAY), or nil when every value is null (or the type has no order kept).
    public let minimum: [UInt8]?
    public let maximum: [UInt8]?
}

/// Writes one Parquet file into `sink` row group by row group.
///
/// Row groups hold `options.rowGroupSize` rows (the last one the rest): boundaries follow the
/// row count alone, so the bytes equal those of `writeParquet(schema:columns:options:)` given the
/// whole columns. For each row group, `column(index, rows)` is called once per column (possibly on
/// several threads at once) and must return exactly the values of `rows`; the group's chunks are
/// encoded, handed to `sink` in schema order and freed before the next group's columns are asked for.
/// - Complexity: O(rows). Memory: one row group's columns (one per core at a time), its encoded
///   chunks, and the footer's metadata (a few hundred bytes per row group and column).
/// - Returns: the number of bytes written.
/// - Throws: `ParquetError.invalidArgument` when a column disagrees with the schema or its rows,
///   or whatever `column` or the sink throws (for a column, the first in schema order).
/// - Parameter chunkWritten: called on the calling thread with each chunk's statistics once its
///   bytes are in `sink`, row group by row group and in schema order within one.
@discardableResult
public func writeParquet<Sink: ParquetByteSink>(
    schema: ParquetSchema, rowCount: Int, options: ParquetWriterOptions = .init(), into sink: inout Sink,
    chunkWritten: (ParquetChunkStatistics) -> Void = { _ in },
    column: @Sendable (_ index: Int, _ rows: Range<Int>) throws(ParquetError) -> ParquetColumn
) throws(ParquetError) -> Int64 {
    try ParquetFileWriter.write(
        schema: schema, rowCount: rowCount, options: options, dataPageSize: ParquetFileWriter.defaultDataPageSize,
        into: &sink, chunkWritten: chunkWritten, column: column)
}

extension ParquetFileWriter {
    /// The row ranges of a file's row groups: `rowGroupSize` rows each, the last one the rest.
    static func rowGroupRanges(rowCount: Int, rowGroupSize: Int) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var groupStart = 0
        while groupStart < rowCount {
            let groupEnd = groupStart + min(rowGroupSize, rowCount - groupStart)
            groups.append(groupStart..<groupEnd)
            groupStart = groupEnd
        }
        return groups
    }

    /// Columns encoded at once by the streaming writer: one per core (at least one).
    static let encodingWidth = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// The streaming writer behind `writeParquet(schema:rowCount:options:into:column:)`; the layout
    /// is that of `write(schema:rowCount:options:dataPageSize:column:)`.
    static func write<Sink: ParquetByteSink>(
        schema: ParquetSchema, rowCount: Int, options: ParquetWriterOptions, dataPageSize: Int, into sink: inout Sink,
        chunkWritten: (ParquetChunkStatistics) -> Void = { _ in },
        column: @Sendable (Int, Range<Int>) throws(ParquetError) -> ParquetColumn
    ) throws(ParquetError) -> Int64 {
        precondition(dataPageSize > 0, "data page size must be positive")
        try validate(schema: schema, options: options)
        guard rowCount >= 0 else { throw ParquetError(.invalidArgument, "row count \(rowCount) is negative") }
        var offset = Int64(magic.count)
        try sink.write(magic)
        var rowGroups: [RowGroup] = []
        for rows in rowGroupRanges(rowCount: rowCount, rowGroupSize: options.rowGroupSize) {
            let groupOffset = offset
            var chunks: [ColumnChunk] = []
            var uncompressedBytes: Int64 = 0
            var compressedBytes: Int64 = 0
            // The group's columns a few at a time (one per core), each batch handed to the sink
            // before the next is encoded: memory holds a batch's chunks, not the whole group's.
            let width = rows.count >= parallelRowThreshold ? encodingWidth : schema.columns.count
            var start = 0
            while start < schema.columns.count {
                let batch = start..<min(start + width, schema.columns.count)
                let encoded = try encodeColumns(
                    batch, schema: schema, rows: rows, options: options, dataPageSize: dataPageSize, column: column)
                for (position, (chunkMetaData, chunk)) in encoded.enumerated() {
                    var metaData = chunkMetaData
                    metaData.dataPageOffset += offset
                    metaData.dictionaryPageOffset = metaData.dictionaryPageOffset.map { $0 + offset }
                    for page in chunk.pages { try sink.write(page) }
                    offset += Int64(chunk.count)
                    uncompressedBytes += metaData.totalUncompressedSize
                    compressedBytes += metaData.totalCompressedSize
                    chunks.append(ColumnChunk(filePath: nil, fileOffset: 0, metaData: metaData))
                    let statistics = metaData.statistics
                    chunkWritten(
                        ParquetChunkStatistics(
                            column: batch.lowerBound + position, rowGroup: rowGroups.count,
                            nullCount: statistics?.nullCount ?? 0, minimum: statistics?.minValue,
                            maximum: statistics?.maxValue))
                }
                start = batch.upperBound
            }
            rowGroups.append(
                RowGroup(
                    columns: chunks, totalByteSize: uncompressedBytes, numRows: Int64(rows.count),
                    fileOffset: groupOffset, totalCompressedSize: compressedBytes,
                    ordinal: Int16(exactly: rowGroups.count)))
        }
        let tail = try ParquetFileWriter.footer(
            schema: schema, rowCount: rowCount, rowGroups: rowGroups, options: options)
        try sink.write(tail)
        return offset + Int64(tail.count)
    }

    /// Makes and encodes the chunks of the columns `indices` of one row group, one column per core
    /// when the group is large enough to repay a thread hand-off. Offsets are relative to each
    /// chunk. The first failing column in schema order decides the error.
    static func encodeColumns(
        _ indices: Range<Int>, schema: ParquetSchema, rows: Range<Int>, options: ParquetWriterOptions,
        dataPageSize: Int,
        column: @Sendable (Int, Range<Int>) throws(ParquetError) -> ParquetColumn
    ) throws(ParquetError) -> [(ColumnMetaData, ChunkPages)] {
        @Sendable func encode(_ index: Int) -> Result<(ColumnMetaData, ChunkPages), ParquetError> {
            do {
                let values = try column(index, rows)
                try validate(values, spec: schema.columns[index], rowCount: rows.count)
                var pages = ChunkPages()
                let metaData = try ColumnChunkWriter.write(
                    values, spec: schema.columns[index], rows: 0..<rows.count, options: options,
                    dataPageSize: dataPageSize, into: &pages)
                return .success((metaData, pages))
            } catch {
                return .failure(error)
            }
        }
        let results: [Result<(ColumnMetaData, ChunkPages), ParquetError>]
        if indices.count > 1 && rows.count >= parallelRowThreshold {
            let slots = ChunkSlots<Result<(ColumnMetaData, ChunkPages), ParquetError>>(count: indices.count)
            DispatchQueue.concurrentPerform(iterations: indices.count) { offset in
                slots.set(offset, encode(indices.lowerBound + offset))
            }
            results = slots.values()
        } else {
            results = indices.map(encode)
        }
        return try results.map { result throws(ParquetError) in try result.get() }
    }
}
