import JingzhunIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Delta's symlink format manifest (the "GENERATE symlink_format_manifest" utility that Delta
// documents for Presto, Trino, Athena and Hive): beside `_delta_log/`, a folder
// `_symlink_format_manifest/` holds one text file `manifest` per partition
// (`_symlink_format_manifest/year=2019/province=52/manifest`, or `_symlink_format_manifest/manifest`
// for a table without partitions) listing, one per line, the absolute locations of the data files
// in force. An engine that knows nothing of Delta (Hive's SymlinkTextInputFormat, Trino's Hive
// connector, Spark without delta-spark) then reads exactly the records in force, never a
// superseded revision.
//
// Why it is kept in step with every commit, and how it stays crash-safe:
// - after each commit to a partition (and also when a commit finds nothing to change), the
//   partition's manifest is recomputed from the table's snapshot and replaced atomically if its
//   bytes differ (temporary file, fsync, rename, folder fsync), so a reader sees the old list or
//   the new, never a mix;
// - a process killed between a commit and the manifest write leaves the previous list, which
//   still names existing files (data files are never deleted, only removed from the log); the
//   rerun repeats the same commit (which is then a no-op) and the manifest write;
// - `Store.refreshSymlinkManifests()` reconciles every partition of every table at the start of
//   a normalize, so a manifest of a partition that a crash left behind is corrected even when no
//   later commit touches it.
// The manifests hold absolute locations, so they are not part of the byte-identical outputs: a
// store moved or mounted elsewhere gets new manifests from `jingzhun-normalize` (or any run), and
// `store_uri` in the pipeline file names the location cluster engines see (an HDFS or object-store
// URI of the same folder).

/// Where the manifests point: the location of the store folder as the reading engine sees it.
public struct SymlinkManifestLocation: Sendable, Hashable {
    /// The store folder's URI prefix, without a trailing slash (`file:///srv/jingzhun/output/store`,
    /// `hdfs://namenode/jingzhun/store`).
    public var storeURI: String
    public init(storeURI: String) {
        var uri = storeURI
        while uri.count > 1 && uri.hasSuffix("/") { uri.removeLast() }
        self.storeURI = uri
    }

    /// `file://` and the absolute, symlink-free path of a local store folder.
    /// - Returns: nil when the folder does not exist yet.
    static func local(storeRoot: String) -> SymlinkManifestLocation? {
        guard let resolved = FilePath.resolvingSymlinks(storeRoot) else { return nil }
        return SymlinkManifestLocation(storeURI: "file://" + percentEncodedPath(resolved))
    }

    /// RFC 3986 path encoding for the few bytes a path may hold that a URI may not.
    static func percentEncodedPath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "="):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return out
    }
}

/// The manifest files of one table computed from a snapshot.
struct SymlinkManifest {
    static let folderName = "_symlink_format_manifest"
    static let fileName = "manifest"

    /// Relative path of a partition's manifest inside the table folder.
    static func relativePath(partitionFolder: String) -> String {
        partitionFolder.isEmpty ? "\(folderName)/\(fileName)" : "\(folderName)/\(partitionFolder)/\(fileName)"
    }

    /// The manifest bytes of each partition that has files in force, keyed by relative path.
    /// Lines are sorted bytewise (the snapshot's file order), each ending in "\n".
    static func contents(
        of snapshot: DeltaSnapshot, definition: TableDefinition, tableURI: String
    ) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for file in snapshot.files {
            let key = relativePath(partitionFolder: definition.partitionFolder(file.partitionValues))
            out[key, default: []].append(contentsOf: Array("\(tableURI)/\(file.path)\n".utf8))
        }
        return out
    }

    /// The manifest of one partition (nil when it has no files in force).
    static func contents(
        of snapshot: DeltaSnapshot, partition: [String: String], definition: TableDefinition, tableURI: String
    ) -> [UInt8]? {
        let files = snapshot.files(in: partition)
        guard !files.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for file in files { bytes.append(contentsOf: Array("\(tableURI)/\(file.path)\n".utf8)) }
        return bytes
    }
}

extension Store {
    /// The location written into manifests: `symlinkLocation` when set, else the local folder.
    func manifestTableURI(_ t: StoreTable) -> String? {
        let location = symlinkLocation ?? SymlinkManifestLocation.local(storeRoot: root)
        return location.map { "\($0.storeURI)/\(t.rawValue)" }
    }

    /// Brings one partition's manifest in line with the table's newest snapshot.
    func refreshSymlinkManifest(_ t: StoreTable, partition: [String: String]) throws(StoreError) {
        guard let uri = manifestTableURI(t) else { return }
        let definition = TableDefinition.of(t)
        let deltaTable = table(t)
        guard let snapshot = try deltaTable.snapshot() else { return }
        let path =
            deltaTable.root + "/"
            + SymlinkManifest.relativePath(
                partitionFolder: definition.partitionFolder(partition))
        let wanted = SymlinkManifest.contents(
            of: snapshot, partition: partition, definition: definition, tableURI: uri)
        try replaceManifest(at: path, with: wanted)
    }

    /// Reconciles every manifest of every table with its newest snapshot: writes what differs and
    /// removes the manifests of partitions that no longer have files in force.
    /// - Returns: how many manifest files were written or removed.
    @discardableResult
    public func refreshSymlinkManifests() throws(StoreError) -> Int {
        var changed = 0
        for t in StoreTable.allCases {
            guard let uri = manifestTableURI(t) else { continue }
            let deltaTable = table(t)
            guard let snapshot = try deltaTable.snapshot() else { continue }
            let wanted = SymlinkManifest.contents(of: snapshot, definition: TableDefinition.of(t), tableURI: uri)
            let manifestRoot = deltaTable.root + "/" + SymlinkManifest.folderName
            var present: [String] = []
            try collectManifests(in: manifestRoot, relative: SymlinkManifest.folderName, into: &present)
            for relative in present where wanted[relative] == nil {
                if try replaceManifest(at: deltaTable.root + "/" + relative, with: nil) { changed += 1 }
            }
            for (relative, bytes) in wanted.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                if try replaceManifest(at: deltaTable.root + "/" + relative, with: bytes) { changed += 1 }
            }
        }
        return changed
    }

    /// Every `manifest` file under `folder`, as paths relative to the table folder.
    private func collectManifests(
        in folder: String, relative: String, into out: inout [String]
    ) throws(StoreError) {
        for name in try files.list(folder) {
            let path = folder + "/" + name
            if files.isDirectory(path) {
                try collectManifests(in: path, relative: relative + "/" + name, into: &out)
            } else if name == SymlinkManifest.fileName {
                out.append(relative + "/" + name)
            }
        }
    }

    /// Writes `bytes` to `path` atomically when they differ from what is there; removes the file
    /// when `bytes` is nil.
    /// - Returns: whether anything changed.
    @discardableResult
    func replaceManifest(at path: String, with bytes: [UInt8]?) throws(StoreError) -> Bool {
        let current: [UInt8]? = files.exists(path) ? try files.readAll(path) : nil
        if current == bytes { return false }
        if let bytes {
            try files.writeAtomically(bytes, to: path)
        } else {
            try files.remove(path)
        }
        return true
    }
}
