// Decodes the bodies of dictionary pages and data pages v1 (Encodings.md; parquet.thrift
// DataPageHeader): length-prefixed RLE definition levels, then PLAIN or dictionary-index values.
//
// Invariants of the pointer code in this file:
// - Raw page pointers come from `withUnsafeBytes` on the page body and are used only inside it;
//   every sub-range is formed after checking it lies inside the body.
// - Temporary batches live in `withUnsafeTemporaryAllocation` buffers of `batchSize` values and are
//   read only in their first `produced` entries.
// - Memory grows with values actually decoded (in batches), never with a count claimed up front.

/// Turns decompressed page bodies into dense values.
enum PageDecoder {
    /// Values decoded per batch of definition levels or dictionary indices.
    static let batchSize = 4096

    /// Decodes a PLAIN dictionary page of `count` entries.
    static func decodeDictionaryPage<Value: ParquetValue>(
        _ body: UnsafeRawBufferPointer, count: Int, where location: String
    ) throws(ParquetError) -> [Value] {
        var dictionary: [Value] = []
        _ = try Value.decodePlain(body, count: count, into: &dictionary)
        return dictionary
    }

    /// Decodes one data page v1 and appends its rows to `values` (placeholders at nulls) and, once
    /// any null has been seen in the column, to `validity`.
    ///
    /// A page without nulls (every page of a REQUIRED column, most of an OPTIONAL one) is decoded
    /// straight into `values`: a page-sized temporary, copied over and freed, was a fresh mapping
    /// of a megabyte or more per page for the kernel to zero (issue 20: page faults were a fifth
    /// of compute). Decoding stops at the first error either way, and the caller then drops
    /// `values`, so appending in place changes no outcome.
    static func decodeDataPage<Value: ParquetValue>(
        _ raw: UnsafeRawBufferPointer, header: DataPageHeader, isOptional: Bool, dictionary: [Value]?,
        where location: String, values: inout [Value], validity: inout [Bool]?
    ) throws(ParquetError) {
        let count = Int(header.numValues)
        var present: [Bool] = []
        var nonNull = count
        var offset = 0
        if isOptional {
            guard header.definitionLevelEncoding == .rle else {
                throw ParquetError(
                    .unsupported,
                    "data page of \(location) has definition levels in encoding "
                        + "\(header.definitionLevelEncoding.rawValue); only RLE is supported"
                )
            }
            guard raw.count >= 4 else {
                throw ParquetError(.corruptFile, "data page of \(location) ends before its definition levels")
            }
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            guard length <= raw.count - 4 else {
                throw ParquetError(
                    .corruptFile, "definition levels of \(length) bytes run past the data page of \(location)")
            }
            present = try decodeDefinitionLevels(
                UnsafeRawBufferPointer(rebasing: raw[4..<4 + length]), count: count, where: location)
            nonNull = present.reduce(0) { $1 ? $0 + 1 : $0 }
            offset = 4 + length
        }
        let valueBytes = UnsafeRawBufferPointer(rebasing: raw[offset...])
        if nonNull == count {
            try decodeValues(
                valueBytes, encoding: header.encoding, count: count, dictionary: dictionary, where: location,
                into: &values)
            validity?.append(contentsOf: repeatElement(true, count: count))
            return
        }
        var decoded: [Value] = []
        try decodeValues(
            valueBytes, encoding: header.encoding, count: nonNull, dictionary: dictionary, where: location,
            into: &decoded)
        if validity == nil { validity = [Bool](repeating: true, count: values.count) }
        validity?.append(contentsOf: present)
        PlainDecoder.reserveRoom(&values, for: count)
        var next = 0
        for isPresent in present {
            if isPresent {
                values.append(decoded[next])
                next += 1
            } else {
                values.append(Value.placeholder)
            }
        }
    }

    /// Appends `count` values in `encoding` (PLAIN or dictionary indices) to `out`.
    private static func decodeValues<Value: ParquetValue>(
        _ valueBytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int, dictionary: [Value]?,
        where location: String, into out: inout [Value]
    ) throws(ParquetError) {
        switch encoding {
        case .plain:
            _ = try Value.decodePlain(valueBytes, count: count, into: &out)
        case .rleDictionary, .plainDictionary:
            guard let dictionary else {
                throw ParquetError(
                    .corruptFile, "data page of \(location) is dictionary-encoded but no dictionary page came first"
                )
            }
            try decodeDictionaryIndices(valueBytes, count: count, dictionary: dictionary, where: location, into: &out)
        default:
            throw ParquetError(
                .unsupported,
                "data page of \(location) uses encoding \(encoding.rawValue); only PLAIN and dictionary "
                    + "are supported"
            )
        }
    }

    /// Definition levels of a flat OPTIONAL column: 1 is a value, 0 a null.
    static func decodeDefinitionLevels(
        _ input: UnsafeRawBufferPointer, count: Int, where location: String
    ) throws(ParquetError) -> [Bool] {
        var decoder = try RLEBitPackedHybridDecoder(
            input, bitWidth: ColumnChunkWriter.definitionLevelBitWidth, count: count)
        var present: [Bool] = []
        try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: batchSize) { (batch) throws(ParquetError) in
            while decoder.remaining > 0 {
                let produced = try decoder.decode(into: batch)
                for index in 0..<produced {
                    let level = batch[index]
                    guard level <= ColumnChunkWriter.presentLevel else {
                        throw ParquetError(
                            .corruptFile, "definition level \(level) in \(location) exceeds the maximum 1")
                    }
                    present.append(level == ColumnChunkWriter.presentLevel)
                }
            }
        }
        return present
    }

    private static func decodeDictionaryIndices<Value: ParquetValue>(
        _ input: UnsafeRawBufferPointer, count: Int, dictionary: [Value], where location: String,
        into out: inout [Value]
    ) throws(ParquetError) {
        guard count > 0 else { return }
        guard input.count >= 1 else {
            throw ParquetError(.corruptFile, "dictionary-encoded page of \(location) lacks its bit width")
        }
        var decoder = try RLEBitPackedHybridDecoder(
            UnsafeRawBufferPointer(rebasing: input[1...]), bitWidth: Int(input[0]), count: count)
        try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: batchSize) { (batch) throws(ParquetError) in
            while decoder.remaining > 0 {
                let produced = try decoder.decode(into: batch)
                for index in 0..<produced {
                    let entry = Int(batch[index])
                    guard entry < dictionary.count else {
                        throw ParquetError(
                            .corruptFile,
                            "dictionary index \(entry) in \(location) is beyond the \(dictionary.count)-entry "
                                + "dictionary"
                        )
                    }
                    out.append(dictionary[entry])
                }
            }
        }
    }
}
