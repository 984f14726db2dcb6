import JingzhunIO
import Parquet

// Reading a data file by byte ranges instead of whole (issue 20, item 1: compute's memory).
// A province's members file at 3,000,000 households is 150-200 MiB compressed; compute reads
// one row group of it at a time, so it now reads only that group's column chunks, one column
// per core at a time. The checks are those of a file read whole, in the same order and with the
// same messages (the footer's frame, the footer, every chunk's range inside the data region).

extension TableFileReader {
    /// Opens the file of `size` bytes at `path` from its footer: reads the first 4 bytes and the
    /// last 8 (frame), then the footer.
    static func openFromFooter(path: String, size: Int, files: StoreFiles) throws(StoreError)
        -> ParquetFileReader
    {
        let frame = size >= 12
        let head = frame ? try files.read(path, range: 0..<4) : []
        let tail = frame ? try files.read(path, range: (size - 8)..<size) : []
        let footerRange: Range<Int>
        do {
            footerRange = try ParquetFileReader.footerRange(fileSize: size, head: head, tail: tail)
        } catch {
            throw notParquet(error, path: path)
        }
        let footer = try files.read(path, range: footerRange)
        do throws(ParquetError) {
            guard footer.count == footerRange.count else {
                throw ParquetError(.corruptFile, "file ends inside its footer (truncated while being read?)")
            }
            return try ParquetFileReader(fileSize: size, footer: footer)
        } catch {
            throw notParquet(error, path: path)
        }
    }

    private static func notParquet(_ error: ParquetError, path: String) -> StoreError {
        StoreError.corruptData("it is not a readable Parquet file: \(error.message)", path: path, underlying: error)
    }

    /// Column `name` of the row group this reader is restricted to (or of every row group, in
    /// order), decoded from the byte ranges of its chunks.
    /// - Throws: `StoreError` (the read failed: errno kept) or `ParquetError` (the bytes are not
    ///   a valid chunk), which the caller words as for a file read whole.
    func rangedColumn(_ name: String, form: ParquetStringForm = .strings) throws -> ParquetColumn {
        let groups = rowGroup.map { $0..<($0 + 1) } ?? 0..<reader.rowGroupCount
        var column: ParquetColumn? = nil
        for group in groups {
            let range = try reader.byteRange(ofColumn: name, rowGroup: group)
            let chunk = try files.read(path, range: range)
            let part = try reader.column(named: name, rowGroup: group, chunk: chunk, form: form)
            if column == nil { column = part } else { column?.append(part) }
        }
        if let column { return column }
        guard let spec = reader.schema.columns.first(where: { $0.name == name }) else {
            throw ParquetError(.invalidArgument, "no column named '\(name)' in the file")
        }
        return ParquetColumn(emptyOf: spec, form: form)
    }
}

extension ParquetColumn {
    /// No value, of the type a reader gives `spec`'s column.
    init(emptyOf spec: ParquetColumnSpec, form: ParquetStringForm = .strings) {
        let values: ParquetValues
        switch spec.physicalType {
        case .boolean: values = .boolean([])
        case .int32: values = .int32([])
        case .int64: values = .int64([])
        case .double: values = .double([])
        case .byteArray where spec.logicalType == .string:
            switch form {
            case .hex32: values = .hex32([])
            case .padded32: values = .padded32([])
            case .strings: values = .string([])
            }
        case .byteArray: values = .bytes([])
        }
        self.init(values: values)
    }

    /// Appends the next row group's values of the same column. Validity stays nil while no row
    /// is null, as the reader of a whole file makes it (then true for every earlier row).
    mutating func append(_ next: ParquetColumn) {
        if validity != nil || next.validity != nil {
            var merged = validity ?? [Bool](repeating: true, count: count)
            merged += next.validity ?? [Bool](repeating: true, count: next.count)
            validity = merged
        }
        switch (values, next.values) {
        case (.boolean(var a), .boolean(let b)):
            values = .boolean([])
            a += b
            values = .boolean(a)
        case (.int32(var a), .int32(let b)):
            values = .int32([])
            a += b
            values = .int32(a)
        case (.int64(var a), .int64(let b)):
            values = .int64([])
            a += b
            values = .int64(a)
        case (.double(var a), .double(let b)):
            values = .double([])
            a += b
            values = .double(a)
        case (.string(var a), .string(let b)):
            values = .string([])
            a += b
            values = .string(a)
        case (.bytes(var a), .bytes(let b)):
            values = .bytes([])
            a += b
            values = .bytes(a)
        case (.hex32(var a), .hex32(let b)):
            values = .hex32([])
            a += b
            values = .hex32(a)
        case (.padded32(var a), .padded32(let b)):
            values = .padded32([])
            a += b
            values = .padded32(a)
        default:
            preconditionFailure("row groups of one column have one physical type (the schema's)")
        }
    }
}
