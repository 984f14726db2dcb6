public import JingzhunCore

/// One file of a discovered submission.
public struct DiscoveredFile: Sendable, Hashable {
    /// Inbox-relative name (no directory part).
    public var name: String
    /// The CSV file's record kind; nil for an XML document.
    public var kind: RecordKind?
    public var size: Int64
    /// SHA-256 (lowercase hex) of the file's bytes as found at discovery.
    public var sha256: String
    /// The file's stamp when discovery listed it, kept only when it is old enough that any later
    /// write must change it (ctime more than `InboxHashCache.racyNanoseconds` before the scan).
    /// Ingest then trusts `sha256` if the stamp is still the same after it has read the file,
    /// instead of hashing the bytes a second time (issue 20: each file is hashed once); nil makes
    /// ingest hash what it reads and compare.
    public var stamp: FileStamp?
    public init(name: String, kind: RecordKind?, size: Int64, sha256: String, stamp: FileStamp? = nil) {
        self.name = name
        self.kind = kind
        self.size = size
        self.sha256 = sha256
        self.stamp = stamp
    }
}

/// A submission found in the inbox, ready to ingest (or already known to be rejected).
public struct DiscoveredSubmission: Sendable, Hashable {
    public var key: SubmissionKey
    public var format: SubmissionFormat
    /// The inbox folder the files are in.
    public var inbox: String
    /// The submission's files present in the inbox, sorted bytewise by name.
    public var files: [DiscoveredFile]
    /// SHA-256 over the files (see `ContentHash`); identifies "the same bytes delivered again".
    public var contentHash: String
    /// Set when discovery already rejects the submission: F003 (sidecar mismatch: incomplete
    /// upload), F012 (a CSV file of the set missing), F019 (a file unreadable).
    public var problem: Rejection?
    public init(
        key: SubmissionKey, format: SubmissionFormat, inbox: String, files: [DiscoveredFile], contentHash: String,
        problem: Rejection? = nil
    ) {
        self.key = key
        self.format = format
        self.inbox = inbox
        self.files = files
        self.contentHash = contentHash
        self.problem = problem
    }
    public var fileNames: [String] { files.map(\.name) }
}

/// What a scan of the inbox found.
public struct InboxDiscovery: Sendable {
    /// By (province, year, revision), then format (`csv.gz`, `xml`, `xml.gz`).
    public var submissions: [DiscoveredSubmission]
    /// F001 (not a submission, left alone) and F002 (symlink refused), by file name.
    public var notices: [Diagnostic]
    /// Digests of this scan for the next one (see `InboxHashCache`).
    public var hashCache = InboxHashCache()
    /// How many submissions were recognised from the cache without being read.
    public var reusedHashes = 0
}

/// Operational failure of the ingest stage (thrown, not a rejection): the inbox itself unusable.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var path: String
    public init(message: String, path: String) {
        self.message = message
        self.path = path
    }
    public var description: String { "\(path): \(message)" }
}
