// Opens a Parquet file held in memory: checks the magic numbers and footer length, parses the
// footer, and validates every column chunk's byte range before any page is touched.

/// A parsed, validated footer over the file's bytes; reads columns on demand.
struct ParquetFileParser: Sendable {
    /// Magic, footer length and magic: the smallest possible frame around a footer.
    static let minimumFileSize = 12

    let schema: ParquetSchema
    let rowCount: Int
    let metadata: FileMetaData
    /// The whole file (internal so tests can walk pages); empty when opened from the footer alone
    /// (`init(fileSize:footer:)`), whose columns are read chunk by chunk.
    let bytes: [UInt8]
    /// Byte ranges of the column chunks, `[rowGroup][column]`, all inside the data region.
    private let chunkRanges: [[Range<Int>]]

    /// - Throws: `.corruptFile` for anything that is not a well-formed file, `.unsupported` for valid
    ///   files using features this library does not read (nested schemas, other physical types, encryption).
    init(bytes: [UInt8]) throws(ParquetError) {
        let footer = try Self.footerRange(fileSize: bytes.count, head: bytes.prefix(4), tail: bytes.suffix(8))
        try self.init(footer: bytes, range: footer, fileOffset: 0, whole: bytes)
    }

    /// Opens a file from its footer alone (`footerRange`'s bytes, read apart): the columns are then
    /// read chunk by chunk (`readColumn(at:rowGroup:chunk:)`), so the file is never held whole.
    init(fileSize: Int, footer: [UInt8]) throws(ParquetError) {
        let end = fileSize - 8
        precondition(end - footer.count >= 4, "the footer is checked by footerRange first")
        try self.init(footer: footer, range: 0..<footer.count, fileOffset: end - footer.count, whole: [])
    }

    /// The byte range of the footer of a file of `fileSize` bytes, checked from the file's first 4
    /// bytes (`head`) and last 8 (`tail`: footer length and magic), in the order the whole-file
    /// reader checks them, with the same messages.
    static func footerRange(fileSize: Int, head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>) throws(ParquetError)
        -> Range<Int>
    {
        let magic = ParquetFileWriter.magic
        guard fileSize >= Self.minimumFileSize else {
            throw ParquetError(
                .corruptFile,
                "file of \(fileSize) bytes is too short to be Parquet (at least \(Self.minimumFileSize))")
        }
        precondition(head.count == 4 && tail.count == 8, "footerRange needs the first 4 and the last 8 bytes")
        guard head.elementsEqual(magic) else {
            throw ParquetError(.corruptFile, "file does not start with the Parquet magic 'PAR1'")
        }
        guard tail.suffix(4).elementsEqual(magic) else {
            if tail.suffix(4).elementsEqual(Array("PARE".utf8)) {
                throw ParquetError(.unsupported, "file has an encrypted footer ('PARE'), which is not supported")
            }
            throw ParquetError(.corruptFile, "file does not end with the Parquet magic 'PAR1' (truncated?)")
        }
        var footerLength = 0
        for (byteIndex, byte) in tail.prefix(4).enumerated() { footerLength |= Int(byte) << (8 * byteIndex) }
        guard footerLength <= fileSize - Self.minimumFileSize else {
            throw ParquetError(.corruptFile, "footer length \(footerLength) exceeds the \(fileSize)-byte file")
        }
        let lengthOffset = fileSize - 8
        return (lengthOffset - footerLength)..<lengthOffset
    }

