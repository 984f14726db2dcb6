public import JingzhunCore

/// One indicator of a catalogue: what reports call it, its unit and levels, and how it is computed.
public struct IndicatorSpec: Sendable, Hashable {
    /// `[a-z][a-z0-9_]*`, unique across the catalogue files.
    public var id: String
    /// For reports (English).
    public var label: String
    /// For reports (Chinese); optional.
    public var labelZh: String?
    public var unit: IndicatorUnit
    /// Levels where the indicator has a value; null elsewhere. Default: all four.
    public var levels: Set<AreaLevel>
    /// Decimals shown in reports (values are exported in full precision). Default by unit.
    public var decimals: Int
    public var kind: IndicatorKind
    /// Where the indicator's entry starts (its `- id:` line).
    public var location: SourceLocation

    public init(
        id: String, label: String, labelZh: String? = nil, unit: IndicatorUnit,
        levels: Set<AreaLevel> = Set(AreaLevel.allCases), decimals: Int? = nil, kind: IndicatorKind,
        location: SourceLocation
    ) {
        self.id = id
        self.label = label
        self.labelZh = labelZh
        self.unit = unit
        self.levels = levels
        self.decimals = decimals ?? unit.defaultDecimals
        self.kind = kind
        self.location = location
    }

    /// The ids this entry exports: its own, or for `af` the ids of catalogue.md §Alkire–Foster.
    public var exportedIDs: [String] {
        guard case .af(let af) = kind else { return [id] }
        return af.exportedIDs(prefix: id)
    }
}

/// How an indicator is computed (catalogue.md §Kinds).
public enum IndicatorKind: Sendable, Hashable {
    /// Number of rows of an entity (measure `.count`).
    case count(Aggregate)
    /// Σ value over the rows, nulls skipped (measure `.sum`).
    case sum(Aggregate)
    /// scale · num / den: always a ratio of sums, at every level.
    case ratio(Ratio)
    /// Foster–Greer–Thorbecke index.
    case fgt(FGT)
    /// An expression over other indicators of the same area and year, and `prev(id)`.
    case formula(Expr)
    /// Alkire–Foster multidimensional poverty.
    case af(AlkireFoster)
    /// A computation kept in code because it needs more than one entity at once.
    case builtin(Builtin)

    /// The name written after `kind:`.
    public var name: String {
        switch self {
        case .count: "count"
        case .sum: "sum"
        case .ratio: "ratio"
        case .fgt: "fgt"
        case .formula: "formula"
        case .af: "af"
        case .builtin: "builtin"
        }
    }

    /// Every kind name the format accepts.
    public static let names = ["count", "sum", "ratio", "fgt", "formula", "af", "builtin"]
}

/// A count or a sum over the rows of one entity of the area and year.
public struct Aggregate: Sendable, Hashable {
    public enum Measure: Sendable, Hashable {
        case count
        /// Σ of the expression, nulls skipped.
        case sum(Expr)
    }

    public var measure: Measure
    public var entity: Entity
    /// `where`: a row counts only when this is true (null or false excludes it).
    public var filter: Expr?
    /// `empty: null`: the value is null, not 0, when no row of the entity is in the area
    /// (`rural_population` of an area without county statistics). Default false: an empty sum is 0.
    public var isNullWhenEmpty: Bool
    public var location: SourceLocation

    public init(
        measure: Measure, entity: Entity, filter: Expr? = nil, isNullWhenEmpty: Bool = false, location: SourceLocation
    ) {
        self.measure = measure
        self.entity = entity
        self.filter = filter
        self.isNullWhenEmpty = isNullWhenEmpty
        self.location = location
    }
}

/// `num` or `den` of a ratio: another indicator's id or an inline aggregate.
public enum RatioOperand: Sendable, Hashable {
    case indicator(String, at: SourceLocation)
    case aggregate(Aggregate)
}

/// scale · num / den; null when den is 0 or either is null.
public struct Ratio: Sendable, Hashable {
    public var numerator: RatioOperand
    public var denominator: RatioOperand
    /// Default 1.
    public var scale: ExactDecimal

    public init(numerator: RatioOperand, denominator: RatioOperand, scale: ExactDecimal = ExactDecimal(1)) {
        self.numerator = numerator
        self.denominator = denominator
        self.scale = scale
    }
}

/// (1/Σw) · Σ over rows with welfare < line of w · ((line − max(welfare, 0)) / line)^alpha;
/// null when line is null or Σw = 0.
public struct FGT: Sendable, Hashable {
    /// Always `.household` in this version.
    public var entity: Entity
    /// Default `pcni`.
    public var welfare: Expr
    /// Default `size`.
    public var weight: Expr
    /// Default `poverty_line`.
    public var line: Expr
    /// 0, 1 or 2.
    public var alpha: Int
    public var filter: Expr?

    public init(entity: Entity = .household, welfare: Expr, weight: Expr, line: Expr, alpha: Int, filter: Expr? = nil) {
        self.entity = entity
        self.welfare = welfare
        self.weight = weight
        self.line = line
        self.alpha = alpha
        self.filter = filter
    }
}

