/// Household numbers → their index in order of first insertion, without a `String` per number
/// (issue 20: y − 1's households of a province of 3,000,000 are held while y is computed).
///
/// The numbers' UTF-8 bytes sit end to end in one arena (`ends[k]` is where number k ends);
/// an open-addressing table of 32-bit slots (linear probing, at most 75 % full, power-of-two
/// size) finds them by a 64-bit FNV-1a hash of the bytes. A slot holds index + 1 in its low 26
/// bits (0: empty) and 6 bits of the hash above, so a probe compares the arena's bytes only
/// when those bits agree (1 in 64 otherwise). Per number: its bytes, 4 bytes of `ends` and
/// 4 / 0.375 … 4 / 0.75 bytes of slots, about L + 10 to L + 15 bytes against about 100 for a
/// `[String: Int32]` of heap strings (a number of more than 15 bytes is a heap string). Lookups
/// only: the table is never iterated, so no output can depend on its order.
struct HouseholdNumberIndex: Sendable {
    private var arena: [UInt8] = []
    private var ends: [UInt32] = []
    private var slots: [UInt32] = []
    private var mask = 0
    /// Numbers of one province: up to 2^26 − 2 (67 million; the largest real province holds 3).
    static let indexBits: UInt32 = 26
    static let indexMask: UInt32 = (1 << indexBits) - 1

    var count: Int { ends.count }

    init(capacity: Int = 0) { reserveCapacity(capacity) }

    /// Room for `count` numbers without growing the table (the arena grows as it fills).
    mutating func reserveCapacity(_ count: Int) {
        var size = 16
        while size * 3 < count * 4 { size *= 2 }
        guard size > slots.count else { return }
        rehash(size: size)
        ends.reserveCapacity(count)
    }

    /// The index of `number`, or nil when it was never inserted.
    func index(of number: String) -> Int? {
        var number = number
        return number.withUTF8 { bytes in find(bytes, hash: Self.hash(bytes)).index }
    }

    /// Inserts `number` if new. - Returns: its index (a new one is `count - 1` after the call)
    /// and whether it was new.
    @discardableResult
    mutating func insert(_ number: String) -> (index: Int, inserted: Bool) {
        var number = number
        return number.withUTF8 { bytes in
            let hash = Self.hash(bytes)
            let found = find(bytes, hash: hash)
            if let index = found.index { return (index, false) }
            if (ends.count + 1) * 4 > slots.count * 3 {
                rehash(size: slots.count * 2)
                return (add(bytes, hash: hash, slot: find(bytes, hash: hash).slot), true)
            }
            return (add(bytes, hash: hash, slot: found.slot), true)
        }
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, slot: Int) -> Int {
        precondition(ends.count + 1 < Int(Self.indexMask), "more than 2^26 household numbers in one province")
        arena.append(contentsOf: bytes)
        precondition(arena.count <= Int(UInt32.max), "household numbers of one province exceed 4 GiB")
        ends.append(UInt32(arena.count))
        slots[slot] = Self.entry(index: ends.count - 1, hash: hash)
        return ends.count - 1
    }

    @inline(__always)
    private static func entry(index: Int, hash: UInt64) -> UInt32 {
        UInt32(index + 1) | UInt32(truncatingIfNeeded: hash >> 58) << indexBits
    }

    /// The slot holding `bytes` (with its index), or the empty slot where it would go.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (index: Int?, slot: Int) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = UInt32(truncatingIfNeeded: hash >> 58)
        while true {
            let entry = slots[slot]
            if entry == 0 { return (nil, slot) }
            let index = Int(entry & Self.indexMask) - 1
            if entry >> Self.indexBits == tag && equals(index, bytes) { return (index, slot) }
            slot = (slot + 1) & mask
        }
    }

    private func equals(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = index == 0 ? 0 : Int(ends[index - 1])
        let end = Int(ends[index])
        guard end - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            var offset = 0
            while offset < bytes.count {
                if stored[start + offset] != bytes[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    private mutating func rehash(size: Int) {
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
        arena.withUnsafeBufferPointer { stored in
            var start = 0
            for index in 0..<ends.count {
                let end = Int(ends[index])
                let bytes = UnsafeBufferPointer(rebasing: stored[start..<end])
                let hash = Self.hash(bytes)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Self.entry(index: index, hash: hash)
                start = end
            }
        }
    }

    /// FNV-1a, 64 bits, finished by a multiply-xorshift so the low bits (the slot) mix all bytes.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 32
        hash = hash &* 0xd6e8_feb8_6659_fd93
        return hash ^ (hash >> 32)
    }
}
