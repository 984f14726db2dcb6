// Sample schemas and columns shared by the round-trip, corruption and interop tests.

@testable import Parquet

enum Fixtures {
    /// Row count of `allTypes`: odd, so bit-packed groups and pages end part-way.
    static let allTypesRows = 2_503

    /// Every supported type, REQUIRED and OPTIONAL (with nulls), values worked out from the row index.
    static func allTypes(useDictionary: Bool) -> (ParquetSchema, [ParquetColumn]) {
        let rows = 0..<allTypesRows
        let specs = [
            ParquetColumnSpec(name: "flag", physicalType: .boolean),
            ParquetColumnSpec(name: "flag_opt", physicalType: .boolean, isOptional: true),
            ParquetColumnSpec(name: "count", physicalType: .int32, useDictionary: useDictionary),
            ParquetColumnSpec(name: "count_opt", physicalType: .int32, isOptional: true, useDictionary: useDictionary),
            ParquetColumnSpec(name: "id", physicalType: .int64, useDictionary: useDictionary),
            ParquetColumnSpec(name: "id_opt", physicalType: .int64, isOptional: true, useDictionary: useDictionary),
            ParquetColumnSpec(name: "ratio", physicalType: .double, useDictionary: useDictionary),
            ParquetColumnSpec(name: "ratio_opt", physicalType: .double, isOptional: true, useDictionary: useDictionary),
            ParquetColumnSpec(
                name: "name", physicalType: .byteArray, logicalType: .string, useDictionary: useDictionary),
            ParquetColumnSpec(
                name: "name_opt", physicalType: .byteArray, logicalType: .string, isOptional: true,
                useDictionary: useDictionary),
            ParquetColumnSpec(name: "blob", physicalType: .byteArray, useDictionary: useDictionary),
            ParquetColumnSpec(
                name: "blob_opt", physicalType: .byteArray, isOptional: true, useDictionary: useDictionary),
            ParquetColumnSpec(name: "day", physicalType: .int32, logicalType: .date, useDictionary: useDictionary),
            ParquetColumnSpec(
                name: "day_opt", physicalType: .int32, logicalType: .date, isOptional: true,
                useDictionary: useDictionary),
            ParquetColumnSpec(
                name: "constant", physicalType: .byteArray, logicalType: .string, useDictionary: useDictionary),
            ParquetColumnSpec(name: "all_null", physicalType: .int64, isOptional: true, useDictionary: useDictionary),
        ]
        let names = ["甘肃", "Gansu", "贵州", "云南", "", "Zhaotong 昭通", "é", "e\u{301}"]
        func validity(_ every: Int) -> [Bool] { rows.map { $0 % every != 0 } }
        let columns = [
            ParquetColumn(values: .boolean(rows.map { $0 % 3 == 0 })),
            ParquetColumn(values: .boolean(rows.map { $0 % 5 == 1 }), validity: validity(4)),
            ParquetColumn(values: .int32(rows.map { Int32($0 % 17) - 8 })),
            ParquetColumn(values: .int32(rows.map { Int32($0) * 1_000 }), validity: validity(3)),
            ParquetColumn(values: .int64(rows.map { Int64($0) * 3_000_000_007 - 5_000_000_000 })),
            ParquetColumn(values: .int64(rows.map { Int64($0 % 11) }), validity: validity(7)),
            ParquetColumn(values: .double(rows.map { Double($0 % 13) / 4 - 1 })),
            ParquetColumn(values: .double(rows.map { Double($0) * 0.1 }), validity: validity(2)),
            ParquetColumn(values: .string(rows.map { names[$0 % names.count] })),
            ParquetColumn(values: .string(rows.map { "县\($0 % 97)" }), validity: validity(5)),
            ParquetColumn(values: .bytes(rows.map { [UInt8(truncatingIfNeeded: $0), 0, 0xFF] })),
            ParquetColumn(
                values: .bytes(rows.map { Array(repeating: UInt8($0 % 3), count: $0 % 4) }), validity: validity(6)),
            ParquetColumn(values: .int32(rows.map { 18_000 + Int32($0 % 400) })),
            ParquetColumn(values: .int32(rows.map { 19_000 + Int32($0) }), validity: validity(9)),
            ParquetColumn(values: .string(Array(repeating: "同一", count: allTypesRows))),
            ParquetColumn(
                values: .int64(Array(repeating: 0, count: allTypesRows)),
                validity: Array(repeating: false, count: allTypesRows)),
        ]
        return (ParquetSchema(columns: specs), columns)
    }

    /// What a reader returns for a written column: placeholders at nulls, validity nil when nothing is null.
    static func normalized(_ column: ParquetColumn) -> ParquetColumn {
        guard let validity = column.validity, validity.contains(false) else {
            return ParquetColumn(values: column.values)
        }
        func mask<T>(_ values: [T], _ placeholder: T) -> [T] {
            zip(values, validity).map { $1 ? $0 : placeholder }
        }
        let values: ParquetValues
        switch column.values {
        case .boolean(let v): values = .boolean(mask(v, false))
        case .int32(let v): values = .int32(mask(v, 0))
        case .int64(let v): values = .int64(mask(v, 0))
        case .double(let v): values = .double(mask(v, 0))
        case .string(let v): values = .string(mask(v, ""))
        case .bytes(let v): values = .bytes(mask(v, []))
        case .hex32(let v): values = .hex32(mask(v, HexString32(w0: 0, w1: 0, w2: 0, w3: 0)))
        case .padded32(let v): values = .padded32(mask(v, PaddedString32(w0: 0, w1: 0, w2: 0, w3: 0)))
        }
        return ParquetColumn(values: values, validity: validity)
    }

    /// Doubles compared by bit pattern, so NaN equals NaN and -0.0 differs from 0.0.
    static func bitwise(_ column: ParquetColumn) -> ParquetColumn {
        guard case .double(let values) = column.values else { return column }
        return ParquetColumn(values: .int64(values.map { Int64(bitPattern: $0.bitPattern) }), validity: column.validity)
    }
}
