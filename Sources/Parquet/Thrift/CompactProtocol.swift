// Shared vocabulary of the Thrift compact protocol
// (apache/thrift doc/specs/thrift-compact-protocol.md), used for the Parquet footer and page headers.

/// Wire type of a Thrift compact-protocol value, as it appears in field and list headers.
enum CompactType: UInt8, Sendable {
    case stop = 0
    /// In a field header the type carries the value: 1 is true, 2 is false.
    case booleanTrue = 1
    case booleanFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case structure = 12
}

/// ZigZag mapping of signed integers onto unsigned ones, so small magnitudes give short varints.
enum ZigZag {
    static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    static func decode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }
}
