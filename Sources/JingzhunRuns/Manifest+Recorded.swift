import JingzhunIO

extension Manifest {
    /// A manifest read back (`runs/{run-id}/manifest.json`): the fields `verify` needs, typed, so
    /// the manifest's shape is known in this file and `Manifest.json()` only. `verify` and
    /// `status` (which run first saw a submission, how each run ended) read manifests through it.
    public struct Recorded: Sendable, Equatable {
        public struct Input: Sendable, Equatable {
            public var path: String
            public var sha256: String
            public var outcome: String?
            /// The submission the file belongs to (empty for a stray file).
            public var submission: String = ""
            /// The submission's content hash (all its files together), when recorded.
            public var contentHash: String? = nil
        }

        public struct Output: Sendable, Equatable {
            public var path: String
            public var sha256: String
        }

        public var runID: String?
        /// `run`, `rebuild`, or the stages run (`ingest,normalize`).
        public var command: String = ""
        public var startedAt: String = ""
        /// Nil in a manifest written before the run ended (never published: manifests are atomic).
        public var endedAt: String? = nil
        public var exitStatus: Int32? = nil
        public var pipelinePath: String
        public var pipelineSHA256: String
        public var inboxPath: String
        /// Absent in a manifest written before the reference data was recorded.
        public var referenceSHA256: String?
        public var keyFingerprint: String?
        /// Inputs with a digest (a refused entry, never read, has none and is left out).
        public var inputs: [Input]
        public var outputs: [Output]

        /// Nil when `bytes` are not a manifest of `Manifest.formatVersion` with its required fields.
        public init?(bytes: [UInt8]) {
            var parser = JSONParser(String(decoding: bytes, as: UTF8.self))
            // try?: any parse error means "not a manifest", which is what nil says; callers word it.
            guard let m = try? parser.parse(), m["format"]?.stringValue == Manifest.formatVersion,
                let pipelinePath = m["pipeline"]?["path"]?.stringValue,
                let pipelineSHA256 = m["pipeline"]?["sha256"]?.stringValue,
                let inboxPath = m["inbox"]?.stringValue,
                let inputs = m["inputs"]?.arrayValue, let outputs = m["outputs"]?.arrayValue
            else { return nil }
            self.runID = m["run_id"]?.stringValue
            self.command = m["command"]?.stringValue ?? ""
            self.startedAt = m["started_at"]?.stringValue ?? ""
            self.endedAt = m["ended_at"]?.stringValue
            self.exitStatus = m["exit_status"]?.intValue.map(Int32.init)
            self.pipelinePath = pipelinePath
            self.pipelineSHA256 = pipelineSHA256
            self.inboxPath = inboxPath
            self.referenceSHA256 = m["reference"]?["sha256"]?.stringValue
            self.keyFingerprint = m["pseudonym_key"]?["fingerprint"]?.stringValue
            self.inputs = inputs.compactMap { i in
                guard let path = i["path"]?.stringValue, let sha256 = i["sha256"]?.stringValue else { return nil }
                return Input(
                    path: path, sha256: sha256, outcome: i["outcome"]?.stringValue,
                    submission: i["submission"]?.stringValue ?? "", contentHash: i["content_sha256"]?.stringValue)
            }
            self.outputs = outputs.compactMap { o in
                guard let path = o["path"]?.stringValue, let sha256 = o["sha256"]?.stringValue else { return nil }
                return Output(path: path, sha256: sha256)
            }
        }

        /// The manifest at `path`; nil when it cannot be read or is not a manifest.
        public static func read(_ path: String) -> Recorded? {
            // try?: a missing or unreadable manifest is a run that did not finish (status) or a
            // wrong path (verify); both callers say which, with the path.
            guard let bytes = try? FilePath.readAll(path) else { return nil }
            return Recorded(bytes: bytes)
        }
    }
}
