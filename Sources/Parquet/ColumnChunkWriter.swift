// Writes one column chunk: optional dictionary page, then data pages v1, each
// `PageHeader` + (definition levels, values), compressed per page.

/// Encodes the rows of one column in one row group.
enum ColumnChunkWriter {
    /// Cap on rows per data page, so that columns of tiny values (booleans, one-entry dictionaries,
    /// nulls) still make pages of bounded row count for readers.
    static let maximumRowsPerPage = 1 << 20
    /// Definition level of a present value in a flat OPTIONAL column (null is 0).
    static let presentLevel: UInt32 = 1
    static let definitionLevelBitWidth = 1

    /// Appends the chunk's pages to `out` and returns its metadata (offsets are positions in `out`).
    static func write(
        _ column: ParquetColumn, spec: ParquetColumnSpec, rows: Range<Int>, options: ParquetWriterOptions,
        dataPageSize: Int, into out: inout some ChunkOutput
    ) throws(ParquetError) -> ColumnMetaData {
        // REQUIRED columns have no definition levels; their validity (all true) is not needed.
        let validity = spec.isOptional ? column.validity?[rows] : nil
        let chunk = ChunkContext(spec: spec, options: options, dataPageSize: dataPageSize)
        switch column.values {
        case .boolean(let values): return try chunk.write(values[rows], validity: validity, into: &out)
        case .int32(let values): return try chunk.write(values[rows], validity: validity, into: &out)
        case .int64(let values): return try chunk.write(values[rows], validity: validity, into: &out)
        case .double(let values): return try chunk.write(values[rows], validity: validity, into: &out)
        case .string(let values): return try chunk.write(values[rows], validity: validity, into: &out)
        case .bytes(let values): return try chunk.write(values[rows], validity: validity, into: &out)
        case .hex32(let values): return try chunk.write(values[rows], validity: validity, into: &out)
        case .padded32(let values): return try chunk.write(values[rows], validity: validity, into: &out)
        }
    }
}

/// The settings one chunk is written with.
private struct ChunkContext {
    let spec: ParquetColumnSpec
    let options: ParquetWriterOptions
    let dataPageSize: Int

    var codec: CompressionCodec {
        switch options.compression {
        case .uncompressed: .uncompressed
        case .gzip: .gzip
        }
    }

    /// Running totals of the chunk's bytes, page headers included (parquet.thrift ColumnMetaData).
    struct Sizes {
        var uncompressed: Int64 = 0
        var compressed: Int64 = 0
    }

    func write<Value: ParquetValue>(
        _ values: ArraySlice<Value>, validity: ArraySlice<Bool>?, into out: inout some ChunkOutput
    ) throws(ParquetError) -> ColumnMetaData {
        let dictionary =
            spec.useDictionary && Value.supportsDictionary
            ? DictionaryEncoder.encode(values, validity: validity, byteLimit: options.dictionaryPageSizeLimit) : nil
        // Minimum and maximum of a dictionary-encoded chunk are those of its distinct values: the
        // same bytes for a fraction of the comparisons. Not for doubles, whose NaN count is per row.
        let statistics: Statistics
        if let dictionary, Value.physicalType != .double {
            var fromDictionary = ColumnStatistics.compute(dictionary.dictionary[...], validity: nil)
            fromDictionary.nullCount = Int64(values.count - dictionary.indices.count)
            statistics = fromDictionary
        } else {
            statistics = ColumnStatistics.compute(values, validity: validity)
        }
        var sizes = Sizes()
        var dictionaryPageOffset: Int64?
        if let dictionary {
            dictionaryPageOffset = Int64(out.count)
            var body: [UInt8] = []
            Value.appendPlain(dictionary.dictionary[...], validity: nil, to: &body)
            let header = DictionaryPageHeader(
                numValues: Int32(dictionary.dictionary.count), encoding: .plain, isSorted: nil)
            try appendPage(body, type: .dictionaryPage, dictionaryHeader: header, into: &out, sizes: &sizes)
        }
        let dataPageOffset = Int64(out.count)
        let bitsPerValue = dictionary.map { max($0.bitWidth, 1) } ?? Value.fixedPlainBits
        var indexCursor = 0
        // One body buffer for the chunk's data pages: a page is about a megabyte, and a fresh
        // array for each was a new mapping for the kernel to supply and take back (issue 20).
        var body: [UInt8] = []
        for range in pageRanges(values, validity: validity, bitsPerValue: bitsPerValue) {
            body.removeAll(keepingCapacity: true)
            let pageValidity = validity?[range]
            let pageNonNull = pageValidity.map { $0.reduce(0) { $1 ? $0 + 1 : $0 } } ?? range.count
            if spec.isOptional {
                var levels = [UInt32](repeating: ColumnChunkWriter.presentLevel, count: range.count)
                if let pageValidity {
                    for (offset, isValid) in pageValidity.enumerated() where !isValid { levels[offset] = 0 }
                }
                levels.withUnsafeBufferPointer {
                    RLEBitPackedHybridEncoder.encodeWithLengthPrefix(
                        $0, bitWidth: ColumnChunkWriter.definitionLevelBitWidth, into: &body)
                }
            }
            if let dictionary {
                let bitWidth = dictionary.bitWidth
                body.append(UInt8(bitWidth))
                dictionary.indices.withUnsafeBufferPointer { indices in
                    RLEBitPackedHybridEncoder.encode(
                        UnsafeBufferPointer(rebasing: indices[indexCursor..<indexCursor + pageNonNull]),
                        bitWidth: bitWidth,
                        into: &body)
                }
            } else {
                Value.appendPlain(values[range], validity: pageValidity, to: &body)
            }
            indexCursor += pageNonNull
            let header = DataPageHeader(
                numValues: Int32(range.count), encoding: dictionary == nil ? .plain : .rleDictionary,
                definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle)
            try appendPage(body, type: .dataPage, dataHeader: header, into: &out, sizes: &sizes)
        }
        return ColumnMetaData(
            type: Value.physicalType,
            encodings: dictionary == nil ? [.plain, .rle] : [.plain, .rle, .rleDictionary],
            pathInSchema: [spec.name], codec: codec, numValues: Int64(values.count),
            totalUncompressedSize: sizes.uncompressed, totalCompressedSize: sizes.compressed,
            dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryPageOffset, statistics: statistics)
    }

