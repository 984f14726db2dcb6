// The contract's enumerations, with exactly the codes of submissions.md §Records and fields.
// Codes are exact and case-sensitive; `init?(rawValue:)` is the parser.
// Each enum is one byte in memory, so `[Cause]` is a compact typed column.

/// A contract enumeration: a closed set of exact, case-sensitive codes.
public protocol ContractEnumeration: RawRepresentable, CaseIterable, Hashable, Sendable
where RawValue == String, AllCases == [Self] {}

extension ContractEnumeration {
    /// Position of the case in the contract's order (used for compact columns and stable sorting).
    ///
    /// A payload-free enum is stored as its case index, in declaration order (= `allCases`
    /// order); reading that byte avoids building `allCases` on every call, which the hot paths
    /// (`MeasureSet`, staging codec) make per household. EnumerationTests checks the equivalence
    /// for every contract enumeration.
    @inlinable public var ordinal: Int {
        assert(MemoryLayout<Self>.size == 1, "contract enumerations are payload-free, 2-256 cases")
        return withUnsafeBytes(of: self) { Int($0[0]) }
    }
    /// Parses a code from UTF-8 bytes without allocating a `String` for the common case.
    public static func parse(_ bytes: some Collection<UInt8>) -> Self? {
        for candidate in allCases where candidate.rawValue.utf8.elementsEqual(bytes) { return candidate }
        return nil
    }
}

/// Household category (贫困户属性).
public enum Category: String, ContractEnumeration {
    case general
    case lowIncomeGuarantee = "low_income_guarantee"
    case extremePovertySupport = "extreme_poverty_support"
}

/// Main cause of poverty (致贫原因).
public enum Cause: String, ContractEnumeration {
    case illness, disability, education, disaster
    case lackOfLand = "lack_of_land"
    case lackOfWater = "lack_of_water"
    case lackOfSkills = "lack_of_skills"
    case lackOfLabor = "lack_of_labor"
    case lackOfCapital = "lack_of_capital"
    case poorTransport = "poor_transport"
    case lackOfMotivation = "lack_of_motivation"
    case other
}

/// Household status at year end.
public enum HouseholdStatus: String, ContractEnumeration {
    case poor, exited, returned, removed
    /// `exit-year` is required for exited and returned households and forbidden otherwise.
    public var requiresExitYear: Bool { self == .exited || self == .returned }
}

/// Housing safety grade; C and D are unsafe.
public enum HousingGrade: String, ContractEnumeration {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"
    public var isSafe: Bool { self == .a || self == .b }
}

/// Assistance measure (帮扶措施).
public enum Measure: String, ContractEnumeration {
    case industry, employment, relocation, ecological, education, health
    case socialSecurity = "social_security"
    case assetIncome = "asset_income"
    case microcredit
    case housingRenovation = "housing_renovation"
}

/// Relation of a member to the household head.
public enum Relation: String, ContractEnumeration {
    case head, spouse, child, parent, grandchild, grandparent, sibling, other
}

public enum Sex: String, ContractEnumeration {
    case male = "M"
    case female = "F"
}

public enum Education: String, ContractEnumeration {
    case preschool, illiterate, primary
    case juniorSecondary = "junior_secondary"
    case seniorSecondary = "senior_secondary"
    case tertiary
}

public enum Schooling: String, ContractEnumeration {
    case inSchool = "in_school"
    case homeSchooled = "home_schooled"
    case exempt, dropout
    case notInSchool = "not_in_school"
    /// indicators.md: out_of_school(m) requires schooling ∈ {dropout, not_in_school}.
    public var isOutOfSchool: Bool { self == .dropout || self == .notInSchool }
}

public enum Health: String, ContractEnumeration {
    case healthy
    case chronicIllness = "chronic_illness"
    case seriousIllness = "serious_illness"
    case disabled
}

public enum Labor: String, ContractEnumeration {
    case skilled, ordinary, weak, lost, none
}

/// A set of assistance measures, as a bit set over `Measure.allCases` order.
public struct MeasureSet: Hashable, Sendable, Sequence {
    public var rawValue: UInt16
    public init(rawValue: UInt16 = 0) { self.rawValue = rawValue }
    public init(_ measures: some Sequence<Measure>) {
        rawValue = 0
        for m in measures { insert(m) }
    }
    public func contains(_ m: Measure) -> Bool { rawValue & (1 << UInt16(m.ordinal)) != 0 }
    @discardableResult
    public mutating func insert(_ m: Measure) -> Bool {
        let had = contains(m)
        rawValue |= 1 << UInt16(m.ordinal)
        return !had
    }
    public var isEmpty: Bool { rawValue == 0 }
    public func makeIterator() -> some IteratorProtocol<Measure> {
        Measure.allCases.filter { contains($0) }.makeIterator()
    }
    /// The CSV form: codes in contract order joined by `;` (empty for no measures).
    public var csvText: String { map(\.rawValue).joined(separator: ";") }
}
