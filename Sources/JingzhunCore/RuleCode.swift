/// Stable rule codes for every rule of submissions.md (house-style §3.3).
///
/// Raw values fall in ranges by scope: `F` file / whole submission, `R` record syntax (CSV),
/// `C` county statistics, `V` village, `H` household, `M` member, `W` warning.
/// A shipped value is never reused or renamed; docs/rules.md lists them all.
public enum RuleCode: String, Sendable, CaseIterable, Hashable, Comparable {
    // Whole submission / file
    case notASubmission = "F001"
    case pathOutsideInbox = "F002"
    case checksumMismatch = "F003"
    case gzipCorrupt = "F004"
    case gzipTruncated = "F005"
    case gzipExpansionLimit = "F006"
    case xmlNotWellFormed = "F007"
    case xmlDoctype = "F008"
    case xmlLimit = "F009"
    case xmlRoot = "F010"
    case rootContradictsFileName = "F011"
    case csvFileMissing = "F012"
    case csvColumnMissing = "F013"
    case tooManyRejectedHouseholds = "F014"
    case invalidEncoding = "F015"
    case staleRevision = "F016"
    case csvDuplicateColumn = "F017"
    case csvNoHeader = "F018"
    case unreadable = "F019"

    // CSV record syntax
    case raggedRow = "R001"
    case unterminatedQuote = "R002"
    case invalidUTF8 = "R003"
    case nulByte = "R004"

    // County statistics
    case countyFieldMissing = "C001"
    case countyFieldInvalid = "C002"
    case countyOutOfRange = "C003"
    case countyOutsideProvince = "C004"
    case countyDuplicate = "C005"

    // Villages
    case villageFieldMissing = "V001"
    case villageFieldInvalid = "V002"
    case villageOutOfRange = "V003"
    case villageOutsideProvince = "V004"
    case villageDuplicate = "V005"
    case villageCountyMismatch = "V006"
    case villageCountyMissing = "V007"

    // Households
    case householdFieldMissing = "H001"
    case householdFieldInvalid = "H002"
    case householdNotInEnumeration = "H003"
    case householdOutOfRange = "H004"
    case exitYearInconsistent = "H005"
    case noMembers = "H006"
    case headCount = "H007"
    case villageUnknown = "H008"
    case parentRejected = "H009"
    case householdOutsideProvince = "H010"
    case householdDuplicate = "H011"
    case identityDuplicate = "H012"
    case measuresInvalid = "H013"

    // Members
    case memberFieldMissing = "M001"
    case memberFieldInvalid = "M002"
    case memberNotInEnumeration = "M003"
    case memberOutOfRange = "M004"
    case identityMalformed = "M005"
    case identityBirthDate = "M006"
    case identityCheckCharacter = "M007"
    case identityBirthMismatch = "M008"
    case identitySexMismatch = "M009"
    case orphanMember = "M010"

    // Warnings (kept, flagged)
    case unknownColumn = "W001"
    case unknownXMLNode = "W002"
    case crossProvinceDuplicate = "W003"
    case incomeAboveCeiling = "W004"
    case referenceDataMissing = "W005"

    public static func < (a: RuleCode, b: RuleCode) -> Bool { a.rawValue < b.rawValue }

    /// True for codes that reject the whole submission.
    public var isSubmissionLevel: Bool { rawValue.hasPrefix("F") }
    public var isWarning: Bool { rawValue.hasPrefix("W") }
}
