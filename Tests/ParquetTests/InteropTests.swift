import Foundation
import Testing

@testable import Parquet

/// Reads our files with real pyarrow and DuckDB, and reads a pyarrow-written file with our reader.
/// Skipped, with the reason printed, when `JINGZHUN_PYTHON` lacks the modules.
@Suite(.serialized) struct InteropTests {
    /// Dumps a file as JSON: pyarrow values, types and row-group-0 statistics, and DuckDB values.
    static let readerScript = #"""
        import sys, json, datetime
        import pyarrow.parquet as pq
        import duckdb

        def conv(v):
            if v is None: return None
            if isinstance(v, bytes): return "hex:" + v.hex()
            if isinstance(v, datetime.date): return "date:" + v.isoformat()
            return v

        path = sys.argv[1]
        table = pq.read_table(path)
        md = pq.ParquetFile(path).metadata
        out = {"pyarrow": {n: [conv(v) for v in table.column(n).to_pylist()] for n in table.column_names},
               "types": {f.name: str(f.type) for f in table.schema},
               "nullable": {f.name: f.nullable for f in table.schema},
               "row_groups": md.num_row_groups, "stats": {}}
        for i in range(md.num_columns):
            s = md.row_group(0).column(i).statistics
            name = md.schema.column(i).name
            if s is None:
                out["stats"][name] = None
            else:
                out["stats"][name] = {"has_min_max": s.has_min_max, "null_count": s.null_count,
                                      "min": conv(s.min) if s.has_min_max else None,
                                      "max": conv(s.max) if s.has_min_max else None}
        con = duckdb.connect()
        cur = con.execute("SELECT * FROM read_parquet(?)", [path])
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
        out["duckdb"] = {n: [conv(r[i]) for r in rows] for i, n in enumerate(names)}
        print(json.dumps(out))
        """#

    struct Report: Decodable {
        struct Stats: Decodable {
            var has_min_max: Bool
            var null_count: Int?
            var min: JSONScalar?
            var max: JSONScalar?
        }
        var pyarrow: [String: [JSONScalar]]
        var duckdb: [String: [JSONScalar]]
        var types: [String: String]
        var nullable: [String: Bool]
        var row_groups: Int
        var stats: [String: Stats?]
    }

    static func skipReason() -> String? {
        PythonInterop.skipReason(modules: ["pyarrow", "duckdb"])
    }

    @Test func pyarrowAndDuckDBReadOurFiles() throws {
        if let reason = Self.skipReason() {
            print("SKIPPED pyarrowAndDuckDBReadOurFiles: \(reason)")
            return
        }
        let (schema, columns) = Fixtures.allTypes(useDictionary: true)
        for compression in [ParquetCompression.gzip, .uncompressed] {
            var options = ParquetWriterOptions()
            options.compression = compression
            options.rowGroupSize = 1_000
            let bytes = try ParquetFileWriter.write(
                schema: schema, columns: columns, options: options, dataPageSize: 2_048)
            let path = PythonInterop.temporaryPath("ours-\(compression).parquet")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let output = try PythonInterop.run(Self.readerScript, arguments: [path])
            try #require(output.status == 0, "python failed: \(output.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: output.stdout)
            #expect(report.row_groups == 3)
            for (spec, column) in zip(schema.columns, columns) {
                let expected = Self.json(column, spec: spec, rows: 0..<column.count)
                #expect(report.pyarrow[spec.name] == expected, "pyarrow \(spec.name)")
                #expect(report.duckdb[spec.name] == expected, "duckdb \(spec.name)")
                #expect(report.nullable[spec.name] == spec.isOptional, "nullable \(spec.name)")
                let stats = try #require(report.stats[spec.name] ?? nil, "statistics of \(spec.name)")
                let firstGroup = Self.json(column, spec: spec, rows: 0..<1_000)
                #expect(stats.null_count == firstGroup.filter { $0 == .null }.count, "null_count \(spec.name)")
                if let (minimum, maximum) = Self.minMax(column, spec: spec, rows: 0..<1_000) {
                    #expect(
                        stats.has_min_max && stats.min == minimum && stats.max == maximum,
                        "min/max \(spec.name): \(String(describing: stats.min))…\(String(describing: stats.max))")
                } else {
                    #expect(!stats.has_min_max, "\(spec.name) has no non-null value")
                }
            }
            #expect(
                report.types["day"] == "date32[day]" && report.types["name"] == "string"
                    && report.types["blob"] == "binary")
        }
    }

    /// Writes a file with pyarrow (gzip, dictionary, data page v1, 3 row groups) for our reader.
    static let writerScript = #"""
        import sys
        import pyarrow as pa, pyarrow.parquet as pq
        n = 2500
        names = ["甘肃", "Gansu", "", "e\u0301", "é"]
        def nullable(values, every):
            return [None if i % every == 0 else v for i, v in enumerate(values)]
        schema = pa.schema([
            pa.field("flag", pa.bool_()), pa.field("small", pa.int32(), nullable=False), pa.field("amount", pa.int32()),
            pa.field("id", pa.int64(), nullable=False), pa.field("ratio", pa.float64()), pa.field("county", \#
        pa.string()),
            pa.field("name", pa.string(), nullable=False), pa.field("blob", pa.binary()), pa.field("day", pa.date32())])
        table = pa.table({
            "flag": nullable([i % 3 == 0 for i in range(n)], 4),
            "small": [(i % 17) - 8 for i in range(n)],
            "amount": nullable([i * 1000 for i in range(n)], 3),
            "id": [i * 3000000007 for i in range(n)],
            "ratio": nullable([i * 0.25 for i in range(n)], 5),
            "county": nullable(["县%d" % (i % 97) for i in range(n)], 6),
            "name": [names[i % len(names)] for i in range(n)],
            "blob": nullable([bytes([i % 256, 0, 255]) for i in range(n)], 7),
            "day": pa.array(nullable([18000 + i % 400 for i in range(n)], 9), pa.int32()).cast(pa.date32()),
        }, schema=schema)
        pq.write_table(table, sys.argv[1], compression="gzip", use_dictionary=True, data_page_version="1.0",
                       row_group_size=1000)
        """#

    @Test func ourReaderReadsAPyarrowFile() throws {
        if let reason = PythonInterop.skipReason(modules: ["pyarrow"]) {
            print("SKIPPED ourReaderReadsAPyarrowFile: \(reason)")
            return
        }
        let path = PythonInterop.temporaryPath("pyarrow.parquet")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try PythonInterop.run(Self.writerScript, arguments: [path])
        try #require(output.status == 0, "python failed: \(output.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let parser = try ParquetFileParser(bytes: bytes)
        #expect(parser.metadata.rowGroups.count == 3)
        #expect(
            parser.metadata.rowGroups[0].columns.compactMap(\.metaData).contains {
                $0.encodings.contains(.rleDictionary)
            })
        let reader = try ParquetFileReader(bytes: bytes)
        let n = 2_500
        let rows = 0..<n
        func validity(_ every: Int) -> [Bool] { rows.map { $0 % every != 0 } }
        let names = ["甘肃", "Gansu", "", "e\u{301}", "é"]
        let expected: [(String, ParquetColumn, ParquetLogicalType, Bool)] = [
            ("flag", ParquetColumn(values: .boolean(rows.map { $0 % 3 == 0 }), validity: validity(4)), .none, true),
            ("small", ParquetColumn(values: .int32(rows.map { Int32($0 % 17) - 8 })), .none, false),
            (
                "amount", ParquetColumn(values: .int32(rows.map { Int32($0) * 1_000 }), validity: validity(3)), .none,
                true
            ),
            ("id", ParquetColumn(values: .int64(rows.map { Int64($0) * 3_000_000_007 })), .none, false),
            (
                "ratio", ParquetColumn(values: .double(rows.map { Double($0) * 0.25 }), validity: validity(5)), .none,
                true
            ),
            (
                "county", ParquetColumn(values: .string(rows.map { "县\($0 % 97)" }), validity: validity(6)), .string,
                true
            ),
            ("name", ParquetColumn(values: .string(rows.map { names[$0 % names.count] })), .string, false),
            (
                "blob", ParquetColumn(values: .bytes(rows.map { [UInt8($0 % 256), 0, 255] }), validity: validity(7)),
                .none, true
            ),
            (
                "day", ParquetColumn(values: .int32(rows.map { 18_000 + Int32($0 % 400) }), validity: validity(9)),
                .date, true
            ),
        ]
        #expect(reader.rowCount == n)
        #expect(reader.schema.columns.map(\.name) == expected.map(\.0))
        for (name, column, logicalType, isOptional) in expected {
            let spec = try #require(reader.schema.columns.first { $0.name == name })
            #expect(spec.logicalType == logicalType && spec.isOptional == isOptional, "\(name)")
            let read = try reader.column(named: name)
            #expect(read == Fixtures.normalized(column), "\(name)")
            if case .string(let strings) = read.values, name == "name" {
                // Byte-exact: "e\u{301}" and "é" must not be merged.
                #expect(strings[3].utf8.count == 3 && strings[4].utf8.count == 2)
            }
        }
    }

    // MARK: Expected values in the script's JSON shape

    static func json(_ column: ParquetColumn, spec: ParquetColumnSpec, rows: Range<Int>) -> [JSONScalar] {
        let isValid = { (row: Int) in column.validity?[row] ?? true }
        switch column.values {
        case .int32(let values) where spec.logicalType == .date:
            return rows.map { isValid($0) ? .string("date:" + isoDate(daysSinceEpoch: Int(values[$0]))) : .null }
        case .boolean(let values): return rows.map { isValid($0) ? .bool(values[$0]) : .null }
        case .int32(let values): return rows.map { isValid($0) ? .number(Double(values[$0])) : .null }
        case .int64(let values): return rows.map { isValid($0) ? .number(Double(values[$0])) : .null }
        case .double(let values): return rows.map { isValid($0) ? .number(values[$0]) : .null }
        case .string(let values): return rows.map { isValid($0) ? .string(values[$0]) : .null }
        case .bytes(let values): return rows.map { isValid($0) ? .string("hex:" + hex(values[$0])) : .null }
        case .hex32(let values): return rows.map { isValid($0) ? .string(values[$0].digits) : .null }
        case .padded32(let values): return rows.map { isValid($0) ? .string(values[$0].string) : .null }
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    /// Min and max of the valid values in TypeDefinedOrder, as pyarrow reports them.
    static func minMax(_ column: ParquetColumn, spec: ParquetColumnSpec, rows: Range<Int>) -> (JSONScalar, JSONScalar)?
    {
        let valid = rows.filter { column.validity?[$0] ?? true }
        guard !valid.isEmpty else { return nil }
        func extremes<T>(_ values: [T], _ precedes: (T, T) -> Bool, _ wrap: (T) -> JSONScalar) -> (
            JSONScalar, JSONScalar
        )? {
            let picked = valid.map { values[$0] }
            guard let low = picked.min(by: precedes), let high = picked.max(by: precedes) else { return nil }
            return (wrap(low), wrap(high))
        }
        switch column.values {
        case .boolean(let v): return extremes(v, { !$0 && $1 }) { .bool($0) }
        case .int32(let v) where spec.logicalType == .date:
            return extremes(v, <) { .string("date:" + isoDate(daysSinceEpoch: Int($0))) }
        case .int32(let v): return extremes(v, <) { .number(Double($0)) }
        case .int64(let v): return extremes(v, <) { .number(Double($0)) }
        case .double(let v): return extremes(v, <) { .number($0) }
        case .string(let v): return extremes(v, { $0.utf8.lexicographicallyPrecedes($1.utf8) }) { .string($0) }
        case .bytes(let v): return extremes(v, { $0.lexicographicallyPrecedes($1) }) { .string("hex:" + hex($0)) }
        case .hex32(let v): return extremes(v, <) { .string($0.digits) }
        case .padded32(let v): return extremes(v, <) { .string($0.string) }
        }
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (civil-from-days, era arithmetic).
    static func isoDate(daysSinceEpoch days: Int) -> String {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    @Test func isoDateMatchesKnownDays() {
        #expect(Self.isoDate(daysSinceEpoch: 0) == "1970-01-01")
        #expect(Self.isoDate(daysSinceEpoch: 18_000) == "2019-04-14")
        #expect(Self.isoDate(daysSinceEpoch: 19_782) == "2024-02-29")
        #expect(Self.isoDate(daysSinceEpoch: -1) == "1969-12-31")
    }
}
