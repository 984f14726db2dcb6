import JingzhunIO

/// A run's record (`runs/{run-id}/manifest.json`): enough to rerun it and check every output.
///
/// runs-and-store.md §Reproducibility. Times appear here (and in logs and metrics) only.
public struct Manifest: Sendable {
    public static let formatVersion = "jingzhun-manifest/1"

    public struct Input: Sendable, Equatable {
        /// Inbox-relative file name.
        public var path: String
        public var size: Int
        public var sha256: String
        /// Submission id (`52-2019-r1`) or empty for files that are not submissions.
        public var submission: String
        /// `applied`, `rejected`, `stale`, `incomplete`, `unchanged`, `not-a-submission`, …
        public var outcome: String
        public var reason: String?
        /// SHA-256 over the submission's files (the store's `content_hash`): what `jingzhun status`
        /// matches store rows to runs by. Nil for files that are not submissions.
        public var contentHash: String?
        public init(
            path: String, size: Int, sha256: String, submission: String, outcome: String, reason: String? = nil,
            contentHash: String? = nil
        ) {
            self.path = path
            self.size = size
            self.sha256 = sha256
            self.submission = submission
            self.outcome = outcome
            self.reason = reason
            self.contentHash = contentHash
        }
    }

    public struct Output: Sendable, Equatable {
        /// Output-folder-relative path.
        public var path: String
        public var sha256: String
        public var size: Int
    }

    public var runID: String
    public var command: String
    public var stages: [String]
    public var toolVersion: String
    public var gitCommit: String
    public var pipelineName: String
    public var pipelinePath: String
    public var pipelineSHA256: String
    public var inboxPath: String
    public var outputPath: String
    public var referencePath: String
    public var referenceSHA256: String
    public var referenceFiles: [(name: String, sha256: String)]
    public var templatesPath: String
    public var templatesSHA256: String
    public var keyFingerprint: String
    public var keySource: String
    public var settings: [(String, JSONValue)]
    /// The indicator catalogue files and their SHA-256 (catalogue.md §Where it lives).
    public var catalogues: [(name: String, sha256: String)] = []
    public var inputs: [Input] = []
    public var tablesRead: [(String, Int64)] = []
    public var tablesWritten: [(String, Int64)] = []
    public var outputs: [Output] = []
    public var yearsComputed: [Int32] = []
    public var yearsRendered: [Int32] = []
    /// The data version each year's reports show (`ReportDataBuilder.dataVersions`), every year of
    /// the store when the run rendered (rendered again or not): what a report's header names.
    public var dataVersions: [(year: Int32, version: String)] = []
    public var startedAt: WallTime
    public var endedAt: WallTime?
    public var exitStatus: Int32?
    public var warnings: [String] = []
    /// The signal that stopped the run at a safe point (`SIGTERM`, `SIGINT`), if one did.
    public var interrupted: String?

    public func json() -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("format", .string(Self.formatVersion)),
            ("run_id", .string(runID)),
            ("command", .string(command)),
            ("stages", .array(stages.map { .string($0) })),
            (
                "tool",
                .object([
                    ("name", .string("jingzhun")), ("version", .string(toolVersion)),
                    ("git_commit", .string(gitCommit)),
                ])
            ),
            (
                "pipeline",
                .object([
                    ("name", .string(pipelineName)), ("path", .string(pipelinePath)),
                    ("sha256", .string(pipelineSHA256)),
                ])
            ),
            ("inbox", .string(inboxPath)),
            ("output", .string(outputPath)),
            (
                "reference",
                .object([
                    ("path", .string(referencePath)), ("sha256", .string(referenceSHA256)),
                    (
                        "files",
                        .array(
                            referenceFiles.map {
                                .object([("name", .string($0.name)), ("sha256", .string($0.sha256))])
                            })
                    ),
                ])
            ),
            ("templates", .object([("path", .string(templatesPath)), ("sha256", .string(templatesSHA256))])),
            ("pseudonym_key", .object([("source", .string(keySource)), ("fingerprint", .string(keyFingerprint))])),
            ("settings", .object(settings)),
            (
                "catalogue",
                .array(catalogues.map { .object([("path", .string($0.name)), ("sha256", .string($0.sha256))]) })
            ),
            (
                "inputs",
                .array(
                    inputs.map { i in
                        // A refused entry (symlink, FIFO, device…) was never read: no size or digest.
                        var f: [(String, JSONValue)] = [("path", .string(i.path))]
                        if !i.sha256.isEmpty { f += [("size", .int(Int64(i.size))), ("sha256", .string(i.sha256))] }
                        f += [("submission", .string(i.submission)), ("outcome", .string(i.outcome))]
                        if let r = i.reason { f.append(("reason", .string(r))) }
                        if let h = i.contentHash { f.append(("content_sha256", .string(h))) }
                        return .object(f)
                    })
            ),
            (
                "store",
                .object([
                    ("read", .object(tablesRead.map { ($0.0, .int($0.1)) })),
                    ("written", .object(tablesWritten.map { ($0.0, .int($0.1)) })),
                ])
            ),
            ("years_computed", .array(yearsComputed.map { .int(Int64($0)) })),
            ("years_rendered", .array(yearsRendered.map { .int(Int64($0)) })),
            ("data_versions", .object(dataVersions.map { (String($0.year), .string($0.version)) })),
            (
                "outputs",
                .array(
                    outputs.map {
                        .object([
                            ("path", .string($0.path)), ("sha256", .string($0.sha256)), ("size", .int(Int64($0.size))),
                        ])
                    })
            ),
            ("warnings", .array(warnings.map { .string($0) })),
            ("started_at", .string(startedAt.iso8601)),
            ("ended_at", endedAt.map { .string($0.iso8601) } ?? .null),
            ("exit_status", exitStatus.map { .int(Int64($0)) } ?? .null),
        ]
        if let interrupted { fields.append(("interrupted", .string(interrupted))) }
        return .object(fields)
    }
}
