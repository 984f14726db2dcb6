import JingzhunCore

/// One table's schema and the data files an outside engine must read for it (`jingzhun sql`).
///
/// For the record tables (counties, villages, households, members) the files are those of the
/// submissions in force, exactly what compute reads; for the other tables, every file the Delta
/// log holds active. Superseded files that Delta keeps on disk for time travel are never listed.
public struct TableListing: Sendable, Equatable {
    /// One column: its name, its Delta type (`string`, `integer`, `long`, `double`, `boolean`,
    /// `date`) and whether it may be null.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var deltaType: String
        public var isNullable: Bool
    }

    /// One Parquet file: its absolute path and its partition values (which are in the folder
    /// names, not in the file).
    public struct File: Sendable, Equatable {
        public var path: String
        public var partitionValues: [String: String]
    }

    public var table: StoreTable
    /// Partition columns first, then the columns stored in the files (docs/store.md order).
    public var columns: [Column]
    /// The partition columns' names (`year`, `province`), a prefix of `columns`.
    public var partitionColumns: [String]
    /// Sorted by path (bytewise), so a listing of the same store is always the same text.
    public var files: [File]
}

extension StoreSnapshot {
    /// The schema and the files in force of `table`.
    ///
    /// - Throws: `incompleteApply` when a record table holds files of another submission than
    ///   the one in force (an interrupted apply: running the pipeline again completes it), as
    ///   `loadProvinceYear` does; `corruptData` when the log lists a file that is missing.
    public func listing(_ table: StoreTable) throws(StoreError) -> TableListing {
        let definition = TableDefinition.of(table)
        var files: [DeltaAddFile] = []
        switch table {
        case .counties, .villages, .households, .members:
            for record in try inForce() {
                let owner = "\(record.key.id)-\(record.contentHash.prefix(Store.nameHashLength))"
                for file in self.files(table, in: Store.partition(record.key)) {
                    guard Store.owner(ofPath: file.path) == owner else {
                        throw StoreError(
                            .incompleteApply,
                            "the \(table.rawValue) table holds '\(file.path)', which is not from \(record.key.id), the "
                                + "submission in force for province \(record.key.province), \(record.key.year): an "
                                + "apply was interrupted; run the pipeline (normalize stage) again to complete it",
                            path: root + "/" + table.rawValue)
                    }
                    files.append(file)
                }
            }
        case .rejections, .submissions, .indicators, .breakdowns:
            files = self.files(table, in: [:])
        }
        var listed: [TableListing.File] = []
        for file in files {
            let path = root + "/" + table.rawValue + "/" + file.path
            guard self.files.exists(path) else {
                throw StoreError.corruptData(
                    "the Delta log of '\(table.rawValue)' lists it but it does not exist", path: path)
            }
            listed.append(TableListing.File(path: path, partitionValues: file.partitionValues))
        }
        listed.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return TableListing(
            table: table,
            columns: (definition.partitionColumns + definition.dataColumns).map {
                TableListing.Column(name: $0.name, deltaType: $0.type.rawValue, isNullable: $0.isNullable)
            },
            partitionColumns: definition.partitionColumns.map(\.name),
            files: listed)
    }
}
