import JingzhunIO

/// Helpers over `InMemoryFileSystem` for tests that run a stage without touching the disk.
extension InMemoryFileSystem {
    /// A file system holding `files` (path → text), their folders created.
    public static func holding(_ files: [String: String]) -> InMemoryFileSystem {
        let memory = InMemoryFileSystem()
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            do {
                try memory.createDirectories(FilePath.directory(of: path))
                try memory.replace(path, with: Array(text.utf8))
            } catch {
                preconditionFailure("an in-memory write cannot fail: \(error)")
            }
        }
        return memory
    }

    /// Copies `files` (paths relative to `from` on the disk) to `to` in memory.
    public func copy(_ files: [String], from: String, to: String) throws {
        for name in files {
            let bytes = try POSIXFileSystem().readAll(from + "/" + name)
            try createDirectories(FilePath.directory(of: to + "/" + name))
            try replace(to + "/" + name, with: bytes)
        }
    }

    /// Every file under `root` with its bytes, keyed by the path relative to `root`: a tree to
    /// compare before and after a step.
    public func tree(_ root: String) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for path in walkFiles(root) { out[path] = (try? readAll(root + "/" + path)) ?? [] }
        return out
    }
}