    /// Splits the rows into pages of about `dataPageSize` bytes of values (and at most
    /// `maximumRowsPerPage` rows); null rows cost nothing but their definition level.
    private func pageRanges<Value: ParquetValue>(
        _ values: ArraySlice<Value>, validity: ArraySlice<Bool>?, bitsPerValue: Int?
    ) -> [Range<Int>] {
        let pageBits = dataPageSize * 8
        var ranges: [Range<Int>] = []
        var start = values.startIndex
        var bits = 0
        for index in values.indices {
            if validity?[index] ?? true {
                bits += bitsPerValue ?? values[index].plainByteCount * 8
            }
            if bits >= pageBits || index + 1 - start >= ColumnChunkWriter.maximumRowsPerPage {
                ranges.append(start..<index + 1)
                start = index + 1
                bits = 0
            }
        }
        if start < values.endIndex { ranges.append(start..<values.endIndex) }
        return ranges
    }

    private func appendPage(
        _ body: [UInt8], type: PageType, dataHeader: DataPageHeader? = nil,
        dictionaryHeader: DictionaryPageHeader? = nil,
        into out: inout some ChunkOutput, sizes: inout Sizes
    ) throws(ParquetError) {
        let compressed = codec == .gzip ? try Compression.gzip(body) : body
        guard let uncompressedSize = Int32(exactly: body.count), let compressedSize = Int32(exactly: compressed.count)
        else {
            throw ParquetError(
                .invalidArgument,
                "column '\(spec.name)' makes a page of \(body.count) bytes, beyond Parquet's 2 GiB page limit")
        }
        let header = PageHeader(
            type: type, uncompressedPageSize: uncompressedSize, compressedPageSize: compressedSize, crc: nil,
            dataPageHeader: dataHeader, dictionaryPageHeader: dictionaryHeader
        ).serialized()
        out.appendPage(header: header, body: compressed)
        sizes.uncompressed += Int64(header.count + body.count)
        sizes.compressed += Int64(header.count + compressed.count)
    }
}

/// Where a chunk's pages go: one contiguous array (the whole-file writer), or a list of pages
/// (`ChunkPages`, the streaming writer).
protocol ChunkOutput {
    /// Bytes appended so far (a page's offset in the chunk is the count before it).
    var count: Int { get }
    mutating func appendPage(header: [UInt8], body: [UInt8])
}

extension [UInt8]: ChunkOutput {
    mutating func appendPage(header: [UInt8], body: [UInt8]) {
        append(contentsOf: header)
        append(contentsOf: body)
    }
}

/// A chunk's pages as they were made, each header with its page in one array: the chunk is never
/// copied into one growing buffer, whose doubling left up to half of it unused (issue 20: the
/// chunks of a 1,048,576-row group held ≈ 116 MB in normalize). The sink gets the pages in order.
struct ChunkPages: ChunkOutput {
    private(set) var pages: [[UInt8]] = []
    private(set) var count = 0
    mutating func appendPage(header: [UInt8], body: [UInt8]) {
        var page = header
        page.reserveCapacity(header.count + body.count)
        page.append(contentsOf: body)
        count += page.count
        pages.append(page)
    }
}
