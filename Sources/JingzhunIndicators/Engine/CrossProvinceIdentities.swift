import JingzhunCore

/// Finds the members of H whose identity is also held by a member of another province's H in the
/// same year (indicators.md `cross_province_duplicates`).
///
/// One open-addressing hash table over every member of H of the year, keyed by the pseudonym
/// (`MemberColumns.identityKey`). Slots hold a packed reference (province ordinal, member index)
/// rather than the 32-byte key, and pseudonyms are compared in full, so the result is exact.
/// Identities repeated inside one province (which ingest rejects) do not count.
/// - Complexity: O(members) expected time; memory 9 bytes per slot, 2–4 slots per member, freed
///   on return.
enum CrossProvinceIdentities {
    /// For each province (in input order) a flag per member: true when the member belongs to a
    /// household of H and its identity is held in another province's H.
    static func flags(_ provinces: [ProvinceYearData]) -> [[Bool]] {
        var inHousehold: [[Bool]] = []
        var total = 0
        for data in provinces {
            let status = data.households.status
            let flags = data.members.householdIndex.map { status[Int($0)] != .removed }
            total += flags.reduce(0) { $0 + ($1 ? 1 : 0) }
            inHousehold.append(flags)
        }
        var capacity = 16
        while capacity < total * 2 { capacity *= 2 }
        let mask = capacity - 1
        var slots = [Int64](repeating: -1, count: capacity)
        var heldElsewhere = [Bool](repeating: false, count: capacity)
        var slotOfMember: [[Int32]] = []

        for (provinceOrdinal, data) in provinces.enumerated() {
            let keys = data.members.identityKey
            let member = inHousehold[provinceOrdinal]
            var slotOf = [Int32](repeating: -1, count: keys.count)
            for memberIndex in keys.indices where member[memberIndex] {
                let key = keys[memberIndex]
                var slot = Int(truncatingIfNeeded: hash(key)) & mask
                while true {
                    let reference = slots[slot]
                    if reference < 0 {
                        slots[slot] = Int64(provinceOrdinal) << 32 | Int64(memberIndex)
                        break
                    }
                    let otherProvince = Int(reference >> 32)
                    let otherMember = Int(reference & 0xFFFF_FFFF)
                    if provinces[otherProvince].members.identityKey[otherMember] == key {
                        if provinces[otherProvince].key.province != data.key.province { heldElsewhere[slot] = true }
                        break
                    }
                    slot = (slot + 1) & mask
                }
                slotOf[memberIndex] = Int32(slot)
            }
            slotOfMember.append(slotOf)
        }
        return slotOfMember.map { slotOf in slotOf.map { $0 >= 0 && heldElsewhere[Int($0)] } }
    }

    /// Mixes all four words (pseudonyms are HMAC output, but test fixtures use small numbers).
    private static func hash(_ key: Pseudonym) -> UInt64 {
        var value = key.w0 ^ (key.w1 &* 0x9E37_79B9_7F4A_7C15) ^ (key.w2 &* 0xC2B2_AE3D_27D4_EB4F) ^ (key.w3 &* 0x1656_67B1_9E37_79F9)
        // SplitMix64 finaliser.
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
