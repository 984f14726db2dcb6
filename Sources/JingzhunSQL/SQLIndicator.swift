/// What the script computes for one indicator, after the catalogue's expressions were compiled
/// to SQL (`CatalogueSQL` builds these from a catalogue).
///
/// Row values are exact where the catalogue says so: counts and money are integers (money in
/// fen), a decimal is an integer over a power of ten, and a quotient keeps its numerator and
/// denominator apart until the indicator's value is formed. An indicator's value is a DOUBLE.
public struct SQLIndicator: Sendable, Hashable {
    public var id: String
    /// `county`, `prefecture`, `province`, `nation`: where the indicator is defined (null elsewhere).
    public var levels: Set<String>
    public var value: Value

    public init(id: String, levels: Set<String>, value: Value) {
        self.id = id
        self.levels = levels
        self.value = value
    }

    public enum Value: Sendable, Hashable {
        /// `count` and `sum`: Σ over the rows of an entity (0 when there is none).
        case aggregate(SQLAggregate)
        /// `scale · num / den`; null when den is 0 or either is null.
        case ratio(num: SQLOperand, den: SQLOperand, scale: SQLRowValue)
        /// Foster–Greer–Thorbecke: (1/Σw) Σ_{welfare < line} w · ((line − max(welfare, 0)) / line)^alpha.
        case fgt(SQLFGT)
        /// A DOUBLE expression over other indicators: `{id}` is the value of `id` for the same area
        /// and year, `{prev:id}` its value in year − 1.
        case formula(String)
        /// A computation kept whole (indicators.md), by name: see `SQLBuiltins`.
        case builtin(String)
    }

    /// The indicators this one reads (same year), and those it reads in year − 1.
    var references: (current: Set<String>, previous: Set<String>) {
        switch value {
        case .aggregate, .fgt, .builtin: return ([], [])
        case .ratio(let num, let den, _):
            var ids = Set<String>()
            for operand in [num, den] { if case .indicator(let id) = operand { ids.insert(id) } }
            return (ids, [])
        case .formula(let text):
            let references = SQLFormula.references(in: text)
            return (references.current, references.previous)
        }
    }
}

/// One operand of a ratio.
public enum SQLOperand: Sendable, Hashable {
    case indicator(String)
    case aggregate(SQLAggregate)
}

/// The rows an aggregate ranges over (catalogue.md §Entities and fields).
public enum SQLEntity: String, Sendable, Hashable, CaseIterable {
    case household, member, county, village

    /// The view holding one row per record, with every field and parameter as a column.
    var view: String { "jz_\(rawValue)" }
}

/// `count` (value nil) or `sum` of an exact row value over an entity's rows where `filter` is true.
public struct SQLAggregate: Sendable, Hashable {
    public var entity: SQLEntity
    public var value: SQLRowValue?
    /// A boolean SQL expression over the entity view's columns; nil for every row.
    public var filter: String?
    /// Null (not 0) when the area has no row of the entity at all (`empty: null`).
    public var isNullWhenEmpty: Bool

    public init(entity: SQLEntity, value: SQLRowValue? = nil, filter: String? = nil, isNullWhenEmpty: Bool = false) {
        self.entity = entity
        self.value = value
        self.filter = filter
        self.isNullWhenEmpty = isNullWhenEmpty
    }

    /// A count, or a sum of exact values: its area value is an integer over a constant.
    var isExact: Bool {
        guard let value else { return true }
        if case .exact = value.form { return true }
        return false
    }
}

/// A numeric SQL expression over one row: `numerator / denominator`.
///
/// `exact`: numerator an integer expression, denominator a positive integer constant (1 for
/// counts, 100 for money in fen, 10^k for a decimal); its sum is exact. `quotient`: both integer
/// expressions, the denominator positive or NULL (a division by zero is null). `double`: the
/// numerator is a DOUBLE expression and the denominator is unused.
public struct SQLRowValue: Sendable, Hashable {
    public enum Form: Sendable, Hashable {
        case exact(denominator: Int64)
        case quotient(denominator: String)
        case double
    }

    public var numerator: String
    public var form: Form

    public init(_ numerator: String, _ form: Form) {
        self.numerator = numerator
        self.form = form
    }

    public static func integer(_ sql: String) -> SQLRowValue { SQLRowValue(sql, .exact(denominator: 1)) }
    public static func fen(_ sql: String) -> SQLRowValue { SQLRowValue(sql, .exact(denominator: 100)) }

    /// The value as a DOUBLE expression (one rounding for exact values, two for quotients).
    var doubleSQL: String {
        switch form {
        case .exact(let denominator):
            denominator == 1 ? "CAST(\(numerator) AS DOUBLE)" : "(CAST(\(numerator) AS DOUBLE) / \(denominator))"
        case .quotient(let denominator): "(CAST(\(numerator) AS DOUBLE) / CAST(\(denominator) AS DOUBLE))"
        case .double: "(\(numerator))"
        }
    }
}

/// The parameters of an `fgt` indicator, compiled.
public struct SQLFGT: Sendable, Hashable {
    public var entity: SQLEntity
    public var welfare: SQLRowValue
    public var weight: SQLRowValue
    public var line: SQLRowValue
    /// 0, 1 or 2.
    public var alpha: Int
    public var filter: String?
    /// Welfare `pcni` (net fen over 100 · size), weight `size`, a line in whole fen: the sums are
    /// exact (FGT.hasExactSums; docs/catalogue.md, "Exact FGT sums").
    public var hasExactSums: Bool

    public init(
        entity: SQLEntity, welfare: SQLRowValue, weight: SQLRowValue, line: SQLRowValue, alpha: Int, filter: String?,
        hasExactSums: Bool = false
    ) {
        self.entity = entity
        self.welfare = welfare
        self.weight = weight
        self.line = line
        self.alpha = alpha
        self.filter = filter
        self.hasExactSums = hasExactSums
    }
}

/// The `{id}` / `{prev:id}` placeholders of a formula's SQL.
enum SQLFormula {
    static func references(in text: String) -> (current: Set<String>, previous: Set<String>) {
        var current = Set<String>()
        var previous = Set<String>()
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if name.hasPrefix("prev:") { previous.insert(String(name.dropFirst(5))) } else { current.insert(name) }
            rest = rest[rest.index(after: close)...]
        }
        return (current, previous)
    }

    /// The formula with `{id}` as `v.i_id` and `{prev:id}` as `p.i_id`.
    static func resolve(_ text: String) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            out += name.hasPrefix("prev:") ? "p.i_\(name.dropFirst(5))" : "v.i_\(name)"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
