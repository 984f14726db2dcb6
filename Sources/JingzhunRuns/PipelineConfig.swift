import JingzhunCatalogue
import JingzhunIO
import JingzhunReports
import Yams

/// A pipeline file (`pipelines/*.yaml`): where the inbox, output, reference data, templates and
/// pseudonym key are, and the run's settings.
///
/// Relative paths are resolved against the folder of the pipeline file, so cron can run a
/// pipeline from any working directory. Unknown keys are errors (a typo must not be ignored).
public struct PipelineConfig: Sendable {
    public var name: String
    /// Absolute path of the pipeline file itself.
    public var file: String
    public var inbox: String
    public var output: String
    public var reference: String
    public var templates: String
    public var key: KeySource
    public var settings: Settings
    /// The paths as written (`inbox`, `output`, `reference`, `templates`, before resolution):
    /// a manifest records a path absolute only where the user wrote it absolute (ManifestPaths).
    public var written: [String: String] = [:]
    /// `lang`: which label comes first in the reports (zh or en; default en). `jingzhun report --lang` overrides it.
    public var language: ReportLanguage = .defaultLanguage
    /// Absolute paths of the catalogue files (`catalogue:` key, relative to the pipeline file);
    /// empty for the shipped catalogue, compiled in (catalogue.md §Where it lives).
    public var cataloguePaths: [String] = []
    /// The checked catalogue with each file's SHA-256 (the shipped one unless `load` read others).
    public var catalogue: LoadedCatalogue = .shipped
    /// The engine that computes the catalogue (`compute:` key; docs/scale-out.md §Spark compute).
    public var compute = ComputeSettings()

    public enum KeySource: Sendable, Equatable {
        case file(String, isSample: Bool)
        case environment(String)
    }

    public struct Settings: Sendable, Equatable {
        /// submissions.md: more than this percentage of rejected households rejects the submission.
        public var maxRejectedHouseholdPct: Double = 5
        /// Gzip bomb bound per file (inflated bytes).
        public var maxInflatedBytes: Int = 8 << 30
        public var xmlMaxDepth: Int = 16
        public var xmlMaxAttributeBytes: Int = 4096
        public var rowGroupRows: Int = 1 << 20
        /// The store folder's location as cluster engines see it (`hdfs://…/store`), written into
        /// the symlink manifests; nil: the local folder's `file://` URI.
        public var storeURI: String?
        /// A run exits 1 while an upload has stayed incomplete for more than this many nights
        /// (whole days since the run that first saw it); it is logged and counted every night.
        public var maxIncompleteNights: Int = 2
        /// `csv_bom`: CSV reports start with a UTF-8 byte-order mark (Excel on Chinese Windows then
        /// reads them as UTF-8). Exports never have one: their format is fixed by indicators.md.
        public var csvByteOrderMark = true
        public init() {}
    }

    /// Loads and checks a pipeline file.
    /// - Throws: `RunError(.pipelineFile)` naming the key and line of the problem.
    public static func load(path: String) throws(RunError) -> PipelineConfig {
        let absolute = FilePath.absolute(path)
        let bytes: [UInt8]
        do { bytes = try FilePath.readAll(absolute) } catch {
            throw RunError(.pipelineFile, "cannot read pipeline file \(path): \(error)", path: path)
        }
        var config = try parse(String(decoding: bytes, as: UTF8.self), file: absolute)
        config.catalogue = try LoadedCatalogue.load(
            paths: config.cataloguePaths, relativeTo: FilePath.directory(of: absolute))
        return config
    }

