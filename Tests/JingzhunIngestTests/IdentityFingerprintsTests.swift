import JingzhunCore
import Testing

@testable import JingzhunIngest

/// Issue 20: the identity set keeps 32 bits of each pseudonym and its row; a match of those bits
/// is checked against the full pseudonym, so keys that share them are still told apart.
@Test func identityFingerprintsAreExact() {
    var set = IdentityFingerprints()
    var rows: [Pseudonym] = []
    func insert(_ key: Pseudonym) -> Bool {
        let isNew = set.insert(key, row: rows.count) { rows[$0] }
        rows.append(key)
        return isNew
    }
    let a = Pseudonym(w0: 1, w1: 0, w2: 0, w3: 0)
    let b = Pseudonym(w0: 0, w1: 0, w2: 1, w3: 0)
    #expect(IdentityFingerprints.fingerprint(a) == IdentityFingerprints.fingerprint(b))
    #expect(insert(a))
    #expect(insert(b))
    #expect(!insert(a))
    #expect(!insert(b))
    var allNew = true
    for i in 0..<100_000 { allNew = allNew && insert(Pseudonym(w0: UInt64(i), w1: 7, w2: 0, w3: UInt64(i) >> 3)) }
    #expect(allNew)
    #expect(!insert(Pseudonym(w0: 99_999, w1: 7, w2: 0, w3: 99_999 >> 3)))
    #expect(set.bytes < 100_004 * 8 * 3)
}

/// The household number table: the first slot of a number, exact over the arena's bytes.
@Test func householdIDTableKeepsTheFirstSlot() {
    var table = HouseholdIDTable()
    func insert(_ id: String, _ slot: Int) -> Int? { Array(id.utf8).withUnsafeBytes { table.insert($0, slot: slot) } }
    func slot(_ id: String) -> Int? { Array(id.utf8).withUnsafeBytes { table.slot(of: $0) } }
    var allNew = true
    for i in 0..<200_000 { allNew = allNew && insert("H-\(i)", i) == nil }
    #expect(allNew)
    #expect(insert("H-17", 999_999) == 17)
    #expect(slot("H-199999") == 199_999)
    #expect(slot("H-200000") == nil)
    #expect(slot("") == nil)
}
