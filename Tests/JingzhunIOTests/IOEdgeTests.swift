import JingzhunIO
import Testing

/// JingzhunIO is the only edge (issue 14): no module outside it (and the C shim targets) makes a
/// file-system call. The Swift sources are scanned with comments and string literals removed
/// (Spark's Python job and messages may say `open(`), for calls of the POSIX and C library
/// file functions and Foundation's file APIs.
@Suite struct IOEdgeTests {
    static let packageRoot = FilePath.directory(of: FilePath.directory(of: FilePath.directory(of: #filePath)))

    /// Modules allowed to touch files: the edge itself and the C shims (system libraries).
    static let allowed: Set<String> = ["JingzhunIO", "CZlib", "CLibXML2", "CXLSXWriter"]

    /// Calls that reach the file system when written bare (`open(path, …)`) or qualified by the
    /// C module (`Glibc.open`). `read`, `write` and `close` count only when qualified: they are
    /// also ordinary method names (`store.write(file)`), and a bare `write(2, …)` on stderr from a
    /// signal handler (which may not allocate) is not a file-system call.
    static let bareCalls = [
        "open", "openat", "creat", "rename", "renameat", "link", "linkat", "symlink", "unlink", "unlinkat", "rmdir",
        "mkdir", "mkdtemp", "mkstemp", "fsync", "fdatasync", "ftruncate", "truncate", "opendir", "readdir", "closedir",
        "stat", "lstat", "fstat", "access", "realpath", "readlink", "fopen", "fclose", "fread", "fwrite", "pread",
        "pwrite", "flock", "chmod", "utimensat", "dup2",
    ]
    static let qualifiedCalls = ["read", "write", "close"] + bareCalls
    static let foundationAPIs = ["FileManager", "FileHandle", "contentsOfFile:", "Data(contentsOf:", "write(toFile:"]

    /// Source text without comments and string literals (their content blanked, lines kept);
    /// the code inside `\( … )` interpolations is kept. Works on UTF-8 bytes (fast in debug builds).
    static func code(_ source: String) -> [String] {
        let bytes = Array(source.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let quote = UInt8(ascii: "\"")
        let slash = UInt8(ascii: "/")
        let star = UInt8(ascii: "*")
        let backslash = UInt8(ascii: "\\")
        let newline = UInt8(ascii: "\n")
        let open = UInt8(ascii: "(")
        let close = UInt8(ascii: ")")
        var index = 0
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        while index < bytes.count {
            let c = bytes[index]
            if c == slash && at(1) == slash {
                while index < bytes.count && bytes[index] != newline { index += 1 }
            } else if c == slash && at(1) == star {
                index += 2
                while index < bytes.count && !(bytes[index] == star && at(1) == slash) {
                    if bytes[index] == newline { out.append(newline) }
                    index += 1
                }
                index += 2
            } else if c == quote && at(1) == quote && at(2) == quote {
                index += 3
                while index < bytes.count && !(bytes[index] == quote && at(1) == quote && at(2) == quote) {
                    if bytes[index] == newline { out.append(newline) }
                    index += 1
                }
                index += 3
                out.append(contentsOf: [quote, quote])
            } else if c == quote {
                index += 1
                var depth = 0  // inside \( … ) interpolation, code continues
                while index < bytes.count {
                    let d = bytes[index]
                    if depth == 0 && (d == quote || d == newline) { break }
                    if d == backslash && depth == 0 {
                        if at(1) == open { depth = 1 }
                        index += 2
                        continue
                    }
                    if depth > 0 {
                        if d == open { depth += 1 }
                        if d == close { depth -= 1 }
                        out.append(depth == 0 ? UInt8(ascii: " ") : d)
                    }
                    index += 1
                }
                index += 1
                out.append(contentsOf: [quote, quote])
            } else {
                out.append(c)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
    }

    /// The functions `line` calls: for each `(`, the name just before it, with the module that
    /// qualifies it (`Glibc.open(` → ("Glibc", "open")), "" for a bare call (`open(`), or nil for
    /// a method call (`x.open(`) and for a declaration (`func open(`).
    static func calls(in line: String) -> [(qualifier: String?, name: String)] {
        let bytes = Array(line.utf8)
        func isIdentifier(_ b: UInt8) -> Bool {
            b == UInt8(ascii: "_") || (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
        }
        func identifier(endingAt end: Int) -> (start: Int, name: String) {
            var start = end
            while start > 0 && isIdentifier(bytes[start - 1]) { start -= 1 }
            return (start, String(decoding: bytes[start..<end], as: UTF8.self))
        }
        var found: [(String?, String)] = []
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "(") {
            let (start, name) = identifier(endingAt: index)
            guard !name.isEmpty else { continue }
            if start > 0 && bytes[start - 1] == UInt8(ascii: ".") {
                let qualifier = identifier(endingAt: start - 1).name
                found.append((qualifier == "Glibc" || qualifier == "Darwin" ? qualifier : nil, name))
            } else if String(decoding: bytes[..<start], as: UTF8.self).hasSuffix("func ") {
                found.append((nil, name))
            } else {
                found.append(("", name))
            }
        }
        return found
    }

    static func violations(in source: String) -> [(line: Int, text: String)] {
        let bare = Set(bareCalls)
        let qualified = Set(qualifiedCalls)
        var found: [(Int, String)] = []
        for (number, line) in code(source).enumerated() {
            let hit =
                calls(in: line).contains { call in
                    switch call.qualifier {
                    case ""?: bare.contains(call.name)
                    case _?: qualified.contains(call.name)
                    case nil: false
                    }
                }
                || foundationAPIs.contains { line.contains($0) }
            if hit { found.append((number + 1, line.trimmingCharacters())) }
        }
        return found
    }

    @Test func noModuleOutsideIOCallsTheFileSystem() throws {
        let sources = Self.packageRoot + "/Sources"
        let modules = try FilePath.list(sources)
        #expect(modules.contains("JingzhunStore") && modules.contains("JingzhunRuns"), "Sources found at \(sources)")
        var report: [String] = []
        var scanned = 0
        for module in modules where !Self.allowed.contains(module) {
            for file in FilePath.walkFiles(sources + "/" + module) where file.hasSuffix(".swift") {
                let text = String(decoding: try FilePath.readAll(sources + "/" + module + "/" + file), as: UTF8.self)
                scanned += 1
                for (line, code) in Self.violations(in: text) {
                    report.append("Sources/\(module)/\(file):\(line): \(code)")
                }
            }
        }
        #expect(scanned > 100)
        let listing = report.joined(separator: "\n")
        #expect(
            report.isEmpty,
            "file-system calls outside JingzhunIO (go through its FileSystem instead):\n\(listing)"
        )
    }

    @Test func theScanSeesCallsButNotCommentsStringsOrMethods() {
        #expect(!Self.violations(in: "let fd = open(path, O_RDONLY)").isEmpty)
        #expect(!Self.violations(in: "_ = Glibc.write(fd, p, n)").isEmpty)
        #expect(!Self.violations(in: "if rename(a, b) != 0 {").isEmpty)
        #expect(!Self.violations(in: "let names = try FileManager.default.contentsOfDirectory(atPath: p)").isEmpty)
        #expect(!Self.violations(in: "let s = \"\\(unlink(p))\"").isEmpty, "interpolated code is code")
        #expect(Self.violations(in: "// open(path) is done by the edge").isEmpty)
        #expect(Self.violations(in: "let py = \"with open(path) as f\"").isEmpty)
        #expect(Self.violations(in: "let py = \"\"\"\nwith open(path) as f:\n    os.fsync(f)\n\"\"\"").isEmpty)
        #expect(Self.violations(in: "sink.open(path: p); try store.write(file); func open(path: String) {}").isEmpty)
        #expect(Self.violations(in: "try write(file)").isEmpty, "bare write is a method of the enclosing type")
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " { text = text.dropFirst() }
        return String(text)
    }
}
