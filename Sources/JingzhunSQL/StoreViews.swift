/// The views of the store's records in force: what an analyst queries, and what the indicator
/// script reads (catalogue.md §SQL; issue 16: a store people can query right).
///
/// - `submissions`: every submission seen (one row per submission id and content hash), with
///   its outcome.
/// - `submissions_in_force`: for each (year, province), the applied submission with the highest
///   revision (ties, which the store never writes, go to the higher content hash), as
///   `StoreSnapshot.inForce` decides it.
/// - `counties`, `villages`, `households`, `members`: the rows of the submissions in force.
///
/// Each view reads the Parquet files the Delta log held in force when the script was made,
/// named as absolute paths, and keeps only rows of a submission in force (which those files
/// hold anyway: the filter makes the rule visible in the SQL and keeps it true if someone adds
/// files). A later run may supersede files: make the script again after each run.
public enum StoreViews {
    /// The record tables, in the order their views are written.
    static let recordTables = ["counties", "villages", "households", "members"]

    /// The `CREATE VIEW` statements, each ending in `;` and a blank line.
    ///
    /// `source` `.files` (what `jingzhun sql` prints) reads each file by its own `SELECT`;
    /// `.registered` (compute's Spark job, docs/scale-out.md) reads each table from the view
    /// `jz_files_<table>` that the job's driver registers, all the table's files read at once with
    /// the declared schema, and keeps every view computed (`CACHE TABLE`): each table is read once.
    public static func statements(_ store: SQLStore, dialect: SQLDialect, source: SQLStoreSource = .files) -> String {
        var out = ""
        let create = source == .registered ? dialect.materializingStatement + " " : "CREATE OR REPLACE TEMPORARY VIEW "
        if let submissions = store.tables["submissions"] {
            out += "-- Every submission seen, with its outcome (docs/store.md §submissions).\n"
            out += view(
                "submissions", body: union(submissions, dialect: dialect, source: source), dialect: dialect,
                create: create)
            out += """
                -- The submission in force for each (year, province): the applied one with the highest revision.
                \(create)submissions_in_force AS
                SELECT \(columnList(submissions))
                FROM (
                  SELECT s.*, ROW_NUMBER() OVER (
                    PARTITION BY s.year, s.province ORDER BY s.revision DESC, s.content_hash DESC) AS rank_in_partition
                  FROM submissions AS s
                  WHERE s.outcome = 'applied'
                ) AS ranked
                WHERE rank_in_partition = 1;


                """
        }
        for name in recordTables {
            guard let table = store.tables[name] else { continue }
            out +=
                "-- \(name): the rows of the submissions in force (\(table.files.count) "
                + "file\(table.files.count == 1 ? "" : "s")).\n"
            let body = """
                SELECT \(columnList(table))
                FROM (
                \(union(table, dialect: dialect, source: source).indented(2))
                ) AS f
                WHERE EXISTS (
                  SELECT 1 FROM submissions_in_force AS s
                  WHERE s.year = f.year AND s.province = f.province AND s.submission = f.submission)
                """
            out += view(name, body: body, dialect: dialect, create: create)
        }
        return out
    }

    static func view(
        _ name: String, body: String, dialect: SQLDialect, create: String = "CREATE OR REPLACE TEMPORARY VIEW "
    ) -> String {
        "\(create)\(name) AS\n\(body);\n\n"
    }

    /// The view the Spark job's driver registers for `table` (`source: .registered`).
    public static func registeredView(_ table: String) -> String { "jz_files_" + table }

    static func columnList(_ table: SQLTableSource) -> String {
        table.columns.map(\.name).joined(separator: ", ")
    }

    /// One `SELECT` per file (partition values as typed literals), joined by `UNION ALL`; a
    /// typed empty `SELECT` when the table has no file.
    static func union(_ table: SQLTableSource, dialect: SQLDialect, source: SQLStoreSource = .files) -> String {
        if source == .registered { return "SELECT " + columnList(table) + " FROM " + registeredView(table.name) }
        guard !table.files.isEmpty else {
            let columns = table.columns.map { "CAST(NULL AS \(dialect.type(ofDelta: $0.deltaType))) AS \($0.name)" }
            return "SELECT " + columns.joined(separator: ", ") + " FROM (SELECT 1 AS one) AS nothing WHERE 1 = 0"
        }
        return table.files.map { file in
            let columns = table.columns.map { column -> String in
                guard table.partitionColumns.contains(column.name) else { return column.name }
                let value = file.partitionValues[column.name] ?? ""
                // A quoted literal whatever the type, so no partition value can end the statement.
                return "CAST(\(SQLText.string(value)) AS \(dialect.type(ofDelta: column.deltaType))) AS \(column.name)"
            }
            return "SELECT " + columns.joined(separator: ", ") + " FROM " + dialect.readParquet(file.path)
        }.joined(separator: "\nUNION ALL\n")
    }
}

/// Where the store views read the tables' files from (`StoreViews.statements`).
public enum SQLStoreSource: Sendable {
    /// One `SELECT` per Parquet file, named by its absolute path (the printed script).
    case files
    /// A view `jz_files_<table>` per table, registered by whoever runs the script.
    case registered
}

extension String {
    /// Every line but empty ones prefixed by `spaces` spaces.
    func indented(_ spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }
}
