// Reads the pages of one column chunk: page headers, decompression, dictionary, data pages v1.

/// Decodes one column chunk into dense values appended to the column being assembled.
enum ColumnChunkReader {
    /// `fileOffset`: where `bytes[0]` sits in the file (a chunk read apart), for error messages.
    static func read<Value: ParquetValue>(
        _ bytes: [UInt8], range: Range<Int>, fileOffset: Int = 0, chunk: ColumnMetaData, isOptional: Bool,
        where location: String, values: inout [Value], validity: inout [Bool]?
    ) throws(ParquetError) {
        var position = range.lowerBound
        var dictionary: [Value]?
        var valuesRead: Int64 = 0
        while valuesRead < chunk.numValues {
            guard position < range.upperBound else {
                throw ParquetError(
                    .corruptFile, "\(location) ends after \(valuesRead) of its \(chunk.numValues) values")
            }
            var headerReader = CompactProtocolReader(
                bytes: bytes, range: position..<range.upperBound, context: "page header of \(location)",
                fileOffset: fileOffset)
            let header = try PageHeader(from: &headerReader)
            position = headerReader.position
            let compressedSize = Int(header.compressedPageSize)
            guard compressedSize <= range.upperBound - position else {
                throw ParquetError(
                    .corruptFile,
                    "page of \(compressedSize) bytes at offset \(fileOffset + position) "
                        + "runs past the end of \(location)")
            }
            let pageBytes = bytes[position..<position + compressedSize]
            position += compressedSize
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
                let body = try decompress(pageBytes, header: header, codec: chunk.codec, where: location)
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
                let body = try decompress(pageBytes, header: header, codec: chunk.codec, where: location)
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

    private static func decompress(
        _ page: ArraySlice<UInt8>, header: PageHeader, codec: CompressionCodec, where location: String
    ) throws(ParquetError) -> [UInt8] {
        switch codec {
        case .uncompressed:
            guard header.uncompressedPageSize == header.compressedPageSize else {
                throw ParquetError(
                    .corruptFile,
                    "uncompressed page of \(location) has different compressed and uncompressed sizes")
            }
            return Array(page)
        case .gzip:
            return try Compression.gunzip(page, uncompressedSize: Int(header.uncompressedPageSize))
        default:
            throw ParquetError(
                .unsupported, "\(location) is compressed with \(codec.name); only GZIP and UNCOMPRESSED are supported")
        }
    }
}
