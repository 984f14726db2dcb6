/// What identifies a file's bytes without reading them, as git's index does: size, inode,
/// device, and the modification and status-change times in nanoseconds. Any write to a file
/// changes its status-change time (ctime), which no user can set back.
public struct FileStamp: Sendable, Hashable {
    public var size: Int64
    public var modifiedNanoseconds: Int64
    public var changedNanoseconds: Int64
    public var inode: UInt64
    public var device: UInt64

    public init(size: Int64, modifiedNanoseconds: Int64, changedNanoseconds: Int64, inode: UInt64, device: UInt64) {
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedNanoseconds = changedNanoseconds
        self.inode = inode
        self.device = device
    }
}

/// The digests of submissions an earlier scan read, so that a nightly run does not read every
/// submission of past years again just to learn that its bytes are those already applied
/// (runs-and-store.md: "a submission already applied (same bytes) is not read again").
///
/// An entry is used only when every file of the submission has exactly the stamp it had when it
/// was hashed; otherwise the files are read and hashed as if there were no cache. A file whose
/// ctime is within `racyNanoseconds` of the scan is not cached: timestamps are coarse (one
/// kernel tick), so a write in the same tick as the scan could leave the stamp unchanged.
/// Persisted by the run as `<output>/state/inbox-hashes.json`; deleting it only costs a full read.
public struct InboxHashCache: Sendable, Equatable {
    public struct File: Sendable, Hashable {
        public var name: String
        public var stamp: FileStamp
        public var sha256: String
        public init(name: String, stamp: FileStamp, sha256: String) {
            self.name = name
            self.stamp = stamp
            self.sha256 = sha256
        }
    }

    public struct Entry: Sendable, Hashable {
        /// The submission's files, sorted bytewise by name (as `DiscoveredSubmission.files`).
        public var files: [File]
        public var contentHash: String
        public init(files: [File], contentHash: String) {
            self.files = files
            self.contentHash = contentHash
        }
    }

    /// Entries by their files' names joined with a line feed.
    public private(set) var entries: [String: Entry] = [:]

    public static let racyNanoseconds: Int64 = 2_000_000_000

    public init(entries: [Entry] = []) {
        for entry in entries { insert(entry) }
    }

    public mutating func insert(_ entry: Entry) {
        entries[Self.key(entry.files.map(\.name))] = entry
    }

    /// The entry for exactly these files with exactly these stamps, if any.
    func entry(for files: [(name: String, stamp: FileStamp)]) -> Entry? {
        guard let entry = entries[Self.key(files.map(\.name))], entry.files.count == files.count else { return nil }
        for (cached, now) in zip(entry.files, files) where cached.name != now.name || cached.stamp != now.stamp {
            return nil
        }
        return entry
    }

    /// Entries in a stable order (by key), for writing.
    public var sortedEntries: [Entry] {
        entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { entries[$0]! }
    }

    static func key(_ names: [String]) -> String { names.joined(separator: "\n") }
}