/// Alkire–Foster multidimensional poverty (catalogue.md §Alkire–Foster).
public struct AlkireFoster: Sendable, Hashable {
    public struct Dimension: Sendable, Hashable {
        /// `[a-z][a-z0-9_]*`, unique within the indicator.
        public var id: String
        /// Exact; the weights of all dimensions sum to exactly 1.
        public var weight: Fraction
        /// Deprived when true (null counts as not deprived).
        public var deprived: Expr
        public var location: SourceLocation

        public init(id: String, weight: Fraction, deprived: Expr, location: SourceLocation) {
            self.id = id
            self.weight = weight
            self.deprived = deprived
            self.location = location
        }
    }

    public var entity: Entity
    /// People each row stands for (default `size`).
    public var weight: Expr
    /// Poverty cutoff on the deprivation score: poor iff score ≥ k (exact).
    public var k: Fraction
    public var dimensions: [Dimension]
    public var filter: Expr?

    public init(entity: Entity = .household, weight: Expr, k: Fraction, dimensions: [Dimension], filter: Expr? = nil) {
        self.entity = entity
        self.weight = weight
        self.k = k
        self.dimensions = dimensions
        self.filter = filter
    }

    /// `{id}_h`, `{id}_a`, `{id}_m0`, then `{id}_censored_{d}` and `{id}_contribution_{d}` per dimension.
    public func exportedIDs(prefix id: String) -> [String] {
        [id + "_h", id + "_a", id + "_m0"]
            + dimensions.flatMap { [id + "_censored_" + $0.id, id + "_contribution_" + $0.id] }
    }
}

/// A computation the engine keeps in code because it needs more than one entity (or more than
/// one year's records) at once. Each is defined in indicators.md under the indicator of the same name.
public enum Builtin: String, Sendable, Hashable, CaseIterable {
    /// `panel_income_growth_pct`: households of y and y−1 matched by household number.
    case panelIncomeGrowth = "panel_income_growth"
    /// `rural_income`: the county's own figure at county level, population-weighted above.
    case ruralIncome = "rural_income"
    /// `rural_income_growth_pct`: counties with statistics in both y and y−1.
    case ruralIncomeGrowth = "rural_income_growth"
    /// `poor_villages_below_threshold`: villages against their households and the province threshold.
    case poorVillagesBelowThreshold = "poor_villages_below_threshold"
    /// `county_exit_eligible`: incidence, threshold and wrongful exits of the county.
    case countyExitEligible = "county_exit_eligible"
    /// `cross_province_duplicates`: members against every other province's members.
    case crossProvinceDuplicates = "cross_province_duplicates"
    /// `households_received`: household records read from the submissions in force.
    case householdsReceived = "households_received"
    /// `households_rejected`: of those, rejected.
    case householdsRejected = "households_rejected"
    /// `returned_within_two_years_pct` (两年内返贫率): households of y matched with their y−1
    /// record, an exit of y−2 or y−1 still in force then (issue 18; docs/indicators.md).
    case returnedWithinTwoYears = "returned_within_two_years"

    /// What the builtin computes (the definition of indicators.md).
    public var definition: String {
        if self == .returnedWithinTwoYears { return Self.returnedWithinTwoYearsDefinition }
        return IndicatorCatalogue.definition(indicatorID)?.formula ?? rawValue
    }

    /// The definition of `returned_within_two_years_pct`, which is beyond indicators.md (so not in
    /// Core's `IndicatorCatalogue`); docs/indicators.md §Returns to poverty says why it is so.
    public static let returnedWithinTwoYearsDefinition =
        "100 · |R| / |D|, D = households of H(y) whose record of y−1 (same province, same household number) "
        + "has status exited with exit_year ≥ y−2, R = those of D with status returned in y; "
        + "placed by their year-y village; null when D is empty"

    /// The shipped indicator this builtin computes.
    public var indicatorID: String {
        switch self {
        case .panelIncomeGrowth: "panel_income_growth_pct"
        case .ruralIncomeGrowth: "rural_income_growth_pct"
        case .returnedWithinTwoYears: "returned_within_two_years_pct"
        default: rawValue
        }
    }
}

extension IndicatorUnit {
    /// The unit's name in a catalogue file: `count | pct | yuan | index | pp | flag`.
    public var catalogueName: String {
        switch self {
        case .count: "count"
        case .percent: "pct"
        case .yuan: "yuan"
        case .index: "index"
        case .flag: "flag"
        case .percentagePoints: "pp"
        }
    }

    /// The unit named `name` in a catalogue file.
    public init?(catalogueName name: String) {
        guard let unit = IndicatorUnit.allCases.first(where: { $0.catalogueName == name }) else { return nil }
        self = unit
    }

    /// Decimals reports show when the catalogue does not say.
    public var defaultDecimals: Int {
        switch self {
        case .count, .yuan, .flag: 0
        case .percent, .percentagePoints: 1
        case .index: 4
        }
    }
}
