import Dispatch
import Testing

@testable import Parquet

/// The streaming writer (`writeParquet(schema:rowCount:options:into:column:)`): same bytes as the
/// whole-column writer, and memory bounded by one row group (issue 20).
@Suite struct RowGroupWriterTests {
    /// The rows `rows` of a whole column, as the streaming writer's `column` closure returns them.
    static func slice(_ column: ParquetColumn, _ rows: Range<Int>) -> ParquetColumn {
        let values: ParquetValues
        switch column.values {
        case .boolean(let v): values = .boolean(Array(v[rows]))
        case .int32(let v): values = .int32(Array(v[rows]))
        case .int64(let v): values = .int64(Array(v[rows]))
        case .double(let v): values = .double(Array(v[rows]))
        case .string(let v): values = .string(Array(v[rows]))
        case .bytes(let v): values = .bytes(Array(v[rows]))
        case .hex32(let v): values = .hex32(Array(v[rows]))
        case .padded32(let v): values = .padded32(Array(v[rows]))
        }
        return ParquetColumn(values: values, validity: column.validity.map { Array($0[rows]) })
    }

    /// Records what the writer did, in order: which rows of which column it asked for, and how
    /// many bytes it handed to the sink.
    final class Trace: @unchecked Sendable {
        enum Event: Equatable {
            case column(Int, Range<Int>)
            case write(Int)
        }
        private let queue = DispatchQueue(label: "RowGroupWriterTests.Trace")
        private var recorded: [Event] = []
        var events: [Event] { queue.sync { recorded } }
        func add(_ event: Event) { queue.sync { recorded.append(event) } }
    }

    struct TracingSink: ParquetByteSink {
        var bytes: [UInt8] = []
        let trace: Trace
        mutating func write(_ chunk: [UInt8]) throws(ParquetError) {
            trace.add(.write(chunk.count))
            bytes.append(contentsOf: chunk)
        }
    }

    @Test(arguments: [(700, false), (700, true), (1_000, true), (2_503, true), (1 << 20, true), (1, false)])
    func bytesEqualTheWholeColumnWriter(rowGroupSize: Int, useDictionary: Bool) throws {
        let (schema, columns) = Fixtures.allTypes(useDictionary: useDictionary)
        var options = ParquetWriterOptions()
        options.rowGroupSize = rowGroupSize
        let whole = try ParquetFileWriter.write(schema: schema, columns: columns, options: options, dataPageSize: 512)
        var streamed: [UInt8] = []
        let written = try ParquetFileWriter.write(
            schema: schema, rowCount: columns[0].count, options: options, dataPageSize: 512, into: &streamed
        ) { index, rows in Self.slice(columns[index], rows) }
        #expect(streamed == whole)
        #expect(written == Int64(whole.count))
    }

    /// `chunkWritten` reports every chunk once, row group by row group and in schema order, with
    /// the statistics its footer holds (what the store takes text bounds from, issue 20).
    @Test(arguments: [700, 2_503])
    func reportsEachChunksFooterStatisticsInFileOrder(rowGroupSize: Int) throws {
        let (schema, columns) = Fixtures.allTypes(useDictionary: true)
        var options = ParquetWriterOptions()
        options.rowGroupSize = rowGroupSize
        var bytes: [UInt8] = []
        var reported: [ParquetChunkStatistics] = []
        try writeParquet(
            schema: schema, rowCount: columns[0].count, options: options, into: &bytes,
            chunkWritten: { reported.append($0) }
        ) { index, rows in Self.slice(columns[index], rows) }
        let footer = try ParquetFileParser(bytes: bytes).metadata
        #expect(footer.rowGroups.count > 1 || rowGroupSize >= columns[0].count)
        var expected: [(Int, Int)] = []
        for group in footer.rowGroups.indices {
            for column in schema.columns.indices { expected.append((group, column)) }
        }
        #expect(reported.map(\.rowGroup) == expected.map(\.0))
        #expect(reported.map(\.column) == expected.map(\.1))
        for chunk in reported {
            let statistics = footer.rowGroups[chunk.rowGroup].columns[chunk.column].metaData?.statistics
            #expect(chunk.minimum == statistics?.minValue && chunk.maximum == statistics?.maxValue)
            #expect(chunk.nullCount == statistics?.nullCount ?? 0)
        }
        // A text column's bounds are its values' bytes in unsigned byte order.
        let textColumn = try #require(schema.columns.firstIndex { $0.logicalType == .string })
        if case .string(let texts) = columns[textColumn].values,
            let firstGroup = reported.first(where: {
                $0.column == textColumn
            })
        {
            let valid = (0..<min(rowGroupSize, texts.count)).filter { columns[textColumn].validity?[$0] ?? true }
            let utf8 = valid.map { Array(texts[$0].utf8) }
            #expect(firstGroup.minimum == utf8.min { $0.lexicographicallyPrecedes($1) })
            #expect(firstGroup.maximum == utf8.max { $0.lexicographicallyPrecedes($1) })
        }
    }

    @Test func emptyFileEqualsTheWholeColumnWriter() throws {
        let schema = ParquetSchema(columns: [ParquetColumnSpec(name: "a", physicalType: .int32)])
        let whole = try writeParquet(schema: schema, columns: [ParquetColumn(values: .int32([]))])
        var streamed: [UInt8] = []
        try writeParquet(schema: schema, rowCount: 0, into: &streamed) { _, _ in ParquetColumn(values: .int32([])) }
        #expect(streamed == whole)
    }

