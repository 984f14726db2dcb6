// Reads the pages of one column chunk: page headers, decompression, dictionary, data pages v1.

/// Decodes one column chunk into dense values appended to the column being assembled.
enum ColumnChunkReader {
    /// `fileOffset`: where `bytes[0]` sits in the file (a chunk read apart), for error messages.
    static func read<Value: ParquetValue>(
        _ bytes: [UInt8], range: Range<Int>, fileOffset: Int = 0, chunk: ColumnMetaData, isOptional: Bool,
        where location: String, values: inout [Value], validity: inout [Bool]?
    ) throws(ParquetError) {
        var pages = ChunkPageCursor(bytes: bytes, range: range, fileOffset: fileOffset, where: location)
        var dictionary: [Value]?
        var valuesRead: Int64 = 0
        // One buffer for the decompressed pages of the chunk: a page is about a megabyte, above the
        // size at which each allocation is a fresh mapping for the kernel to zero (issue 20).
        let scratch = PageScratch()
        while valuesRead < chunk.numValues {
            let (header, pageBytes) = try pages.next(valuesRead: valuesRead, of: chunk.numValues)
            switch header.type {
            case .dictionaryPage:
                guard dictionary == nil, valuesRead == 0 else {
                    throw ParquetError(.corruptFile, "\(location) has a dictionary page after its first page")
                }
                guard let dictionaryHeader = header.dictionaryPageHeader else {
                    throw ParquetError(.corruptFile, "dictionary page of \(location) lacks its dictionary page header")
                }
                guard dictionaryHeader.encoding == .plain || dictionaryHeader.encoding == .plainDictionary else {
                    throw ParquetError(
                        .unsupported,
                        "dictionary page of \(location) uses encoding \(dictionaryHeader.encoding.rawValue)")
                }
                let body = try decompress(
                    pageBytes, header: header, codec: chunk.codec, where: location, scratch: scratch)
                dictionary = try PageDecoder.decodeDictionaryPage(
                    body, count: Int(dictionaryHeader.numValues), where: location)
            case .dataPage:
                guard let dataHeader = header.dataPageHeader else {
                    throw ParquetError(.corruptFile, "data page of \(location) lacks its data page header")
                }
                guard Int64(dataHeader.numValues) <= chunk.numValues - valuesRead else {
                    throw ParquetError(
                        .corruptFile,
                        "data page of \(location) holds \(dataHeader.numValues) values, more than the chunk's "
                            + "\(chunk.numValues - valuesRead) left"
                    )
                }
                let body = try decompress(
                    pageBytes, header: header, codec: chunk.codec, where: location, scratch: scratch)
                try PageDecoder.decodeDataPage(
                    body, header: dataHeader, isOptional: isOptional, dictionary: dictionary, where: location,
                    values: &values, validity: &validity)
                valuesRead += Int64(dataHeader.numValues)
            case .dataPageV2:
                throw ParquetError(.unsupported, "\(location) uses data page v2, which is not supported")
            default:
                continue  // index pages and future page types carry no values
            }
        }
    }

    /// The page's decompressed bytes, in `scratch`: valid until the next page is decompressed into
    /// it (an UNCOMPRESSED page is copied there too, so that no pointer into `page` outlives it).
    static func decompress(
        _ page: ArraySlice<UInt8>, header: PageHeader, codec: CompressionCodec, where location: String,
        scratch: PageScratch
    ) throws(ParquetError) -> UnsafeRawBufferPointer {
        switch codec {
        case .uncompressed:
            guard header.uncompressedPageSize == header.compressedPageSize else {
                throw ParquetError(
                    .corruptFile,
                    "uncompressed page of \(location) has different compressed and uncompressed sizes")
            }
            return scratch.copy(page)
        case .gzip:
            return try Compression.gunzip(page, uncompressedSize: Int(header.uncompressedPageSize), into: scratch)
        default:
            throw ParquetError(
                .unsupported, "\(location) is compressed with \(codec.name); only GZIP and UNCOMPRESSED are supported")
        }
    }
}

/// The pages of one column chunk, in order: each page's header and its compressed bytes, with the
/// errors of a chunk that ends early or a page that runs past it. Both chunk readers walk a chunk
/// with it (`ColumnChunkReader`, `DictionaryColumnReader`).
struct ChunkPageCursor {
    private let bytes: [UInt8]
    private let end: Int
    private let fileOffset: Int
    private let location: String
    private var position: Int

    /// `fileOffset`: where `bytes[0]` sits in the file, for error messages.
    init(bytes: [UInt8], range: Range<Int>, fileOffset: Int, where location: String) {
        self.bytes = bytes
        end = range.upperBound
        self.fileOffset = fileOffset
        self.location = location
        position = range.lowerBound
    }

    /// The next page, when `valuesRead` of the chunk's `numValues` values have been read.
    mutating func next(valuesRead: Int64, of numValues: Int64) throws(ParquetError)
        -> (header: PageHeader, page: ArraySlice<UInt8>)
    {
        guard position < end else {
            throw ParquetError(.corruptFile, "\(location) ends after \(valuesRead) of its \(numValues) values")
        }
        var headerReader = CompactProtocolReader(
            bytes: bytes, range: position..<end, context: "page header of \(location)", fileOffset: fileOffset)
        let header = try PageHeader(from: &headerReader)
        position = headerReader.position
        let compressedSize = Int(header.compressedPageSize)
        guard compressedSize <= end - position else {
            throw ParquetError(
                .corruptFile,
                "page of \(compressedSize) bytes at offset \(fileOffset + position) runs past the end of \(location)")
        }
        defer { position += compressedSize }
        return (header, bytes[position..<position + compressedSize])
    }
}

/// The buffer a column chunk's pages are decompressed into, one after another: allocated once,
/// grown when a larger page comes, freed with the chunk's read.
final class PageScratch {
    private var buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    /// At least `count` bytes, whose contents are undefined; valid until the next call.
    func room(for count: Int) -> UnsafeMutableRawBufferPointer {
        if buffer.count < count {
            buffer.deallocate()
            buffer = .allocate(byteCount: count, alignment: 16)
        }
        return buffer
    }

    /// `page` copied in: valid until the next call.
    func copy(_ page: ArraySlice<UInt8>) -> UnsafeRawBufferPointer {
        page.withUnsafeBytes { bytes in
            let room = room(for: bytes.count)
            if bytes.count > 0 { room.copyMemory(from: bytes) }
            return UnsafeRawBufferPointer(rebasing: room[..<bytes.count])
        }
    }

    deinit { buffer.deallocate() }
}