    /// Parses the footer at `range` of `footer` (which starts at `fileOffset` of the file) and
    /// validates every chunk's byte range against the data region (before the footer).
    private init(footer bytes: [UInt8], range footerRange: Range<Int>, fileOffset: Int, whole: [UInt8])
        throws(ParquetError)
    {
        let footerStart = fileOffset + footerRange.lowerBound
        var reader = CompactProtocolReader(bytes: bytes, range: footerRange, context: "footer", fileOffset: fileOffset)
        let metadata = try FileMetaData(from: &reader)

        let schema = try Self.flatSchema(metadata.schema)
        guard let rowCount = Int(exactly: metadata.numRows), rowCount >= 0 else {
            throw ParquetError(.corruptFile, "footer claims \(metadata.numRows) rows")
        }
        var rowsInGroups = 0
        var chunkRanges: [[Range<Int>]] = []
        chunkRanges.reserveCapacity(metadata.rowGroups.count)
        for (groupIndex, rowGroup) in metadata.rowGroups.enumerated() {
            guard rowGroup.numRows >= 0, rowGroup.numRows <= Int64(rowCount - rowsInGroups) else {
                throw ParquetError(
                    .corruptFile,
                    "row group \(groupIndex) claims \(rowGroup.numRows) rows, more than the file's \(rowCount) leave")
            }
            rowsInGroups += Int(rowGroup.numRows)
            guard rowGroup.columns.count == schema.columns.count else {
                throw ParquetError(
                    .corruptFile,
                    "row group \(groupIndex) has \(rowGroup.columns.count) column chunks "
                        + "for \(schema.columns.count) columns"
                )
            }
            var ranges: [Range<Int>] = []
            for (columnIndex, chunk) in rowGroup.columns.enumerated() {
                let name = schema.columns[columnIndex].name
                ranges.append(
                    try Self.chunkRange(
                        chunk, leaf: metadata.schema[columnIndex + 1], rowGroup: rowGroup, dataEnd: footerStart,
                        where: "column '\(name)' in row group \(groupIndex)"))
            }
            chunkRanges.append(ranges)
        }
        guard rowsInGroups == rowCount else {
            throw ParquetError(.corruptFile, "row groups hold \(rowsInGroups) rows but the footer claims \(rowCount)")
        }
        self.bytes = whole
        self.metadata = metadata
        self.schema = schema
        self.rowCount = rowCount
        self.chunkRanges = chunkRanges
    }

    /// Reads every row group of one column into dense values; validity is nil when no row is null.
    func readColumn(at index: Int, form: ParquetStringForm = .strings) throws(ParquetError) -> ParquetColumn {
        try readColumn(at: index, rowGroups: metadata.rowGroups.indices, form: form)
    }

    /// Reads the row groups `rowGroups` of one column into dense values, in order.
    func readColumn(at index: Int, rowGroups: Range<Int>, form: ParquetStringForm = .strings) throws(ParquetError)
        -> ParquetColumn
    {
        precondition(schema.columns.indices.contains(index), "column index out of range")
        precondition(
            rowGroups.lowerBound >= 0 && rowGroups.upperBound <= metadata.rowGroups.count, "row group out of range")
        precondition(!bytes.isEmpty, "a file opened from its footer is read chunk by chunk")
        return try readColumn(at: index, rowGroups: rowGroups, form: form) { group in
            (bytes, chunkRanges[group][index], 0)
        }
    }

    /// The byte range in the file of the chunk of column `index` in row group `rowGroup`.
    func chunkRange(column index: Int, rowGroup: Int) -> Range<Int> { chunkRanges[rowGroup][index] }

    /// Reads one row group of one column from `chunk`, the bytes of `chunkRange(column:rowGroup:)`
    /// read apart: the same values (and errors) as reading them from the whole file.
    func readColumn(at index: Int, rowGroup: Int, chunk: [UInt8], form: ParquetStringForm = .strings)
        throws(ParquetError) -> ParquetColumn
    {
        precondition(schema.columns.indices.contains(index), "column index out of range")
        precondition(metadata.rowGroups.indices.contains(rowGroup), "row group out of range")
        let range = chunkRanges[rowGroup][index]
        guard chunk.count == range.count else {
            throw ParquetError(
                .corruptFile,
                "column '\(schema.columns[index].name)' in row group \(rowGroup) claims bytes "
                    + "\(range.lowerBound)..+\(range.count), but the file holds \(chunk.count) of them (truncated?)")
        }
        return try readColumn(at: index, rowGroups: rowGroup..<(rowGroup + 1), form: form) { _ in
            (chunk, 0..<chunk.count, range.lowerBound)
        }
    }

