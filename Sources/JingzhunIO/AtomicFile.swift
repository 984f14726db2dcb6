#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file writes on the real file system: `POSIXFileSystem.replace`.
///
/// runs-and-store.md §Crash safety: a reader sees either the old file or the new one, never a
/// torn one, whatever instant the process dies.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating parent folders.
    public static func write(_ bytes: [UInt8], to path: String) throws(IOError) {
        try POSIXFileSystem().replace(path, with: bytes)
    }

    public static func write(_ text: String, to path: String) throws(IOError) {
        try write(Array(text.utf8), to: path)
    }
}

/// Path arithmetic (pure) and shorthands for the real file system (`POSIXFileSystem`).
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
    public static func exists(_ path: String) -> Bool { POSIXFileSystem().exists(path) }
    public static func isDirectory(_ path: String) -> Bool { POSIXFileSystem().isDirectory(path) }
    /// `mkdir -p`.
    public static func createDirectories(_ path: String) throws(IOError) {
        try POSIXFileSystem().createDirectories(path)
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
            if p == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(p)
        }
        return "/" + parts.joined(separator: "/")
    }
    public static func currentDirectory() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return "/" }
        return String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    /// The path with every symlink resolved (`realpath(3)`), or nil when it does not exist.
    public static func resolvingSymlinks(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
    /// The target of the symlink `path` (`readlink(2)`), or nil when it is not one.
    public static func symlinkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    /// Reads a whole (small) file, or its first `maximumBytes` bytes.
    public static func readAll(_ path: String, maximumBytes: Int = .max) throws(IOError) -> [UInt8] {
        try POSIXFileSystem().readAll(path, maximumBytes: maximumBytes)
    }
    /// SHA-256 (hex) and size of a file, streamed in 1 MiB chunks.
    public static func sha256(of path: String) throws(IOError) -> (hex: String, size: Int) {
        try POSIXFileSystem().sha256(of: path)
    }
    /// Names in a folder, sorted bytewise (deterministic).
    public static func list(_ path: String) throws(IOError) -> [String] { try POSIXFileSystem().list(path) }
    /// Recursive file listing relative to `root`, sorted.
    public static func walkFiles(_ root: String) -> [String] { POSIXFileSystem().walkFiles(root) }
    /// `rm -rf`.
    public static func removeTree(_ path: String) { POSIXFileSystem().removeTree(path) }
}