    /// Parses pipeline YAML text; `file` is the absolute path used to resolve relative paths.
    public static func parse(_ text: String, file: String) throws(RunError) -> PipelineConfig {
        let name = FilePath.basename(of: file)
        func fail(_ message: String, _ node: Node?) -> RunError {
            let line = node?.mark.map { " (line \($0.line))" } ?? ""
            return RunError(.pipelineFile, "\(name)\(line): \(message)", path: file)
        }
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else { throw fail("the file is empty", nil) }
            root = composed
        } catch let error as RunError {
            throw error
        } catch let error as YamlError {
            throw RunError(.pipelineFile, "\(name): not valid YAML: \(Self.describe(error))", path: file)
        } catch {
            throw RunError(.pipelineFile, "\(name): not valid YAML: \(error)", path: file)
        }
        guard case .mapping(let top) = root else { throw fail("expected a mapping of keys at the top level", root) }

        let base = FilePath.directory(of: file)
        func resolve(_ p: String) -> String { FilePath.absolute(p, relativeTo: base) }

        let allowedTop: Set<String> = [
            "name", "inbox", "output", "reference", "templates", "pseudonym_key", "settings", "lang", "catalogue",
            "compute",
        ]
        var values: [String: Node] = [:]
        for (k, v) in top {
            guard let key = k.string else { throw fail("a key must be text", k) }
            guard allowedTop.contains(key) else {
                throw fail("unknown key '\(key)'; expected one of \(allowedTop.sorted().joined(separator: ", "))", k)
            }
            values[key] = v
        }
        func requiredString(_ key: String) throws(RunError) -> String {
            guard let node = values[key] else { throw fail("missing required key '\(key)'", root) }
            guard let s = node.scalar?.string, !s.isEmpty else { throw fail("'\(key)' must be a non-empty text", node) }
            return s
        }
        var config = PipelineConfig(
            name: try requiredString("name"), file: file, inbox: resolve(try requiredString("inbox")),
            output: resolve(try requiredString("output")), reference: resolve(try requiredString("reference")),
            templates: resolve(values["templates"]?.scalar?.string ?? "../templates"),
            key: .environment("JINGZHUN_PSEUDONYM_KEY"), settings: Settings())
        for key in ["inbox", "output", "reference", "templates"] { config.written[key] = values[key]?.scalar?.string }

        if let node = values["lang"] {
            do {
                config.language = try ReportLanguage(validating: node.scalar?.string ?? "")
            } catch {
                throw fail("'lang' must be zh or en (which label comes first in the reports)", node)
            }
        }

        guard let keyNode = values["pseudonym_key"] else { throw fail("missing required key 'pseudonym_key'", root) }
        guard case .mapping(let keyMap) = keyNode else {
            throw fail("'pseudonym_key' must have 'file' or 'env'", keyNode)
        }
        var keyFile: String?
        var keyEnv: String?
        var isSample = false
        for (k, v) in keyMap {
            switch k.string {
            case "file": keyFile = v.scalar?.string
            case "env": keyEnv = v.scalar?.string
            case "sample":
                guard let b = v.bool else { throw fail("'pseudonym_key.sample' must be true or false", v) }
                isSample = b
            default: throw fail("unknown key 'pseudonym_key.\(k.string ?? "?")'; expected file, env or sample", k)
            }
        }
        switch (keyFile, keyEnv) {
        case (let f?, nil):
            config.key = .file(resolve(f), isSample: isSample)
            config.written["key"] = f
        case (nil, let e?): config.key = .environment(e)
        default: throw fail("'pseudonym_key' needs exactly one of 'file' or 'env'", keyNode)
        }

        if let catalogueNode = values["catalogue"] {
            let items: [Node]
            switch catalogueNode {
            case .scalar: items = [catalogueNode]
            case .sequence(let list) where !list.isEmpty: items = Array(list)
            default:
                throw fail(
                    "'catalogue' must be a path or a list of paths, such as [catalogue.yaml, ours.yaml]", catalogueNode)
            }
            for item in items {
                guard let path = item.scalar?.string, !path.isEmpty else {
                    throw fail("each 'catalogue' entry must be the path of a catalogue file", item)
                }
                config.cataloguePaths.append(resolve(path))
            }
        }

        if let computeNode = values["compute"] { config.compute = try ComputeSettings.parse(computeNode, fail: fail) }

