import JingzhunCatalogue
import JingzhunIO

/// A pipeline's indicator catalogue, checked, with the SHA-256 of each file (manifest and
/// compute fingerprint: a changed catalogue recomputes every year).
public struct LoadedCatalogue: Sendable {
    public var catalogue: Catalogue
    /// (name as messages give it, SHA-256 hex) per file, in order.
    public var digests: [(name: String, sha256: String)]

    /// The shipped catalogue, compiled in.
    public static let shipped = LoadedCatalogue(
        catalogue: ShippedCatalogue.load(),
        digests: [(ShippedCatalogue.name, SHA256Hasher.hex(of: Array(ShippedCatalogue.text.utf8)))])

    /// Reads and checks the catalogue files; none means the shipped catalogue.
    /// - Parameter base: The pipeline file's folder; messages name files relative to it.
    /// - Throws: `RunError(.pipelineFile)` (exit 2) with one `file:line:column: message` line per problem.
    public static func load(paths: [String], relativeTo base: String) throws(RunError) -> LoadedCatalogue {
        guard !paths.isEmpty else { return .shipped }
        var files: [CatalogueFile] = []
        var digests: [(name: String, sha256: String)] = []
        for path in paths {
            let name = path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
            guard FilePath.exists(path) else {
                throw RunError(
                    .pipelineFile, "catalogue file \(path) does not exist (pipeline key 'catalogue')", path: path)
            }
            // Read at most one byte past the loader's limit: a huge file is refused, not loaded.
            let bytes: [UInt8]
            do { bytes = try FilePath.readAll(path, maximumBytes: CatalogueLoader.maxFileBytes + 1) } catch {
                throw RunError(.pipelineFile, "cannot read catalogue file \(path): \(error)", path: path)
            }
            files.append(CatalogueFile(name: name, bytes: bytes))
            digests.append((name, SHA256Hasher.hex(of: bytes)))
        }
        do {
            return LoadedCatalogue(catalogue: try CatalogueLoader.load(files), digests: digests)
        } catch {
            let count = error.diagnostics.count
            throw RunError(
                .pipelineFile,
                """
                the indicator catalogue has \(count) problem\(count == 1 ? "" : "s") (docs/catalogue.md describes \
                the format):\n
                """
                    + error.description, path: paths.first)
        }
    }
}
