import JingzhunCore

/// The identity pseudonyms seen so far in one submission (duplicate identity numbers, M-rule).
///
/// Open addressing with linear probing over 32-bit positions into a dense key array: about 40
/// bytes per identity, and no `Hasher` per member (a `Set<Pseudonym>` seeded SipHash for every
/// insert). Pseudonyms are compared in full, so the answer is exact.
struct PseudonymSet {
    private var keys: [Pseudonym] = []
    /// Position in `keys`, or -1 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: -1, count: 1024)

    var count: Int { keys.count }

    /// Inserts `key`; false when it was already present.
    mutating func insert(_ key: Pseudonym) -> Bool {
        if (keys.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while true {
            let position = slots[slot]
            if position < 0 {
                slots[slot] = Int32(keys.count)
                keys.append(key)
                return true
            }
            if keys[Int(position)] == key { return false }
            slot = (slot + 1) & mask
        }
    }

    func contains(_ key: Pseudonym) -> Bool {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while true {
            let position = slots[slot]
            if position < 0 { return false }
            if keys[Int(position)] == key { return true }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (position, key) in keys.enumerated() {
            var slot = Self.hash(key) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position)
        }
    }

    /// Pseudonyms are HMAC output, already uniform; the multiply-xor also spreads the small
    /// hand-made keys of tests.
    @inline(__always)
    private static func hash(_ key: Pseudonym) -> Int {
        let mixed = (key.w0 ^ key.w3) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 29))
    }
}
