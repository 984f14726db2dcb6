import JingzhunCore

/// One household of one year, rendered as field texts ready to write (and to spoil).
struct GeneratedHousehold: Sendable {
    /// Global index in the province (stable across years).
    var index: Int
    /// Index within its county (the identity-number slot base).
    var householdInCounty: Int
    var countyCode: Int32
    var id: String
    var status: HouseholdStatus
    /// Texts in `HouseholdField` order; nil = missing.
    var fields: [String?]
    var members: [GeneratedMember]

    subscript(_ field: HouseholdField) -> String? {
        get { fields[field.rawValue] }
        set { fields[field.rawValue] = newValue }
    }
}

/// One member of one year.
struct GeneratedMember: Sendable {
    var relation: Relation
    var sex: Sex
    var birth: CivilDate
    var sequence: Int
    /// Texts in `MemberField` order; nil = missing.
    var fields: [String?]

    subscript(_ field: MemberField) -> String? {
        get { fields[field.rawValue] }
        set { fields[field.rawValue] = newValue }
    }
}
