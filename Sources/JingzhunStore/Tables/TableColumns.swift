import Dispatch
import JingzhunCore
import JingzhunIO
import Parquet

/// The rows `rows` of one column of a file, made when the Parquet writer asks for them
/// (Store.writeFile): the writer goes row group by row group, so a file's columns are never all
/// in memory at once, nor any column whole (issue 20).
typealias ColumnMaker = @Sendable (_ rows: Range<Int>) -> ParquetColumn

/// Collects the columns of one file, in the order of its table definition, as makers: each
/// closure captures the (value-typed, shared) source columns and builds the Parquet values of the
/// rows asked for only when called.
///
/// The helpers taking `@autoclosure` arrays evaluate them on every call and slice the result:
/// for columns stored as they are (no copy: arrays are shared) or for small tables (rejections,
/// submissions, indicators). Columns converted value by value from a large source take the source
/// and a conversion (`strings(_:from:_:)`), so only the rows asked for are converted.
///
/// The order check is an assert-style precondition: a mismatch is a bug in this module, never
/// reachable from input.
extension ParquetValues {
    /// `values` as `.padded32` when some are longer than the 15 bytes a `String` keeps inline and
    /// every one fits 32 bytes without a zero byte (household numbers), else as `.string`. Both
    /// write the same file bytes (`PaddedString32Tests`). For such a column the writer's
    /// dictionary and statistics hash and compare four words instead of a heap `String`'s bytes,
    /// and 32 bytes a value replace ≈ 64 (issue 20). Shorter texts (codes) stay `String`s:
    /// 16 bytes inline, where `.padded32` would double the column.
    static func texts(_ values: [String]) -> ParquetValues { texts(values, runsOf: nil) }

    /// `texts(values)` for values that repeat in runs of equal `keys` (a member's household): the
    /// same choice and the same values, each run's text converted once instead of every row's
    /// (issue 20). Without keys, every row's.
    static func texts(_ values: [String], runsOf keys: [Int32]?) -> ParquetValues {
        precondition(keys.map { $0.count == values.count } ?? true, "one key per value")
        guard values.contains(where: { $0.utf8.count > 15 }) else { return .string(values) }
        var padded: [PaddedString32] = []
        padded.reserveCapacity(values.count)
        var previous: (key: Int32, value: PaddedString32)?
        for (row, value) in values.enumerated() {
            if let keys, let previous, previous.key == keys[row] {
                padded.append(previous.value)
                continue
            }
            guard let fits = PaddedString32(value) else { return .string(values) }
            padded.append(fits)
            if let keys { previous = (keys[row], fits) }
        }
        return .padded32(padded)
    }
}

struct ColumnsBuilder {
    let definition: TableDefinition
    private(set) var makers: [ColumnMaker] = []

    init(_ definition: TableDefinition) { self.definition = definition }

    mutating func add(_ name: String, _ make: @escaping ColumnMaker) {
        precondition(
            makers.count < definition.dataColumns.count && definition.dataColumns[makers.count].name == name,
            "column '\(name)' of table \(definition.table) is out of its definition's order")
        makers.append(make)
    }

    /// `values[rows]` as an array, without a copy when `rows` is all of it (a file of one row group).
    static func part<T>(_ values: [T], _ rows: Range<Int>) -> [T] {
        rows == values.indices ? values : Array(values[rows])
    }

