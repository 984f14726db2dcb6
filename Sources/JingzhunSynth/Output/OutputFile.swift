import JingzhunIO

/// A file being written: optional gzip layer, SHA-256 of the bytes on disk, atomic publish.
///
/// Bytes go to `NAME.partial` and are renamed to `NAME` by `close()`, so an inbox scanner never
/// sees a half-written submission (a `.partial` name fits no submission pattern). Writes are
/// gathered into 64 KiB pieces before they reach the file system.
final class OutputFile {
    static let writeBytes = 1 << 16
    let directory: String
    let name: String
    private let fileSystem: any FileSystem
    private var file: (any OpenFile)?
    private let deflater: GzipDeflater?
    private var hasher = SHA256Hasher()
    private var pending: [UInt8] = []
    private(set) var bytesWritten: Int64 = 0

    private var partialPath: String { directory + "/" + name + ".partial" }

    init(directory: String, name: String, gzip: Bool, fileSystem: any FileSystem) throws(SynthError) {
        self.directory = directory
        self.name = name
        self.fileSystem = fileSystem
        deflater = gzip ? GzipDeflater(level: 6) : nil
        let path = directory + "/" + name + ".partial"
        do {
            file = try fileSystem.open(path, mode: .truncating)
        } catch {
            throw SynthError(code: .io, message: "cannot create file (errno \(error.errno ?? 0))", path: path)
        }
        pending.reserveCapacity(Self.writeBytes)
    }

    deinit {
        if let file {
            try? file.close()
            try? fileSystem.remove(partialPath)
        }
    }

    /// Appends uncompressed bytes (compressed here when the file is gzip).
    func write(_ bytes: [UInt8]) throws(SynthError) {
        do {
            if let deflater {
                try deflater.compress(bytes) { try self.writeRaw($0) }
            } else {
                try bytes.withUnsafeBytes { try writeRaw($0) }
            }
        } catch let error as SynthError {
            throw error
        } catch {
            preconditionFailure("OutputFile: only SynthError is thrown by writeRaw")
        }
    }

    private func writeRaw(_ bytes: UnsafeRawBufferPointer) throws(SynthError) {
        guard bytes.count > 0, file != nil else { return }
        hasher.update(bytes)
        bytesWritten += Int64(bytes.count)
        pending.append(contentsOf: bytes)
        if pending.count >= Self.writeBytes { try flush() }
    }

    private func flush() throws(SynthError) {
        guard let file, !pending.isEmpty else { return }
        do {
            try file.write(pending)
        } catch {
            throw SynthError(
                code: .io, message: "write failed (errno \(error.errno ?? 0)); is the disk full?",
                path: directory + "/" + name)
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Finishes the gzip stream, closes and renames into place; returns the file's summary.
    func close() throws(SynthError) -> SynthSummary.File {
        do {
            try deflater?.finish { try self.writeRaw($0) }
        } catch let error as SynthError {
            throw error
        } catch {
            preconditionFailure("OutputFile: only SynthError is thrown by writeRaw")
        }
        try flush()
        guard let file else { preconditionFailure("OutputFile.close called twice") }
        self.file = nil
        let partial = partialPath
        do {
            try file.close()
        } catch {
            throw SynthError(code: .io, message: "close failed (errno \(error.errno ?? 0))", path: partial)
        }
        do {
            try fileSystem.rename(partial, to: directory + "/" + name)
        } catch {
            throw SynthError(code: .io, message: "rename into place failed (errno \(error.errno ?? 0))", path: partial)
        }
        return SynthSummary.File(name: name, bytes: bytesWritten, sha256: hasher.finalizeHex())
    }

    /// Writes a small whole file (sidecars).
    static func writeSmall(
        directory: String, name: String, text: String, fileSystem: any FileSystem
    ) throws(SynthError) -> SynthSummary.File {
        let file = try OutputFile(directory: directory, name: name, gzip: false, fileSystem: fileSystem)
        try file.write(Array(text.utf8))
        return try file.close()
    }

    /// `mkdir -p`.
    static func makeDirectory(_ path: String, fileSystem: any FileSystem) throws(SynthError) {
        do {
            try fileSystem.createDirectories(path)
        } catch {
            throw SynthError(
                code: .io, message: "cannot create directory (errno \(error.errno ?? 0))", path: error.path)
        }
    }
}

/// Accumulates output text as UTF-8 and hands it to an `OutputFile` in 64 KiB pieces.
///
/// Counts the lines it ends, so writers can note the line of each record for the truth file.
struct TextBuffer {
    static let flushThreshold = 1 << 16
    let file: OutputFile
    private(set) var bytes: [UInt8] = []
    /// Line number (1-based) the next byte will be on.
    private(set) var line = 1

    init(file: OutputFile) {
        self.file = file
        bytes.reserveCapacity(Self.flushThreshold + 4096)
    }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Ends the line; flushes when the buffer is full.
    mutating func newline() throws(SynthError) {
        bytes.append(0x0A)
        line += 1
        if bytes.count >= Self.flushThreshold { try flush() }
    }

    mutating func flush() throws(SynthError) {
        guard !bytes.isEmpty else { return }
        try file.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// XML attribute value: `&`, `<`, `>` and `"` escaped, line breaks and tabs as references
    /// (values are always double-quoted).
    mutating func appendXMLAttribute(_ text: String) { TextEscaping.appendXMLAttribute(text, to: &bytes) }

    /// XML character data: `&`, `<`, `>` escaped.
    mutating func appendXMLText(_ text: String) { TextEscaping.appendXMLText(text, to: &bytes) }

    /// CSV field (RFC 4180): quoted, with `""` for `"`, when it holds `,` `"` CR or LF.
    mutating func appendCSVField(_ text: String) { TextEscaping.appendCSVQuoted(text, to: &bytes) }
}
