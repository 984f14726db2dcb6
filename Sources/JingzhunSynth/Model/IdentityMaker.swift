import JingzhunCore

/// Makes GB 11643 identity numbers that are valid and unique within a province by construction.
///
/// Region = the household's county code; birth date and sex are the member's; the check
/// character is computed (submissions.md §Identity numbers).
///
/// Uniqueness without a lookup table: within one (county, birth year, sex) the pair
/// (day of year, sequence) is a bijective image of the member's slot number
/// `u = householdInCounty × 8 + slot`, namely `v = (u × 104729 + offset) mod 182500` with
/// `day = v mod 365`, `sequence/2 = v / 365` (182,500 = 365 days × 500 sequences of one parity;
/// 104,729 is prime and coprime to 2²·5⁴·73 = 182,500). Distinct slots can therefore never share a
/// number, and the birth day still looks random. The cost: at most 22,812 households per county,
/// which `ProvincePlan` respects. Slot 7 is never a real member; it is kept for injected
/// orphan rows, so they cannot collide either.
enum IdentityMaker {
    static let daysPerYear = 365
    static let sequencesPerSex = 500
    static let pairsPerBirthYear = daysPerYear * sequencesPerSex
    static let multiplier = 104_729
    static let slotsPerHousehold = 8
    static let orphanSlot = 7
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432".utf8)
    private static let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// Birth date and 3-digit sequence of member slot `slot` of the `householdInCounty`-th
    /// household of `county`, born in `birthYear`.
    static func birth(
        seed: UInt64, county: Int32, birthYear: Int, sex: Sex, householdInCounty: Int, slot: Int
    ) -> (date: CivilDate, sequence: Int) {
        let u = householdInCounty * slotsPerHousehold + slot
        precondition(
            slot < slotsPerHousehold && u < pairsPerBirthYear, "IdentityMaker: county holds too many households")
        var rng = SplitMix64(
            seed: seed, path: StreamTag.identityOffset.rawValue, UInt64(county), UInt64(birthYear),
            UInt64(sex == .male ? 1 : 2))
        let offset = rng.below(pairsPerBirthYear)
        let v = (u * multiplier + offset) % pairsPerBirthYear
        var day = v % daysPerYear
        var month = 0
        while day >= monthLengths[month] {
            day -= monthLengths[month]
            month += 1
        }
        guard let date = CivilDate(year: birthYear, month: month + 1, day: day + 1) else {
            preconditionFailure("IdentityMaker: non-leap month layout always gives a real date")
        }
        return (date, (v / daysPerYear) * 2 + (sex == .male ? 1 : 0))
    }

    /// The 18-character number (check character uppercase `X` where due).
    static func number(county: Int32, birth: CivilDate, sequence: Int) -> [UInt8] {
        var digits = [UInt8]()
        digits.reserveCapacity(18)
        appendDigits(Int(county), width: 6, to: &digits)
        appendDigits(birth.year, width: 4, to: &digits)
        appendDigits(birth.month, width: 2, to: &digits)
        appendDigits(birth.day, width: 2, to: &digits)
        appendDigits(sequence, width: 3, to: &digits)
        digits.append(checkCharacter(digits))
        return digits
    }

    /// ISO 7064 MOD 11-2 check character of the first 17 digits.
    static func checkCharacter(_ first17: [UInt8]) -> UInt8 {
        var sum = 0
        for i in 0..<17 { sum += Int(first17[i] - 0x30) * weights[i] }
        return checkCharacters[sum % 11]
    }

    static func appendDigits(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        for _ in 0..<width {
            bytes.append(UInt8(0x30 + (v / divisor) % 10))
            v %= divisor
            divisor /= 10
        }
    }
}