    /// One row group of a STRING column as its dictionary and indices (`DictionaryColumnReader`),
    /// from `chunk` (the bytes of `chunkRange(column:rowGroup:)`) or, when nil, from the whole
    /// file; nil whenever the values reader should read it instead.
    func readDictionaryColumn(at index: Int, rowGroup: Int, chunk: [UInt8]?) -> ParquetDictionaryColumn? {
        precondition(schema.columns.indices.contains(index), "column index out of range")
        precondition(metadata.rowGroups.indices.contains(rowGroup), "row group out of range")
        let spec = schema.columns[index]
        let group = metadata.rowGroups[rowGroup]
        guard spec.physicalType == .byteArray, spec.logicalType == .string,
            let metaData = group.columns[index].metaData
        else { return nil }
        let range = chunkRanges[rowGroup][index]
        let source: (bytes: [UInt8], range: Range<Int>)
        if let chunk {
            guard chunk.count == range.count else { return nil }
            source = (chunk, 0..<chunk.count)
        } else {
            guard !bytes.isEmpty else { return nil }
            source = (bytes, range)
        }
        guard
            let column = DictionaryColumnReader.read(
                source.bytes, range: source.range, chunk: metaData, isOptional: spec.isOptional),
            column.indices.count == Int(group.numRows)
        else { return nil }
        return column
    }

    /// The bytes of a row group's chunk: a buffer, the chunk's range in it, where the buffer starts in the file.
    private typealias ChunkBytes = (Int) -> (bytes: [UInt8], range: Range<Int>, fileOffset: Int)

    private func readColumn(
        at index: Int, rowGroups: Range<Int>, form: ParquetStringForm, _ chunkBytes: ChunkBytes
    ) throws(ParquetError) -> ParquetColumn {
        let spec = schema.columns[index]
        switch spec.physicalType {
        case .boolean:
            let (values, validity) = try read(Bool.self, column: index, rowGroups: rowGroups, chunkBytes)
            return ParquetColumn(values: .boolean(values), validity: validity)
        case .int32:
            let (values, validity) = try read(Int32.self, column: index, rowGroups: rowGroups, chunkBytes)
            return ParquetColumn(values: .int32(values), validity: validity)
        case .int64:
            let (values, validity) = try read(Int64.self, column: index, rowGroups: rowGroups, chunkBytes)
            return ParquetColumn(values: .int64(values), validity: validity)
        case .double:
            let (values, validity) = try read(Double.self, column: index, rowGroups: rowGroups, chunkBytes)
            return ParquetColumn(values: .double(values), validity: validity)
        case .byteArray where spec.logicalType == .string && form == .hex32:
            let (values, validity) = try read(HexString32.self, column: index, rowGroups: rowGroups, chunkBytes)
            return ParquetColumn(values: .hex32(values), validity: validity)
        case .byteArray where spec.logicalType == .string && form == .padded32:
            let (values, validity) = try read(PaddedString32.self, column: index, rowGroups: rowGroups, chunkBytes)
            return ParquetColumn(values: .padded32(values), validity: validity)
        case .byteArray where spec.logicalType == .string:
            let (values, validity) = try read(String.self, column: index, rowGroups: rowGroups, chunkBytes)
            return ParquetColumn(values: .string(values), validity: validity)
        case .byteArray:
            let (values, validity) = try read([UInt8].self, column: index, rowGroups: rowGroups, chunkBytes)
            return ParquetColumn(values: .bytes(values), validity: validity)
        }
    }

    private func read<Value: ParquetValue>(
        _: Value.Type, column index: Int, rowGroups: Range<Int>, _ chunkBytes: ChunkBytes
    ) throws(ParquetError) -> ([Value], [Bool]?) {
        let spec = schema.columns[index]
        var values: [Value] = []
        // Reserve from what the bytes can back, not from the claimed row count alone.
        let rows = rowGroups.reduce(0) { $0 + Int(metadata.rowGroups[$1].numRows) }
        let backed = bytes.isEmpty ? rowGroups.reduce(0) { $0 + chunkRanges[$1][index].count } : bytes.count
        values.reserveCapacity(min(rows, backed * 8))
        var validity: [Bool]?
        for groupIndex in rowGroups {
            let rowGroup = metadata.rowGroups[groupIndex]
            guard let chunk = rowGroup.columns[index].metaData else {
                preconditionFailure("chunk metadata presence is checked on opening")
            }
            let before = values.count
            let source = chunkBytes(groupIndex)
            try ColumnChunkReader.read(
                source.bytes, range: source.range, fileOffset: source.fileOffset, chunk: chunk,
                isOptional: spec.isOptional, where: "column '\(spec.name)' in row group \(groupIndex)",
                values: &values, validity: &validity)
            guard values.count - before == Int(rowGroup.numRows) else {
                throw ParquetError(
                    .corruptFile,
                    "column '\(spec.name)' in row group \(groupIndex) holds \(values.count - before) values "
                        + "for \(rowGroup.numRows) rows"
                )
            }
        }
        return (values, validity)
    }

