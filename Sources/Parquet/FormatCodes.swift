// Enumerations of parquet.thrift, kept as open sets of raw values: files from other writers may
// carry values added after this code was written, and a reader must be able to name them in errors.

/// parquet.thrift `Type`.
struct PhysicalType: RawRepresentable, Hashable, Sendable {
    var rawValue: Int32
    static let boolean = PhysicalType(rawValue: 0)
    static let int32 = PhysicalType(rawValue: 1)
    static let int64 = PhysicalType(rawValue: 2)
    static let int96 = PhysicalType(rawValue: 3)
    static let float = PhysicalType(rawValue: 4)
    static let double = PhysicalType(rawValue: 5)
    static let byteArray = PhysicalType(rawValue: 6)
    static let fixedLenByteArray = PhysicalType(rawValue: 7)
}

/// parquet.thrift `ConvertedType` (the legacy annotation, still written for older readers).
struct ConvertedType: RawRepresentable, Hashable, Sendable {
    var rawValue: Int32
    static let utf8 = ConvertedType(rawValue: 0)
    static let date = ConvertedType(rawValue: 6)
}

/// parquet.thrift `FieldRepetitionType`.
struct FieldRepetitionType: RawRepresentable, Hashable, Sendable {
    var rawValue: Int32
    static let required = FieldRepetitionType(rawValue: 0)
    static let optional = FieldRepetitionType(rawValue: 1)
    static let repeated = FieldRepetitionType(rawValue: 2)
}

/// parquet.thrift `Encoding`.
struct Encoding: RawRepresentable, Hashable, Sendable {
    var rawValue: Int32
    static let plain = Encoding(rawValue: 0)
    /// Deprecated alias of RLE_DICTIONARY in data pages and PLAIN in dictionary pages.
    static let plainDictionary = Encoding(rawValue: 2)
    static let rle = Encoding(rawValue: 3)
    static let bitPacked = Encoding(rawValue: 4)
    static let rleDictionary = Encoding(rawValue: 8)
}

/// parquet.thrift `CompressionCodec`.
struct CompressionCodec: RawRepresentable, Hashable, Sendable {
    var rawValue: Int32
    static let uncompressed = CompressionCodec(rawValue: 0)
    static let snappy = CompressionCodec(rawValue: 1)
    static let gzip = CompressionCodec(rawValue: 2)

    var name: String {
        switch rawValue {
        case 0: "UNCOMPRESSED"
        case 1: "SNAPPY"
        case 2: "GZIP"
        case 3: "LZO"
        case 4: "BROTLI"
        case 5: "LZ4"
        case 6: "ZSTD"
        case 7: "LZ4_RAW"
        default: "codec \(rawValue)"
        }
    }
}

/// parquet.thrift `PageType`.
struct PageType: RawRepresentable, Hashable, Sendable {
    var rawValue: Int32
    static let dataPage = PageType(rawValue: 0)
    static let indexPage = PageType(rawValue: 1)
    static let dictionaryPage = PageType(rawValue: 2)
    static let dataPageV2 = PageType(rawValue: 3)
}
