/// Identity of one provincial submission: (province, year, revision).
///
/// submissions.md: `{province}-{year}-r{revision}`; the id string is that prefix.
public struct SubmissionKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var province: Int32
    public var year: Int32
    public var revision: Int32
    public init(province: Int32, year: Int32, revision: Int32) {
        self.province = province
        self.year = year
        self.revision = revision
    }
    /// `52-2019-r2`.
    public var id: String { "\(province)-\(year)-r\(revision)" }
    public var description: String { id }
    public static func < (a: SubmissionKey, b: SubmissionKey) -> Bool {
        (a.province, a.year, a.revision) < (b.province, b.year, b.revision)
    }
    /// Parses a prefix such as `52-2019-r2` (province 2 digits, year 2014-2030, revision > 0).
    public init?(prefix: String) {
        let parts = prefix.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 4, parts[2].first == "r",
            let p = AreaCode.parseDigits(parts[0].utf8, count: 2),
            let y = AreaCode.parseDigits(parts[1].utf8, count: 4),
            (2014...2030).contains(y)
        else { return nil }
        let revisionDigits = parts[2].dropFirst()
        guard !revisionDigits.isEmpty, revisionDigits.count <= 9, revisionDigits.first != "0",
            let r = AreaCode.parseDigits(revisionDigits.utf8, count: revisionDigits.count), r > 0
        else { return nil }
        self.init(province: Int32(p), year: Int32(y), revision: Int32(r))
    }
}

/// Form in which a submission arrived.
public enum SubmissionFormat: String, Sendable, Hashable, CaseIterable {
    case xml
    case xmlGzip = "xml.gz"
    case csvGzip = "csv.gz"
}

/// What happened to a submission in a run.
public enum SubmissionOutcome: String, Sendable, Hashable, CaseIterable {
    /// Accepted and applied to the store (possibly with rejected households).
    case applied
    /// Rejected whole; an earlier accepted revision stays in force.
    case rejected
    /// Revision ≤ an accepted one of the same (province, year): reported, not applied.
    case stale
    /// Checksum mismatch or truncated gzip: not applied now, considered again when the bytes change.
    case incomplete
    /// Same bytes as an already applied submission: nothing to do.
    case unchanged
}
