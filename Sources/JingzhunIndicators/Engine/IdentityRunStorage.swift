import JingzhunCore

/// Where an `IndicatorAccumulator` keeps the sorted identity runs of the provinces it was given,
/// until `finish` merges them (indicators.md `cross_province_duplicates`).
///
/// A run is a sequence of bytes written by appending and read back by position. The engine stays
/// free of IO: the pipeline passes a storage over scratch files (bounded memory), the pure
/// `IndicatorEngine.compute` functions and tests use `InMemoryIdentityRuns`.
public protocol IdentityRunStorage: AnyObject {
    /// Appends `bytes` to run `run`. Runs are numbered 0, 1, 2, … in the order they are first
    /// appended to; appending to a run creates it.
    func append(_ bytes: [UInt8], toRun run: Int) throws
    /// Up to `count` bytes of run `run` from byte `offset`; fewer only at the end of the run.
    func read(run: Int, offset: Int, count: Int) throws -> [UInt8]
    /// Forgets every run and frees what they hold. Called by `finish`; the storage may be used again.
    func removeAll()
}

/// Identity runs held in memory: for the pure engine functions and tests (memory ≈ 36 bytes per
/// member of H of the year, as the runs are all kept until `finish`).
public final class InMemoryIdentityRuns: IdentityRunStorage {
    private var runs: [[UInt8]] = []

    public init() {}

    public func append(_ bytes: [UInt8], toRun run: Int) {
        precondition(run <= runs.count, "identity run \(run) appended before run \(runs.count)")
        if run == runs.count { runs.append([]) }
        runs[run] += bytes
    }

    public func read(run: Int, offset: Int, count: Int) -> [UInt8] {
        let bytes = runs[run]
        let start = min(offset, bytes.count)
        return Array(bytes[start..<min(start + count, bytes.count)])
    }

    public func removeAll() { runs = [] }
}

/// One member of H: its pseudonym and the county its household is counted in.
struct IdentityEntry: Sendable, Equatable {
    var key: Pseudonym
    var county: Int32

    /// Bytewise order of the 32-byte pseudonyms (the words are big-endian), in full: no fingerprint.
    @inline(__always)
    static func precedes(_ a: Pseudonym, _ b: Pseudonym) -> Bool {
        if a.w0 != b.w0 { return a.w0 < b.w0 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        return a.w3 < b.w3
    }
}

/// Finds the members of H whose identity is also held by a member of another province's H in the
/// same year (indicators.md `cross_province_duplicates`), in bounded memory.
///
/// Each province's members of H become runs of (pseudonym, county) sorted by pseudonym (one run per
/// `IndicatorAccumulator.identityRunEntries` members), kept in an `IdentityRunStorage`.
/// `countDuplicates` merges the runs (k-way, a binary heap of one cursor per run, each reading a
/// small block at a time): a pseudonym found in runs of two or more provinces counts every one of
/// its members, in each member's county.
/// Identities repeated inside one province (which ingest rejects) do not count by themselves.
/// Pseudonyms are compared in full (32 bytes), so the result is exact.
/// - Complexity: O(m log r) per run of r members to sort it, O(M log R) to merge the M members of
///   R runs. Memory: one run while it is sorted (36 bytes per entry), then one block (≈ 64 KiB)
///   per run while merging, plus a count per county with duplicates.
enum CrossProvinceIdentities {
    /// Entries per block read while merging (64,800 bytes).
    static let blockEntries = 1800

    /// Sorts `entries` and writes them as run `run` of `storage`, a block at a time.
    static func writeRun(_ entries: inout [IdentityEntry], run: Int, to storage: any IdentityRunStorage) throws {
        sortByKey(&entries)
        var start = 0
        var bytes: [UInt8] = []
        while start < entries.count {
            let end = min(start + 16 * blockEntries, entries.count)
            bytes.removeAll(keepingCapacity: true)
            IdentityRunEncoder.encode(entries[start..<end], into: &bytes)
            try storage.append(bytes, toRun: run)
            start = end
        }
    }

