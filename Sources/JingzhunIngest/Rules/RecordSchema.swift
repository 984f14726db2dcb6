/// The contract's fields per record kind, by their CSV column names (submissions.md §Records and fields).
///
/// The XML reader maps its attributes to the same names (RawRecord.swift), so this one table
/// serves the CSV header check and the validator.
enum RecordSchema {
    /// Column names in the contract's table order.
    static func columns(of kind: RecordKind) -> [String] {
        switch kind {
        case .county: ["county_code", "rural_population", "rural_income"]
        case .village:
            [
                "village_code", "county_code", "name", "poor_village", "population", "road", "water", "electricity",
                "broadband", "clinic",
            ]
        case .household:
            [
                "household_id", "village_code", "registered_year", "category", "cause", "status", "exit_year",
                "housing_grade", "safe_water", "food_clothing_secured", "income_wage", "income_operating",
                "income_property", "income_transfer", "operating_cost", "measures",
            ]
        case .member:
            [
                "member_id", "household_id", "name", "relation", "sex", "birth_date", "education", "schooling",
                "health", "labor", "medical_insured", "serious_illness_insured", "pension_insured",
            ]
        }
    }

    /// Columns a CSV file may leave out: their values are optional (`exit_year` is required only
    /// for exited/returned households, `measures` may be empty), so a file without the column
    /// reads as every value being empty. Every other column is required (F013 when absent).
    static func optionalColumns(of kind: RecordKind) -> Set<String> {
        kind == .household ? ["exit_year", "measures"] : []
    }

    /// The CSV file suffix of each kind, in reading order (counties and villages before the
    /// households they cascade to, households before their members).
    static let csvFiles: [(kind: RecordKind, suffix: String)] = [
        (.county, ".counties.csv.gz"), (.village, ".villages.csv.gz"), (.household, ".households.csv.gz"),
        (.member, ".members.csv.gz"),
    ]
}
