import JingzhunIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// One Delta table on a POSIX file system: the `_delta_log` of JSON commits, optimistic
// put-if-absent commits, and snapshot replay (PROTOCOL.md §Delta Log Entries, §Action Reconciliation).
// No checkpoints are written; readers replay the JSON commits from version 0.

/// A table folder holding `_delta_log/` and the data files.
struct DeltaTable: Sendable {
    /// Absolute or relative path of the table folder.
    let root: String
    /// Snapshots already replayed, so the next read only replays newer commits.
    let cache: DeltaSnapshotCache?
    /// The file system holding the table.
    let files: StoreFiles

    init(root: String, cache: DeltaSnapshotCache? = nil, files: StoreFiles = StoreFiles()) {
        self.root = root
        self.cache = cache
        self.files = files
    }
    var logDirectory: String { root + "/_delta_log" }

    /// How many times a writer re-reads the log and retries after losing a race for a version.
    static let maximumCommitAttempts = 100

    /// `_delta_log/%020d.json`.
    func commitPath(_ version: Int64) -> String {
        let digits = String(version)
        return logDirectory + "/" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".json"
    }

    /// Parses a commit file name: exactly 20 digits and ".json". Temporary files, checksums and
    /// anything else in the folder are ignored.
    static func version(ofCommitFile name: String) -> Int64? {
        let bytes = Array(name.utf8)
        guard bytes.count == 25, name.hasSuffix(".json") else { return nil }
        guard let value = parseDigits(bytes[0..<20]) else { return nil }
        return value
    }

    private static func parseDigits(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(b - 0x30))
            guard !o1 && !o2 else { return nil }
            value = s
        }
        return value
    }

    /// Committed versions, ascending. Empty when the table does not exist yet.
    func versions() throws(StoreError) -> [Int64] {
        try files.list(logDirectory, sorted: false).compactMap(DeltaTable.version(ofCommitFile:)).sorted()
    }

    /// The newest version, or nil when the table has no commit.
    func latestVersion() throws(StoreError) -> Int64? { try versions().last }

    /// Reads the actions of one commit.
    func readCommit(_ version: Int64) throws(StoreError) -> [DeltaAction] {
        let path = commitPath(version)
        let bytes = try files.readAll(path)
        var actions: [DeltaAction] = []
        var lineStart = 0
        var lineNumber = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            let line = bytes[lineStart..<lineEnd]
            if line.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) {
                do {
                    actions.append(try DeltaAction.parse(line: line))
                } catch {
                    throw StoreError.corruptLog("line \(lineNumber): \(error)", path: path, underlying: error)
                }
            }
            lineStart = lineEnd + 1
        }
        // A commit is linked into place complete (put-if-absent after fsync), so an empty one
        // is damage, not a commit of nothing: reading it as "no change" would hide the loss.
        guard !actions.isEmpty else {
            throw StoreError.corruptLog("the commit is empty (\(bytes.count) bytes, no action)", path: path)
        }
        return actions
    }

    /// Replays the log up to `version` (the newest when nil).
    /// - Returns: nil when the table does not exist (no commits) and no version was asked for.
    /// - Throws: `versionNotFound` for a version the table does not have; `corruptLog` when
    ///   commits are missing between 0 and the newest; `unsupportedTable` for reader versions > 1.
    /// - Complexity: O(total actions up to the version): every commit is read (no checkpoints).
    func snapshot(at version: Int64? = nil) throws(StoreError) -> DeltaSnapshot? {
        let all = try versions()
        guard let newest = all.last else {
            if let version {
                throw StoreError(
                    .versionNotFound, "the table '\(root)' has no version \(version): it has no commits yet", path: root
                )
            }
            return nil
        }
        let target = version ?? newest
        guard target >= 0, target <= newest else {
            throw StoreError(
                .versionNotFound,
                "the table '\(root)' has no version \(target); its versions are 0 to \(newest)", path: root)
        }
        // Without checkpoints the log must be complete from 0.
        for (index, v) in all.enumerated() where Int64(index) != v {
            throw StoreError.corruptLog(
                "commit \(index) is missing (found \(v) instead)", path: commitPath(Int64(index)))
        }
        // Commit files are immutable once linked, so a cached snapshot at or below the target is
        // a valid starting point (the size check catches a table folder rebuilt meanwhile).
        var snapshot = DeltaSnapshot(version: -1)
        if let cached = cache?.snapshot(for: root), cached.snapshot.version <= target,
            files.size(commitPath(cached.snapshot.version)) == cached.lastCommitSize
        {
            snapshot = cached.snapshot
        }
        if snapshot.version < target {
            for v in (snapshot.version + 1)...target {
                snapshot.apply(try readCommit(v), version: v)
            }
        }
        if let cache, let size = files.size(commitPath(target)) {
            cache.remember(snapshot, lastCommitSize: size, for: root)
        }
        if let p = snapshot.protocolVersions, p.minReaderVersion > 1 {
            throw StoreError(
                .unsupportedTable,
                "the table '\(root)' needs Delta reader version \(p.minReaderVersion); this program reads version 1 "
                    + "tables only — rebuild the store with this program or read it with Spark or deltalake",
                path: root)
        }
        return snapshot
    }

    /// Writes `actions` as commit `version` unless that version exists.
    /// - Returns: false when another writer already committed `version`.
    func putCommit(_ actions: [DeltaAction], version: Int64) throws(StoreError) -> Bool {
        let isNew = !files.isDirectory(logDirectory)
        try files.createDirectories(logDirectory)
        if isNew {
            // New folders must survive power loss too: sync the table folder and its parent.
            try files.syncDirectory(root)
            try files.syncDirectory(StoreFiles.directory(of: root))
        }
        return try files.createIfAbsent(DeltaTable.commitBytes(actions), at: commitPath(version))
    }

    /// One action per line, each line ending in "\n".
    static func commitBytes(_ actions: [DeltaAction]) -> [UInt8] {
        var out: [UInt8] = []
        for action in actions {
            action.json.write(into: &out)
            out.append(0x0A)
        }
        return out
    }

    /// Optimistic commit: builds the actions from the newest snapshot and tries to take the next
    /// version; when another writer took it first, re-reads the log and builds again.
    /// - Parameter build: the actions to commit given the current snapshot (nil: table absent),
    ///   or nil when there is nothing to commit.
    /// - Returns: the committed version, or nil when `build` found nothing to do.
    @discardableResult
    func commit(
        _ build: (DeltaSnapshot?) throws(StoreError) -> [DeltaAction]?
    ) throws(StoreError) -> Int64? {
        for _ in 0..<DeltaTable.maximumCommitAttempts {
            let current = try snapshot()
            guard let actions = try build(current) else { return nil }
            let version = (current?.version ?? -1) + 1
            if try putCommit(actions, version: version) { return version }
        }
        throw StoreError(
            .commitConflict,
            "gave up committing to '\(root)' after \(DeltaTable.maximumCommitAttempts) attempts: other writers kept "
                + "taking the next version; make sure only one run uses the output folder",
            path: root)
    }

    /// Commit infos by version, ascending (what `history()` of other tools shows).
    func history() throws(StoreError) -> [(version: Int64, info: DeltaCommitInfo?)] {
        var out: [(Int64, DeltaCommitInfo?)] = []
        for v in try versions() {
            let info = try readCommit(v).lazy.compactMap { action -> DeltaCommitInfo? in
                if case .commitInfo(let c) = action { c } else { nil }
            }.first
            out.append((v, info))
        }
        return out
    }
}

