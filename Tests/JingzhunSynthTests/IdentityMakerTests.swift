import JingzhunCore
import Testing

@testable import JingzhunSynth

@Suite struct IdentityMakerTests {
    /// submissions.md's example: 110105 (朝阳区), 1949-12-31, sequence 002 (female), check X.
    @Test func buildsTheContractExample() throws {
        let birth = try #require(CivilDate(year: 1949, month: 12, day: 31))
        let number = IdentityMaker.number(county: 110_105, birth: birth, sequence: 2)
        #expect(String(decoding: number, as: UTF8.self) == "11010519491231002X")
    }

    /// Check characters of shared/reference/id_check_vectors.csv (valid rows must match, invalid
    /// rows with a well-formed body must not).
    @Test(.enabled(if: TestReference.isAvailable)) func checkCharacterAgreesWithReferenceVectors() throws {
        let text = try #require(
            readText(TestReference.directory + "/../../Tests/Fixtures/reference/id_check_vectors.csv"))
        var checked = 0
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",")
            guard parts.count == 2 else { continue }
            let id = Array(parts[0].utf8)
            guard id.count == 18, id[0..<17].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            let computed = IdentityMaker.checkCharacter(Array(id[0..<17]))
            let given = id[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : id[17]
            if parts[1] == "true" { #expect(computed == given, "\(parts[0])") }
            checked += 1
        }
        #expect(checked >= 5)
    }

    /// Every slot of one (county, birth year, sex) gets a distinct (date, sequence): the bijection.
    @Test func everySlotGetsADistinctNumber() {
        var seen = Set<String>()
        for sex in [Sex.male, .female] {
            for slot in 0..<IdentityMaker.pairsPerBirthYear {
                let (date, sequence) = IdentityMaker.birth(
                    seed: 3, county: 520_322, birthYear: 1980, sex: sex,
                    householdInCounty: slot / IdentityMaker.slotsPerHousehold,
                    slot: slot % IdentityMaker.slotsPerHousehold)
                #expect(date.year == 1980)
                #expect(sequence % 2 == (sex == .male ? 1 : 0))
                seen.insert("\(date)/\(sequence)")
            }
        }
        #expect(seen.count == 2 * IdentityMaker.pairsPerBirthYear)
    }

    @Test func numbersPassTheCoreCheckAndCarryBirthAndSex() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let sex: Sex = rng.chance(0.5) ? .male : .female
            let year = rng.int(in: 1920...2021)
            let (birth, sequence) = IdentityMaker.birth(
                seed: 1, county: 450_126, birthYear: year, sex: sex, householdInCounty: rng.below(20_000),
                slot: rng.below(8))
            let number = IdentityMaker.number(county: 450_126, birth: birth, sequence: sequence)
            let checked = try IdentityNumber.check(number).get()
            #expect(checked.birthDate == birth)
            #expect(checked.sex == sex)
        }
    }
}
