import Testing

@testable import Parquet

/// Hostile input: every damaged file must throw a `ParquetError`, never trap or allocate wildly.
@Suite struct CorruptFileTests {
    /// Opens the file and reads every column; returns the error, or nil when the damage went unnoticed
    /// (possible for flips inside values, which carry no checksum).
    func readEverything(_ bytes: [UInt8]) -> ParquetError? {
        do {
            let reader = try ParquetFileReader(bytes: bytes)
            for spec in reader.schema.columns { _ = try reader.column(named: spec.name) }
            return nil
        } catch {
            return error
        }
    }

    static func sampleFile(_ compression: ParquetCompression) throws -> [UInt8] {
        let (schema, columns) = Fixtures.allTypes(useDictionary: true)
        var options = ParquetWriterOptions()
        options.compression = compression
        options.rowGroupSize = 1_200
        return try ParquetFileWriter.write(schema: schema, columns: columns, options: options, dataPageSize: 2_048)
    }

    @Test(arguments: [ParquetCompression.uncompressed, .gzip])
    func truncationAnywhereThrowsCorruptFile(compression: ParquetCompression) throws {
        let file = try Self.sampleFile(compression)
        #expect(readEverything(file) == nil)
        var cuts = Array(stride(from: 0, to: file.count, by: max(1, file.count / 300)))
        cuts += (file.count - 64)..<file.count  // every cut through the footer frame
        for cut in cuts {
            let error = readEverything(Array(file[0..<cut]))
            #expect(error?.code == .corruptFile, "cut at \(cut) of \(file.count): \(error?.message ?? "no error")")
        }
    }

    /// Cuts the data region (keeping the footer intact) so page headers and pages run out.
    @Test func truncatedColumnDataThrowsCorruptFile() throws {
        let file = try Self.sampleFile(.gzip)
        let parser = try ParquetFileParser(bytes: file)
        let footerStart =
            file.count - 8
            - Int(
                UInt32(file[file.count - 8]) | UInt32(file[file.count - 7]) << 8
                    | UInt32(file[file.count - 6]) << 16 | UInt32(file[file.count - 5]) << 24)
        for chunk in parser.metadata.rowGroups[0].columns.compactMap(\.metaData) {
            let start = Int(chunk.dictionaryPageOffset ?? chunk.dataPageOffset)
            // Zero out everything from the middle of the chunk to the footer.
            var damaged = file
            let middle = start + Int(chunk.totalCompressedSize) / 2
            for index in middle..<footerStart { damaged[index] = 0 }
            #expect(readEverything(damaged) != nil, "chunk at \(start)")
        }
    }