        if let settingsNode = values["settings"] {
            guard case .mapping(let map) = settingsNode else {
                throw fail("'settings' must be a mapping", settingsNode)
            }
            for (k, v) in map {
                let key = k.string ?? "?"
                func number() throws(RunError) -> Double {
                    guard let d = v.float, d.isFinite, d >= 0 else {
                        throw fail("'settings.\(key)' must be a number ≥ 0", v)
                    }
                    return d
                }
                func integer() throws(RunError) -> Int {
                    guard let i = v.int, i > 0 else { throw fail("'settings.\(key)' must be a positive integer", v) }
                    return i
                }
                switch key {
                case "max_rejected_household_pct":
                    let d = try number()
                    guard d <= 100 else { throw fail("'settings.\(key)' must be between 0 and 100", v) }
                    config.settings.maxRejectedHouseholdPct = d
                case "max_inflated_bytes": config.settings.maxInflatedBytes = try integer()
                case "xml_max_depth": config.settings.xmlMaxDepth = try integer()
                case "xml_max_attribute_bytes": config.settings.xmlMaxAttributeBytes = try integer()
                case "row_group_rows": config.settings.rowGroupRows = try integer()
                case "store_uri":
                    guard let uri = v.scalar?.string, uri.contains("://"), !uri.contains("\n") else {
                        throw fail("'settings.store_uri' must be a URI such as hdfs://namenode/jingzhun/store", v)
                    }
                    config.settings.storeURI = uri
                case "max_incomplete_nights":
                    guard let i = v.int, i >= 0 else { throw fail("'settings.\(key)' must be a whole number ≥ 0", v) }
                    config.settings.maxIncompleteNights = i
                case "csv_bom":
                    guard let b = v.bool else { throw fail("'settings.csv_bom' must be true or false", v) }
                    config.settings.csvByteOrderMark = b
                default:
                    throw fail(
                        "unknown setting '\(key)'; expected max_rejected_household_pct, max_inflated_bytes, "
                            + """
                            xml_max_depth, xml_max_attribute_bytes, row_group_rows, store_uri, \
                            max_incomplete_nights 
                            """
                            + "or csv_bom", k)
                }
            }
        }
        return config
    }

    /// Largest pseudonym key file read (bytes); a longer file is refused (exit 2).
    public static let maxKeyFileBytes = 4096
    /// How the render stage and `jingzhun report` render: the pipeline's language and CSV setting.
    public var reportOptions: ReportOptions {
        ReportOptions(language: language, csvByteOrderMark: settings.csvByteOrderMark)
    }

    /// Reads the pseudonym key bytes (trailing newline stripped). Never log the result.
    public func loadKey(environment: [String: String]) throws(RunError) -> [UInt8] {
        switch key {
        case .file(let path, _):
            // Regular files only (a link is followed, to a regular file), and at most
            // `maxKeyFileBytes` read: a key file that is /dev/zero, a FIFO or a huge file is
            // refused with exit 2 instead of hanging or exhausting memory (issue 13).
            var bytes: [UInt8]
            do {
                bytes = try RegularFile.readAll(path, maximumBytes: Self.maxKeyFileBytes, followingSymlinks: true)
            } catch {
                throw RunError(
                    .pipelineFile,
                    """
                    cannot use the pseudonym key file \(path): \(error.message); 'pseudonym_key.file' must name a \
                    regular file of 16 to \(Self.maxKeyFileBytes) bytes
                    """,
                    path: path)
            }
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            guard bytes.count >= 16 else {
                throw RunError(.pipelineFile, "pseudonym key file \(path) holds fewer than 16 bytes", path: path)
            }
            return bytes
        case .environment(let name):
            guard let value = environment[name], value.utf8.count >= 16 else {
                throw RunError(
                    .pipelineFile, "environment variable \(name) (the pseudonym key) is unset or shorter than 16 bytes")
            }
            return Array(value.utf8)
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        default:
            return "\(error)"
        }
    }
}
