#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JingzhunIO
import JingzhunIndicators

/// The compute stage's identity runs as scratch files, one per province: `<directory>/run-<n>`.
///
/// Memory stays bounded by what the caller appends or reads at once. The files are scratch: not
/// fsynced, removed by `removeAll` (which `IndicatorAccumulator.finish` calls) and on deinit; a
/// run killed meanwhile leaves them behind, and the compute stage removes the whole scratch
/// folder before it starts (the output folder's lock makes it ours), so leftovers never mix in.
final class ScratchIdentityRuns: IdentityRunStorage {
    let directory: String
    private var descriptors: [Int32] = []

    init(directory: String) {
        self.directory = directory
    }

    deinit { removeAll() }

    private func path(_ run: Int) -> String { directory + "/run-\(run)" }

    func append(_ bytes: [UInt8], toRun run: Int) throws {
        precondition(run <= descriptors.count, "identity run \(run) appended before run \(descriptors.count)")
        if run == descriptors.count {
            try FilePath.createDirectories(directory)
            let fd = open(path(run), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw IOError("cannot create a scratch file for compute", path: path(run), errno: errno) }
            descriptors.append(fd)
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(descriptors[run], $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError("cannot write a scratch file for compute (is the disk full?)", path: path(run), errno: errno)
            }
            offset += n
        }
    }

    func read(run: Int, offset: Int, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = bytes.withUnsafeMutableBytes {
                pread(descriptors[run], $0.baseAddress! + filled, count - filled, off_t(offset + filled))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError("cannot read a scratch file of compute", path: path(run), errno: errno)
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeLast(count - filled)
        return bytes
    }

    func removeAll() {
        for (run, fd) in descriptors.enumerated() {
            close(fd)
            unlink(path(run))
        }
        descriptors = []
        rmdir(directory)
    }
}
