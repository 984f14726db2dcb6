import JingzhunCore

/// Parses a contract enumeration from raw bytes by exact byte comparison.
///
/// `ContractEnumeration.parse` (JingzhunCore) is generic over any collection and is not
/// specialised across the module boundary; on the ingest hot path (ten codes per member) it
/// cost a third of the time. A table of the codes' bytes, built once per type, compares with
/// `memcmp`-speed array equality instead.
struct CodeTable<Code: ContractEnumeration>: Sendable {
    private let entries: [([UInt8], Code)]
    init() { entries = Code.allCases.map { (Array($0.rawValue.utf8), $0) } }
    func parse(_ bytes: [UInt8]) -> Code? {
        for (raw, code) in entries where raw == bytes { return code }
        return nil
    }
    func parse(_ bytes: ArraySlice<UInt8>) -> Code? {
        for (raw, code) in entries where raw.count == bytes.count && raw.elementsEqual(bytes) { return code }
        return nil
    }
}

/// One table per contract enumeration used by the validator.
enum CodeTables {
    static let category = CodeTable<Category>()
    static let cause = CodeTable<Cause>()
    static let status = CodeTable<HouseholdStatus>()
    static let housingGrade = CodeTable<HousingGrade>()
    static let measure = CodeTable<Measure>()
    static let relation = CodeTable<Relation>()
    static let sex = CodeTable<Sex>()
    static let education = CodeTable<Education>()
    static let schooling = CodeTable<Schooling>()
    static let health = CodeTable<Health>()
    static let labor = CodeTable<Labor>()
}