    mutating func strings(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [String]) {
        add(name) { rows in ParquetColumn(values: .texts(Self.part(values(), rows))) }
    }
    /// Text made from `source` row by row, for the rows asked for only.
    mutating func strings<Source: Sendable>(
        _ name: String, from source: [Source], _ text: @escaping @Sendable (Source) -> String
    ) {
        add(name) { rows in ParquetColumn(values: .texts(source[rows].map(text))) }
    }
    /// Keyed pseudonyms as the STRING of their 64 hex digits, written from the 32 bytes of each
    /// (`ParquetValues.hex32`: the same file bytes as the digits' strings, without a `String` per row).
    mutating func pseudonyms(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [Pseudonym]) {
        add(name) { rows in ParquetColumn(values: .hex32(values()[rows].map(\.parquetHex))) }
    }
    mutating func optionalStrings(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [String?]) {
        optional(name, values, placeholder: "", ParquetValues.string)
    }
    mutating func codes<E: ContractEnumeration>(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [E]) {
        add(name) { rows in ParquetColumn(values: .texts(values()[rows].map(\.rawValue))) }
    }
    mutating func int32s(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [Int32]) {
        add(name) { rows in ParquetColumn(values: .int32(Self.part(values(), rows))) }
    }
    mutating func optionalInt32s(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [Int32?]) {
        optional(name, values, placeholder: 0, ParquetValues.int32)
    }
    mutating func int64s(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [Int64]) {
        add(name) { rows in ParquetColumn(values: .int64(Self.part(values(), rows))) }
    }
    mutating func optionalInt64s(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [Int64?]) {
        optional(name, values, placeholder: 0, ParquetValues.int64)
    }
    mutating func booleans(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [Bool]) {
        add(name) { rows in ParquetColumn(values: .boolean(Self.part(values(), rows))) }
    }
    mutating func doubles(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [Double]) {
        add(name) { rows in ParquetColumn(values: .double(Self.part(values(), rows))) }
    }
    mutating func optionalDoubles(_ name: String, _ values: @autoclosure @escaping @Sendable () -> [Double?]) {
        optional(name, values, placeholder: 0, ParquetValues.double)
    }
    /// A nullable column: the placeholder stands in the values where the validity says null.
    private mutating func optional<T: Sendable>(
        _ name: String, _ values: @escaping @Sendable () -> [T?], placeholder: T,
        _ wrap: @escaping @Sendable ([T]) -> ParquetValues
    ) {
        add(name) { rows in
            let v = values()[rows]
            return ParquetColumn(values: wrap(v.map { $0 ?? placeholder }), validity: v.map { $0 != nil })
        }
    }
    /// Money: DOUBLE yuan = Double(fen) / 100, the double nearest the submitted decimal.
    mutating func yuan(_ name: String, fen values: @autoclosure @escaping @Sendable () -> [Int64]) {
        add(name) { rows in ParquetColumn(values: .double(values()[rows].map { Double($0) / 100 })) }
    }
    /// A value repeated on every row (the submission id).
    mutating func constant(_ name: String, _ value: String, count: Int) {
        // As `texts`: padded only when the text would be a heap `String` on every row.
        let padded = value.utf8.count > 15 ? PaddedString32(value) : nil
        add(name) { rows in
            ParquetColumn(
                values: padded.map { .padded32(Array(repeating: $0, count: rows.count)) }
                    ?? .string(Array(repeating: value, count: rows.count)))
        }
    }

    /// The finished column makers; every column of the definition must have been added.
    func finish() -> [ColumnMaker] {
        precondition(makers.count == definition.dataColumns.count, "table \(definition.table) is missing columns")
        return makers
    }
}

/// Typed access to the columns of one stored data file, with errors naming the file.
///
/// A data file is never held whole (issue 20): its footer is read apart (the first 4 bytes, the
/// last 8, then the footer: the same checks and messages as a file read whole), then each column
/// is read from the byte ranges of its chunks, a row group at a time (`TableFileReader+Ranges.swift`).
/// Every file goes this way, small ones included, so every test of the store exercises it; a
/// file is read whole only when a test asks (`wholeFileLimit`, to compare the two ways).
struct TableFileReader {
    let path: String
    let reader: ParquetFileReader
    /// Where the chunks are read from when the file is not held (`reader.holdsBytes` false).
    let files: StoreFiles

    /// - Parameter wholeFileLimit: files of at most this many bytes are read whole (tests).
    init(path: String, files: StoreFiles = StoreFiles(), wholeFileLimit: Int = -1) throws(StoreError) {
        self.path = path
        self.files = files
        if let size = files.size(path), size > Int64(wholeFileLimit) {
            reader = try Self.openFromFooter(path: path, size: Int(size), files: files)
            return
        }
        let bytes = try files.readAll(path)
        do {
            reader = try ParquetFileReader(bytes: bytes)
        } catch {
            throw StoreError.corruptData(
                "it is not a readable Parquet file: \(error.message)", path: path, underlying: error)
        }
    }

    /// When set, every column is read from this row group alone (`restricted(toRowGroup:)`).
    private(set) var rowGroup: Int? = nil

    var rowCount: Int { rowGroup.map(reader.rowCount(ofRowGroup:)) ?? reader.rowCount }
    var rowGroupCount: Int { reader.rowGroupCount }

    /// The same file read one row group at a time: columns hold the rows of `rowGroup` only.
    func restricted(toRowGroup rowGroup: Int) -> TableFileReader {
        precondition((0..<reader.rowGroupCount).contains(rowGroup), "row group \(rowGroup) out of range")
        var copy = self
        copy.rowGroup = rowGroup
        return copy
    }

    /// Appends one typed column of `Columns` (what a `read` task hands back).
    typealias ColumnAppend<Columns> = @Sendable (inout Columns) -> Void

