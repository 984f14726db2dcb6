#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JingzhunIO

/// A file being written: optional gzip layer, SHA-256 of the bytes on disk, atomic publish.
///
/// Bytes go to `NAME.partial` and are renamed to `NAME` by `close()`, so an inbox scanner never
/// sees a half-written submission (a `.partial` name fits no submission pattern).
final class OutputFile {
    let directory: String
    let name: String
    private var handle: UnsafeMutablePointer<FILE>?
    private let deflater: GzipDeflater?
    private var hasher = SHA256Hasher()
    private(set) var bytesWritten: Int64 = 0

    init(directory: String, name: String, gzip: Bool) throws(SynthError) {
        self.directory = directory
        self.name = name
        deflater = gzip ? GzipDeflater(level: 6) : nil
        let path = directory + "/" + name + ".partial"
        guard let handle = fopen(path, "wb") else {
            throw SynthError(code: .io, message: "cannot create file (errno \(errno))", path: path)
        }
        self.handle = handle
    }

    deinit {
        if let handle {
            fclose(handle)
            unlink(directory + "/" + name + ".partial")
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
        guard bytes.count > 0, let handle else { return }
        hasher.update(bytes)
        bytesWritten += Int64(bytes.count)
        if fwrite(bytes.baseAddress, 1, bytes.count, handle) != bytes.count {
            throw SynthError(code: .io, message: "write failed (errno \(errno)); is the disk full?", path: directory + "/" + name)
        }
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
        guard let handle else { preconditionFailure("OutputFile.close called twice") }
        self.handle = nil
        let partial = directory + "/" + name + ".partial"
        if fclose(handle) != 0 {
            throw SynthError(code: .io, message: "close failed (errno \(errno))", path: partial)
        }
        if rename(partial, directory + "/" + name) != 0 {
            throw SynthError(code: .io, message: "rename into place failed (errno \(errno))", path: partial)
        }
        return SynthSummary.File(name: name, bytes: bytesWritten, sha256: hasher.finalizeHex())
    }

    /// Writes a small whole file (sidecars).
    static func writeSmall(directory: String, name: String, text: String) throws(SynthError) -> SynthSummary.File {
        let file = try OutputFile(directory: directory, name: name, gzip: false)
        try file.write(Array(text.utf8))
        return try file.close()
    }

    /// `mkdir -p`.
    static func makeDirectory(_ path: String) throws(SynthError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw SynthError(code: .io, message: "cannot create directory (errno \(errno))", path: prefix)
            }
            prefix += "/"
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

    /// XML attribute value: `&`, `<`, `>` and `"` escaped (values are always double-quoted).
    mutating func appendXMLAttribute(_ text: String) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "&"): append("&amp;" as StaticString)
            case UInt8(ascii: "<"): append("&lt;" as StaticString)
            case UInt8(ascii: ">"): append("&gt;" as StaticString)
            case UInt8(ascii: "\""): append("&quot;" as StaticString)
            case 0x0A: append("&#10;" as StaticString)
            case 0x0D: append("&#13;" as StaticString)
            case 0x09: append("&#9;" as StaticString)
            default: bytes.append(b)
            }
        }
    }

    /// XML character data: `&`, `<`, `>` escaped.
    mutating func appendXMLText(_ text: String) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "&"): append("&amp;" as StaticString)
            case UInt8(ascii: "<"): append("&lt;" as StaticString)
            case UInt8(ascii: ">"): append("&gt;" as StaticString)
            default: bytes.append(b)
            }
        }
    }

    /// CSV field (RFC 4180): quoted, with `""` for `"`, when it holds `,` `"` CR or LF.
    mutating func appendCSVField(_ text: String) {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            bytes.append(contentsOf: text.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for b in text.utf8 {
            if b == UInt8(ascii: "\"") { bytes.append(b) }
            bytes.append(b)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
