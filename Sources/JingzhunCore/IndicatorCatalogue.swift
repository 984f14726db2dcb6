/// Unit of an indicator; decides how reports print it.
public enum IndicatorUnit: String, Sendable, CaseIterable {
    case count, percent, yuan, index, flag
    case percentagePoints = "pp"
}

/// One entry of the indicator catalogue (indicators.md §Catalogue): the single source of truth
/// that compute, render and the docs read.
public struct IndicatorDefinition: Sendable, Hashable {
    public var id: String
    public var summary: String
    public var unit: IndicatorUnit
    /// Levels where the indicator is defined; at other levels its value is null.
    public var levels: Set<AreaLevel>
    /// Decimals shown in reports (values are stored in full precision).
    public var decimals: Int
    /// The formula as indicators.md states it (shown in docs).
    public var formula: String
    /// Chinese label (the catalogue's `label_zh`); `summary` is the English label. Nil: none.
    public var labelChinese: String?

    public init(
        id: String, summary: String, unit: IndicatorUnit, levels: Set<AreaLevel>, decimals: Int, formula: String,
        labelChinese: String? = nil
    ) {
        self.id = id
        self.summary = summary
        self.unit = unit
        self.levels = levels
        self.decimals = decimals
        self.formula = formula
        self.labelChinese = labelChinese
    }
}

/// A computed indicator value; `value == nil` is null.
public struct IndicatorRow: Sendable, Hashable {
    public var year: Int32
    public var level: AreaLevel
    public var areaCode: String
    public var indicator: String
    public var value: Double?
    public init(year: Int32, level: AreaLevel, areaCode: String, indicator: String, value: Double?) {
        self.year = year
        self.level = level
        self.areaCode = areaCode
        self.indicator = indicator
        self.value = value
    }
}

/// A breakdown row (indicators.md §Breakdowns).
public struct BreakdownRow: Sendable, Hashable {
    public var year: Int32
    public var level: AreaLevel
    public var areaCode: String
    /// `cause`, `category` or `measure`.
    public var dimension: String
    public var member: String
    public var households: Int64
    /// Null for `measure`.
    public var population: Int64?
    public init(
        year: Int32, level: AreaLevel, areaCode: String, dimension: String, member: String, households: Int64,
        population: Int64?
    ) {
        self.year = year
        self.level = level
        self.areaCode = areaCode
        self.dimension = dimension
        self.member = member
        self.households = households
        self.population = population
    }
}

public enum IndicatorCatalogue {
    static let all4: Set<AreaLevel> = Set(AreaLevel.allCases)
    static let countyOnly: Set<AreaLevel> = [.county]
    static let provinceAndNation: Set<AreaLevel> = [.province, .nation]

    private static func d(
        _ id: String, _ unit: IndicatorUnit, _ decimals: Int, _ summary: String, _ formula: String,
        levels: Set<AreaLevel> = all4
    ) -> IndicatorDefinition {
        IndicatorDefinition(
            id: id, summary: summary, unit: unit, levels: levels, decimals: decimals, formula: formula,
            labelChinese: chineseLabels[id])
    }