    @Test(arguments: [ParquetCompression.uncompressed, .gzip])
    func seededByteFlipsNeverCrash(compression: ParquetCompression) throws {
        let file = try Self.sampleFile(compression)
        var generator = SeededGenerator(seed: compression == .gzip ? 0xF11F_0002 : 0xF11F_0001)
        var detected = 0
        let trials = 1_000
        for trial in 0..<trials {
            var damaged = file
            let flips = Int.random(in: 1...3, using: &generator)
            // Half the trials aim at the footer, where structure (not values) lives.
            let footerBias = trial % 2 == 0
            for _ in 0..<flips {
                let index =
                    footerBias
                    ? Int.random(in: max(0, file.count - 1_500)..<file.count, using: &generator)
                    : Int.random(in: 0..<file.count, using: &generator)
                damaged[index] ^= UInt8.random(in: 1...255, using: &generator)
            }
            if let error = readEverything(damaged) {
                detected += 1
                // A flipped codec or encoding may name a real but unsupported feature; anything else is corruption.
                #expect(
                    error.code == .corruptFile || error.code == .unsupported,
                    "trial \(trial): \(error.code) \(error.message)")
            }
        }
        #expect(detected > trials / 4, "only \(detected) of \(trials) damaged files were noticed")
    }

    @Test func randomBytesInAParquetFrameThrowCorruptFile() {
        var generator = SeededGenerator(seed: 0xBAD_F11E)
        for trial in 0..<500 {
            let length = Int.random(in: 0..<600, using: &generator)
            var body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let footerLength = UInt32(Int.random(in: 0...(length + 10), using: &generator))
            body.appendLittleEndian(footerLength)
            let file = Array("PAR1".utf8) + body + Array("PAR1".utf8)
            let error = readEverything(file)
            #expect(
                error?.code == .corruptFile || error?.code == .unsupported,
                "trial \(trial): \(String(describing: error))")
        }
    }

    /// A file whose footer is replaced by `metadata`.
    func file(with metadata: FileMetaData, data: [UInt8]) -> [UInt8] {
        var file = Array("PAR1".utf8) + data
        let footer = metadata.serialized()
        file += footer
        file.appendLittleEndian(UInt32(footer.count))
        return file + Array("PAR1".utf8)
    }

    func singleColumnMetadata(chunk: ColumnMetaData, rows: Int64) -> FileMetaData {
        FileMetaData(
            version: 1,
            schema: [
                SchemaElement(name: "schema", numChildren: 1),
                SchemaElement(type: .int64, repetitionType: .required, name: "v"),
            ],
            numRows: rows,
            rowGroups: [
                RowGroup(
                    columns: [ColumnChunk(filePath: nil, fileOffset: 0, metaData: chunk)],
                    totalByteSize: 0, numRows: rows)
            ],
            createdBy: nil, columnOrders: nil)
    }

    @Test func hugeClaimedSizesThrowWithoutAllocating() {
        // A page header claiming 2 GiB uncompressed from 8 gzip bytes, and 2^31 - 1 values.
        let page =
            PageHeader(
                type: .dataPage, uncompressedPageSize: Int32.max, compressedPageSize: 8, crc: nil,
                dataPageHeader: DataPageHeader(
                    numValues: Int32.max, encoding: .plain, definitionLevelEncoding: .rle,
                    repetitionLevelEncoding: .rle),
                dictionaryPageHeader: nil
            ).serialized() + Array(repeating: 0, count: 8)
        let chunk = ColumnMetaData(
            type: .int64, encodings: [.plain], pathInSchema: ["v"], codec: .gzip, numValues: Int64(Int32.max),
            totalUncompressedSize: 0, totalCompressedSize: Int64(page.count), dataPageOffset: 4,
            dictionaryPageOffset: nil,
            statistics: nil)
        let error = readEverything(file(with: singleColumnMetadata(chunk: chunk, rows: Int64(Int32.max)), data: page))
        #expect(error?.code == .corruptFile)

        // The same page uncompressed: PLAIN needs 16 GiB that the page does not have.
        var plainChunk = chunk
        plainChunk.codec = .uncompressed
        let plainPage =
            PageHeader(
                type: .dataPage, uncompressedPageSize: 8, compressedPageSize: 8, crc: nil,
                dataPageHeader: DataPageHeader(
                    numValues: Int32.max, encoding: .plain, definitionLevelEncoding: .rle,
                    repetitionLevelEncoding: .rle),
                dictionaryPageHeader: nil
            ).serialized() + Array(repeating: 0, count: 8)
        plainChunk.totalCompressedSize = Int64(plainPage.count)
        #expect(
            readEverything(
                file(with: singleColumnMetadata(chunk: plainChunk, rows: Int64(Int32.max)), data: plainPage))?.code
                == .corruptFile)

        // A chunk claiming bytes beyond the file, and row counts that disagree.
        var farChunk = chunk
        farChunk.totalCompressedSize = 1 << 40
        #expect(
            readEverything(file(with: singleColumnMetadata(chunk: farChunk, rows: Int64(Int32.max)), data: page))?.code
                == .corruptFile)
        var mismatch = singleColumnMetadata(chunk: chunk, rows: Int64(Int32.max))
        mismatch.numRows = 5
        #expect(readEverything(file(with: mismatch, data: page))?.code == .corruptFile)
    }

    @Test func footerLengthBeyondTheFileThrows() {
        var file = Array("PAR1".utf8)
        file.appendLittleEndian(UInt32.max)
        file += Array("PAR1".utf8)
        #expect(readEverything(file)?.code == .corruptFile)
        #expect(readEverything(Array("PAR1PAR1".utf8))?.code == .corruptFile)
        #expect(readEverything([])?.code == .corruptFile)
    }

    @Test func unsupportedFeaturesSayUnsupported() throws {
        // A nested schema: root → group → leaf.
        let nested = FileMetaData(
            version: 1,
            schema: [
                SchemaElement(name: "schema", numChildren: 1),
                SchemaElement(repetitionType: .optional, name: "group", numChildren: 1),
                SchemaElement(type: .int32, repetitionType: .optional, name: "leaf"),
            ],
            numRows: 0, rowGroups: [], createdBy: nil, columnOrders: nil)
        #expect(readEverything(file(with: nested, data: []))?.code == .unsupported)
        // A SNAPPY-compressed chunk.
        var chunk = ColumnMetaData(
            type: .int64, encodings: [.plain], pathInSchema: ["v"], codec: .snappy, numValues: 1,
            totalUncompressedSize: 0,
            totalCompressedSize: 0, dataPageOffset: 4, dictionaryPageOffset: nil, statistics: nil)
        let page =
            PageHeader(
                type: .dataPage, uncompressedPageSize: 8, compressedPageSize: 8, crc: nil,
                dataPageHeader: DataPageHeader(
                    numValues: 1, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle),
                dictionaryPageHeader: nil
            ).serialized() + Array(repeating: 0, count: 8)
        chunk.totalCompressedSize = Int64(page.count)
        #expect(
            readEverything(file(with: singleColumnMetadata(chunk: chunk, rows: 1), data: page))?.code == .unsupported)
        // The same file uncompressed reads back the single 0.
        chunk.codec = .uncompressed
        let reader = try ParquetFileReader(bytes: file(with: singleColumnMetadata(chunk: chunk, rows: 1), data: page))
        #expect(try reader.column(named: "v") == ParquetColumn(values: .int64([0])))
    }
}
