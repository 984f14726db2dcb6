import JingzhunCore
import Testing

@testable import JingzhunIngest

struct PseudonymSetTests {
    /// Many keys that differ in one word only (the probe sequence and growth are exercised),
    /// then every key again: each is new once and a duplicate after.
    @Test func insertsEachKeyOnceAcrossGrowth() {
        var set = PseudonymSet()
        let keys = (0..<5000).map { Pseudonym(w0: 0, w1: 0, w2: UInt64($0 % 7), w3: UInt64($0)) }
        for key in keys {
            let inserted = set.insert(key)
            #expect(inserted)
        }
        #expect(set.count == 5000)
        for key in keys.reversed() {
            let inserted = set.insert(key)
            #expect(!inserted)
            #expect(set.contains(key))
        }
        #expect(!set.contains(Pseudonym(w0: 1, w1: 0, w2: 0, w3: 0)))
        // Keys equal in the hashed words but not in the others are still different.
        let other = set.insert(Pseudonym(w0: 0, w1: 9, w2: 0, w3: 0))
        #expect(other)
        #expect(set.count == 5001)
    }
}
