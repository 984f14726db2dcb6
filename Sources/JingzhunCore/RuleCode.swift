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
    case noHouseholds = "F020"

    // CSV record syntax
    case raggedRow = "R001"
    case unterminatedQuote = "R002"
    case invalidUTF8 = "R003"
    case nulByte = "R004"
    case recordTooLong = "R005"
    case malformedQuote = "R006"

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

    /// One-line summary of the rule (docs/rules.md has the full table).
    public var summary: String {
        switch self {
        case .notASubmission: "File name fits no submission pattern; left alone"
        case .pathOutsideInbox: "Symlink or path leading outside the inbox (or any symlink); refused"
        case .checksumMismatch: "`.sha256` sidecar does not match the file (incomplete upload)"
        case .gzipCorrupt: "gzip data corrupt (bad header, deflate data, CRC-32 or length)"
        case .gzipTruncated: "gzip stream ends early or file empty (incomplete upload)"
        case .gzipExpansionLimit: "Inflated size above the pipeline's bound (gzip bomb)"
        case .xmlNotWellFormed: "XML not well-formed"
        case .xmlDoctype: "XML carries a DOCTYPE or entity declaration"
        case .xmlLimit: "XML nesting, attribute or text longer than the reader's limits"
        case .xmlRoot: "XML root or nesting not the contract's"
        case .rootContradictsFileName: "Root attributes province/year/revision missing or contradicting the file name"
        case .csvFileMissing: "A CSV file of the four-file set is missing"
        case .csvColumnMissing: "A CSV file lacks a required column"
        case .tooManyRejectedHouseholds: "More than max_rejected_household_pct of households rejected"
        case .invalidEncoding: "Bytes not valid in the document's encoding"
        case .staleRevision: "Revision not newer than the accepted one"
        case .csvDuplicateColumn: "A CSV header names a column twice"
        case .csvNoHeader: "A CSV file has no header row"
        case .unreadable: "A file of the submission cannot be read (IO error, vanished, not a regular file)"
        case .noHouseholds:
            "The submission holds no household record (applying it would replace the province's data with nothing)"
        case .raggedRow: "CSV row has a different number of fields than the header"
        case .unterminatedQuote: "CSV quoted field not closed before the end of the file"
        case .invalidUTF8: "CSV row holds bytes that are not UTF-8"
        case .nulByte: "CSV row holds a NUL byte"
        case .recordTooLong: "CSV row longer than the scanner's record limit"
        case .malformedQuote: "CSV quote inside an unquoted field or text after a closing quote"
        case .countyFieldMissing: "County statistics: required field missing"
        case .countyFieldInvalid: "County statistics: value of the wrong syntax"
        case .countyOutOfRange: "County statistics: value out of range"
        case .countyOutsideProvince: "County code outside the submission's province"
        case .countyDuplicate: "County code repeated in the submission"
        case .villageFieldMissing: "Village: required field missing"
        case .villageFieldInvalid: "Village: value of the wrong syntax or text too long"
        case .villageOutOfRange: "Village: value out of range"
        case .villageOutsideProvince: "Village code outside the submission's province"
        case .villageDuplicate: "Village code repeated in the submission"
        case .villageCountyMismatch: "Village county_code is not the village code's prefix"
        case .villageCountyMissing: "Village whose county statistics are missing or rejected"
        case .householdFieldMissing: "Household: required field missing"
        case .householdFieldInvalid: "Household: value of the wrong syntax"
        case .householdNotInEnumeration: "Household: code not in its enumeration"
        case .householdOutOfRange: "Household: value out of range"
        case .exitYearInconsistent: "exit_year present for poor/removed or absent for exited/returned"
        case .noMembers: "Household without members"
        case .headCount: "Household without exactly one member with relation head"
        case .villageUnknown: "Household's village not in the villages file (CSV)"
        case .parentRejected: "Household under a rejected village"
        case .householdOutsideProvince: "Household's village code outside the submission's province"
        case .householdDuplicate: "household_id repeated in the submission (later rejected)"
        case .identityDuplicate: "Identity number repeated in the submission (household of the later one rejected)"
        case .measuresInvalid: "measures not `;`-separated contract codes, each at most once"
        case .memberFieldMissing: "Member: required field missing"
        case .memberFieldInvalid: "Member: value of the wrong syntax or text too long"
        case .memberNotInEnumeration: "Member: code not in its enumeration"
        case .memberOutOfRange: "Member: birth date after 31 December of the submission year"
        case .identityMalformed: "Identity number not 17 digits and a digit or X"
        case .identityBirthDate: "Identity number's birth date is not a real date"
        case .identityCheckCharacter: "Identity number's check character wrong"
        case .identityBirthMismatch: "birth_date disagrees with the identity number"
        case .identitySexMismatch: "sex disagrees with the identity number"
        case .orphanMember: "Member row (CSV) whose household is unknown"
        case .unknownColumn: "Unknown CSV column, ignored"
        case .unknownXMLNode: "Unknown XML element or attribute, ignored"
        case .crossProvinceDuplicate: "Identity number in accepted submissions of two provinces for one year"
        case .incomeAboveCeiling: "Per-capita net income above 100,000 yuan"
        case .referenceDataMissing: "Reference data missing for a year"
        }
    }
}

extension RuleCode {
    /// The case's position in `allCases`, read from its one-byte tag: Swift stores a payload-free
    /// enum of fewer than 256 cases as its declaration index. Counting passes per rule in a flat
    /// array by this position hashes nothing on ingest's per-record path. RuleCodeTests checks it
    /// for every case, so a change of layout fails a test instead of miscounting.
    @inlinable public var position: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
}
