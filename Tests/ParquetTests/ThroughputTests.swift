import Testing

@testable import Parquet

/// Prints write/read throughput of the pointer-based encoders and decoders; asserts only correctness,
/// since timings depend on the machine and build (release numbers are in Documentation.docc).
@Suite struct ThroughputTests {
    @Test func printsThroughputOfAMixedTable() throws {
        let rows = 200_000
        let counties = (0..<300).map { "县\($0)" }
        let schema = ParquetSchema(columns: [
            ParquetColumnSpec(name: "id", physicalType: .int64),
            ParquetColumnSpec(name: "day", physicalType: .int32, logicalType: .date, useDictionary: true),
            ParquetColumnSpec(name: "income", physicalType: .double, isOptional: true),
            ParquetColumnSpec(name: "county", physicalType: .byteArray, logicalType: .string, useDictionary: true),
        ])
        let columns = [
            ParquetColumn(values: .int64((0..<rows).map { Int64($0) * 7_919 })),
            ParquetColumn(values: .int32((0..<rows).map { 18_000 + Int32($0 % 365) })),
            ParquetColumn(
                values: .double((0..<rows).map { Double($0 % 10_007) / 8 }), validity: (0..<rows).map { $0 % 10 != 0 }),
            ParquetColumn(values: .string((0..<rows).map { counties[$0 % counties.count] })),
        ]
        let rawBytes = rows * (8 + 4 + 8) + (0..<rows).reduce(0) { $0 + counties[$1 % counties.count].utf8.count }
        let clock = ContinuousClock()
        var bytes: [UInt8] = []
        let writeTime = try clock.measure { bytes = try writeParquet(schema: schema, columns: columns) }
        var read: [ParquetColumn] = []
        let readTime = try clock.measure {
            let reader = try ParquetFileReader(bytes: bytes)
            read = try schema.columns.map { try reader.column(named: $0.name) }
        }
        #expect(read == columns.map(Fixtures.normalized))
        func megabytesPerSecond(_ duration: Duration) -> Int {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return Int(Double(rawBytes) / max(seconds, 1e-9) / 1e6)
        }
        print(
            "Parquet throughput (\(rows) rows, gzip, this build): write \(megabytesPerSecond(writeTime)) MB/s, "
                + "read \(megabytesPerSecond(readTime)) MB/s, \(rawBytes / 1_000) KB raw → \(bytes.count / 1_000) KB")
    }
}
