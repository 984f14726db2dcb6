import JingzhunIO
import Parquet

extension Store {
    /// Encodes a Parquet file straight to a temporary file in its partition folder, row group by
    /// row group (`settings.row_group_rows` rows each), and renames it after its content (the
    /// SHA-256 of its bytes, taken as they pass).
    ///
    /// Memory holds one row group's columns (one per core at a time) and encoded chunks, never the
    /// whole file nor a whole column (issue 20); the bytes are those of the whole-column writer.
    /// Delta statistics are merged from each row group's. When a complete file of that name exists
    /// (an interrupted attempt's: names are content hashes and appear only by an atomic rename),
    /// the new copy is dropped. The file and its folders are synced before this returns: written
    /// data files are durable before any commit names them.
    func writeFile(
        _ t: StoreTable, partition: [String: String], owner: String?, columns: [ColumnMaker], rowCount: Int
    ) throws(StoreError) -> PreparedFile {
        let definition = TableDefinition.of(t)
        let tableRoot = table(t).root
        let relativeFolder = definition.partitionFolder(partition)
        let folder = tableRoot + "/" + relativeFolder
        try files.createDirectories(folder)
        let statistics = FileStatistics.Accumulator(count: columns.count)
        var sink = try StoreFileSink(temporaryIn: folder, table: t, fileSystem: files.fileSystem)
        let size: Int64
        do {
            size = try writeParquet(
                schema: definition.parquetSchema, rowCount: rowCount, options: writerOptions, into: &sink,
                chunkWritten: statistics.addTextBounds
            ) { index, rows in
                let column = columns[index](rows)
                statistics.add(index, column)
                return column
            }
            try sink.finish()
        } catch {
            sink.discard()
            if let failure = sink.failure { throw StoreFiles.storeError(failure) }
            throw StoreError(
                .parquet,
                "could not encode a \(t.rawValue) file: \(error.message) (an internal error; please report it)",
                path: tableRoot, underlying: error)
        }
        let hash = sink.hasher.finalizeHex().prefix(Store.nameHashLength)
        let name =
            owner.map { "\(Store.filePrefix)\($0)-\(hash)\(Store.fileSuffix)" }
            ?? "\(Store.filePrefix)\(hash)\(Store.fileSuffix)"
        let path = folder + "/" + name
        if files.size(path) == size {
            sink.discard()
        } else {
            try files.rename(sink.path, to: path)
        }
        // The rename (or the removal) synced the file's folder; the partition folders may be new:
        // sync their parents up to the table's folder.
        var parent = StoreFiles.directory(of: folder)
        while parent.count >= tableRoot.count {
            try files.syncDirectory(parent)
            parent = StoreFiles.directory(of: parent)
        }
        return PreparedFile(
            table: t, partition: partition, relativePath: relativeFolder + "/" + name, size: size,
            stats: FileStatistics.json(
                statistics.columns(definitions: definition.dataColumns), definitions: definition.dataColumns,
                rowCount: rowCount))
    }
}
