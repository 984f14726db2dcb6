import JingzhunIO
import JingzhunIndicators

/// The compute stage's identity runs as scratch files, one per province: `<directory>/run-<n>`.
///
/// Memory stays bounded by what the caller appends or reads at once. The files are scratch: not
/// synced, removed by `removeAll` (which `IndicatorAccumulator.finish` calls) and on deinit; a
/// run killed meanwhile leaves them behind, and the compute stage removes the whole scratch
/// folder before it starts (the output folder's lock makes it ours), so leftovers never mix in.
final class ScratchIdentityRuns: IdentityRunStorage {
    let directory: String
    private let fileSystem: any FileSystem
    private var files: [any OpenFile] = []

    init(directory: String, fileSystem: any FileSystem = POSIXFileSystem()) {
        self.directory = directory
        self.fileSystem = fileSystem
    }

    deinit { removeAll() }

    private func path(_ run: Int) -> String { directory + "/run-\(run)" }

    func append(_ bytes: [UInt8], toRun run: Int) throws {
        precondition(run <= files.count, "identity run \(run) appended before run \(files.count)")
        if run == files.count {
            do {
                try fileSystem.createDirectories(directory)
                files.append(try fileSystem.open(path(run), mode: .scratch))
            } catch {
                throw IOError(
                    "cannot create a scratch file for compute", path: path(run), operation: error.operation,
                    errno: error.errno)
            }
        }
        do {
            try files[run].write(bytes)
        } catch {
            throw IOError(
                "cannot write a scratch file for compute (is the disk full?)", path: path(run), operation: .write,
                errno: error.errno)
        }
    }

    func read(run: Int, offset: Int, count: Int) throws -> [UInt8] {
        do {
            return try files[run].read(at: offset, count: count)
        } catch {
            throw IOError(
                "cannot read a scratch file of compute", path: path(run), operation: .read, errno: error.errno)
        }
    }

    func removeAll() {
        for (run, file) in files.enumerated() {
            // try?: a scratch file is removed on the next line; a failed close loses nothing kept.
            try? file.close()
            fileSystem.removeTree(path(run))  // scratch: removed without syncing the folder
        }
        files = []
        fileSystem.removeEmptyDirectory(directory)
    }
}