/// The state of a table at one version: protocol, metadata and the active files.
struct DeltaSnapshot: Sendable {
    var version: Int64
    var protocolVersions: DeltaProtocol?
    var metadata: DeltaMetadata?
    /// Active files by path (PROTOCOL.md §Action Reconciliation: the newest add or remove of a path wins).
    var activeFiles: [String: DeltaAddFile] = [:]

    init(version: Int64) { self.version = version }

    mutating func apply(_ actions: [DeltaAction], version: Int64) {
        self.version = version
        for action in actions {
            switch action {
            case .protocol(let p): protocolVersions = p
            case .metaData(let m): metadata = m
            case .add(let a): activeFiles[a.path] = a
            case .remove(let r): activeFiles[r.path] = nil
            case .commitInfo, .other: break
            }
        }
    }

    /// Active files sorted by path (deterministic order for readers).
    var files: [DeltaAddFile] {
        activeFiles.values.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// Active files whose partition values include every pair of `partition`, sorted by path.
    func files(in partition: [String: String]) -> [DeltaAddFile] {
        files.filter { file in partition.allSatisfy { file.partitionValues[$0.key] == $0.value } }
    }
}

/// The newest replayed snapshot per table folder, shared by copies of a `Store` (a log only
/// grows, so a remembered snapshot stays a valid prefix of every later replay).
final class DeltaSnapshotCache: Sendable {
    private let entries = Locked<[String: (snapshot: DeltaSnapshot, lastCommitSize: Int64)]>([:])

    func snapshot(for root: String) -> (snapshot: DeltaSnapshot, lastCommitSize: Int64)? {
        entries.withLock { $0[root] }
    }

    /// Keeps the newest snapshot only (time travel to older versions does not evict it).
    func remember(_ snapshot: DeltaSnapshot, lastCommitSize: Int64, for root: String) {
        entries.withLock { entries in
            if let current = entries[root], current.snapshot.version > snapshot.version { return }
            entries[root] = (snapshot, lastCommitSize)
        }
    }
}
