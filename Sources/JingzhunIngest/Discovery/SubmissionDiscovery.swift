import JingzhunCore
import JingzhunIO

/// Finds the submissions in an inbox folder (submissions.md, first section).
///
/// - The inbox is read non-recursively; names are matched exactly:
///   `{pp}-{yyyy}-r{n}.registry.xml`, `{pp}-{yyyy}-r{n}.registry.xml.gz`, and the CSV set
///   `{pp}-{yyyy}-r{n}.{counties,villages,households,members}.csv.gz`, where the prefix must be
///   the canonical form `SubmissionKey(prefix:)` accepts (`52-2019-r2`: no leading zeros).
/// - Anything else (other names, folders, devices, a sidecar without its file) is a notice F001
///   and left alone. Every symlink is refused with F002, whatever its name and target: a link
///   may lead outside the inbox, and refusing all links is simplest and safest. A refused link
///   does not count as a file of a CSV set, so the set then misses a file (F012).
/// - A CSV set missing any of its four files is rejected whole (F012).
/// - A file `NAME.sha256` (sha256sum format `<64 hex>  NAME`, or `<hex> *NAME`) must match the
///   file, else the submission is an incomplete upload (F003); a malformed sidecar or one naming
///   another file counts as a mismatch. A file whose size changes while it is hashed is also F003.
/// - Every file of a submission is read once here, in chunks, for its SHA-256 and the
///   submission's `ContentHash` — unless the `InboxHashCache` of an earlier scan holds the
///   submission with every file's stamp unchanged; then its digests are reused unread.
/// - Order is deterministic: submissions by (province, year, revision), then format; notices by name.
///   Two forms of one key (XML and CSV) are both listed; the run decides (the second is stale).
public enum SubmissionDiscovery {
    /// What a file name denotes.
    enum FileRole: Equatable {
        case xml(SubmissionKey, gzip: Bool)
        case csv(SubmissionKey, RecordKind)
    }

    static let sidecarSuffix = ".sha256"
    static let maxSidecarBytes = 4096

    /// The role of a file name, or nil when it fits no submission pattern.
    static func role(of name: String) -> FileRole? {
        for (suffix, gzip) in [(".registry.xml", false), (".registry.xml.gz", true)] where name.hasSuffix(suffix) {
            if let key = key(name, dropping: suffix) { return .xml(key, gzip: gzip) }
        }
        for (kind, suffix) in RecordSchema.csvFiles where name.hasSuffix(suffix) {
            if let key = key(name, dropping: suffix) { return .csv(key, kind) }
        }
        return nil
    }

    private static func key(_ name: String, dropping suffix: String) -> SubmissionKey? {
        let prefix = String(name.utf8.dropLast(suffix.utf8.count)) ?? ""
        guard let key = SubmissionKey(prefix: prefix), key.id == prefix else { return nil }
        return key
    }

    private struct GroupKey: Hashable {
        var key: SubmissionKey
        var format: SubmissionFormat
    }

