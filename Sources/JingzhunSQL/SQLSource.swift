/// One store table as the script reads it: its columns and the Parquet files in force.
///
/// `jingzhun sql` fills it from the store's Delta log at generation time (JingzhunStore's
/// `StoreSnapshot.listing`), so the script names the exact files in force as absolute paths and
/// needs no Delta reader: a glob over the folders would also see the files of superseded
/// revisions, which Delta keeps on disk for time travel (docs/store.md).
public struct SQLTableSource: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var name: String
        /// `string`, `integer`, `long`, `double`, `boolean` or `date` (Delta's names).
        public var deltaType: String

        public init(name: String, deltaType: String) {
            self.name = name
            self.deltaType = deltaType
        }
    }

    public struct File: Sendable, Equatable {
        /// Absolute path of the Parquet file.
        public var path: String
        /// Hive partition values (`year` → `2019`, `province` → `52`), not stored in the file.
        public var partitionValues: [String: String]

        public init(path: String, partitionValues: [String: String]) {
            self.path = path
            self.partitionValues = partitionValues
        }
    }

    /// The table name (`households`).
    public var name: String
    /// Partition columns first, then the file's columns.
    public var columns: [Column]
    public var partitionColumns: [String]
    public var files: [File]

    public init(name: String, columns: [Column], partitionColumns: [String], files: [File]) {
        self.name = name
        self.columns = columns
        self.partitionColumns = partitionColumns
        self.files = files
    }
}

/// The store tables a script reads, by name.
public struct SQLStore: Sendable {
    /// The tables the views cover, in the order they are printed.
    public static let viewTables = ["counties", "villages", "households", "members", "submissions"]

    public var tables: [String: SQLTableSource]
    /// The store folder (absolute), for the script's header.
    public var root: String

    public init(root: String, tables: [SQLTableSource]) {
        self.root = root
        var byName: [String: SQLTableSource] = [:]
        for table in tables { byName[table.name] = table }
        self.tables = byName
    }
}
