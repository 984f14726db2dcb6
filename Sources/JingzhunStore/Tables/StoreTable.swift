import JingzhunIO
import Parquet

/// The eight tables of the store (runs-and-store.md §The store), each a Delta table in
/// `<output>/store/<name>/`.
public enum StoreTable: String, CaseIterable, Sendable, Hashable, Comparable {
    case counties, villages, households, members, rejections, submissions, indicators, breakdowns

    /// Declaration order (the order of manifests and of commits in `Store.apply`).
    public static func < (a: StoreTable, b: StoreTable) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// One column of a table: its Delta type, nullability and whether the writer tries a dictionary.
struct TableColumn: Sendable, Hashable {
    var name: String
    var type: DeltaPrimitiveType
    var isNullable: Bool
    var useDictionary: Bool

    static func string(_ name: String, nullable: Bool = false, dictionary: Bool = false) -> TableColumn {
        TableColumn(name: name, type: .string, isNullable: nullable, useDictionary: dictionary)
    }
    /// A contract enumeration or another low-cardinality text: STRING, dictionary-encoded.
    static func code(_ name: String, nullable: Bool = false) -> TableColumn {
        TableColumn(name: name, type: .string, isNullable: nullable, useDictionary: true)
    }
    static func int32(_ name: String, nullable: Bool = false) -> TableColumn {
        TableColumn(name: name, type: .integer, isNullable: nullable, useDictionary: false)
    }
    static func int64(_ name: String, nullable: Bool = false) -> TableColumn {
        TableColumn(name: name, type: .long, isNullable: nullable, useDictionary: false)
    }
    static func double(_ name: String, nullable: Bool = false) -> TableColumn {
        TableColumn(name: name, type: .double, isNullable: nullable, useDictionary: false)
    }
    static func boolean(_ name: String) -> TableColumn {
        TableColumn(name: name, type: .boolean, isNullable: false, useDictionary: false)
    }
    static func date(_ name: String) -> TableColumn {
        TableColumn(name: name, type: .date, isNullable: false, useDictionary: false)
    }

    var parquetSpec: ParquetColumnSpec {
        let physical: ParquetPhysicalType
        var logical = ParquetLogicalType.none
        switch type {
        case .string:
            physical = .byteArray
            logical = .string
        case .integer: physical = .int32
        case .long: physical = .int64
        case .double: physical = .double
        case .boolean: physical = .boolean
        case .date:
            physical = .int32
            logical = .date
        }
        return ParquetColumnSpec(
            name: name, physicalType: physical, logicalType: logical, isOptional: isNullable,
            useDictionary: useDictionary)
    }

    var deltaField: DeltaField { DeltaField(name: name, type: type, isNullable: isNullable) }
}

/// How a commit decides which active files a new file replaces.
enum ReplacementScope: Sendable {
    /// Every active file of the partition: the data tables, where a newer revision replaces the
    /// (year, province) snapshot as a whole (submissions.md §Snapshot semantics).
    case partition
    /// Only active files of the partition written for the same submission (id and content hash):
    /// `submissions` and `rejections` keep one entry per submission seen.
    case submission
}

/// The schema and layout of one table, defined once; writers, readers, the Delta metadata and
/// docs/store.md all follow it.
struct TableDefinition: Sendable {
    let table: StoreTable
    /// Hive partition columns (in folder order); not stored in the data files (Delta rule).
    let partitionColumns: [TableColumn]
    /// Columns stored in the Parquet files, in file order.
    let dataColumns: [TableColumn]
    let scope: ReplacementScope

    static let year = TableColumn.int32("year")
    static let province = TableColumn.string("province")

    var parquetSchema: ParquetSchema { ParquetSchema(columns: dataColumns.map(\.parquetSpec)) }

    /// Partition columns first, then the data columns (what outside readers list).
    var schemaString: String { DeltaSchema.schemaString((partitionColumns + dataColumns).map(\.deltaField)) }

    /// A UUID-shaped id derived from the table name, so the metadata is the same on every run
    /// (no randomness): the first 16 bytes of SHA-256 of a fixed label and the name, with the
    /// RFC 9562 version 8 ("custom") and variant bits set.
    var tableID: String {
        var digest = Array(
            SHA256Hasher.hex(of: Array("jingzhun-delta-table-v1:\(table.rawValue)".utf8)).utf8.prefix(32))
        // Version nibble (13th hex digit) = 8; variant (17th) in 8...b.
        digest[12] = UInt8(ascii: "8")
        let variants = Array("89ab".utf8)
        let nibble = Int(digest[16] >= 0x61 ? digest[16] - 0x61 + 10 : digest[16] - 0x30)
        digest[16] = variants[nibble & 0x3]
        let hex = String(decoding: digest, as: UTF8.self)
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
            hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }

    func metadata(createdTime: Int64) -> DeltaMetadata {
        DeltaMetadata(
            id: tableID, schemaString: schemaString, partitionColumns: partitionColumns.map(\.name),
            createdTime: createdTime)
    }

    /// Hive folder of a partition: `year=2019/province=52`.
    func partitionFolder(_ values: [String: String]) -> String {
        partitionColumns.map { "\($0.name)=\(values[$0.name] ?? "")" }.joined(separator: "/")
    }

    /// Human-readable partition for commit parameters: `year = 2019 AND province = '52'`.
    func predicate(_ values: [String: String]) -> String {
        partitionColumns.map { column in
            let value = values[column.name] ?? ""
            return column.type == .string ? "\(column.name) = '\(value)'" : "\(column.name) = \(value)"
        }.joined(separator: " AND ")
    }
}

extension TableDefinition {
    static func of(_ table: StoreTable) -> TableDefinition {
        switch table {
        case .counties: counties
        case .villages: villages
        case .households: households
        case .members: members
        case .rejections: rejections
        case .submissions: submissions
        case .indicators: indicators
        case .breakdowns: breakdowns
        }
    }

    // Column names are the contract's CSV column names (submissions.md §Records and fields);
    // codes are STRING, enumerations dictionary-encoded STRING, money DOUBLE yuan.

    static let counties = TableDefinition(
        table: .counties, partitionColumns: [year, province],
        dataColumns: [
            .string("county_code"), .int64("rural_population"), .double("rural_income"),
            .code("submission"), .int64("source_line"),
        ], scope: .partition)

    static let villages = TableDefinition(
        table: .villages, partitionColumns: [year, province],
        dataColumns: [
            .string("village_code"), .code("county_code"), .string("name"), .boolean("poor_village"),
            .int64("population"), .boolean("road"), .boolean("water"), .boolean("electricity"),
            .boolean("broadband"), .boolean("clinic"), .code("submission"), .int64("source_line"),
        ], scope: .partition)

    static let households = TableDefinition(
        table: .households, partitionColumns: [year, province],
        dataColumns: [
            .string("household_id"), .string("village_code", dictionary: true), .code("county_code"),
            .code("prefecture_code"), .int32("registered_year"), .code("category"), .code("cause"), .code("status"),
            .int32("exit_year", nullable: true), .code("housing_grade"), .boolean("safe_water"),
            .boolean("food_clothing_secured"), .double("income_wage"), .double("income_operating"),
            .double("income_property"), .double("income_transfer"), .double("operating_cost"), .code("measures"),
            .code("submission"), .int64("source_line"),
        ], scope: .partition)

    static let members = TableDefinition(
        table: .members, partitionColumns: [year, province],
        dataColumns: [
            .string("household_id"), .string("member_key"), .code("relation"), .code("sex"), .date("birth_date"),
            .code("education"), .code("schooling"), .code("health"), .code("labor"), .boolean("medical_insured"),
            .boolean("serious_illness_insured"), .boolean("pension_insured"), .code("submission"),
            .int64("source_line"),
        ], scope: .partition)

    static let rejections = TableDefinition(
        table: .rejections, partitionColumns: [year, province],
        dataColumns: [
            .code("submission"), .code("file"), .int64("line"), .int64("column", nullable: true),
            .string("household_id", nullable: true), .code("rule"), .code("field", nullable: true), .string("message"),
        ], scope: .submission)

    static let submissions = TableDefinition(
        table: .submissions, partitionColumns: [year, province],
        dataColumns: [
            .string("submission"), .int32("revision"), .code("format"), .string("files"), .string("content_hash"),
            .code("outcome"), .int64("households_received"), .int64("households_rejected"),
            .int64("members_received"), .int64("members_accepted"), .int64("orphan_members"),
            .int64("counties_received"), .int64("counties_rejected"), .int64("villages_received"),
            .int64("villages_rejected"), .int64("warnings"), .string("rule_passes"), .string("rule_findings"),
            .code("reason_rule", nullable: true), .string("reason_message", nullable: true),
        ], scope: .submission)

    static let indicators = TableDefinition(
        table: .indicators, partitionColumns: [year],
        dataColumns: [.code("level"), .string("area_code"), .code("indicator"), .double("value", nullable: true)],
        scope: .partition)

    static let breakdowns = TableDefinition(
        table: .breakdowns, partitionColumns: [year],
        dataColumns: [
            .code("level"), .string("area_code"), .code("dimension"), .code("member"), .int64("households"),
            .int64("population", nullable: true),
        ], scope: .partition)
}