    /// Scans `inbox`.
    /// - Parameters:
    ///   - hashCache: digests of an earlier scan, reused for submissions whose files are unchanged.
    ///   - nowNanoseconds: the time of the scan (Unix epoch); a file changed within
    ///     `InboxHashCache.racyNanoseconds` of it is hashed but not cached. Nil caches nothing.
    ///   - including: which submissions to examine (a shard's share); the others are not read.
    /// - Throws: `IngestError` when the inbox cannot be listed.
    public static func discover(
        inbox: String, readChunkBytes: Int = 1 << 20, hashCache: InboxHashCache = InboxHashCache(),
        nowNanoseconds: Int64? = nil,
        including: (SubmissionKey) -> Bool = { _ in true }, fileSystem: any FileSystem = POSIXFileSystem()
    ) throws(IngestError) -> InboxDiscovery {
        let entries: [(name: String, type: InboxEntryType)]
        do {
            entries = try InboxFile.list(inbox, fileSystem: fileSystem)
        } catch {
            throw IngestError(message: "cannot list the inbox: \(error.message)", path: inbox)
        }
        var notices: [Diagnostic] = []
        func notice(_ rule: RuleCode, _ name: String, _ message: String) {
            notices.append(Diagnostic(rule: rule, location: SourceLocation(file: name), message: message))
        }
        var groups: [GroupKey: [FoundFile]] = [:]
        var sidecars: [String: String] = [:]  // data file name → sidecar name
        var refusedLinks: Set<String> = []
        var dataFiles: Set<String> = []
        for (name, type) in entries {
            // Names are printed with their control characters escaped (a newline in a name
            // must not split a log line); the raw name stays the location, to open the file.
            let shown = DisplayText.escapingControlCharacters(name)
            switch type {
            case .symlink:
                refusedLinks.insert(name)
                notice(
                    .pathOutsideInbox, name, "\(shown) is a symbolic link: refused (links could lead outside the inbox)"
                )
            case .directory:
                notice(.notASubmission, name, "\(shown) is a folder: the inbox is read non-recursively, left alone")
            case .other(let kind):
                notice(.notASubmission, name, "\(shown) is not a regular file (a \(kind)): never opened, left alone")
            case .regular(let stamp):
                if name.hasSuffix(sidecarSuffix) && name.utf8.count > sidecarSuffix.utf8.count {
                    sidecars[String(name.dropLast(sidecarSuffix.count))] = name
                    continue
                }
                switch role(of: name) {
                case .xml(let key, let gzip):
                    groups[GroupKey(key: key, format: gzip ? .xmlGzip : .xml), default: []].append(
                        FoundFile(name: name, kind: nil, stamp: stamp))
                    dataFiles.insert(name)
                case .csv(let key, let kind):
                    groups[GroupKey(key: key, format: .csvGzip), default: []].append(
                        FoundFile(name: name, kind: kind, stamp: stamp))
                    dataFiles.insert(name)
                case nil:
                    notice(
                        .notASubmission, name,
                        "\(shown) fits no submission file name pattern "
                            + "({province}-{year}-r{revision}.registry.xml[.gz], or "
                            + ".counties/.villages/.households/.members.csv.gz), left alone"
                    )
                }
            }
        }
        for (base, sidecar) in sidecars where !dataFiles.contains(base) {
            notice(
                .notASubmission, sidecar,
                "\(DisplayText.escapingControlCharacters(sidecar)) is a checksum file without its submission file "
                    + "\(DisplayText.escapingControlCharacters(base)), left alone"
            )
        }
        notices.sort { ($0.location.file.utf8.lexicographicallyPrecedes($1.location.file.utf8)) }

        let ordered = groups.keys.sorted { ($0.key, $0.format.rawValue) < ($1.key, $1.format.rawValue) }
        var submissions: [DiscoveredSubmission] = []
        var nextCache = InboxHashCache()
        var reused = 0
        for group in ordered where including(group.key) {
            let found = groups[group, default: []].sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            let cached = hashCache.entry(for: found.map { ($0.name, $0.stamp) })
            let submission = examine(
                group.key, group.format, found, cached: cached, inbox: inbox, sidecars: sidecars,
                refusedLinks: refusedLinks,
                chunk: readChunkBytes, nowNanoseconds: nowNanoseconds, fileSystem: fileSystem)
            submissions.append(submission)
            if cached != nil { reused += 1 }
            // Cached: hashed without a problem (a problem may be an upload in progress), and no
            // file changed so recently that a later write could keep its stamp.
            if let nowNanoseconds, submission.problem == nil,
                found.allSatisfy({ nowNanoseconds - $0.stamp.changedNanoseconds > InboxHashCache.racyNanoseconds })
            {
                nextCache.insert(
                    InboxHashCache.Entry(
                        files: zip(found, submission.files).map {
                            InboxHashCache.File(name: $0.name, stamp: $0.stamp, sha256: $1.sha256)
                        },
                        contentHash: submission.contentHash))
            }
        }
        return InboxDiscovery(submissions: submissions, notices: notices, hashCache: nextCache, reusedHashes: reused)
    }

    /// A data file found in the inbox listing.
    struct FoundFile {
        var name: String
        var kind: RecordKind?
        var stamp: FileStamp
        var size: Int64 { stamp.size }
    }

