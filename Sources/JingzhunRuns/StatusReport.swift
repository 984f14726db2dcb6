import JingzhunCore
import JingzhunIO
import JingzhunStore

#if canImport(Glibc)
    import Glibc
#endif

/// `jingzhun status`: what is in force in an output folder, what is not and why, and the last runs.
///
/// Read-only and lock-free: it reads the store's Delta logs (a consistent view of the
/// `submissions` table at its newest version), the run folders' manifests, and the lock file's
/// text; it never takes or probes the run lock, so it cannot make a starting run exit 3, and it
/// works while a run is going on (that run shows as `running`, without a manifest yet).
///
/// Which run saw a submission comes from the manifests: the earliest run whose inputs list the
/// submission with the same content hash (or, for manifests written before content hashes were
/// recorded, the same id and outcome).
public struct StatusReport: Sendable {
    public static let formatVersion = "jingzhun-status/1"

    /// How a run that first saw a submission is named.
    public struct RunRef: Sendable, Equatable {
        public var id: String
        public var startedAt: String
    }

    /// One revision of a (province, year) and what became of it.
    public struct Revision: Sendable {
        /// `in-force`, `superseded`, `stale`, `rejected`, `incomplete`.
        public var state: String
        public var record: SubmissionRecord
        /// The run that applied or recorded it (nil when no manifest names it).
        public var run: RunRef?
        /// For rejected and incomplete revisions: true once a later upload replaced it (an applied
        /// revision at least as high, or, for an incomplete upload, any finished upload of it).
        public var isResolved: Bool
        /// Households accepted into the store (applied revisions), else 0.
        public var householdsAccepted: Int {
            record.outcome == .applied ? record.counts.householdsReceived - record.counts.householdsRejected : 0
        }
    }

    public struct ProvinceYear: Sendable {
        public var province: Int32
        public var year: Int32
        public var inForce: Revision?
        /// Every other revision, newest first.
        public var others: [Revision]
    }

    /// A run folder under `runs/`.
    public struct Run: Sendable {
        public var id: String
        public var command: String
        public var startedAt: String
        public var endedAt: String?
        public var exitStatus: Int32?
        /// `finished`, `running` (the lock's holder, no manifest yet) or `interrupted` (no manifest).
        public var state: String
    }

    public var output: String
    public var storeVersions: [(table: String, version: Int64)]
    public var provinceYears: [ProvinceYear]
    /// Runs, oldest first (all of them; the text shows the last few).
    public var runs: [Run]
    /// The lock file's holder when its process is alive.
    public var lockHolder: LockHolder?

    /// The pid and start time a running run wrote into `<output>/.jingzhun.lock`.
    public struct LockHolder: Sendable {
        public var pid: String
        public var startedAt: String
    }

    /// Reads the status of an output folder.
    /// - Throws: `RunError(.usage)` when the folder holds no store; `.io` when the store cannot be read.
    public static func read(output: String) throws(RunError) -> StatusReport {
        let storeRoot = output + "/store"
        guard FilePath.isDirectory(storeRoot + "/submissions/_delta_log") else {
            throw RunError(
                .usage,
                "no store at \(storeRoot) (reading the submissions table): no run has written this output folder yet",
                path: storeRoot)
        }
        let store = Store(root: storeRoot)
        let records: [SubmissionRecord]
        var versions: [(String, Int64)] = []
        do {
            let snapshot = try store.snapshot()
            records = try snapshot.submissions()
            let v = snapshot.versions
            for t in StoreTable.allCases { if let n = v[t] { versions.append((t.rawValue, n)) } }
        } catch {
            throw RunError(.io, "cannot read the store at \(storeRoot): \(error.message)", path: storeRoot)
        }
        let holder = liveHolder(output)
        let (runs, manifests) = readRuns(output: output, holder: holder)
        return StatusReport(
            output: output, storeVersions: versions, provinceYears: classify(records, manifests: manifests), runs: runs,
            lockHolder: holder)
    }

