import JingzhunCore

/// One (province, year) of the store: the unit a submission replaces whole (submissions.md
/// §Snapshot semantics).
public struct ProvinceYearSlot: Hashable, Comparable, Sendable {
    public var province: Int32
    public var year: Int32
    public init(province: Int32, year: Int32) {
        self.province = province
        self.year = year
    }
    public init(_ key: SubmissionKey) { self.init(province: key.province, year: key.year) }
    public static func < (a: ProvinceYearSlot, b: ProvinceYearSlot) -> Bool {
        (a.province, a.year) < (b.province, b.year)
    }
}

/// What the revision in force says of a submission that would be applied (submissions.md
/// §Snapshot semantics): the rule of the store, decided in one place for ingest, normalize and
/// the store's own apply.
public enum RevisionDecision: Equatable, Sendable {
    /// Newer than the revision in force of its (province, year), or nothing is in force: apply it.
    case newer(replacing: SubmissionKey?)
    /// This very submission (same revision, same bytes) is in force: applying it again is a no-op
    /// (an apply completed again after a crash).
    case alreadyInForce
    /// Its revision is lower than or equal to the accepted one's, with other bytes: stale (F016),
    /// reported, not applied.
    case stale(inForce: SubmissionKey, contentHash: String)
}

/// The submission in force for each (province, year), decided from the `submissions` ledger.
///
/// The rule (submissions.md §Snapshot semantics): of the applied rows of a (province, year), the
/// one with the highest (revision, content hash) is in force. A pure value: ingest builds it once
/// from the ledger and updates it as it applies batches (`accept`), the store's snapshot and its
/// apply decide with the same code.
public struct RevisionsInForce: Sendable {
    private var bySlot: [ProvinceYearSlot: SubmissionRecord] = [:]

    public init() {}

    /// The revisions in force among `ledger` (any order; rows of every outcome, only `.applied` count).
    public init(ledger: some Sequence<SubmissionRecord>) {
        for record in ledger where record.outcome == .applied { accept(record) }
    }

    /// Records `record` as applied: it is in force unless a higher (revision, hash) already is.
    public mutating func accept(_ record: SubmissionRecord) {
        let slot = ProvinceYearSlot(record.key)
        if let current = bySlot[slot],
            (current.key.revision, current.contentHash) >= (record.key.revision, record.contentHash)
        {
            return
        }
        bySlot[slot] = record
    }

    /// The record in force for `slot`, if any.
    public subscript(slot: ProvinceYearSlot) -> SubmissionRecord? { bySlot[slot] }

    /// Every record in force, sorted by (province, year).
    public var records: [SubmissionRecord] {
        bySlot.values.sorted { ProvinceYearSlot($0.key) < ProvinceYearSlot($1.key) }
    }

    /// Years with a submission in force, ascending: the years compute, render and the reports
    /// show (derived here once).
    public var years: [Int32] { Set(bySlot.keys.map(\.year)).sorted() }

    /// Records in force per year, each year's sorted by submission id.
    public var byYear: [Int32: [SubmissionRecord]] {
        var out: [Int32: [SubmissionRecord]] = [:]
        for record in bySlot.values { out[record.key.year, default: []].append(record) }
        return out.mapValues { $0.sorted { $0.key.id < $1.key.id } }
    }

    /// Whether a submission `key` with content `contentHash` may be applied over what is in force.
    public func decide(_ key: SubmissionKey, contentHash: String) -> RevisionDecision {
        guard let current = bySlot[ProvinceYearSlot(key)] else { return .newer(replacing: nil) }
        if current.key.revision < key.revision { return .newer(replacing: current.key) }
        if current.key.revision == key.revision && current.contentHash == contentHash { return .alreadyInForce }
        return .stale(inForce: current.key, contentHash: current.contentHash)
    }
}
