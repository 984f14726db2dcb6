import JingzhunCore

/// One of N deterministic shares of an inbox's submissions, for ingest on N machines at once
/// (`jingzhun-ingest --shard K/N`, e.g. a Kubernetes Indexed Job, a Slurm array or N cron hosts
/// sharing the output folder).
///
/// A submission belongs to shard `(province mod N) + 1`: a fixed function of the province code
/// alone, so every revision of a province lands on the same shard (the order in which its
/// revisions are staged, and so which one is stale, is the same as on one machine), and the share
/// does not depend on what else the inbox holds or on when each shard scans it.
public struct IngestShard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based shard number K.
    public let index: Int
    /// Number of shards N.
    public let count: Int

    /// Largest N accepted (far beyond the 31 provinces; a bound keeps `K/N` parsing total).
    public static let maximumCount = 1000

    /// Parses `K/N` with 1 ≤ K ≤ N ≤ 1000.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]),
            n >= 1, n <= Self.maximumCount, k >= 1, k <= n
        else { return nil }
        index = k
        count = n
    }

    /// Whether `key`'s submission is this shard's to ingest.
    public func contains(_ key: SubmissionKey) -> Bool {
        Int(key.province) % count + 1 == index
    }

    /// Whether this shard also reports the inbox's notices (files that are no submission have no
    /// province): shard 1 does, so each notice is recorded once.
    public var reportsNotices: Bool { index == 1 }

    /// `shard-2-of-3`: part of the run id and of the shard's state file names.
    public var label: String { "shard-\(index)-of-\(count)" }
    public var description: String { "\(index)/\(count)" }
}
