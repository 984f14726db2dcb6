// Thrift compact-protocol serialiser for the footer and page headers.

/// Appends Thrift compact-protocol values to a byte array.
///
/// Fields must be written in increasing id order within a struct, as generated Thrift code does;
/// short (delta) field headers are used whenever the id grows by 1...15.
/// Struct nesting is tracked with a stack of the last field id, so `beginStruct`/`endStruct` must pair.
struct CompactProtocolWriter {
    private(set) var bytes: [UInt8] = []
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []

    init() {}

    // MARK: Structs

    /// Enters a struct (top-level, list element or field value after `writeFieldHeader`).
    mutating func beginStruct() {
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    /// Writes the stop byte that closes the current struct.
    mutating func endStruct() {
        precondition(!fieldIDStack.isEmpty, "CompactProtocolWriter.endStruct without beginStruct")
        bytes.append(CompactType.stop.rawValue)
        lastFieldID = fieldIDStack.removeLast()
    }

    mutating func writeFieldHeader(_ id: Int16, _ type: CompactType) {
        precondition(type != .stop, "a field cannot have the stop type")
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(ZigZag.encode(Int64(id)))
        }
        lastFieldID = id
    }

    // MARK: Fields

    mutating func writeField(_ id: Int16, bool value: Bool) {
        writeFieldHeader(id, value ? .booleanTrue : .booleanFalse)
    }

    mutating func writeField(_ id: Int16, i16 value: Int16) {
        writeFieldHeader(id, .i16)
        writeVarint(ZigZag.encode(Int64(value)))
    }

    mutating func writeField(_ id: Int16, i32 value: Int32) {
        writeFieldHeader(id, .i32)
        writeI32(value)
    }

    mutating func writeField(_ id: Int16, i64 value: Int64) {
        writeFieldHeader(id, .i64)
        writeI64(value)
    }

    mutating func writeField(_ id: Int16, binary value: [UInt8]) {
        writeFieldHeader(id, .binary)
        writeBinary(value)
    }

    mutating func writeField(_ id: Int16, string value: String) {
        writeFieldHeader(id, .binary)
        writeString(value)
    }

    mutating func writeField(_ id: Int16, double value: Double) {
        writeFieldHeader(id, .double)
        writeDouble(value)
    }

    /// Writes a list field header; the caller then writes `count` elements of `elementType`.
    mutating func writeListField(_ id: Int16, elementType: CompactType, count: Int) {
        writeFieldHeader(id, .list)
        writeListHeader(elementType: elementType, count: count)
    }

    // MARK: Bare values (list elements)

    mutating func writeListHeader(elementType: CompactType, count: Int) {
        precondition(count >= 0 && count <= Int(Int32.max), "list size out of range")
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    mutating func writeByte(_ value: UInt8) { bytes.append(value) }

    mutating func writeI32(_ value: Int32) { writeVarint(ZigZag.encode(Int64(value))) }

    mutating func writeI64(_ value: Int64) { writeVarint(ZigZag.encode(value)) }

    mutating func writeDouble(_ value: Double) {
        // The compact protocol stores doubles little-endian (unlike the binary protocol).
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func writeBinary(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func writeString(_ value: String) {
        writeVarint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
