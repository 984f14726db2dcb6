// Placeholder until the format implementation lands (owned by the Parquet helper).
enum ParquetFileWriter {
    static func write(schema: ParquetSchema, columns: [ParquetColumn], options: ParquetWriterOptions) throws(ParquetError) -> [UInt8] {
        throw ParquetError(.unsupported, "Parquet writer not implemented yet")
    }
}
struct ParquetFileParser: Sendable {
    let schema: ParquetSchema
    let rowCount: Int
    init(bytes: [UInt8]) throws(ParquetError) { throw ParquetError(.unsupported, "Parquet reader not implemented yet") }
    func readColumn(at index: Int) throws(ParquetError) -> ParquetColumn { throw ParquetError(.unsupported, "not implemented") }
}