    /// The lock file's holder when that process is still alive (no `flock` probe: see the type's doc).
    static func liveHolder(_ output: String) -> LockHolder? {
        // try?: no lock file (or one being rewritten) means no live holder to show; the lock itself
        // is taken by RunLock, never decided here.
        guard let bytes = try? FilePath.readAll(output + "/.jingzhun.lock"), !bytes.isEmpty else { return nil }
        var holder = LockHolder(pid: "", startedAt: "")
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("pid=") { holder.pid = String(line.dropFirst(4)) }
            if line.hasPrefix("started=") { holder.startedAt = String(line.dropFirst(8)) }
        }
        guard let pid = Int32(holder.pid), pid > 0 else { return nil }
        // kill(pid, 0): ESRCH means gone; EPERM means alive under another user.
        return kill(pid, 0) == 0 || errno == EPERM ? holder : nil
    }

    /// One manifest's view of a submission it ingested: (content hash or nil, id, outcome) → run.
    struct ManifestSighting {
        var contentHash: String?
        var submission: String
        var outcome: String
        var run: RunRef
    }

    static func readRuns(output: String, holder: LockHolder?) -> ([Run], [ManifestSighting]) {
        var runs: [Run] = []
        var sightings: [ManifestSighting] = []
        // try?: no runs/ folder yet (a new output) means no run to show, which is what status says.
        let names = ((try? FilePath.list(output + "/runs")) ?? []).filter {
            FilePath.isDirectory(output + "/runs/" + $0)
        }
        for name in names {
            guard let manifest = Manifest.Recorded.read(output + "/runs/" + name + "/manifest.json") else {
                let running = holder.map { name.hasSuffix("-" + $0.pid) } ?? false
                runs.append(
                    Run(
                        id: name, command: "", startedAt: "", endedAt: nil, exitStatus: nil,
                        state: running ? "running" : "interrupted"))
                continue
            }
            runs.append(
                Run(
                    id: name, command: manifest.command, startedAt: manifest.startedAt, endedAt: manifest.endedAt,
                    exitStatus: manifest.exitStatus, state: "finished"))
            var seen = Set<String>()
            for input in manifest.inputs where !input.submission.isEmpty {
                guard let outcome = input.outcome, ["applied", "rejected", "stale", "incomplete"].contains(outcome)
                else { continue }
                // One sighting per submission per run (a CSV set lists four files).
                guard seen.insert("\(input.submission)|\(input.contentHash ?? "")|\(outcome)").inserted else {
                    continue
                }
                sightings.append(
                    ManifestSighting(
                        contentHash: input.contentHash, submission: input.submission, outcome: outcome,
                        run: RunRef(id: name, startedAt: manifest.startedAt)))
            }
        }
        return (runs, sightings)
    }

    /// Groups submission rows by (province, year) and names each row's state.
    static func classify(_ records: [SubmissionRecord], manifests: [ManifestSighting]) -> [ProvinceYear] {
        func run(of r: SubmissionRecord) -> RunRef? {
            manifests.first { $0.contentHash == r.contentHash }?.run
                ?? manifests.first {
                    $0.contentHash == nil && $0.submission == r.key.id && $0.outcome == r.outcome.rawValue
                }?.run
        }
        var groups: [SubmissionKey: [SubmissionRecord]] = [:]
        for r in records {
            groups[SubmissionKey(province: r.key.province, year: r.key.year, revision: 0), default: []].append(r)
        }
        var out: [ProvinceYear] = []
        for slot in groups.keys.sorted() {
            let rows = groups[slot]!.sorted { ($0.key.revision, $0.contentHash) > ($1.key.revision, $1.contentHash) }
            // The store's rule of the revision in force (RevisionsInForce).
            let inForce = RevisionsInForce(ledger: rows)[ProvinceYearSlot(province: slot.province, year: slot.year)]
            var entry = ProvinceYear(province: slot.province, year: slot.year, inForce: nil, others: [])
            for r in rows {
                if let f = inForce, r.contentHash == f.contentHash, r.key == f.key {
                    entry.inForce = Revision(state: "in-force", record: r, run: run(of: r), isResolved: true)
                    continue
                }
                let state: String
                var resolved = true
                switch r.outcome {
                case .applied: state = "superseded"
                case .stale: state = "stale"
                case .rejected:
                    state = "rejected"
                    resolved = rows.contains { $0.outcome == .applied && $0.key.revision >= r.key.revision }
                case .incomplete:
                    state = "incomplete"
                    resolved = rows.contains {
                        $0.contentHash != r.contentHash && $0.outcome != .incomplete
                            && $0.key.revision >= r.key.revision
                    }
                case .unchanged: continue
                }
                entry.others.append(Revision(state: state, record: r, run: run(of: r), isResolved: resolved))
            }
            out.append(entry)
        }
        return out
    }

    /// Submissions still waiting for a fix: rejected and not replaced, or incomplete and not re-uploaded.
    public var outstanding: [Revision] {
        provinceYears.flatMap(\.others).filter { !$0.isResolved }
    }

    // MARK: - Rendering

    /// Text for a person (stdout of `jingzhun status`); `lastRuns` limits the run list.
    public func text(lastRuns: Int = 10) -> String {
        var out = "output folder: \(output)\n"
        out += "store versions: " + storeVersions.map { "\($0.table) \($0.version)" }.joined(separator: ", ") + "\n"
        if let lockHolder {
            out +=
                """
                a run is going on: pid \(lockHolder.pid), started \(lockHolder.startedAt) (this status may change \
                when it ends)\n
                """
        }
        out += "\nprovince year  state       revision  households  run (time)                                detail\n"
        func line(_ province: String, _ year: String, _ r: Revision) -> String {
            let runText = r.run.map { "\($0.id) (\($0.startedAt))" } ?? "(no manifest names it)"
            var detail = ""
            switch r.state {
            case "in-force": detail = ""
            case "superseded": detail = "replaced by a later revision"
            default:
                detail = [r.record.reasonRule?.rawValue, r.record.reasonMessage].compactMap { $0 }.joined(
                    separator: ": ")
                if r.state == "incomplete" { detail = "since run \(r.run?.id ?? "?"): " + detail }
                if !r.isResolved { detail = "OUTSTANDING " + detail }
            }
            return pad(province, 9) + pad(year, 6) + pad(r.state, 12) + pad("r\(r.record.key.revision)", 10)
                + pad(r.record.outcome == .applied ? "\(r.householdsAccepted)" : "-", 12) + pad(runText, 42) + detail
                + "\n"
        }
        for py in provinceYears {
            var first = true
            let rows = (py.inForce.map { [$0] } ?? []) + py.others
            if py.inForce == nil {
                out += pad("\(py.province)", 9) + pad("\(py.year)", 6) + "nothing in force\n"
                first = false
            }
            for r in rows {
                out += first ? line("\(py.province)", "\(py.year)", r) : line("", "", r)
                first = false
            }
        }
        let counts = Dictionary(
            grouping: provinceYears.flatMap { ($0.inForce.map { [$0] } ?? []) + $0.others }, by: \.state
        )
        .mapValues(\.count)
        out +=
            "\n"
            + ["in-force", "superseded", "stale", "rejected", "incomplete"].map { "\(counts[$0] ?? 0) \($0)" }
            .joined(separator: ", ") + "; \(outstanding.count) outstanding (rejected and not replaced, or incomplete)\n"
        out +=
            """
            \nlast runs (of \(runs.count)):\nrun id                     state        exit  started                \
               ended\n
            """
        for r in runs.suffix(lastRuns) {
            out +=
                pad(r.id, 27) + pad(r.state, 13) + pad(r.exitStatus.map { "\($0)" } ?? "-", 6) + pad(r.startedAt, 26)
                + (r.endedAt ?? "-") + "\n"
        }
        return out
    }

    private func pad(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s + " " : s + String(repeating: " ", count: width - n)
    }

    /// The JSON document of `jingzhun status --format json` (schema: docs/status.md).
    public func json(lastRuns: Int = 10) -> JSONValue {
        func revision(_ r: Revision) -> JSONValue {
            .object([
                ("submission", .string(r.record.key.id)),
                ("revision", .int(Int64(r.record.key.revision))),
                ("state", .string(r.state)),
                ("outstanding", .bool(!r.isResolved)),
                ("households", r.record.outcome == .applied ? .int(Int64(r.householdsAccepted)) : .null),
                ("rule", r.record.reasonRule.map { .string($0.rawValue) } ?? .null),
                ("message", r.record.reasonMessage.map { .string($0) } ?? .null),
                ("content_sha256", .string(r.record.contentHash)),
                ("files", .array(r.record.files.map { .string($0) })),
                (
                    "run",
                    r.run.map { .object([("id", .string($0.id)), ("started_at", .string($0.startedAt))]) } ?? .null
                ),
            ])
        }
        return .object([
            ("format", .string(Self.formatVersion)),
            ("output", .string(output)),
            ("store_versions", .object(storeVersions.map { ($0.table, .int($0.version)) })),
            (
                "running",
                lockHolder.map { .object([("pid", .string($0.pid)), ("started_at", .string($0.startedAt))]) } ?? .null
            ),
            (
                "areas",
                .array(
                    provinceYears.map { py in
                        .object([
                            ("province", .int(Int64(py.province))), ("year", .int(Int64(py.year))),
                            ("in_force", py.inForce.map(revision) ?? .null),
                            ("others", .array(py.others.map(revision))),
                        ])
                    })
            ),
            (
                "runs",
                .array(
                    runs.suffix(lastRuns).map { r in
                        .object([
                            ("id", .string(r.id)), ("state", .string(r.state)), ("command", .string(r.command)),
                            ("started_at", r.startedAt.isEmpty ? .null : .string(r.startedAt)),
                            ("ended_at", r.endedAt.map { .string($0) } ?? .null),
                            ("exit_status", r.exitStatus.map { .int(Int64($0)) } ?? .null),
                        ])
                    })
            ),
        ])
    }
}
