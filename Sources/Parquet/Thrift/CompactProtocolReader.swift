// Thrift compact-protocol deserialiser for the footer and page headers of untrusted files.

/// Reads Thrift compact-protocol values from a byte range, refusing anything malformed.
///
/// Every read is bounds-checked against `end`; claimed sizes (strings, lists, maps) are checked
/// against the bytes that remain before anything is allocated, and nesting is limited to
/// `maximumDepth`, so hostile input throws `ParquetError(.corruptFile, …)` rather than trapping,
/// recursing without bound or allocating what the input does not contain.
struct CompactProtocolReader {
    /// Deeper nesting than any Parquet structure needs (FileMetaData → RowGroup → ColumnChunk →
    /// ColumnMetaData → Statistics is 5): anything past this is hostile.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int
    /// What is being parsed, for error messages ("footer", "page header at offset 1234").
    private let context: String
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []
    /// Where `bytes[0]` sits in the file, for error messages when `bytes` holds a part of a file
    /// (a footer or a column chunk read apart: `ParquetFileReader(fileSize:footer:)`).
    private let fileOffset: Int

    init(bytes: [UInt8], range: Range<Int>, context: String, fileOffset: Int = 0) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "reader range outside the buffer")
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.context = context
        self.fileOffset = fileOffset
    }

    var remaining: Int { end - position }

    func corrupt(_ what: String) -> ParquetError {
        ParquetError(.corruptFile, "corrupt \(context): \(what) at byte \(fileOffset + position)")
    }

    // MARK: Structs

    mutating func beginStruct() throws(ParquetError) {
        guard fieldIDStack.count < Self.maximumDepth else { throw corrupt("structures nested too deeply") }
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        precondition(!fieldIDStack.isEmpty, "CompactProtocolReader.endStruct without beginStruct")
        lastFieldID = fieldIDStack.removeLast()
    }

    /// Reads the next field header of the current struct; nil at the stop byte.
    mutating func readFieldHeader() throws(ParquetError) -> (id: Int16, type: CompactType)? {
        let header = try readByte()
        guard let type = CompactType(rawValue: header & 0x0F) else {
            throw corrupt("unknown compact type \(header & 0x0F)")
        }
        if type == .stop {
            guard header == 0 else { throw corrupt("malformed stop byte") }
            return nil
        }
        let delta = header >> 4
        let id: Int16
        if delta != 0 {
            let (sum, overflow) = lastFieldID.addingReportingOverflow(Int16(delta))
            guard !overflow else { throw corrupt("field id overflow") }
            id = sum
        } else {
            id = try readI16()
        }
        lastFieldID = id
        return (id, type)
    }

    // MARK: Values

    mutating func readByte() throws(ParquetError) -> UInt8 {
        guard position < end else { throw corrupt("unexpected end of data") }
        let value = bytes[position]
        position += 1
        return value
    }

    mutating func readVarint() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            if shift == 63 && byte > 1 { throw corrupt("varint overflows 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw corrupt("varint longer than 10 bytes") }
        }
    }

    mutating func readI16() throws(ParquetError) -> Int16 {
        let value = ZigZag.decode(try readVarint())
        guard let narrow = Int16(exactly: value) else { throw corrupt("i16 out of range") }
        return narrow
    }

    mutating func readI32() throws(ParquetError) -> Int32 {
        let value = ZigZag.decode(try readVarint())
        guard let narrow = Int32(exactly: value) else { throw corrupt("i32 out of range") }
        return narrow
    }

    mutating func readI64() throws(ParquetError) -> Int64 {
        ZigZag.decode(try readVarint())
    }

    mutating func readDouble() throws(ParquetError) -> Double {
        guard remaining >= 8 else { throw corrupt("unexpected end of data in double") }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return Double(bitPattern: bits)
    }

    /// Length of a binary value, checked against the bytes that remain.
    private mutating func readBinaryLength() throws(ParquetError) -> Int {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw corrupt("binary length \(length) exceeds the data") }
        return Int(length)
    }

    mutating func readBinary() throws(ParquetError) -> [UInt8] {
        let length = try readBinaryLength()
        let value = Array(bytes[position..<position + length])
        position += length
        return value
    }

    mutating func readString() throws(ParquetError) -> String {
        let length = try readBinaryLength()
        // Thrift strings are UTF-8; invalid sequences become U+FFFD rather than failing the file.
        let value = String(decoding: bytes[position..<position + length], as: UTF8.self)
        position += length
        return value
    }

    /// Reads a list (or set) header; the count is at most the bytes that remain, since every
    /// element takes at least one byte.
    mutating func readListHeader() throws(ParquetError) -> (elementType: CompactType, count: Int) {
        let header = try readByte()
        guard let type = CompactType(rawValue: header & 0x0F), type != .stop else {
            throw corrupt("unknown list element type \(header & 0x0F)")
        }
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint() }
        guard count <= UInt64(remaining) else { throw corrupt("list of \(count) elements exceeds the data") }
        return (type, Int(count))
    }

    /// Reads a boolean carried by a field header's type.
    func boolValue(of type: CompactType) throws(ParquetError) -> Bool {
        switch type {
        case .booleanTrue: return true
        case .booleanFalse: return false
        default: throw corrupt("expected a boolean field, found type \(type.rawValue)")
        }
    }

    /// Throws unless a known field arrived with the wire type its definition has.
    func expect(_ type: CompactType, _ expected: CompactType, field: String) throws(ParquetError) {
        guard type == expected else {
            throw corrupt("field \(field) has wire type \(type.rawValue), expected \(expected.rawValue)")
        }
    }

    // MARK: Skipping

    /// Skips a value of the given type: fields this reader does not know (other writers' extensions).
    mutating func skip(_ type: CompactType) throws(ParquetError) {
        try skip(type, depth: fieldIDStack.count)
    }

    private mutating func skip(_ type: CompactType, depth: Int) throws(ParquetError) {
        guard depth < Self.maximumDepth else { throw corrupt("structures nested too deeply") }
        switch type {
        case .stop: throw corrupt("unexpected stop type")
        case .booleanTrue, .booleanFalse: break
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double:
            guard remaining >= 8 else { throw corrupt("unexpected end of data in double") }
            position += 8
        case .binary:
            position += try readBinaryLength()
        case .list, .set:
            let (elementType, count) = try readListHeader()
            for _ in 0..<count {
                if elementType == .booleanTrue || elementType == .booleanFalse {
                    // Booleans inside lists take one byte each.
                    _ = try readByte()
                } else {
                    try skip(elementType, depth: depth + 1)
                }
            }
        case .map:
            let count = try readVarint()
            guard count > 0 else { return }
            guard count <= UInt64(remaining) / 2 else { throw corrupt("map of \(count) entries exceeds the data") }
            let types = try readByte()
            guard let keyType = CompactType(rawValue: types >> 4), let valueType = CompactType(rawValue: types & 0x0F),
                keyType != .stop, valueType != .stop
            else { throw corrupt("unknown map element types") }
            for _ in 0..<count {
                try skipElement(keyType, depth: depth + 1)
                try skipElement(valueType, depth: depth + 1)
            }
        case .structure:
            try beginStruct()
            while let field = try readFieldHeader() {
                try skip(field.type, depth: depth + 1)
            }
            endStruct()
        }
    }

    private mutating func skipElement(_ type: CompactType, depth: Int) throws(ParquetError) {
        if type == .booleanTrue || type == .booleanFalse {
            _ = try readByte()
        } else {
            try skip(type, depth: depth)
        }
    }
}
