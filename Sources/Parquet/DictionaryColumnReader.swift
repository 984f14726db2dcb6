// Reads a dictionary-encoded STRING column chunk as its dictionary and one index per row, without
// making a `String` per row: a reader that maps each distinct text once (the store's codes) then
// maps every row by its index (issue 20: decoding the code columns text by text was a seventh of
// compute). Only the common case is taken: every data page dictionary-encoded, no null. Anything
// else, a damaged chunk included, gives nil, and the caller reads the values instead, so every
// error is the values reader's, worded as before.
//
// Invariants of the pointer code in this file: as in ColumnChunkReader.swift; decompressed pages
// live in the chunk's `PageScratch` until the next page is decompressed.

/// A STRING column chunk (or several, one after another) as a dictionary and each row's index.
public struct ParquetDictionaryColumn: Sendable {
    /// The distinct texts, in the chunk's dictionary order.
    public let dictionary: [String]
    /// One index into `dictionary` per row, in row order.
    public let indices: [UInt32]
}

enum DictionaryColumnReader {
    /// The chunk's dictionary and indices, or nil when a data page is not dictionary-encoded, a
    /// row is null, or anything about the chunk is not as the values reader would accept.
    static func read(
        _ bytes: [UInt8], range: Range<Int>, chunk: ColumnMetaData, isOptional: Bool
    ) -> ParquetDictionaryColumn? {
        try? readThrowing(bytes, range: range, chunk: chunk, isOptional: isOptional)
    }

    private static func readThrowing(
        _ bytes: [UInt8], range: Range<Int>, chunk: ColumnMetaData, isOptional: Bool
    ) throws(ParquetError) -> ParquetDictionaryColumn? {
        let location = "dictionary column"
        var pages = ChunkPageCursor(bytes: bytes, range: range, fileOffset: 0, where: location)
        var dictionary: [String]?
        var indices: [UInt32] = []
        var valuesRead: Int64 = 0
        let scratch = PageScratch()
        while valuesRead < chunk.numValues {
            let (header, pageBytes) = try pages.next(valuesRead: valuesRead, of: chunk.numValues)
            // The values reader's checks and decompression: any error here becomes nil (`read`).
            func body() throws(ParquetError) -> UnsafeRawBufferPointer {
                try ColumnChunkReader.decompress(
                    pageBytes, header: header, codec: chunk.codec, where: location, scratch: scratch)
            }
            switch header.type {
            case .dictionaryPage:
                guard dictionary == nil, valuesRead == 0, let dictionaryHeader = header.dictionaryPageHeader,
                    dictionaryHeader.encoding == .plain || dictionaryHeader.encoding == .plainDictionary
                else { return nil }
                let entries: [String] = try PageDecoder.decodeDictionaryPage(
                    try body(), count: Int(dictionaryHeader.numValues), where: location)
                dictionary = entries
            case .dataPage:
                guard let dataHeader = header.dataPageHeader, let dictionary,
                    dataHeader.encoding == .rleDictionary || dataHeader.encoding == .plainDictionary,
                    Int64(dataHeader.numValues) <= chunk.numValues - valuesRead
                else { return nil }
                let raw = try body()
                let count = Int(dataHeader.numValues)
                var offset = 0
                if isOptional {
                    guard dataHeader.definitionLevelEncoding == .rle, raw.count >= 4 else { return nil }
                    let length = Int(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
                    guard length <= raw.count - 4 else { return nil }
                    let present = try PageDecoder.decodeDefinitionLevels(
                        UnsafeRawBufferPointer(rebasing: raw[4..<4 + length]), count: count, where: location)
                    guard !present.contains(false) else { return nil }
                    offset = 4 + length
                }
                guard count > 0 else { continue }
                guard raw.count > offset else { return nil }
                var decoder = try RLEBitPackedHybridDecoder(
                    UnsafeRawBufferPointer(rebasing: raw[(offset + 1)...]), bitWidth: Int(raw[offset]), count: count)
                let limit = UInt32(dictionary.count)
                var valid = true
                try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: PageDecoder.batchSize) {
                    (batch) throws(ParquetError) in
                    while decoder.remaining > 0 {
                        let produced = try decoder.decode(into: batch)
                        for index in 0..<produced {
                            valid = valid && batch[index] < limit
                            indices.append(batch[index])
                        }
                    }
                }
                guard valid else { return nil }
                valuesRead += Int64(count)
            default:
                return nil
            }
        }
        return ParquetDictionaryColumn(dictionary: dictionary ?? [], indices: indices)
    }
}
