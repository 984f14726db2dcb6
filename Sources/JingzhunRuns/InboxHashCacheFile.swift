import JingzhunIO
import JingzhunIngest

/// `<output>/state/inbox-hashes.json`: the `InboxHashCache` a run leaves for the next one.
///
/// Only a shortcut: a missing, unreadable or foreign file means "read every submission again",
/// never an error. Written atomically after discovery (not by a dry run).
enum InboxHashCacheFile {
    static let version: Int64 = 1

    /// One file per ingest shard (`inbox-hashes.shard-2-of-3.json`): shards write at the same time.
    static func path(output: String, shard: IngestShard? = nil) -> String {
        output + "/state/inbox-hashes" + (shard.map { "." + $0.label } ?? "") + ".json"
    }

    static func read(output: String, shard: IngestShard? = nil) -> InboxHashCache {
        // try? (both): the cache only saves reading; a missing, unreadable or older-format file means every
        // submission is hashed again, which gives the same digests.
        guard let bytes = try? FilePath.readAll(path(output: output, shard: shard)) else { return InboxHashCache() }
        var parser = JSONParser(String(decoding: bytes, as: UTF8.self))
        guard let root = try? parser.parse(), root["version"]?.intValue == version,
            let submissions = root["submissions"]?.arrayValue
        else { return InboxHashCache() }
        var entries: [InboxHashCache.Entry] = []
        for submission in submissions {
            guard let contentHash = submission["content_hash"]?.stringValue, let files = submission["files"]?.arrayValue
            else {
                return InboxHashCache()
            }
            var cachedFiles: [InboxHashCache.File] = []
            for file in files {
                guard let name = file["name"]?.stringValue, let sha256 = file["sha256"]?.stringValue,
                    let size = file["size"]?.intValue, let modified = file["mtime_ns"]?.intValue,
                    let changed = file["ctime_ns"]?.intValue, let inode = file["inode"]?.intValue,
                    let device = file["device"]?.intValue
                else { return InboxHashCache() }
                cachedFiles.append(
                    InboxHashCache.File(
                        name: name,
                        stamp: FileStamp(
                            size: size, modifiedNanoseconds: modified, changedNanoseconds: changed,
                            inode: UInt64(bitPattern: inode), device: UInt64(bitPattern: device)),
                        sha256: sha256))
            }
            entries.append(InboxHashCache.Entry(files: cachedFiles, contentHash: contentHash))
        }
        return InboxHashCache(entries: entries)
    }

    static func write(_ cache: InboxHashCache, output: String, shard: IngestShard? = nil) throws {
        let submissions = cache.sortedEntries.map { entry in
            JSONValue.object([
                ("content_hash", .string(entry.contentHash)),
                (
                    "files",
                    .array(
                        entry.files.map { file in
                            JSONValue.object([
                                ("name", .string(file.name)), ("size", .int(file.stamp.size)),
                                ("mtime_ns", .int(file.stamp.modifiedNanoseconds)),
                                ("ctime_ns", .int(file.stamp.changedNanoseconds)),
                                ("inode", .int(Int64(bitPattern: file.stamp.inode))),
                                ("device", .int(Int64(bitPattern: file.stamp.device))),
                                ("sha256", .string(file.sha256)),
                            ])
                        })
                ),
            ])
        }
        let root = JSONValue.object([("version", .int(version)), ("submissions", .array(submissions))])
        try AtomicFile.write(root.render(pretty: true) + "\n", to: path(output: output, shard: shard))
    }
}
