#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Error of the IO edge: what happened, to which path, and the errno behind it.
public struct IOError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var path: String
    public var errno: Int32?
    public init(_ message: String, path: String, errno: Int32? = nil) {
        self.message = message
        self.path = path
        self.errno = errno
    }
    public var description: String {
        var s = "\(message): \(path)"
        if let errno { s += " (\(String(cString: strerror(errno))))" }
        return s
    }
}

/// Crash-safe file writes: temporary name in the same folder, fsync, rename, fsync the folder.
///
/// runs-and-store.md §Crash safety: a reader sees either the old file or the new one, never a
/// torn one, whatever instant the process dies.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating parent folders.
    public static func write(_ bytes: [UInt8], to path: String) throws(IOError) {
        let dir = FilePath.directory(of: path)
        try FilePath.createDirectories(dir)
        let tmp = "\(dir)/.tmp-\(getpid())-\(FilePath.basename(of: path))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOError("cannot create temporary file", path: tmp, errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                unlink(tmp)
                throw IOError("cannot write", path: tmp, errno: e)
            }
            offset += n
        }
        guard fsync(fd) == 0 else {
            let e = errno
            close(fd)
            unlink(tmp)
            throw IOError("cannot fsync", path: tmp, errno: e)
        }
        close(fd)
        guard rename(tmp, path) == 0 else {
            let e = errno
            unlink(tmp)
            throw IOError("cannot rename temporary file into place", path: path, errno: e)
        }
        FilePath.syncDirectory(dir)
    }

    public static func write(_ text: String, to path: String) throws(IOError) {
        try write(Array(text.utf8), to: path)
    }
}

/// Small path and directory helpers (POSIX).
public enum FilePath {
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
    public static func basename(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
    public static func join(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") { return b }
        if a.isEmpty || a == "." { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
    /// `mkdir -p`.
    public static func createDirectories(_ path: String) throws(IOError) {
        if path.isEmpty || isDirectory(path) { return }
        let parent = directory(of: path)
        if parent != path { try createDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw IOError("cannot create folder", path: path, errno: errno)
        }
    }
    /// fsync a directory so a rename or link inside it survives power loss.
    public static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }
    /// Absolute, `.`/`..`-free form of a path (lexical; symlinks not resolved).
    public static func absolute(_ path: String, relativeTo base: String? = nil) -> String {
        var full = path
        if !path.hasPrefix("/") {
            let b = base ?? currentDirectory()
            full = b + "/" + path
        }
        var parts: [Substring] = []
        for p in full.split(separator: "/") {
            if p == "." || p.isEmpty { continue }
            if p == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(p)
        }
        return "/" + parts.joined(separator: "/")
    }
    public static func currentDirectory() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return "/" }
        return String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    /// Reads a whole (small) file, or its first `maximumBytes` bytes.
    public static func readAll(_ path: String, maximumBytes: Int = .max) throws(IOError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError("cannot open", path: path, errno: errno) }
        defer { close(fd) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError("cannot read", path: path, errno: errno)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<min(n, maximumBytes - out.count)])
            if out.count >= maximumBytes { break }
        }
        return out
    }
    /// SHA-256 (hex) and size of a file, streamed in 1 MiB chunks.
    public static func sha256(of path: String) throws(IOError) -> (hex: String, size: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError("cannot open", path: path, errno: errno) }
        defer { close(fd) }
        var hasher = SHA256Hasher()
        var size = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError("cannot read", path: path, errno: errno)
            }
            if n == 0 { break }
            size += n
            chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return (hasher.finalizeHex(), size)
    }
    /// Names in a folder, sorted bytewise (deterministic).
    public static func list(_ path: String) throws(IOError) -> [String] {
        guard let d = opendir(path) else { throw IOError("cannot list folder", path: path, errno: errno) }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
    /// Recursive file listing relative to `root`, sorted.
    public static func walkFiles(_ root: String) -> [String] {
        var out: [String] = []
        func walk(_ rel: String) {
            let full = rel.isEmpty ? root : root + "/" + rel
            guard let names = try? list(full) else { return }
            for n in names {
                let r = rel.isEmpty ? n : rel + "/" + n
                if isDirectory(root + "/" + r) { walk(r) } else { out.append(r) }
            }
        }
        walk("")
        return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
    /// `rm -rf`.
    public static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            for n in (try? list(path)) ?? [] { removeTree(path + "/" + n) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