    /// The bound itself: every column is asked for one row group's rows at most, and a group's
    /// chunks reach the sink before any column of the next group is made. A writer that built
    /// whole columns, or kept every group's chunks until the footer, fails here.
    @Test func asksForOneRowGroupAtATimeAndFlushesEachBeforeTheNext() throws {
        let (schema, columns) = Fixtures.allTypes(useDictionary: true)
        let rowCount = columns[0].count
        var options = ParquetWriterOptions()
        options.rowGroupSize = 1_000
        let trace = Trace()
        var sink = TracingSink(trace: trace)
        try writeParquet(schema: schema, rowCount: rowCount, options: options, into: &sink) { index, rows in
            trace.add(.column(index, rows))
            return Self.slice(columns[index], rows)
        }
        let groups = ParquetFileWriter.rowGroupRanges(rowCount: rowCount, rowGroupSize: 1_000)
        #expect(groups == [0..<1_000, 1_000..<2_000, 2_000..<rowCount])
        // Split the trace into the runs of column requests between writes.
        var requestRuns: [[Trace.Event]] = [[]]
        for event in trace.events {
            if case .column = event {
                requestRuns[requestRuns.count - 1].append(event)
            } else if !(requestRuns.last?.isEmpty ?? true) {
                requestRuns.append([])
            }
        }
        requestRuns.removeAll { $0.isEmpty }
        #expect(requestRuns.count == groups.count, "one run of column requests per row group, each followed by writes")
        for (rows, run) in zip(groups, requestRuns) {
            let asked = run.compactMap { event -> (Int, Range<Int>)? in
                if case .column(let index, let range) = event { return (index, range) }
                return nil
            }
            #expect(asked.map(\.1).allSatisfy { $0 == rows }, "only the rows of one group")
            #expect(asked.map(\.0).sorted() == Array(schema.columns.indices), "each column once per group")
        }
        // Bytes of every group go out before the footer: no write holds more than one group.
        let writes = trace.events.compactMap { event -> Int? in
            if case .write(let count) = event { return count }
            return nil
        }
        // One write per page (its header with it), never a whole chunk copied into one buffer.
        #expect(writes.count >= 1 + groups.count * schema.columns.count + 1)
        #expect(writes.dropFirst().dropLast().allSatisfy { $0 <= ParquetFileWriter.defaultDataPageSize + 1024 })
        #expect(sink.bytes.count == writes.reduce(0, +))
    }

    /// Inside a large row group, columns are made and encoded one per core at a time and each
    /// batch's chunks reach the sink before the next batch is made: memory holds a batch's chunks,
    /// not the whole group's (issue 20). The bytes stay those of the whole-column writer.
    @Test func aLargeGroupIsEncodedAndFlushedABatchOfColumnsAtATime() throws {
        let rowCount = 10_000
        let schema = ParquetSchema(
            columns: (0..<7).map { ParquetColumnSpec(name: "c\($0)", physicalType: .int64, useDictionary: $0 % 2 == 0) }
        )
        let columns = (0..<7).map { c in ParquetColumn(values: .int64((0..<rowCount).map { Int64($0 * (c + 1) % 977) }))
        }
        var options = ParquetWriterOptions()
        options.rowGroupSize = 5_000  // both groups above the writer's threshold for threads
        let trace = Trace()
        var sink = TracingSink(trace: trace)
        try writeParquet(schema: schema, rowCount: rowCount, options: options, into: &sink) { index, rows in
            trace.add(.column(index, rows))
            return Self.slice(columns[index], rows)
        }
        #expect(sink.bytes == (try writeParquet(schema: schema, columns: columns, options: options)))
        let width = ParquetFileWriter.encodingWidth
        var runs: [[Int]] = [[]]
        for event in trace.events {
            if case .column(let index, _) = event {
                runs[runs.count - 1].append(index)
            } else if !(runs.last?.isEmpty ?? true) {
                runs.append([])
            }
        }
        runs.removeAll { $0.isEmpty }
        // Per group: ceil(7 / width) batches, in column order, each of at most `width` columns.
        let batches = (7 + width - 1) / width
        #expect(runs.count == 2 * batches)
        for (position, run) in runs.enumerated() {
            let start = (position % batches) * width
            #expect(run.sorted() == Array(start..<min(start + width, 7)), "batch \(position)")
        }
    }

    @Test func aColumnOfTheWrongLengthIsAnInvalidArgument() {
        let schema = ParquetSchema(columns: [ParquetColumnSpec(name: "a", physicalType: .int32)])
        var options = ParquetWriterOptions()
        options.rowGroupSize = 10
        var sink: [UInt8] = []
        #expect {
            try writeParquet(schema: schema, rowCount: 25, options: options, into: &sink) { _, _ in
                ParquetColumn(values: .int32(Array(repeating: 1, count: 10)))
            }
        } throws: { ($0 as? ParquetError)?.code == .invalidArgument }
    }

    struct FailingSink: ParquetByteSink {
        var writes = 0
        mutating func write(_ bytes: [UInt8]) throws(ParquetError) {
            writes += 1
            if writes == 3 { throw ParquetError(.invalidArgument, "disk full (test)") }
        }
    }

    @Test func aFailingSinkStopsTheWriter() {
        let (schema, columns) = Fixtures.allTypes(useDictionary: false)
        var sink = FailingSink()
        #expect {
            try writeParquet(schema: schema, rowCount: columns[0].count, into: &sink) { index, rows in
                Self.slice(columns[index], rows)
            }
        } throws: { ($0 as? ParquetError)?.message == "disk full (test)" }
        #expect(sink.writes == 3)
    }
}