    /// Every indicator, in catalogue order (indicators.md §Catalogue). Exports sort by id
    /// (`exportOrder`), reports use this order. Formulas use the contract's notation: H, P, X,
    /// size(h), net(h), pcni(h), G(h), z = poverty_line(y).
    public static let definitions: [IndicatorDefinition] = [
        // Population and exits
        d(
            "registered_households", .count, 0, "Registered households (not removed)",
            "|H|, H = households of the area with status ≠ removed"),
        d("registered_population", .count, 0, "Registered population", "Σ_{h∈H} size(h)"),
        d(
            "poor_households", .count, 0, "Poor households (poor or returned)",
            "|P|, P = {h ∈ H: status ∈ {poor, returned}}"),
        d("poor_population", .count, 0, "Poor population", "Σ_{h∈P} size(h)"),
        d(
            "exited_households", .count, 0, "Households exited this year",
            "|X|, X = {h ∈ H: status = exited ∧ exit year = y}"),
        d("exited_population", .count, 0, "Population exited this year", "Σ_{h∈X} size(h)"),
        d(
            "returned_population", .count, 0, "Population returned to poverty",
            "Σ size(h) over h ∈ H with status returned"),
        d(
            "rural_population", .count, 0, "Rural registered population (county statistics)",
            "Σ rural_population of the county statistics of the area, year y"),
        d("poverty_incidence_pct", .percent, 2, "Poverty incidence", "100 · poor_population / rural_population"),
        // Two assurances, three guarantees
        d(
            "school_age_children", .count, 0, "School-age children (6-15)",
            "members of H with 6 ≤ age ≤ 15, age = y − birth year"),
        d(
            "out_of_school_children", .count, 0, "School-age children out of school",
            "members of H of school age with schooling ∈ {dropout, not_in_school}"),
        d(
            "education_guarantee_pct", .percent, 1, "Compulsory education guaranteed",
            "100 · (school_age_children − out_of_school_children) / school_age_children"),
        d(
            "medical_insured_pct", .percent, 1, "Members with basic medical insurance",
            "100 · members of H with medical_insured / registered_population"),
        d(
            "serious_illness_insured_pct", .percent, 1, "Members with serious-illness insurance",
            "100 · members of H with serious_illness_insured / registered_population"),
        d(
            "housing_safe_pct", .percent, 1, "Households in safe housing (grade A or B)",
            "100 · |{h ∈ H: housing grade ∈ {A, B}}| / |H|"),
        d("safe_water_pct", .percent, 1, "Households with safe drinking water", "100 · |{h ∈ H: safe water}| / |H|"),
        d(
            "food_clothing_pct", .percent, 1, "Households with food and clothing secured",
            "100 · |{h ∈ H: food and clothing secured}| / |H|"),
        d(
            "guarantees_met_pct", .percent, 1, "Households meeting the two assurances and three guarantees",
            "100 · |{h ∈ H: G(h)}| / |H|, G(h) = food and clothing ∧ safe water ∧ housing safe ∧ every member "
                + "medical_insured ∧ no member out of school"),
        // Income
        d(
            "mean_per_capita_net_income", .yuan, 0, "Mean per-capita net income",
            "Σ_{h∈H} net(h) / registered_population, net = wage + operating + property + transfer − operating cost"),
        d(
            "population_above_line_pct", .percent, 1, "Population with per-capita net income above the poverty line",
            "100 · Σ size(h) over h ∈ H with pcni(h) > z / registered_population"),
        d(
            "poverty_gap_index", .index, 4, "Poverty gap index (FGT1)",
            "(1/N) Σ_{h∈H, pcni(h)<z} size(h) · (z − max(pcni(h), 0)) / z, N = registered_population"),
        d(
            "poverty_severity_index", .index, 4, "Poverty severity index (FGT2)",
            "(1/N) Σ_{h∈H, pcni(h)<z} size(h) · ((z − max(pcni(h), 0)) / z)², N = registered_population"),
        d(
            "panel_income_growth_pct", .percent, 1, "Income growth of households registered in both years",
            "100 · (Σ net_y / Σ size_y) / (Σ net_{y−1} / Σ size_{y−1}) − 100 over households in H(y) and H(y−1) "
                + "of the same province with the same household number, placed by their year-y village"),
        d(
            "rural_income", .yuan, 0, "Rural per-capita disposable income (county statistics)",
            "county: its rural_income; above: Σ rural_income · rural_population / Σ rural_population "
                + "over the counties of the area with statistics in y"),
        d(
            "rural_income_growth_pct", .percent, 1, "Rural income growth (counties with statistics in both years)",
            "100 · W_y / W_{y−1} − 100, W_t = Σ rural_income_t · rural_population_t / Σ rural_population_t "
                + "over the counties of the area with statistics in both y and y−1"),
        d(
            "national_rural_income_growth_pct", .percent, 1, "National rural income growth",
            "100 · national_rural_income(y) / national_rural_income(y−1) − 100"),
        d(
            "income_growth_gap_pp", .percentagePoints, 1, "Rural income growth minus the national growth",
            "rural_income_growth_pct − national_rural_income_growth_pct"),
        // Exits and their quality
        d("wrongful_exit_pct", .percent, 1, "Wrongful exits (错退率)", "100 · |{h ∈ X: ¬(pcni(h) > z ∧ G(h))}| / |X|"),
        d(
            "exit_income_bunching_pct", .percent, 1, "Exits with income just above the line (z < pcni ≤ 1.1 z)",
            "100 · |{h ∈ X: z < pcni(h) ≤ 1.1 z}| / |X|"),
        d("poor_villages", .count, 0, "Poor villages (贫困村)", "villages of the area with poor_village = true"),
        d(
            "poor_villages_below_threshold", .count, 0, "Poor villages with incidence below the exit threshold",
            "poor villages with population > 0 and 100 · Σ_{h∈P in the village} size(h) / population "
                + "< threshold(province)"),
        d(
            "poor_village_road_pct", .percent, 1, "Poor villages with hardened road",
            "100 · poor villages with road / poor_villages"),
        d(
            "poor_village_water_pct", .percent, 1, "Poor villages with safe water supply",
            "100 · poor villages with water / poor_villages"),
        d(
            "poor_village_electricity_pct", .percent, 1, "Poor villages with grid electricity",
            "100 · poor villages with electricity / poor_villages"),
        d(
            "poor_village_broadband_pct", .percent, 1, "Poor villages with broadband",
            "100 · poor villages with broadband / poor_villages"),
        d(
            "poor_village_clinic_pct", .percent, 1, "Poor villages with a standard clinic",
            "100 · poor villages with clinic / poor_villages"),
        // County exit
        d(
            "exit_threshold_pct", .percent, 0, "County exit threshold (3% western, else 2%)",
            "3 for western provinces (15, 45, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65), else 2", levels: countyOnly),
        d(
            "county_exit_eligible", .flag, 0, "County meets the exit criteria",
            "1 when poverty_incidence_pct < exit_threshold_pct ∧ (exited_households = 0 ∨ wrongful_exit_pct < 2), "
                + "else 0; null when incidence is null", levels: countyOnly),
        // Data quality
        d(
            "households_received", .count, 0, "Household records received",
            "household records read from the submissions in force for y", levels: provinceAndNation),
        d(
            "households_rejected", .count, 0, "Household records rejected", "of those, rejected",
            levels: provinceAndNation),
        d(
            "rejected_household_pct", .percent, 2, "Share of household records rejected",
            "100 · households_rejected / households_received", levels: provinceAndNation),
        d(
            "cross_province_duplicates", .count, 0, "Members whose identity number is held in another province",
            "members of H whose identity number is also held by a member of another province's H in year y"),
    ]

    /// The definitions in export order: ids sorted bytewise (indicators.md §Export format).
    public static let exportOrder: [IndicatorDefinition] = definitions.sorted {
        $0.id.utf8.lexicographicallyPrecedes($1.id.utf8)
    }

    /// Looks up a definition by id.
    public static func definition(_ id: String) -> IndicatorDefinition? { byID[id] }
    private static let byID: [String: IndicatorDefinition] = Dictionary(
        uniqueKeysWithValues: definitions.map { ($0.id, $0) })

    /// Breakdown dimensions and their members in contract order.
    public static let breakdownDimensions: [(dimension: String, members: [String])] = [
        ("cause", Cause.allCases.map(\.rawValue)),
        ("category", Category.allCases.map(\.rawValue)),
        ("measure", Measure.allCases.map(\.rawValue)),
    ]
}
