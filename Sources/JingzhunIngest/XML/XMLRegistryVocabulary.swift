/// The element and attribute names of an XML submission and the contract fields they map to.
///
/// submissions.md §Records and fields: each table row names the XML attribute and the CSV
/// column; the XML reader emits the CSV column name so that validation is format-agnostic
/// (RawRecord.swift).
enum RegistryElement: Int, CaseIterable, Sendable {
    case registry, county, village, household, income, measure, member

    /// The namespace every registry element lives in (submissions.md §Value syntax).
    static let namespace = "urn:jingzhun:registry:1"

    /// Local name of the element in the document.
    var localName: String {
        switch self {
        case .registry: "registry"
        case .county: "county"
        case .village: "village"
        case .household: "household"
        case .income: "income"
        case .measure: "measure"
        case .member: "member"
        }
    }

    /// Whether `child` may stand directly inside this element:
    /// `registry > county > village > household > (income, measure*, member+)`.
    func allows(_ child: RegistryElement) -> Bool {
        switch (self, child) {
        case (.registry, .county), (.county, .village), (.village, .household),
            (.household, .income), (.household, .measure), (.household, .member):
            true
        default:
            false
        }
    }

    /// Attribute local name → contract field name (CSV column), in the contract's table order;
    /// the first is the element's key (`code` or `id`) where it has one.
    ///
    /// The root's attributes are not a record; they map to `RegistryRoot` under their own names.
    var attributeFields: [(attribute: String, field: String)] {
        switch self {
        case .registry:
            [("province", "province"), ("year", "year"), ("revision", "revision")]
        case .county:
            [("code", "county_code"), ("rural-population", "rural_population"), ("rural-income", "rural_income")]
        case .village:
            [
                ("code", "village_code"), ("name", "name"), ("poor-village", "poor_village"),
                ("population", "population"), ("road", "road"), ("water", "water"),
                ("electricity", "electricity"), ("broadband", "broadband"), ("clinic", "clinic"),
            ]
        case .household:
            [
                ("id", "household_id"), ("registered", "registered_year"), ("category", "category"),
                ("cause", "cause"), ("status", "status"), ("exit-year", "exit_year"),
                ("housing-grade", "housing_grade"), ("safe-water", "safe_water"),
                ("food-clothing", "food_clothing_secured"),
            ]
        case .income:
            [
                ("wage", "income_wage"), ("operating", "income_operating"), ("property", "income_property"),
                ("transfer", "income_transfer"), ("operating-cost", "operating_cost"),
            ]
        case .measure:
            []
        case .member:
            [
                ("id", "member_id"), ("name", "name"), ("relation", "relation"), ("sex", "sex"),
                ("birth", "birth_date"), ("education", "education"), ("schooling", "schooling"),
                ("health", "health"), ("labor", "labor"), ("medical-insured", "medical_insured"),
                ("serious-illness-insured", "serious_illness_insured"), ("pension-insured", "pension_insured"),
            ]
        }
    }

    /// The field a child record gets from this element's identifying attribute
    /// (`county_code` on a village, `village_code` on a household, `household_id` on a member).
    var parentKeyField: String? {
        switch self {
        case .county: "county_code"
        case .village: "village_code"
        case .household: "household_id"
        case .registry, .income, .measure, .member: nil
        }
    }

    /// The record kind this element starts, if it is a record.
    var recordKind: RecordKind? {
        switch self {
        case .county: .county
        case .village: .village
        case .household: .household
        case .member: .member
        case .registry, .income, .measure: nil
        }
    }

    /// Field name of the household's joined `<measure>` texts.
    static let measuresField = "measures"

    /// Where a contract field is written in a registry document, for messages about XML
    /// submissions (which name fields by their CSV column name): " (XML: attribute `wage` of
    /// <income>)". Nil when the attribute has the field's own name, which needs no hint.
    static func xmlHint(forField field: String) -> String? {
        if field == measuresField { return " (XML: the <measure> elements of <household>)" }
        for element in allCases where element != .registry {
            if let (attribute, _) = element.attributeFields.first(where: { $0.field == field }) {
                return attribute == field ? nil : " (XML: attribute `\(attribute)` of <\(element.localName)>)"
            }
        }
        return nil
    }
}