    /// Runs `reads` on every core, then applies what each hands back to `columns` in task order;
    /// the first failing task (in task order) decides the error. Each task decodes and converts
    /// its own column and returns the append that stores it (`{ let x = try …; return { $0.c += x } }`),
    /// so a column's read and its destination sit on one line, typed, and a table is read back in
    /// parallel while at most one raw column per core is alive.
    func inParallel<Columns>(into columns: inout Columns, _ reads: [@Sendable () throws -> ColumnAppend<Columns>])
        throws(StoreError)
    {
        let path = self.path
        let results = Parallel.map(reads.count) { index -> Result<ColumnAppend<Columns>, StoreError> in
            do {
                return .success(try reads[index]())
            } catch let error as StoreError {
                return .failure(error)
            } catch {
                // Tasks call this module's readers, which throw only StoreError.
                return .failure(StoreError.corruptData("could not be read: \(error)", path: path))
            }
        }
        for result in results { try result.get()(&columns) }
    }

    private func column(_ name: String, form: ParquetStringForm = .strings) throws(StoreError) -> ParquetColumn {
        let column: ParquetColumn
        do {
            if !reader.holdsBytes {
                column = try rangedColumn(name, form: form)
            } else if let rowGroup {
                column = try reader.column(named: name, rowGroup: rowGroup, form: form)
            } else {
                column = try reader.column(named: name, form: form)
            }
        } catch let error as ParquetError {
            throw StoreError.corruptData("column '\(name)': \(error.message)", path: path, underlying: error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corruptData("column '\(name)': \(error)", path: path)
        }
        guard column.count == rowCount else {
            throw StoreError.corruptData(
                "column '\(name)' has \(column.count) values for \(rowCount) rows", path: path)
        }
        return column
    }

    private func wrongType(_ name: String, _ expected: String) -> StoreError {
        StoreError.corruptData("column '\(name)' is not \(expected)", path: path)
    }

    private func requireValid(_ column: ParquetColumn, _ name: String) throws(StoreError) {
        if let validity = column.validity, validity.contains(false) {
            throw StoreError.corruptData("column '\(name)' holds nulls but is required", path: path)
        }
    }

    func strings(_ name: String) throws(StoreError) -> [String] {
        let c = try column(name)
        try requireValid(c, name)
        guard case .string(let v) = c.values else { throw wrongType(name, "STRING") }
        return v
    }

    /// A STRING column of 64 lowercase hex digits per row, as pseudonyms (no `String` per row).
    func pseudonyms(_ name: String) throws(StoreError) -> [Pseudonym] {
        let c = try column(name, form: .hex32)
        try requireValid(c, name)
        guard case .hex32(let v) = c.values else { throw wrongType(name, "STRING") }
        return v.map { Pseudonym(w0: $0.w0, w1: $0.w1, w2: $0.w2, w3: $0.w3) }
    }

    /// A STRING column of texts of at most 32 bytes (household numbers), 32 bytes a row and no
    /// `String` per row; a longer value is `corruptData` naming the column.
    func padded32s(_ name: String) throws(StoreError) -> [PaddedString32] {
        let c = try column(name, form: .padded32)
        try requireValid(c, name)
        guard case .padded32(let v) = c.values else { throw wrongType(name, "STRING") }
        return v
    }

    func optionalStrings(_ name: String) throws(StoreError) -> [String?] {
        let c = try column(name)
        guard case .string(let v) = c.values else { throw wrongType(name, "STRING") }
        guard let validity = c.validity else { return v }
        return zip(v, validity).map { $1 ? $0 : nil }
    }

    func int32s(_ name: String) throws(StoreError) -> [Int32] {
        let c = try column(name)
        try requireValid(c, name)
        guard case .int32(let v) = c.values else { throw wrongType(name, "INT32") }
        return v
    }

    func optionalInt32s(_ name: String) throws(StoreError) -> [Int32?] {
        let c = try column(name)
        guard case .int32(let v) = c.values else { throw wrongType(name, "INT32") }
        guard let validity = c.validity else { return v }
        return zip(v, validity).map { $1 ? $0 : nil }
    }

    func int64s(_ name: String) throws(StoreError) -> [Int64] {
        let c = try column(name)
        try requireValid(c, name)
        guard case .int64(let v) = c.values else { throw wrongType(name, "INT64") }
        return v
    }

    func optionalInt64s(_ name: String) throws(StoreError) -> [Int64?] {
        let c = try column(name)
        guard case .int64(let v) = c.values else { throw wrongType(name, "INT64") }
        guard let validity = c.validity else { return v }
        return zip(v, validity).map { $1 ? $0 : nil }
    }

    func booleans(_ name: String) throws(StoreError) -> [Bool] {
        let c = try column(name)
        try requireValid(c, name)
        guard case .boolean(let v) = c.values else { throw wrongType(name, "BOOLEAN") }
        return v
    }

    func doubles(_ name: String) throws(StoreError) -> [Double] {
        let c = try column(name)
        try requireValid(c, name)
        guard case .double(let v) = c.values else { throw wrongType(name, "DOUBLE") }
        return v
    }

    func optionalDoubles(_ name: String) throws(StoreError) -> [Double?] {
        let c = try column(name)
        guard case .double(let v) = c.values else { throw wrongType(name, "DOUBLE") }
        guard let validity = c.validity else { return v }
        return zip(v, validity).map { $1 ? $0 : nil }
    }

    /// Money back to fen: yuan were written as Double(fen) / 100, so rounding × 100 is exact
    /// for every amount the contract allows (|value| < 10,000,000 yuan, far below 2^53 fen).
    func fen(_ name: String) throws(StoreError) -> [Int64] {
        var out: [Int64] = []
        for yuan in try doubles(name) {
            guard let fen = Int64(exactly: (yuan * 100).rounded()) else {
                throw StoreError.corruptData("column '\(name)' holds an amount out of range", path: path)
            }
            out.append(fen)
        }
        return out
    }

    func codes<E: RawRepresentable>(_ name: String, as type: E.Type) throws(StoreError) -> [E]
    where E.RawValue == String {
        if let parts = dictionaryParts(name) {
            // Each distinct text of a chunk is parsed once; every row is then its index (issue 20).
            var out: [E] = []
            out.reserveCapacity(parts.reduce(0) { $0 + $1.indices.count })
            for part in parts {
                var parsed = [E?](repeating: nil, count: part.dictionary.count)
                for index in part.indices {
                    if let value = parsed[Int(index)] {
                        out.append(value)
                        continue
                    }
                    let text = part.dictionary[Int(index)]
                    guard let value = E(rawValue: text) else {
                        throw StoreError.corruptData(
                            "column '\(name)' holds '\(text)', not a code of \(E.self)", path: path)
                    }
                    parsed[Int(index)] = value
                    out.append(value)
                }
            }
            return out
        }
        var out: [E] = []
        let raw = try strings(name)
        out.reserveCapacity(raw.count)
        // Columns are dictionary-encoded codes of a small enumeration: remember each text met
        // (a short linear list; small strings compare by their raw bits) instead of parsing it
        // through the enumeration's string switch on every row.
        var seen: [(text: String, value: E)] = []
        for text in raw {
            if let known = seen.first(where: { $0.text == text }) {
                out.append(known.value)
                continue
            }
            guard let value = E(rawValue: text) else {
                throw StoreError.corruptData("column '\(name)' holds '\(text)', not a code of \(E.self)", path: path)
            }
            seen.append((text, value))
            out.append(value)
        }
        return out
    }

    /// Column `name` of this reader's row group (or of every row group, in order) as dictionaries
    /// and indices, one per row group; nil when any of them is not wholly dictionary-encoded or
    /// cannot be read so: `strings` then reads the values, or reports the error as before.
    private func dictionaryParts(_ name: String) -> [ParquetDictionaryColumn]? {
        let groups = rowGroup.map { $0..<($0 + 1) } ?? 0..<reader.rowGroupCount
        var parts: [ParquetDictionaryColumn] = []
        for group in groups {
            let chunk: [UInt8]?
            if reader.holdsBytes {
                chunk = nil
            } else {
                guard let range = try? reader.byteRange(ofColumn: name, rowGroup: group),
                    let bytes = try? files.read(path, range: range)
                else { return nil }
                chunk = bytes
            }
            guard let part = reader.dictionaryColumn(named: name, rowGroup: group, chunk: chunk) else { return nil }
            parts.append(part)
        }
        return parts
    }

    func integerCodes<T: FixedWidthInteger>(_ name: String, as type: T.Type) throws(StoreError) -> [T] {
        var out: [T] = []
        for text in try strings(name) {
            guard let value = T(text, radix: 10), value >= 0 else {
                throw StoreError.corruptData("column '\(name)' holds '\(text)', not a numeric code", path: path)
            }
            out.append(value)
        }
        return out
    }
}

extension Pseudonym {
    /// The pseudonym as the Parquet writer's 32-byte hex value (same words, same digits as `hex`).
    var parquetHex: HexString32 { HexString32(w0: w0, w1: w1, w2: w2, w3: w3) }
}

/// Appends `column` to `destination`, or hands the column's buffer over when `destination` is
/// still empty (a row group read into fresh columns, as compute reads them): `+=` would copy it,
/// holding each column twice while a group is assembled (issue 20).
func adoptOrAppend<T>(_ destination: inout [T], _ column: [T]) {
    if destination.isEmpty { destination = column } else { destination += column }
}
