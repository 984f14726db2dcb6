import JingzhunIO

/// SHA-256 and size of the output files this process wrote, by path relative to the output
/// folder (`reports/2019/national.html`), taken from the bytes as they are written.
///
/// `recordOutputs` lists every file under `exports/` and `reports/` in the manifest; a file
/// written by this process is not read back to be hashed (at 4 × 250,000 households reading the
/// reports back was a tenth of rendering). A file written again replaces its digest; a path not
/// known here (a report of a year this run did not render) is hashed from disk as before.
final class OutputDigests {
    private var digests: [String: (hex: String, size: Int)] = [:]

    /// Writes `bytes` to `output/relativePath` (atomically) and keeps their digest.
    func write(_ bytes: [UInt8], output: String, relativePath: String) throws {
        try AtomicFile.write(bytes, to: output + "/" + relativePath)
        digests[relativePath] = (SHA256Hasher.hex(of: bytes), bytes.count)
    }

    /// The digest of `relativePath` under `output`: the one kept when it was written, else read from disk.
    func digest(of relativePath: String, output: String) throws -> (hex: String, size: Int) {
        if let known = digests[relativePath] { return known }
        return try FilePath.sha256(of: output + "/" + relativePath)
    }
}
