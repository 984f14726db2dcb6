/// Household fields in the contract's CSV column order (submissions.md §Households).
///
/// A generated record holds one optional text per field (nil = missing), already rendered in the
/// target format's syntax; that is what lets defect injection put any bad text in any field.
enum HouseholdField: Int, CaseIterable {
    case householdID, villageCode, registeredYear, category, cause, status, exitYear, housingGrade
    case safeWater, foodClothingSecured, incomeWage, incomeOperating, incomeProperty, incomeTransfer
    case operatingCost, measures

    /// CSV column name (also the `field` of rejections and truth lines).
    var csvName: String {
        switch self {
        case .householdID: "household_id"
        case .villageCode: "village_code"
        case .registeredYear: "registered_year"
        case .category: "category"
        case .cause: "cause"
        case .status: "status"
        case .exitYear: "exit_year"
        case .housingGrade: "housing_grade"
        case .safeWater: "safe_water"
        case .foodClothingSecured: "food_clothing_secured"
        case .incomeWage: "income_wage"
        case .incomeOperating: "income_operating"
        case .incomeProperty: "income_property"
        case .incomeTransfer: "income_transfer"
        case .operatingCost: "operating_cost"
        case .measures: "measures"
        }
    }

    /// Attribute name on `<household>` (nil: carried by nesting or another element).
    var xmlHouseholdAttribute: String? {
        switch self {
        case .householdID: "id"
        case .registeredYear: "registered"
        case .category: "category"
        case .cause: "cause"
        case .status: "status"
        case .exitYear: "exit-year"
        case .housingGrade: "housing-grade"
        case .safeWater: "safe-water"
        case .foodClothingSecured: "food-clothing"
        default: nil
        }
    }

    /// Attribute name on `<income>`.
    var xmlIncomeAttribute: String? {
        switch self {
        case .incomeWage: "wage"
        case .incomeOperating: "operating"
        case .incomeProperty: "property"
        case .incomeTransfer: "transfer"
        case .operatingCost: "operating-cost"
        default: nil
        }
    }
}

/// Member fields in the contract's CSV column order (submissions.md §Members).
enum MemberField: Int, CaseIterable {
    case memberID, householdID, name, relation, sex, birthDate, education, schooling, health, labor
    case medicalInsured, seriousIllnessInsured, pensionInsured

    var csvName: String {
        switch self {
        case .memberID: "member_id"
        case .householdID: "household_id"
        case .name: "name"
        case .relation: "relation"
        case .sex: "sex"
        case .birthDate: "birth_date"
        case .education: "education"
        case .schooling: "schooling"
        case .health: "health"
        case .labor: "labor"
        case .medicalInsured: "medical_insured"
        case .seriousIllnessInsured: "serious_illness_insured"
        case .pensionInsured: "pension_insured"
        }
    }

    /// Attribute name on `<member>` (nil: the household comes from nesting).
    var xmlAttribute: String? {
        switch self {
        case .memberID: "id"
        case .householdID: nil
        case .name: "name"
        case .relation: "relation"
        case .sex: "sex"
        case .birthDate: "birth"
        case .education: "education"
        case .schooling: "schooling"
        case .health: "health"
        case .labor: "labor"
        case .medicalInsured: "medical-insured"
        case .seriousIllnessInsured: "serious-illness-insured"
        case .pensionInsured: "pension-insured"
        }
    }
}

/// Boolean syntax of the target format (submissions.md §Value syntax: XML `true`/`false`, CSV `1`/`0`).
enum BooleanStyle: Sendable {
    case xml, csv
    func text(_ value: Bool) -> String {
        switch self {
        case .xml: value ? "true" : "false"
        case .csv: value ? "1" : "0"
        }
    }
}

/// Formats yuan given in cents as the contract's decimal (`-12.05`, `3400.00`).
func decimalText(cents: Int64) -> String {
    let magnitude = cents.magnitude
    let fraction = magnitude % 100
    return (cents < 0 ? "-" : "") + String(magnitude / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
}
