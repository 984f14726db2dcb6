import JingzhunCore
import JingzhunIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The validator's storage for one submission, bounded per household (issue 20): households and
// members go to fixed-width rows (`StagedRowLayout`) in scratch files as they are validated;
// memory keeps a few bytes of decision state per household, the household numbers, and a
// fingerprint table of the identity pseudonyms.

/// Fixed-width rows appended in order, either in memory (`path` nil) or in a scratch file with
/// a buffer of the rows not yet written. Rows can be read back one at a time or in order.
///
/// A failure to write or read the file is kept (`failure`, naming the path); later appends are
/// dropped, and the validator reports it as a scratch failure of the run.
final class RowSpill {
    let rowBytes: Int
    let path: String?
    private let fileSystem: any FileSystem
    private var file: (any OpenFile)?
    private(set) var count = 0
    /// Rows already in the file; `buffer` holds rows `flushed..<count`.
    private var flushed = 0
    private var buffer: [UInt8] = []
    /// Zero bytes copied in for each row appended: appending `rowBytes` repeated zeros went byte
    /// by byte (1 % of XML ingest, issue 20), and an array of zeros kept here cost a retain and a
    /// release per row (3 %); a buffer allocated once and never freed costs neither.
    private nonisolated(unsafe) static let zeros: UnsafeBufferPointer<UInt8> = {
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: maxRowBytes)
        bytes.initialize(repeating: 0)
        return UnsafeBufferPointer(bytes)
    }()
    private static let maxRowBytes = 1024
    private let flushRows: Int
    private(set) var failure: ScratchFailure?

    init(rowBytes: Int, path: String?, fileSystem: any FileSystem, flushBytes: Int = 1 << 20) {
        self.rowBytes = rowBytes
        self.path = path
        self.fileSystem = fileSystem
        flushRows = max(1, flushBytes / rowBytes)
        precondition(rowBytes <= Self.maxRowBytes, "a spilled row is at most \(Self.maxRowBytes) bytes")
        if path != nil { buffer.reserveCapacity(flushRows * rowBytes) }
    }

    /// Closes the file; a file left behind (a run killed, a batch dropped) is removed with the
    /// run's `tmp` folder.
    deinit { try? file?.close() }  // try?: scratch, nothing kept is lost

    /// Flushes and hands over the open file (readable: scratch mode), nil when nothing was written.
    func takeFile() -> (any OpenFile)? {
        flush()
        defer { file = nil }
        return file
    }

    /// Appends one row, filled by `fill` (given `rowBytes` zeroed bytes).
    @inline(__always)
    func append(_ fill: (UnsafeMutableRawPointer) -> Void) {
        let start = buffer.count
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: Self.zeros[..<rowBytes]))
        buffer.withUnsafeMutableBytes { fill($0.baseAddress! + start) }
        count += 1
        if path != nil && count - flushed >= flushRows { flush() }
    }

    /// Appends rows already encoded.
    func append(rows bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        count += bytes.count / rowBytes
        if path != nil && count - flushed >= flushRows { flush() }
    }

    /// Writes the buffered rows to the file (nothing in memory mode).
    func flush() {
        guard let path, count > flushed else { return }
        defer {
            flushed = count
            buffer.removeAll(keepingCapacity: true)
        }
        guard failure == nil else { return }
        do throws(IOError) {
            if file == nil {
                try fileSystem.createDirectories(FilePath.directory(of: path))
                file = try fileSystem.open(path, mode: .scratch)
            }
            try file!.write(buffer)
        } catch {
            failure = Self.failure("write", path, error)
        }
    }

    /// A failed read or write of the scratch file, in the system's words (`File too large`).
    static func failure(_ verb: String, _ path: String?, _ error: IOError) -> ScratchFailure {
        let reason = error.reason.isEmpty ? error.message : error.reason
        return ScratchFailure(
            "cannot \(verb) ingest's scratch file \(path ?? error.path): \(reason)", path: path ?? error.path,
            errno: error.errno)
    }

    static func shortFile(_ path: String?) -> ScratchFailure {
        ScratchFailure("ingest's scratch file \(path ?? "") is shorter than what was written to it", path: path ?? "")
    }

    /// Calls `body` with row `index`'s bytes; false (and `failure` set) when the file cannot be read.
    @discardableResult
    func withRow(_ index: Int, _ body: (UnsafeRawPointer) -> Void) -> Bool {
        if index >= flushed {
            buffer.withUnsafeBytes { body($0.baseAddress! + (index - flushed) * rowBytes) }
            return true
        }
        guard failure == nil, let file else { return false }
        do throws(IOError) {
            let bytes = try file.read(at: index * rowBytes, count: rowBytes)
            guard bytes.count == rowBytes else {
                failure = Self.shortFile(path)
                return false
            }
            bytes.withUnsafeBytes { body($0.baseAddress!) }
            return true
        } catch {
            failure = Self.failure("read", path, error)
            return false
        }
    }

    /// Calls `body` with the rows in order, in pieces of at most `chunkRows` rows (the first
    /// row's index, the bytes). Stops (with `failure` set) when the file cannot be read.
    func forEachChunk(chunkRows: Int = 8192, _ body: (Int, UnsafeRawBufferPointer) -> Void) {
        var row = 0
        if let file {
            while row < flushed {
                let rows = min(chunkRows, flushed - row)
                let bytes: [UInt8]
                do throws(IOError) {
                    bytes = try file.read(at: row * rowBytes, count: rows * rowBytes)
                } catch {
                    failure = failure ?? Self.failure("read", path, error)
                    return
                }
                guard bytes.count == rows * rowBytes else {
                    failure = failure ?? Self.shortFile(path)
                    return
                }
                bytes.withUnsafeBytes { body(row, $0) }
                row += rows
            }
        }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let bytes = min(chunkRows * rowBytes, raw.count - offset)
                body(row, UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + bytes)]))
                row += bytes / rowBytes
                offset += bytes
            }
        }
    }

    /// The rows held in memory (memory mode: all of them).
    var memoryRows: [UInt8] { buffer }

    /// Flushes and closes the file; the rows stay readable by path.
    func close() {
        flush()
        if let file {
            do throws(IOError) { try file.close() } catch {
                failure = failure ?? Self.failure("write", path, error)
            }
        }
        file = nil
    }

    /// Closes and removes the file, frees the rows.
    func remove() {
        if let file { try? file.close() }  // try?: the file is removed on the next line
        file = nil
        if let path { fileSystem.removeTree(path) }
        buffer = []
    }
}

