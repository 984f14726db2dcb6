import JingzhunCore

/// What an aggregate ranges over: one entity of the area and year, records in force
/// (catalogue.md §Entities and fields).
public enum Entity: String, Sendable, Hashable, CaseIterable {
    /// H: the households of the area with status ≠ `removed`.
    case household
    /// The members of H.
    case member
    /// The county statistics of the area.
    case county
    /// The villages of the area.
    case village
}

/// The type of a value in a catalogue expression.
///
/// Numbers are exact (decimal) until the end: `integer` (counts, years), `money` (yuan, exact to
/// the fen) and `number` (any other decimal, or the result of a division). A value becomes a
/// double only when an indicator's value is produced (catalogue.md §Expressions).
public enum ValueType: String, Sendable, Hashable, CaseIterable {
    case boolean, integer, money, number, text, date
    /// The type of the literal `null`: fits wherever any type does.
    case null

    /// Integer, money or number.
    public var isNumeric: Bool { self == .integer || self == .money || self == .number }

    /// As messages name it: `a number`, `a boolean`, …
    public var phrase: String {
        switch self {
        case .boolean: "a boolean"
        case .integer: "an integer"
        case .money: "an amount of money"
        case .number: "a number"
        case .text: "text"
        case .date: "a date"
        case .null: "null"
        }
    }
}

/// One field of an entity, as expressions name it.
public struct FieldSpec: Sendable, Hashable {
    /// The name used in expressions (the CSV column name for stored fields).
    public var name: String
    public var type: ValueType
    /// Whether the field can be null (`exit_year`; `pcni` of a household without members).
    public var isNullable: Bool
    /// The codes a text field can take (a contract enumeration), in contract order; nil for free text.
    public var values: [String]?
    /// Derived by the engine (indicators.md §Base sets) rather than read from a column.
    public var isDerived: Bool
    /// One line saying what the field is (for `jingzhun indicators` and the docs).
    public var summary: String

    public init(
        name: String, type: ValueType, isNullable: Bool = false, values: [String]? = nil, isDerived: Bool = false,
        summary: String
    ) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.values = values
        self.isDerived = isDerived
        self.summary = summary
    }
}

extension Entity {
    /// The fields of the entity, in the order of catalogue.md §Entities and fields.
    ///
    /// For `member` this does not list `household.F`: `field(_:)` resolves such a path to the
    /// household's field F.
    public var fields: [FieldSpec] { FieldTable.fields[self] ?? [] }

    /// The field named `name`, or nil. For `member`, `household.F` names the household's field F.
    public func field(_ name: String) -> FieldSpec? {
        if self == .member, name.hasPrefix(FieldTable.householdPrefix) {
            return Entity.household.field(String(name.dropFirst(FieldTable.householdPrefix.count)))
        }
        return FieldTable.byName[self]?[name]
    }

    /// Every name an expression over this entity may use as a field (with `household.F` for members).
    public var fieldNames: [String] {
        var names = fields.map(\.name)
        if self == .member { names += Entity.household.fields.map { FieldTable.householdPrefix + $0.name } }
        return names
    }
}

/// The typed field table of catalogue.md §Entities and fields.
public enum FieldTable {
    /// A member expression names its household's field F as `household.F`.
    public static let householdPrefix = "household."

    static func codes<E: ContractEnumeration>(_ type: E.Type) -> [String] { E.allCases.map(\.rawValue) }

