import JingzhunIO
import Parquet

/// Where the Parquet writer puts a data file's bytes: a temporary file in the partition folder,
/// hashed as the bytes pass (the file is named after its content once complete).
///
/// An IO failure is kept (`failure`) and reported to the writer as a `ParquetError`, which stops
/// it; the store then words the kept `IOError` (disk full, permissions) as a `StoreError`.
struct StoreFileSink: ParquetByteSink {
    let path: String
    private let fileSystem: any FileSystem
    private let file: any OpenFile
    private(set) var hasher = SHA256Hasher()
    private(set) var failure: IOError?

    /// Opens a new temporary file in `folder` (which must exist).
    init(temporaryIn folder: String, table: StoreTable, fileSystem: any FileSystem) throws(StoreError) {
        path = TemporaryPath.near(folder + "/" + table.rawValue)
        self.fileSystem = fileSystem
        do {
            file = try fileSystem.open(path, mode: .truncating)
        } catch {
            throw StoreFiles.storeError(error)
        }
    }

    mutating func write(_ bytes: [UInt8]) throws(ParquetError) {
        do {
            try file.write(bytes)
        } catch {
            failure = error
            throw ParquetError(.invalidArgument, "\(path): \(error)")
        }
        hasher.update(bytes)
    }

    /// Makes the bytes durable and closes the file.
    mutating func finish() throws(ParquetError) {
        do {
            try file.sync()
            try file.close()
        } catch {
            failure = error
            throw ParquetError(.invalidArgument, "\(path): \(error)")
        }
    }

    /// Closes and removes the temporary file (after a failure, or when the same file exists).
    func discard() {
        try? file.close()
        try? fileSystem.remove(path)
    }
}
