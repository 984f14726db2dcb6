/// The SQL engines `jingzhun sql` writes for (catalogue.md §SQL).
///
/// The script uses the SQL both engines share (CTEs, `CASE`, `CAST`, `NULLIF`, `COALESCE`,
/// window functions, `UNION ALL`); only what has no common spelling differs: how a Parquet file
/// is read and the name of the text type.
public enum SQLDialect: String, Sendable, CaseIterable {
    /// DuckDB ≥ 1.0 (the `duckdb` CLI or the Python package).
    case duckdb
    /// Spark SQL ≥ 3.4 (`spark-sql -f`, or `spark.sql` statement by statement).
    case spark

    /// The table expression that reads one Parquet file.
    func readParquet(_ path: String) -> String {
        switch self {
        case .duckdb: "read_parquet(\(SQLText.string(path)))"
        case .spark: "parquet.`\(SQLText.backtickEscaped(path))`"
        }
    }

    /// The SQL type of a store column of Delta type `deltaType`.
    func type(ofDelta deltaType: String) -> String {
        switch deltaType {
        case "string": self == .duckdb ? "VARCHAR" : "STRING"
        case "integer": "INTEGER"
        case "long": "BIGINT"
        case "double": "DOUBLE"
        case "boolean": "BOOLEAN"
        case "date": "DATE"
        default: preconditionFailure("the store has no column of Delta type '\(deltaType)'")
        }
    }

    /// The start of a statement that computes an intermediate result once and keeps it for the
    /// statements after it (`jz_…`): a temporary table in DuckDB, a cached table in Spark. Views
    /// would be expanded at every use: a layer read twice (this year and `prev`) would double the
    /// work of every layer below it.
    var materializingStatement: String {
        switch self {
        case .duckdb: "CREATE OR REPLACE TEMPORARY TABLE"
        case .spark: "CACHE TABLE"
        }
    }

    /// The text type.
    var stringType: String { type(ofDelta: "string") }

    /// a DIV b of two BIGINTs, truncated: a BIGINT (DuckDB's `/` would give a DOUBLE).
    func integerQuotient(_ a: String, _ b: String) -> String {
        switch self {
        case .duckdb: "(\(a) // \(b))"
        case .spark: "(\(a) div \(b))"
        }
    }

    /// The DOUBLE nearest an exact integer x (a DECIMAL(38,0), |x| < 2¹⁰⁶), the same in every
    /// engine: `CAST(x DIV 2⁵³ AS DOUBLE) · 2⁵³ + CAST(x % 2⁵³ AS DOUBLE)`, both parts exact, so the
    /// one addition rounds x to nearest (ties to even), as Swift's `WideSum.nearestDouble`. (A plain
    /// CAST is not relied on: no engine documents it as correctly rounded.) DuckDB's `//`
    /// on a DECIMAL gives a DOUBLE, so x is a HUGEINT there; Spark's `div` gives a BIGINT.
    func nearestDouble(_ x: String) -> String {
        let power = "9007199254740992"
        switch self {
        case .duckdb:
            return
                "(CAST(CAST(\(x) AS HUGEINT) // \(power) AS DOUBLE) * CAST(\(power) AS DOUBLE) + CAST(CAST(\(x) AS "
                + "HUGEINT) % \(power) AS DOUBLE))"
        case .spark:
            return "(CAST(\(x) div \(power) AS DOUBLE) * CAST(\(power) AS DOUBLE) + CAST(\(x) % \(power) AS DOUBLE))"
        }
    }
}

/// Literals and identifiers written into a script.
enum SQLText {
    /// A string literal: `'it''s'`.
    static func string(_ value: String) -> String {
        "'" + value.replacing("'", with: "''") + "'"
    }

    /// A path inside Spark's backquoted `parquet.`…`` (a backquote is doubled).
    static func backtickEscaped(_ value: String) -> String { value.replacing("`", with: "``") }
}
