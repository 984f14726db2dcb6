import JingzhunCore
import Testing

struct RuleCodeTests {
    /// `position` reads the enum's tag; it must be the declaration index for every case, or
    /// ingest's pass counts would land on the wrong rule.
    @Test func positionIsTheIndexInAllCases() {
        for (index, rule) in RuleCode.allCases.enumerated() {
            #expect(rule.position == index, "\(rule.rawValue)")
        }
    }

    /// The validator keeps passed and failed rules in 128-bit sets.
    @Test func everyRuleFitsTheValidatorsBitSets() {
        #expect(RuleCode.allCases.count <= 128)
    }
}
