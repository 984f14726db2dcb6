public import JingzhunCatalogue
import JingzhunCore
import JingzhunIO
public import JingzhunSQL
import JingzhunStore

/// What `jingzhun sql` needs from a pipeline: its store's files in force and its reference data.
public struct SQLInputs: Sendable {
    public var store: SQLStore
    public var reference: SQLReference
    /// The pipeline's catalogue (or the files given instead), checked.
    public var catalogue: Catalogue
}

/// Reads a pipeline's store listing and reference data for `jingzhun sql` (read-only: no lock,
/// works while a run is going on; it sees the tables as their last commits left them).
public enum SQLService {
    /// - Parameters:
    ///   - pipelinePath: The pipeline file.
    ///   - storeOverride: A store folder to read instead of the pipeline's `<output>/store`.
    ///   - catalogueOverride: Catalogue files to compile instead of the pipeline's (`catalogue` key).
    /// - Throws: `RunError(.usage)` when there is no store or it cannot be listed (an interrupted
    ///   apply: the message says to run the pipeline again); `.pipelineFile` for a bad pipeline or
    ///   catalogue (each problem with file, line and column).
    public static func inputs(
        pipelinePath: String, storeOverride: String?, catalogueOverride: [String] = []
    ) throws(RunError) -> SQLInputs {
        let config = try PipelineConfig.load(path: pipelinePath)
        let catalogue =
            catalogueOverride.isEmpty
            ? config.catalogue.catalogue
            : try LoadedCatalogue.load(
                paths: catalogueOverride.map { FilePath.absolute($0) }, relativeTo: FilePath.absolute(".")
            ).catalogue
        let reference = try ReferenceData.load(directory: config.reference)
        let root = storeOverride.map { FilePath.absolute($0) } ?? (config.output + "/store")
        guard FilePath.isDirectory(root + "/submissions/_delta_log") else {
            throw RunError(
                .usage,
                """
                no store at \(root) (no submissions table): run `jingzhun run \(pipelinePath)` first, or name the \
                store with --store DIR
                """
            )
        }
        let store: SQLStore
        do {
            store = try sqlStore(try Store(root: root).snapshot(), root: root)
        } catch {
            throw RunError(.usage, "cannot list the store at \(root): \(error.message)", path: root)
        }
        return SQLInputs(
            store: store,
            reference: SQLReference(
                NationalReference(
                    povertyLine: reference.povertyLine, nationalRuralIncome: reference.nationalRuralIncome)),
            catalogue: catalogue)
    }

    /// The files in force of the tables the SQL reads, from one store snapshot (shared by
    /// `jingzhun sql` and compute's Spark engine, so both read exactly the same records).
    static func sqlStore(_ snapshot: StoreSnapshot, root: String) throws(StoreError) -> SQLStore {
        var tables: [SQLTableSource] = []
        for table in [StoreTable.submissions, .counties, .villages, .households, .members] {
            let listing = try snapshot.listing(table)
            tables.append(
                SQLTableSource(
                    name: table.rawValue,
                    columns: listing.columns.map { SQLTableSource.Column(name: $0.name, deltaType: $0.deltaType) },
                    partitionColumns: listing.partitionColumns,
                    files: listing.files.map { SQLTableSource.File(path: $0.path, partitionValues: $0.partitionValues) }
                ))
        }
        return SQLStore(root: root, tables: tables)
    }
}