/// Open addressing tables split in 256 parts by the top byte of each entry's 32-bit key: each
/// part grows on its own, so growing never holds two copies of the whole table (at most one
/// part's), and a part is at least 3/8 used once it has grown (it grows past 3/4 full). An entry
/// is the key (high half) and a non-zero value (low half); a slot of 0 is empty.
struct PartitionedTable {
    private var parts: [[UInt64]] = Array(repeating: [UInt64](repeating: 0, count: 16), count: 256)
    private var used = [Int](repeating: 0, count: 256)

    @inline(__always) private static func start(_ key: UInt32, _ mask: Int) -> Int { Int(key & 0xFF_FFFF) & mask }

    /// The value of the entry of `key` for which `matches(value)` holds; or, when there is none,
    /// inserts (`key`, `value`) and returns nil. `value` must not be 0.
    mutating func findOrInsert(key: UInt32, value: UInt32, matches: (UInt32) -> Bool) -> UInt32? {
        let part = Int(key >> 24)
        if (used[part] + 1) * 4 > parts[part].count * 3 { grow(part) }
        let entry = UInt64(key) << 32 | UInt64(value)
        let found = parts[part].withUnsafeMutableBufferPointer { slots -> UInt32? in
            let mask = slots.count - 1
            var slot = Self.start(key, mask)
            while true {
                let stored = slots[slot]
                if stored == 0 {
                    slots[slot] = entry
                    return nil
                }
                if UInt32(truncatingIfNeeded: stored >> 32) == key {
                    let storedValue = UInt32(truncatingIfNeeded: stored)
                    if matches(storedValue) { return storedValue }
                }
                slot = (slot + 1) & mask
            }
        }
        if found == nil { used[part] += 1 }
        return found
    }