    /// Maps the footer's schema onto a flat `ParquetSchema`.
    static func flatSchema(_ elements: [SchemaElement]) throws(ParquetError) -> ParquetSchema {
        guard let root = elements.first, let childCount = root.numChildren, root.type == nil else {
            throw ParquetError(.corruptFile, "footer schema lacks a root group")
        }
        let leaves = elements.dropFirst()
        guard childCount >= 0, Int(childCount) <= leaves.count else {
            throw ParquetError(
                .corruptFile, "schema root claims \(childCount) children but \(leaves.count) elements follow")
        }
        guard Int(childCount) == leaves.count, leaves.allSatisfy({ ($0.numChildren ?? 0) == 0 && $0.type != nil })
        else {
            throw ParquetError(
                .unsupported, "nested schemas (groups, lists, maps) are not supported, only flat columns")
        }
        var columns: [ParquetColumnSpec] = []
        for leaf in leaves {
            let physicalType: ParquetPhysicalType
            switch leaf.type {
            case .boolean?: physicalType = .boolean
            case .int32?: physicalType = .int32
            case .int64?: physicalType = .int64
            case .double?: physicalType = .double
            case .byteArray?: physicalType = .byteArray
            default:
                throw ParquetError(
                    .unsupported,
                    "column '\(leaf.name)' has physical type \(leaf.type?.rawValue ?? -1), which is not supported")
            }
            let isOptional: Bool
            switch leaf.repetitionType {
            case .required?: isOptional = false
            case .optional?: isOptional = true
            case .repeated?:
                throw ParquetError(.unsupported, "column '\(leaf.name)' is REPEATED, which is not supported")
            default: throw ParquetError(.corruptFile, "column '\(leaf.name)' has no valid repetition type")
            }
            let logicalType: ParquetLogicalType
            switch (physicalType, leaf.logicalType, leaf.convertedType) {
            case (.byteArray, .string?, _), (.byteArray, nil, .utf8?): logicalType = .string
            case (.int32, .date?, _), (.int32, nil, .date?): logicalType = .date
            default: logicalType = .none  // other annotations: the physical values are still read
            }
            columns.append(
                ParquetColumnSpec(
                    name: leaf.name, physicalType: physicalType, logicalType: logicalType, isOptional: isOptional))
        }
        return ParquetSchema(columns: columns)
    }

    /// Validates one chunk's metadata and returns its byte range inside `4..<dataEnd`.
    private static func chunkRange(
        _ chunk: ColumnChunk, leaf: SchemaElement, rowGroup: RowGroup, dataEnd: Int, where location: String
    ) throws(ParquetError) -> Range<Int> {
        guard chunk.filePath == nil else {
            throw ParquetError(
                .unsupported, "\(location) lives in another file (\(chunk.filePath ?? "")), which is not supported")
        }
        guard let metaData = chunk.metaData else {
            throw ParquetError(.unsupported, "\(location) has no metadata (encrypted columns are not supported)")
        }
        guard metaData.type == leaf.type else {
            throw ParquetError(
                .corruptFile,
                "\(location) has physical type \(metaData.type.rawValue) "
                    + "but the schema says \(leaf.type?.rawValue ?? -1)"
            )
        }
        guard metaData.numValues == rowGroup.numRows else {
            throw ParquetError(
                .corruptFile, "\(location) claims \(metaData.numValues) values for \(rowGroup.numRows) rows")
        }
        let dataStart = ParquetFileWriter.magic.count
        var start = metaData.dataPageOffset
        if let dictionaryOffset = metaData.dictionaryPageOffset, dictionaryOffset >= Int64(dataStart),
            dictionaryOffset < start
        {
            start = dictionaryOffset
        }
        guard start >= Int64(dataStart), start <= Int64(dataEnd), metaData.totalCompressedSize >= 0,
            metaData.totalCompressedSize <= Int64(dataEnd) - start
        else {
            throw ParquetError(
                .corruptFile,
                "\(location) claims bytes \(start)..+\(metaData.totalCompressedSize), "
                    + "outside the data region 4..<\(dataEnd)"
            )
        }
        return Int(start)..<Int(start + metaData.totalCompressedSize)
    }
}
