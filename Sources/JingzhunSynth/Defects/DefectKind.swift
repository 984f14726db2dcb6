import JingzhunCore

/// A record-level defect the synthesizer can inject, with the rule the validator should report.
///
/// Every defect spoils exactly one household (or adds one orphan member row), so a small rate
/// keeps the submission under the rejection threshold. Injection cycles through the kinds that
/// apply to the submission's format, in this order. Raw values appear in truth files and are
/// stable.
///
/// Judgement calls where submissions.md leaves the code open (kept in one place, here):
/// a text longer than 64 code points and a birth date after 31 Dec of the year are
/// "out of range" (`M004`); `2015.0` as a year and `1,234.50` as a decimal are
/// "wrong type" (`H002`); a negative wage or a registration year before 2014 is "out of range"
/// (`H004`); a birth date that is not a real date is "wrong type" (`M002`).
enum DefectKind: String, CaseIterable, Sendable {
    case householdFieldMissing = "household-field-missing"
    case householdNotInEnumeration = "household-not-in-enumeration"
    case householdBadBoolean = "household-bad-boolean"
    case householdBadDecimal = "household-bad-decimal"
    case householdBadInteger = "household-bad-integer"
    case negativeWage = "negative-wage"
    case registeredOutOfRange = "registered-out-of-range"
    case exitYearInconsistent = "exit-year-inconsistent"
    case noMembers = "no-members"
    case noHead = "no-head"
    case twoHeads = "two-heads"
    case unknownVillage = "unknown-village"
    case outsideProvince = "outside-province"
    case duplicateHousehold = "duplicate-household"
    case duplicateIdentity = "duplicate-identity"
    case duplicateMeasure = "duplicate-measure"
    case unknownMeasure = "unknown-measure"
    case memberFieldMissing = "member-field-missing"
    case memberBadBoolean = "member-bad-boolean"
    case memberNotInEnumeration = "member-not-in-enumeration"
    case memberBadDate = "member-bad-date"
    case nameTooLong = "name-too-long"
    case birthAfterYearEnd = "birth-after-year-end"
    case identityMalformed = "identity-malformed"
    case identityBadBirthDate = "identity-bad-birth-date"
    case identityCheckCharacter = "identity-check-character"
    case identityBirthMismatch = "identity-birth-mismatch"
    case identitySexMismatch = "identity-sex-mismatch"
    case orphanMember = "orphan-member"

    /// The rule the validator should report for this defect.
    var rule: RuleCode {
        switch self {
        case .householdFieldMissing: .householdFieldMissing
        case .householdNotInEnumeration: .householdNotInEnumeration
        case .householdBadBoolean, .householdBadDecimal, .householdBadInteger: .householdFieldInvalid
        case .negativeWage, .registeredOutOfRange: .householdOutOfRange
        case .exitYearInconsistent: .exitYearInconsistent
        case .noMembers: .noMembers
        case .noHead, .twoHeads: .headCount
        case .unknownVillage: .villageUnknown
        case .outsideProvince: .householdOutsideProvince
        case .duplicateHousehold: .householdDuplicate
        case .duplicateIdentity: .identityDuplicate
        case .duplicateMeasure, .unknownMeasure: .measuresInvalid
        case .memberFieldMissing: .memberFieldMissing
        case .memberBadBoolean, .memberBadDate: .memberFieldInvalid
        case .memberNotInEnumeration: .memberNotInEnumeration
        case .nameTooLong, .birthAfterYearEnd: .memberOutOfRange
        case .identityMalformed: .identityMalformed
        case .identityBadBirthDate: .identityBirthDate
        case .identityCheckCharacter: .identityCheckCharacter
        case .identityBirthMismatch: .identityBirthMismatch
        case .identitySexMismatch: .identitySexMismatch
        case .orphanMember: .orphanMember
        }
    }

    /// The contract field (CSV column name) the rejection is about; nil for whole-household rules.
    var field: String? {
        switch self {
        case .householdFieldMissing, .householdNotInEnumeration: HouseholdField.cause.csvName
        case .householdBadBoolean: HouseholdField.safeWater.csvName
        case .householdBadDecimal, .negativeWage: HouseholdField.incomeWage.csvName
        case .householdBadInteger, .registeredOutOfRange: HouseholdField.registeredYear.csvName
        case .exitYearInconsistent: HouseholdField.exitYear.csvName
        case .noMembers: nil
        case .noHead, .twoHeads: MemberField.relation.csvName
        case .unknownVillage, .outsideProvince: HouseholdField.villageCode.csvName
        case .duplicateHousehold: HouseholdField.householdID.csvName
        case .duplicateIdentity: MemberField.memberID.csvName
        case .duplicateMeasure, .unknownMeasure: HouseholdField.measures.csvName
        case .memberFieldMissing: MemberField.health.csvName
        case .memberBadBoolean: MemberField.medicalInsured.csvName
        case .memberNotInEnumeration: MemberField.education.csvName
        case .memberBadDate, .birthAfterYearEnd, .identityBirthMismatch: MemberField.birthDate.csvName
        case .nameTooLong: MemberField.name.csvName
        case .identityMalformed, .identityBadBirthDate, .identityCheckCharacter: MemberField.memberID.csvName
        case .identitySexMismatch: MemberField.sex.csvName
        case .orphanMember: MemberField.householdID.csvName
        }
    }

    /// Kinds that only a CSV submission can carry (XML nesting makes them impossible).
    var isCSVOnly: Bool {
        switch self {
        case .unknownVillage, .outsideProvince, .orphanMember: true
        default: false
        }
    }

    /// True when the defect rejects a household record (an orphan row is not one).
    var rejectsHousehold: Bool { self != .orphanMember }

    /// The kinds applicable to a format, in cycle order.
    static func cycle(csv: Bool) -> [DefectKind] { allCases.filter { csv || !$0.isCSVOnly } }
}