    public static let fields: [Entity: [FieldSpec]] = [
        .household: [
            FieldSpec(name: "status", type: .text, values: codes(HouseholdStatus.self), summary: "status at year end"),
            FieldSpec(
                name: "exit_year", type: .integer, isNullable: true, summary: "year of exit (exited or returned)"),
            FieldSpec(name: "category", type: .text, values: codes(Category.self), summary: "category (贫困户属性)"),
            FieldSpec(name: "cause", type: .text, values: codes(Cause.self), summary: "main cause of poverty"),
            FieldSpec(
                name: "housing_grade", type: .text, values: codes(HousingGrade.self), summary: "housing safety grade"),
            FieldSpec(name: "safe_water", type: .boolean, summary: "safe drinking water"),
            FieldSpec(name: "food_clothing_secured", type: .boolean, summary: "food and clothing secured"),
            FieldSpec(name: "income_wage", type: .money, summary: "wage income, yuan/year"),
            FieldSpec(name: "income_operating", type: .money, summary: "operating income, yuan/year"),
            FieldSpec(name: "income_property", type: .money, summary: "property income, yuan/year"),
            FieldSpec(name: "income_transfer", type: .money, summary: "transfer income, yuan/year"),
            FieldSpec(name: "operating_cost", type: .money, summary: "operating cost, yuan/year"),
            FieldSpec(name: "registered_year", type: .integer, summary: "year first registered"),
            FieldSpec(name: "village_code", type: .text, summary: "village code (12 digits)"),
            FieldSpec(name: "county_code", type: .text, summary: "county code (6 digits)"),
            FieldSpec(name: "size", type: .integer, isDerived: true, summary: "size(h): accepted member records"),
            FieldSpec(
                name: "net_income", type: .money, isDerived: true,
                summary: "net(h) = wage + operating + property + transfer − operating cost"),
            FieldSpec(
                name: "pcni", type: .number, isNullable: true, isDerived: true,
                summary: "pcni(h) = net(h) / size(h); null when size is 0"),
            FieldSpec(name: "housing_safe", type: .boolean, isDerived: true, summary: "housing grade A or B"),
            FieldSpec(name: "guarantees_met", type: .boolean, isDerived: true, summary: "G(h), 两不愁三保障"),
            FieldSpec(name: "poor", type: .boolean, isDerived: true, summary: "status ∈ {poor, returned}"),
            FieldSpec(name: "exited", type: .boolean, isDerived: true, summary: "status = exited ∧ exit_year = year"),
            FieldSpec(name: "school_age_members", type: .integer, isDerived: true, summary: "members of school age"),
            FieldSpec(
                name: "out_of_school_members", type: .integer, isDerived: true, summary: "members out of school"),
            FieldSpec(
                name: "members_medical_insured", type: .integer, isDerived: true,
                summary: "members with basic medical insurance"),
        ],
        .member: [
            FieldSpec(name: "relation", type: .text, values: codes(Relation.self), summary: "relation to the head"),
            FieldSpec(name: "sex", type: .text, values: codes(Sex.self), summary: "sex (M, F)"),
            FieldSpec(name: "birth_date", type: .date, summary: "birth date"),
            FieldSpec(name: "education", type: .text, values: codes(Education.self), summary: "education attained"),
            FieldSpec(name: "schooling", type: .text, values: codes(Schooling.self), summary: "schooling status"),
            FieldSpec(name: "health", type: .text, values: codes(Health.self), summary: "health"),
            FieldSpec(name: "labor", type: .text, values: codes(Labor.self), summary: "labour capacity"),
            FieldSpec(name: "medical_insured", type: .boolean, summary: "basic medical insurance"),
            FieldSpec(name: "serious_illness_insured", type: .boolean, summary: "serious-illness insurance"),
            FieldSpec(name: "pension_insured", type: .boolean, summary: "basic pension insurance"),
            FieldSpec(name: "age", type: .integer, isDerived: true, summary: "year − birth year"),
            FieldSpec(name: "school_age", type: .boolean, isDerived: true, summary: "6 ≤ age ≤ 15"),
            FieldSpec(
                name: "out_of_school", type: .boolean, isDerived: true,
                summary: "school age ∧ schooling ∈ {dropout, not_in_school}"),
        ],
        .county: [
            FieldSpec(name: "rural_population", type: .integer, summary: "rural registered population (农村户籍人口)"),
            FieldSpec(name: "rural_income", type: .money, summary: "rural per-capita disposable income, yuan"),
        ],
        .village: [
            FieldSpec(name: "poor_village", type: .boolean, summary: "poor village (贫困村)"),
            FieldSpec(name: "population", type: .integer, summary: "registered population"),
            FieldSpec(name: "road", type: .boolean, summary: "hardened road access"),
            FieldSpec(name: "water", type: .boolean, summary: "safe drinking-water supply"),
            FieldSpec(name: "electricity", type: .boolean, summary: "grid electricity"),
            FieldSpec(name: "broadband", type: .boolean, summary: "broadband"),
            FieldSpec(name: "clinic", type: .boolean, summary: "standard clinic"),
        ],
    ]

    static let byName: [Entity: [String: FieldSpec]] = fields.mapValues { list in
        Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }
}

/// A parameter usable in any expression (catalogue.md §Entities and fields).
public enum Parameter: String, Sendable, Hashable, CaseIterable {
    case year
    case povertyLine = "poverty_line"
    case nationalRuralIncome = "national_rural_income"
    case previousNationalRuralIncome = "prev_national_rural_income"
    /// 3 in western provinces, else 2; null above province level.
    case exitThresholdPct = "exit_threshold_pct"

    public var type: ValueType {
        switch self {
        case .year, .exitThresholdPct: .integer
        case .povertyLine, .nationalRuralIncome, .previousNationalRuralIncome: .money
        }
    }

    /// Null when the reference data lacks it (or, for the threshold, above province level).
    public var isNullable: Bool { self != .year }

    public var summary: String {
        switch self {
        case .year: "the year y"
        case .povertyLine: "poverty_line(y), yuan per person per year"
        case .nationalRuralIncome: "national_rural_income(y)"
        case .previousNationalRuralIncome: "national_rural_income(y − 1)"
        case .exitThresholdPct: "county exit threshold: 3 in western provinces, else 2; null above province level"
        }
    }
}

/// A function of the expression language.
public enum Function: String, Sendable, Hashable, CaseIterable {
    /// `if(cond, a, b)`: a when cond is true, else b (a null cond gives b, as SQL's CASE WHEN).
    case `if`
    case min, max, abs
    /// `prev(id)`: the same area's value of indicator `id` in year − 1 (formulas only).
    case prev

    /// The number of arguments.
    public var arity: Int {
        switch self {
        case .if: 3
        case .min, .max: 2
        case .abs, .prev: 1
        }
    }
}