    /// Sorts the entries by pseudonym, keeping the order of equal ones: the order
    /// `sort { precedes($0.key, $1.key) }` gives. Pseudonyms are HMAC outputs, spread evenly: one
    /// counting pass on the leading bits of the first word puts a few entries in each bucket, which
    /// insertion sort then orders (issue 20: the comparison sort of every run was a twentieth of
    /// compute). A crowded bucket (equal or clustered pseudonyms) falls back to the comparison sort.
    static func sortByKey(_ entries: inout [IdentityEntry]) {
        let count = entries.count
        guard count > 256 else {
            entries.sort { IdentityEntry.precedes($0.key, $1.key) }
            return
        }
        // About four entries per bucket, at most 2^16 buckets.
        let bits = min(16, max(1, (count / 4).bitWidth - (count / 4).leadingZeroBitCount))
        let shift = UInt64(64 - bits)
        var starts = [Int](repeating: 0, count: (1 << bits) + 1)
        for entry in entries { starts[Int(entry.key.w0 >> shift) + 1] += 1 }
        for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
        var next = starts
        let source = entries
        // Every slot is written once by the scatter below (the buckets' sizes sum to `count`).
        entries.withUnsafeMutableBufferPointer { sorted in
            for entry in source {
                let bucket = Int(entry.key.w0 >> shift)
                sorted[next[bucket]] = entry
                next[bucket] += 1
            }
            for bucket in 0..<(1 << bits) {
                let range = starts[bucket]..<starts[bucket + 1]
                if range.count > 32 {
                    sorted[range].sort { IdentityEntry.precedes($0.key, $1.key) }
                    continue
                }
                // Insertion sort: an entry moves before another only if its key precedes.
                var index = range.lowerBound + 1
                while index < range.upperBound {
                    let entry = sorted[index]
                    var slot = index
                    while slot > range.lowerBound && IdentityEntry.precedes(entry.key, sorted[slot - 1].key) {
                        sorted[slot] = sorted[slot - 1]
                        slot -= 1
                    }
                    sorted[slot] = entry
                    index += 1
                }
            }
        }
    }

    /// Merges the runs of `storage` (run i holds members of province `runProvinces[i]`): for each
    /// county code, the members of H in it whose pseudonym is held in at least two provinces.
    /// - Precondition: each run is sorted by pseudonym; a province may have several runs.
    static func countDuplicates(runProvinces: [Int32], in storage: any IdentityRunStorage) throws -> [Int32: Int64] {
        var counts: [Int32: Int64] = [:]
        // One province cannot have cross-province duplicates.
        guard Set(runProvinces).count >= 2 else { return counts }
        let runs = runProvinces.count
        var cursors: [RunCursor] = []
        for run in 0..<runs {
            var cursor = RunCursor(run: run)
            try cursor.fill(from: storage)
            cursors.append(cursor)
        }
        var heap = RunHeap(cursors: cursors.indices.filter { !cursors[$0].isExhausted }, of: cursors)
        var counties: [Int32] = []
        while let first = heap.top {
            let key = cursors[first].head.key
            counties.removeAll(keepingCapacity: true)
            var firstProvince: Int32? = nil
            var isInTwoProvinces = false
            while let top = heap.top, cursors[top].head.key == key {
                heap.pop(of: cursors)
                let province = runProvinces[top]
                if let firstProvince, firstProvince != province { isInTwoProvinces = true }
                if firstProvince == nil { firstProvince = province }
                while !cursors[top].isExhausted && cursors[top].head.key == key {
                    counties.append(cursors[top].head.county)
                    try cursors[top].advance(in: storage)
                }
                if !cursors[top].isExhausted { heap.push(top, of: cursors) }
            }
            if isInTwoProvinces {
                for county in counties { counts[county, default: 0] += 1 }
            }
        }
        return counts
    }
}

/// Reads one run a block at a time.
struct RunCursor {
    let run: Int
    private var offset = 0
    private var block: [IdentityEntry] = []
    private var position = 0
    private(set) var isExhausted = false

    init(run: Int) { self.run = run }

    /// The entry under the cursor. - Precondition: not exhausted.
    var head: IdentityEntry { block[position] }

    mutating func advance(in storage: any IdentityRunStorage) throws {
        position += 1
        if position == block.count { try fill(from: storage) }
    }

    /// Reads the next block; marks the cursor exhausted at the end of the run.
    mutating func fill(from storage: any IdentityRunStorage) throws {
        let count = CrossProvinceIdentities.blockEntries * IdentityRunEncoder.entryBytes
        let bytes = try storage.read(run: run, offset: offset, count: count)
        precondition(bytes.count % IdentityRunEncoder.entryBytes == 0, "identity run \(run) is cut inside an entry")
        offset += bytes.count
        block.removeAll(keepingCapacity: true)
        IdentityRunEncoder.decode(bytes, into: &block)
        position = 0
        isExhausted = block.isEmpty
    }
}

/// A binary min-heap of cursor indices, ordered by the pseudonym under each cursor.
struct RunHeap {
    private var items: [Int] = []

    init(cursors indices: [Int], of cursors: [RunCursor]) {
        for index in indices { push(index, of: cursors) }
    }

    var top: Int? { items.first }

    mutating func push(_ index: Int, of cursors: [RunCursor]) {
        items.append(index)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard IdentityEntry.precedes(cursors[items[child]].head.key, cursors[items[parent]].head.key) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop(of cursors: [RunCursor]) {
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            var smallest = parent
            for child in (2 * parent + 1)...(2 * parent + 2) where child < items.count {
                if IdentityEntry.precedes(cursors[items[child]].head.key, cursors[items[smallest]].head.key) {
                    smallest = child
                }
            }
            if smallest == parent { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