    /// The value of the entry of `key` for which `matches(value)` holds, or nil.
    func find(key: UInt32, matches: (UInt32) -> Bool) -> UInt32? {
        parts[Int(key >> 24)].withUnsafeBufferPointer { slots -> UInt32? in
            let mask = slots.count - 1
            var slot = Self.start(key, mask)
            while true {
                let stored = slots[slot]
                if stored == 0 { return nil }
                if UInt32(truncatingIfNeeded: stored >> 32) == key {
                    let storedValue = UInt32(truncatingIfNeeded: stored)
                    if matches(storedValue) { return storedValue }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The stored word at the start slot of `key` (see `IdentityFingerprints.peek`).
    func peek(key: UInt32) -> UInt64 {
        parts[Int(key >> 24)].withUnsafeBufferPointer { $0[Self.start(key, $0.count - 1)] }
    }

    private mutating func grow(_ part: Int) {
        let old = parts[part]
        parts[part] = []
        var slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for stored in old where stored != 0 {
            var slot = Self.start(UInt32(truncatingIfNeeded: stored >> 32), mask)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = stored
        }
        parts[part] = slots
    }

    /// Bytes held by the slots.
    var bytes: Int { parts.reduce(0) { $0 + $1.count * 8 } }
}

/// The identity pseudonyms seen so far (duplicate identity numbers, M-rule), exact in ≈ 16 bytes
/// per identity: each entry is 32 bits mixed from the pseudonym and the member's row in the
/// spill; an entry of the same 32 bits is checked against the full pseudonym read back from the
/// member rows (`rowKey`), so the answer is exact whatever collides.
struct IdentityFingerprints {
    private var table = PartitionedTable()

    @inline(__always) static func fingerprint(_ key: Pseudonym) -> UInt32 {
        // Pseudonyms are HMAC output, already uniform; mixing also spreads the small keys of tests.
        let mixed = (key.w0 ^ (key.w1 &* 0x9E37_79B9_7F4A_7C15) ^ key.w2 ^ key.w3) &* 0xBF58_476D_1CE4_E5B9
        return UInt32(truncatingIfNeeded: (mixed ^ (mixed >> 31)) >> 32)
    }

    /// Inserts `key` (member row `row`); false when it was already present. `rowKey` reads the
    /// pseudonym of an earlier row back (nil when it cannot be read: then not a match).
    mutating func insert(_ key: Pseudonym, row: Int, rowKey: (Int) -> Pseudonym?) -> Bool {
        precondition(row < Int(UInt32.max), "more than 4 billion members in one submission")
        let found = table.findOrInsert(key: Self.fingerprint(key), value: UInt32(row + 1)) { value in
            rowKey(Int(value) - 1) == key
        }
        return found == nil
    }

    /// Reads the slot where `key` would start (its value is meaningless): brings the slot into
    /// the cache ahead of `insert`.
    func peek(_ key: Pseudonym) -> UInt64 { table.peek(key: Self.fingerprint(key)) }

    var bytes: Int { table.bytes }
}

/// Household numbers → the slot of the first household of that number, over an arena of the
/// numbers' bytes (≈ 35 bytes per household instead of a `[String: Int]` entry and its String).
struct HouseholdIDTable {
    private var table = PartitionedTable()
    /// Chunks of 1 MiB; an id (length byte + bytes) never straddles two chunks.
    private var chunks: [[UInt8]] = []
    private var offsets: [UInt32] = []
    private var slots: [Int32] = []
    private static let chunkBytes = 1 << 20

    init() {}

    @inline(__always) static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let mixed = h &* 0x9E37_79B9_7F4A_7C15
        return UInt32(truncatingIfNeeded: (mixed ^ (mixed >> 29)) >> 32)
    }

    private func equals(_ entry: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        Self.equals(chunks, offsets, entry, bytes)
    }

    private static func equals(_ chunks: [[UInt8]], _ offsets: [UInt32], _ entry: Int, _ bytes: UnsafeRawBufferPointer)
        -> Bool
    {
        let offset = Int(offsets[entry])
        let chunk = offset / Self.chunkBytes
        let at = offset % Self.chunkBytes
        return chunks[chunk].withUnsafeBufferPointer { c in
            Int(c[at]) == bytes.count
                && (bytes.isEmpty || memcmp(c.baseAddress! + at + 1, bytes.baseAddress!, bytes.count) == 0)
        }
    }

    /// The slot of `id`'s first household, or nil.
    func slot(of id: UnsafeRawBufferPointer) -> Int? {
        guard !id.isEmpty else { return nil }
        return table.find(key: Self.hash(id)) { equals(Int($0) - 1, id) }.map { Int(slots[Int($0) - 1]) }
    }

    /// The table's `findOrInsert`, comparing with the arena passed in (borrowed: not copied, and
    /// not held once this returns, so appending to it afterwards copies nothing).
    private static func findOrInsert(
        _ table: inout PartitionedTable, _ chunks: [[UInt8]], _ offsets: [UInt32], key: UInt32, value: UInt32,
        _ id: UnsafeRawBufferPointer
    ) -> UInt32? {
        table.findOrInsert(key: key, value: value) { equals(chunks, offsets, Int($0) - 1, id) }
    }

    /// Records `slot` for `id` (1-32 bytes) unless `id` is known; returns the earlier slot if it was.
    mutating func insert(_ id: UnsafeRawBufferPointer, slot: Int) -> Int? {
        let entry = offsets.count
        let found = Self.findOrInsert(&table, chunks, offsets, key: Self.hash(id), value: UInt32(entry + 1), id)
        if let found { return Int(slots[Int(found) - 1]) }
        if chunks.isEmpty || chunks[chunks.count - 1].count + id.count + 1 > Self.chunkBytes {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(Self.chunkBytes)
        }
        let last = chunks.count - 1
        offsets.append(UInt32(last * Self.chunkBytes + chunks[last].count))
        chunks[last].append(UInt8(id.count))
        chunks[last].append(contentsOf: id)
        slots.append(Int32(slot))
        return nil
    }
}

/// Everything the validator keeps per household and member (issue 20): the rows as validated
/// (`RowSpill`, in memory or in `folder`), the decision state (member count, head count, flags:
/// 9 bytes per household), the household numbers and the identity fingerprints.
final class ValidatorRows {
    let folder: String?
    let fileSystem: any FileSystem
    let households: RowSpill
    let members: RowSpill
    var memberCount: [Int32] = []
    var headCount: [Int32] = []
    /// Bit 0: rejected; bit 1: a member repeats an identity number given earlier.
    var flags: [UInt8] = []
    var ids = HouseholdIDTable()
    var identities = IdentityFingerprints()

    static let rejected: UInt8 = 1
    static let duplicateIdentity: UInt8 = 2

    init(folder: String?, fileSystem: any FileSystem) {
        self.folder = folder
        self.fileSystem = fileSystem
        households = RowSpill(
            rowBytes: StagedRowLayout.householdBytes, path: folder.map { $0 + "/households.spill" },
            fileSystem: fileSystem)
        members = RowSpill(
            rowBytes: StagedRowLayout.memberBytes, path: folder.map { $0 + "/members.spill" }, fileSystem: fileSystem)
    }

    var householdCount: Int { flags.count }

    /// The first write or read failure of a scratch file, naming it.
    var failure: ScratchFailure? { households.failure ?? members.failure }

    /// Inserts the identity of the member about to be appended; false when given earlier.
    func insertIdentity(_ key: Pseudonym) -> Bool {
        let members = self.members
        return identities.insert(key, row: members.count) { row in
            var found: Pseudonym?
            members.withRow(row) { found = StagedRowLayout.memberKey($0) }
            return found
        }
    }

    /// Removes the scratch files (and the folder when empty).
    func removeFiles() {
        households.remove()
        members.remove()
        if let folder { fileSystem.removeTree(folder) }
    }
}
