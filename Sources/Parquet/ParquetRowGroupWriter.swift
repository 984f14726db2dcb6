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
@discardableResult
public func writeParquet<Sink: ParquetByteSink>(
    schema: ParquetSchema, rowCount: Int, options: ParquetWriterOptions = .init(), into sink: inout Sink,
    column: @Sendable (_ index: Int, _ rows: Range<Int>) throws(ParquetError) -> ParquetColumn
) throws(ParquetError) -> Int64 {
    try ParquetFileWriter.write(
        schema: schema, rowCount: rowCount, options: options, dataPageSize: ParquetFileWriter.defaultDataPageSize,
        into: &sink, column: column)
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
            // The group's columns encoded on every core, taken in schema order, each chunk handed
            // to the sink as soon as it and those before it are done: memory holds a few chunks,
            // not the whole group's, and no core waits for the slowest column of a batch.
            let workers = rows.count >= parallelRowThreshold ? min(encodingWidth, schema.columns.count) : 0
            try encodeInOrder(
                count: schema.columns.count, workers: workers,
                encode: { index in
                    encodeColumn(
                        index, schema: schema, rows: rows, options: options, dataPageSize: dataPageSize, column: column)
                },
                deliver: { (_, encoded: (ColumnMetaData, ChunkPages)) throws(ParquetError) in
                    var metaData = encoded.0
                    metaData.dataPageOffset += offset
                    metaData.dictionaryPageOffset = metaData.dictionaryPageOffset.map { $0 + offset }
                    for page in encoded.1.pages { try sink.write(page) }
                    offset += Int64(encoded.1.count)
                    uncompressedBytes += metaData.totalUncompressedSize
                    compressedBytes += metaData.totalCompressedSize
                    chunks.append(ColumnChunk(filePath: nil, fileOffset: 0, metaData: metaData))
                })
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

    /// Makes and encodes the chunk of column `index` of one row group (offsets relative to the chunk).
    static func encodeColumn(
        _ index: Int, schema: ParquetSchema, rows: Range<Int>, options: ParquetWriterOptions, dataPageSize: Int,
        column: @Sendable (Int, Range<Int>) throws(ParquetError) -> ParquetColumn
    ) -> Result<(ColumnMetaData, ChunkPages), ParquetError> {
        do throws(ParquetError) {
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

    /// Encodes items `0..<count` on `workers` threads, which take them in order, and calls
    /// `deliver` on the calling thread with each, in order, once it and every one before it are
    /// done; at most `2 × workers` items are taken and not yet delivered at once (memory), and a
    /// worker never waits for another's item to finish (cores). With no workers, the calling
    /// thread encodes and delivers one after the other. The first failure in order ends the walk:
    /// the workers stop after the item in hand and the error is thrown, items before it having
    /// been delivered.
    static func encodeInOrder<T>(
        count: Int, workers: Int, encode: @Sendable (Int) -> Result<T, ParquetError>,
        deliver: (Int, T) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        guard workers > 0 else {
            for index in 0..<count { try deliver(index, try encode(index).get()) }
            return
        }
        let state = OrderedItems<T>(count: count, room: 2 * workers)
        let failure: ParquetError? = withoutActuallyEscaping(encode) { encode in
            let group = DispatchGroup()
            for _ in 0..<workers {
                DispatchQueue.global().async(group: group) {
                    while let index = state.take() { state.finish(index, encode(index)) }
                }
            }
            var failure: ParquetError?
            for index in 0..<count {
                do throws(ParquetError) {
                    try deliver(index, try state.result(index).get())
                } catch {
                    failure = error
                    break
                }
            }
            if failure != nil { state.stop(workers: workers) }
            // The workers are done with `encode` before it goes out of scope.
            group.wait()
            return failure
        }
        if let failure { throw failure }
    }
}

/// The items of `encodeInOrder`: which to take next, the results waiting to be delivered, and
/// the room left for taking more (a counting semaphore: one permit per item taken and not yet
/// delivered). Semaphores start at 0 and are raised, so that libdispatch does not object to one
/// left above or below a non-zero starting value when the walk stops early.
final class OrderedItems<T>: @unchecked Sendable {  // state guarded by `lock`
    private let lock = DispatchSemaphore(value: 0)
    private var results: [Result<T, ParquetError>?]
    private var next = 0
    private var stopped = false
    private let ready: [DispatchSemaphore]
    private let room = DispatchSemaphore(value: 0)

    init(count: Int, room permits: Int) {
        results = Array(repeating: nil, count: count)
        ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        lock.signal()
        for _ in 0..<permits { room.signal() }
    }

    /// The next item to encode, waiting for room; nil when none is left or the walk stopped.
    func take() -> Int? {
        room.wait()
        lock.wait()
        defer { lock.signal() }
        guard !stopped, next < results.count else {
            room.signal()  // the permit of an item not taken goes back
            return nil
        }
        next += 1
        return next - 1
    }

    func finish(_ index: Int, _ result: Result<T, ParquetError>) {
        lock.wait()
        results[index] = result
        lock.signal()
        ready[index].signal()
    }

    /// Item `index`'s result, waiting until it is done; its permit goes back.
    func result(_ index: Int) -> Result<T, ParquetError> {
        ready[index].wait()
        lock.wait()
        let result = results[index]!  // set by `finish` before `ready[index]` was raised
        results[index] = nil
        lock.signal()
        room.signal()
        return result
    }

    /// No more items are taken; a worker waiting for room gets a permit, sees it and ends.
    func stop(workers: Int) {
        lock.wait()
        stopped = true
        lock.signal()
        for _ in 0..<workers { room.signal() }
    }
}
