#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One lock per output folder, so two runs never write the same store at once.
///
/// Uses `flock(2)` on `<output>/.jingzhun.lock`: the kernel drops the lock when the holder dies
/// (kill -9, power loss), so a lock left by a dead process is taken over automatically. The file
/// holds the holder's pid and start time for the "locked" message; its presence alone means nothing.
public final class RunLock {
    public let path: String
    private var fd: Int32 = -1

    /// Who holds the lock, as written by the holder.
    public struct Holder: Sendable {
        public var pid: String
        public var startedAt: String
    }

    public enum Outcome {
        case acquired(RunLock)
        case heldBy(Holder)
    }

    /// Held shared (an ingest shard); such a holder never rewrites the file.
    private let isShared: Bool

    private init(path: String, fd: Int32, isShared: Bool = false) {
        self.path = path
        self.fd = fd
        self.isShared = isShared
    }

    /// Tries to take the lock without waiting.
    /// - Parameter shared: take it shared, as ingest shards do: any number of shards hold it at
    ///   once (they write only their own staging files), while a run or a store-writing stage,
    ///   which holds it exclusively, excludes them all and is excluded by them. A shared holder
    ///   does not write its pid into the file (the exclusive holder's record stays readable).
    public static func acquire(outputDirectory: String, startedAt: String, shared: Bool = false) throws(IOError)
        -> Outcome
    {
        try FilePath.createDirectories(outputDirectory)
        let path = outputDirectory + "/.jingzhun.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOError("cannot open the run lock", path: path, operation: .open, errno: errno) }
        if shared {
            if flock(fd, LOCK_SH | LOCK_NB) != 0 {
                let e = errno
                let holder = readHolder(path)
                close(fd)
                guard e == EWOULDBLOCK else {
                    throw IOError("cannot take the run lock", path: path, operation: .lock, errno: e)
                }
                return .heldBy(holder)
            }
            return .acquired(RunLock(path: path, fd: fd, isShared: true))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            let holder = readHolder(path)
            close(fd)
            guard e == EWOULDBLOCK else {
                throw IOError("cannot take the run lock", path: path, operation: .lock, errno: e)
            }
            return .heldBy(holder)
        }
        let info = Array("pid=\(getpid())\nstarted=\(startedAt)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = info.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
        return .acquired(RunLock(path: path, fd: fd))
    }

    /// Who holds the lock now, without creating anything: a dry run writes nothing (not even the
    /// lock file or the output folder) but still reports a run in progress. `nil` when the folder or
    /// the lock file does not exist, or nobody holds it.
    public static func holder(outputDirectory: String) -> Holder? {
        let path = outputDirectory + "/.jingzhun.lock"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // A shared lock conflicts only with a run's exclusive one; it is dropped at once.
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return errno == EWOULDBLOCK ? readHolder(path) : nil
    }

    private static func readHolder(_ path: String) -> Holder {
        let text = (try? FilePath.readAll(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var holder = Holder(pid: "unknown", startedAt: "unknown")
        for line in text.split(separator: "\n") {
            if line.hasPrefix("pid=") { holder.pid = String(line.dropFirst(4)) }
            if line.hasPrefix("started=") { holder.startedAt = String(line.dropFirst(8)) }
        }
        return holder
    }

    /// Releases the lock (also released by the kernel if the process dies).
    public func release() {
        guard fd >= 0 else { return }
        if !isShared { _ = ftruncate(fd, 0) }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