    private static func examine(
        _ key: SubmissionKey, _ format: SubmissionFormat, _ found: [FoundFile], cached: InboxHashCache.Entry?,
        inbox: String, sidecars: [String: String], refusedLinks: Set<String>, chunk: Int, nowNanoseconds: Int64?,
        fileSystem: any FileSystem
    ) -> DiscoveredSubmission {
        var problem: Rejection?
        if format == .csvGzip {
            let missing = RecordSchema.csvFiles.map { key.id + $0.suffix }.filter { name in
                !found.contains { $0.name == name }
            }
            if !missing.isEmpty {
                let refused = missing.filter(refusedLinks.contains)
                problem = Rejection(
                    rule: .csvFileMissing, location: SourceLocation(file: missing[0]),
                    message: "the CSV set \(key.id) lacks " + missing.joined(separator: ", ")
                        + (refused.isEmpty ? "" : " (\(refused.joined(separator: ", ")) refused as symbolic link)"))
            }
        }
        // Each file's digest: recorded by an earlier scan when nothing changed (only the sidecars
        // are read again), else read and hashed now; then its sidecar is checked.
        var contentHash = ContentHash()
        var files: [DiscoveredFile] = []
        for (index, file) in found.enumerated() {
            let digest =
                cached?.files[index].sha256
                ?? hash(file, inbox: inbox, chunk: chunk, fileSystem: fileSystem, into: &contentHash, problem: &problem)
            // The stamp vouches for the digest only when a later write must change it (see
            // `DiscoveredFile.stamp`): the same test as for caching the digest.
            let isSettled = nowNanoseconds.map { $0 - file.stamp.changedNanoseconds > InboxHashCache.racyNanoseconds }
            files.append(
                DiscoveredFile(
                    name: file.name, kind: file.kind, size: file.size, sha256: digest,
                    stamp: isSettled == true ? file.stamp : nil))
            if let sidecar = sidecars[file.name], problem == nil,
                let mismatch = sidecarMismatch(
                    inbox: inbox, sidecar: sidecar, file: file.name, digest: digest, fileSystem: fileSystem)
            {
                problem = Rejection(
                    rule: .checksumMismatch, location: SourceLocation(file: file.name), message: mismatch)
            }
        }
        return DiscoveredSubmission(
            key: key, format: format, inbox: inbox, files: files,
            contentHash: cached?.contentHash ?? contentHash.finalizeHex(),
            problem: problem)
    }

    /// Reads `file` once for its SHA-256 (returned) and the submission's content hash; a file
    /// that changes size or cannot be read sets `problem` unless one is already set.
    private static func hash(
        _ file: FoundFile, inbox: String, chunk: Int, fileSystem: any FileSystem, into contentHash: inout ContentHash,
        problem: inout Rejection?
    ) -> String {
        var fileHash = SHA256Stream()
        contentHash.beginFile(name: file.name, size: file.size)
        do {
            let read = try InboxFile.read(inbox: inbox, name: file.name, chunkBytes: chunk, fileSystem: fileSystem) {
                bytes in
                contentHash.update(bytes, alongside: &fileHash)
                return true
            }
            if read != file.size && problem == nil {
                problem = Rejection(
                    rule: .checksumMismatch, location: SourceLocation(file: file.name),
                    message:
                        "\(file.name) changed size while being read (\(file.size) → \(read) bytes): upload in "
                        + "progress")
            }
        } catch {
            if problem == nil {
                problem = Rejection(
                    rule: error == .symlink ? .pathOutsideInbox : .unreadable,
                    location: SourceLocation(file: file.name),
                    message: "\(file.name): \(error.message)")
            }
        }
        return fileHash.finalizeHex()
    }

    /// Why the sidecar does not confirm `digest`, or nil when it does.
    static func sidecarMismatch(
        inbox: String, sidecar: String, file: String, digest: String, fileSystem: any FileSystem = POSIXFileSystem()
    ) -> String? {
        var content: [UInt8] = []
        do {
            try InboxFile.read(inbox: inbox, name: sidecar, chunkBytes: maxSidecarBytes, fileSystem: fileSystem) {
                bytes in
                content.append(contentsOf: bytes)
                return content.count <= maxSidecarBytes
            }
        } catch {
            return "\(sidecar): \(error.message) (incomplete upload?)"
        }
        guard let expected = parseSidecar(content, file: file) else {
            return "\(sidecar) is not a sha256sum line for \(file) (`<64 hex>  \(file)`): incomplete upload?"
        }
        guard expected == digest else {
            return
                "\(file) does not match its checksum file \(sidecar) (expected \(expected), found \(digest)): "
                + "incomplete upload"
        }
        return nil
    }

    /// The lowercase hex digest of a sha256sum line naming `file`, or nil when malformed.
    static func parseSidecar(_ content: [UInt8], file: String) -> String? {
        var bytes = content[...]
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
        let text = String(decoding: bytes, as: UTF8.self)
        guard !text.contains("\n"), text.utf8.count > 66 else { return nil }
        let hex = text.prefix(64).lowercased()
        guard hex.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        let rest = text.dropFirst(64)
        guard rest.hasPrefix("  ") || rest.hasPrefix(" *"), rest.dropFirst(2) == file[...] else { return nil }
        return hex
    }
}
