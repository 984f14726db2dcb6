import JingzhunCatalogue
import JingzhunCore

/// Writes the whole script of `jingzhun sql` (catalogue.md §SQL): views of the records in force,
/// the entity views, one aggregate view per entity, the builtins, the indicators layer by layer
/// (an indicator after those it reads), and a last `SELECT` returning
/// `(year, level, area_code, indicator, value)` in the order of `exports/indicators.csv`.
///
/// Every kind compiles in one place: `count` and `sum` to a `SUM` per county rolled up to every
/// level (sums of records at every level, never means of lower levels' ratios), `ratio` to a
/// quotient of those sums (null when the denominator is 0), `fgt` to two sums, `formula` to an
/// expression over the layer below, `builtin` to its view.
public enum IndicatorScript {
    /// The script, or the store views only (`viewsOnly`).
    /// - Throws: `SQLError` when an indicator reads an id the list does not define.
    public static func script(
        store: SQLStore, reference: SQLReference, indicators: [SQLIndicator], dialect: SQLDialect, commandLine: String,
        source: SQLStoreSource = .files
    ) throws(SQLError) -> String {
        var out = ""
        out += reference.view(dialect: dialect)
        out += SQLEntityViews.statements()

        // Aggregates, numbered in catalogue order; identical ones share a column.
        var aggregates = AggregateColumns()
        aggregates.dialect = dialect
        for indicator in indicators {
            switch indicator.value {
            case .aggregate(let aggregate): aggregates.add(aggregate)
            case .ratio(let num, let den, _):
                for operand in [num, den] { if case .aggregate(let aggregate) = operand { aggregates.add(aggregate) } }
            case .fgt(let fgt): aggregates.add(fgt)
            case .formula, .builtin: break
            }
        }
        out += aggregates.views()

        let builtins = indicators.compactMap { indicator -> String? in
            if case .builtin(let name) = indicator.value { return name }
            return nil
        }
        let definitions = SQLBuiltins.definitions(lineDenominator: reference.lineDenominator)
        for name in Set(builtins).sorted() {
            guard let definition = definitions[name] else {
                throw SQLError(.unsupported, "builtin '\(name)' has no SQL form")
            }
            out += definition
        }
        out += baseValues(aggregates: aggregates, builtins: Set(builtins).sorted())

        // Layers: an indicator goes one layer above everything it reads (this year or the last).
        var layerOf: [String: Int] = [:]
        let byID = Dictionary(indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func layer(_ id: String, _ path: Set<String>) throws(SQLError) -> Int {
            if let known = layerOf[id] { return known }
            guard let indicator = byID[id] else {
                throw SQLError(.unchecked, "indicator '\(id)' is read but not defined")
            }
            guard !path.contains(id) else { throw SQLError(.unchecked, "indicator '\(id)' reads itself") }
            let references = indicator.references
            var deepest = 0
            for reference in references.current.union(references.previous).sorted() {
                deepest = max(deepest, try layer(reference, path.union([id])))
            }
            layerOf[id] = deepest + 1
            return deepest + 1
        }
        for indicator in indicators { _ = try layer(indicator.id, []) }
        let layers = layerOf.values.max() ?? 0
        for number in stride(from: 1, through: layers, by: 1) {
            let members = indicators.filter { layerOf[$0.id] == number }
            let readsPrevious = members.contains { !$0.references.previous.isEmpty }
            let columns = members.map {
                "CAST(\(valueSQL($0, aggregates: aggregates, byID: byID)) AS DOUBLE) AS i_\($0.id)"
            }
            let previousJoin =
                readsPrevious
                ? "\nLEFT JOIN jz_values_\(number - 1) AS p"
                    + " ON p.year = v.year - 1 AND p.level = v.level AND p.area_code = v.area_code"
                : ""
            out += """
                -- Indicators, layer \(number) of \(layers).
                CREATE OR REPLACE TEMPORARY VIEW jz_values_\(number) AS
                SELECT v.*,
                  \(columns.joined(separator: ",\n  "))
                FROM jz_values_\(number - 1) AS v\(previousJoin);


                """
        }

        let allLevels = Set(AreaLevel.allCases.map(\.rawValue))
        let rows = indicators.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }.map { indicator -> String in
            let value =
                indicator.levels == allLevels
                ? "i_\(indicator.id)"
                : "CASE WHEN level IN (\(levelList(indicator.levels))) THEN i_\(indicator.id) END"
            return
                "  SELECT year, level, level_rank, area_code, \(SQLText.string(indicator.id)) AS indicator, \(value) "
                + "AS value FROM jz_values_\(layers)"
        }
        let noRows =
            "  SELECT year, level, level_rank, area_code, CAST(NULL AS \(dialect.stringType)) AS indicator,"
            + " CAST(NULL AS DOUBLE) AS value FROM jz_areas WHERE 1 = 0"
        out += """
            -- The result: one row per (year, area, indicator), in the order of exports/indicators.csv
            -- (year; nation, province, prefecture, county; area code; indicator id).
            SELECT year, level, area_code, indicator, value
            FROM (
            \(rows.isEmpty ? noRows : rows.joined(separator: "\n  UNION ALL\n"))
            ) AS result
            ORDER BY year, level_rank, area_code, indicator;

            """
        // Every intermediate result (`jz_…`) is computed once: a table, not a view.
        let computed = out.replacing(
            "CREATE OR REPLACE TEMPORARY VIEW jz_", with: dialect.materializingStatement + " jz_")
        return header(store: store, dialect: dialect, commandLine: commandLine, isViews: false)
            + StoreViews.statements(store, dialect: dialect, source: source) + computed
    }

    /// The views of the records in force only (`jingzhun sql --views`).
    public static func views(store: SQLStore, dialect: SQLDialect, commandLine: String) -> String {
        header(store: store, dialect: dialect, commandLine: commandLine, isViews: true)
            + StoreViews.statements(store, dialect: dialect)
    }

    /// The SQL list of the levels an indicator is reported at, in the order of AreaLevel.allCases.
    static func levelList(_ levels: Set<String>) -> String {
        AreaLevel.allCases.map(\.rawValue).filter(levels.contains).map(SQLText.string).joined(separator: ", ")
    }

    static func header(store: SQLStore, dialect: SQLDialect, commandLine: String, isViews: Bool) -> String {
        let run =
            dialect == .duckdb
            ? "duckdb -c \".read FILE.sql\"   (or duckdb.sql(open('FILE.sql').read()) in Python)"
            : "spark-sql -f FILE.sql          (Spark ≥ 3.4)"
        let viewsLine = "-- Views: submissions, submissions_in_force, counties, villages, households, members."
        let resultLine =
            "-- The last statement returns (year, level, area_code, indicator, value): exports/indicators.csv."
        return """
            -- Written by `\(commandLine)` (Jingzhun), dialect \(dialect.rawValue).
            -- Store: \(store.root)
            -- The views read the Parquet files that the Delta log held in force when this was written
            -- (absolute paths); after the next run, write it again.
            -- Run: \(run)
            \(isViews ? viewsLine : resultLine)


            """
    }

    static func baseValues(aggregates: AggregateColumns, builtins: [String]) -> String {
        var columns = [
            "ar.year", "ar.level", "ar.level_rank", "ar.area_code",
            "CAST(ar.year AS DOUBLE) AS param_year",
            "r.poverty_line_double AS param_poverty_line",
            "r.national_rural_income_double AS param_national_rural_income",
            "r.prev_national_rural_income_double AS param_prev_national_rural_income",
            "CAST(CASE WHEN ar.level = 'nation' THEN NULL ELSE \(SQLEntityViews.threshold(ofCounty: "ar.area_code")) "
                + "END AS DOUBLE) AS param_exit_threshold_pct",
        ]
        var joins = ["LEFT JOIN jz_reference AS r ON r.year = ar.year"]
        for entity in aggregates.entities {
            let alias = "x_\(entity.rawValue)"
            columns += aggregates.columns(of: entity).map { "COALESCE(\(alias).\($0), 0) AS \($0)" }
            joins.append(
                "LEFT JOIN jz_aggregate_\(entity.rawValue) AS \(alias) ON \(alias).year = ar.year AND \(alias).level "
                    + "= ar.level AND \(alias).area_code = ar.area_code"
            )
        }
        for name in builtins {
            let alias = "b_\(name)"
            columns.append("\(alias).value AS b_\(name)")
            joins.append(
                "LEFT JOIN \(SQLBuiltins.view(name)) AS \(alias) ON \(alias).year = ar.year AND \(alias).level = "
                    + "ar.level AND \(alias).area_code = ar.area_code"
            )
        }
        return """
            -- Every area with its parameters, aggregates and builtins: the layer the indicators read.
            CREATE OR REPLACE TEMPORARY VIEW jz_values_0 AS
            SELECT \(columns.joined(separator: ",\n  "))
            FROM jz_areas AS ar
            \(joins.joined(separator: "\n"));


            """
    }

    /// The DOUBLE value of one indicator over `v` (its layer's input) and `p` (the same, y − 1).
    ///
    /// A ratio operand that names an exact `count` or `sum` indicator reads that aggregate's exact
    /// sum, not its DOUBLE value, so a ratio of two exact sums is rounded once, as the engine does
    /// (`mean_per_capita_net_income` = Σ net fen / (100 · registered_population)).
    static func valueSQL(_ indicator: SQLIndicator, aggregates: AggregateColumns, byID: [String: SQLIndicator] = [:])
        -> String
    {
        switch indicator.value {
        case .aggregate(let aggregate): return aggregates.valueSQL(aggregate).doubleSQL
        case .ratio(let num, let den, let scale):
            func operand(_ operand: SQLOperand) -> SQLRowValue {
                switch operand {
                case .indicator(let id):
                    if case .aggregate(let aggregate)? = byID[id]?.value, aggregate.isExact {
                        aggregates.valueSQL(aggregate)
                    } else {
                        SQLRowValue("v.i_\(id)", .double)
                    }
                case .aggregate(let aggregate): aggregates.valueSQL(aggregate)
                }
            }
            let n = operand(num)
            let d = operand(den)
            guard case .exact(let scaleDenominator) = scale.form else {
                preconditionFailure("a ratio's scale is a decimal literal")
            }
            if case .exact(let nd) = n.form, case .exact(let dd) = d.form {
                // scale · (N / nd) / (D / dd) = N · (s · dd) / (D · (sd · nd)): one division, as the engine.
                let numeratorFactor = SQLArithmetic.times(scale.numerator, String(dd))
                let denominatorFactor = String(scaleDenominator * nd)
                return
                    "(\(SQLArithmetic.times("CAST(\(n.numerator) AS DOUBLE)", numeratorFactor)) / "
                    + "\(SQLArithmetic.times("CAST(NULLIF(\(d.numerator), 0) AS DOUBLE)", denominatorFactor)))"
            }
            let scaleSQL =
                scaleDenominator == 1 ? scale.numerator : "(CAST(\(scale.numerator) AS DOUBLE) / \(scaleDenominator))"
            return "(\(SQLArithmetic.times(n.doubleSQL, scaleSQL)) / NULLIF(\(d.doubleSQL), 0))"
        case .fgt(let fgt):
            let columns = aggregates.fgtColumns(fgt)
            let weights = aggregates.fgtWeightSQL(fgt)
            if let exact = aggregates.exactFGTColumns(fgt) {
                // nearest(N) / nearest(D): docs/catalogue.md, "Exact FGT sums".
                let dialect = aggregates.dialect
                return "(CASE WHEN v.\(exact.positiveLines) = 0 OR \(weights) = 0 THEN NULL ELSE "
                    + "\(dialect.nearestDouble("v." + exact.numerator)) / "
                    + "\(dialect.nearestDouble("v." + exact.denominator)) END)"
            }
            return
                "(CASE WHEN v.\(columns.lines) = 0 OR \(weights) = 0 THEN NULL ELSE v.\(columns.terms) / \(weights) "
                + "END)"
        case .formula(let text): return SQLFormula.resolve(text)
        case .builtin(let name): return "v.b_\(name)"
        }
    }
}

/// The aggregate columns of the script, per entity.
struct AggregateColumns {
    private var names: [SQLAggregate: String] = [:]
    private var fgts: [SQLFGT: (weights: String, terms: String, lines: String)] = [:]
    private var exactFGTs: [SQLFGT: (numerator: String, denominator: String, positiveLines: String)] = [:]
    /// The engine the script is written for (integer division differs).
    var dialect: SQLDialect = .duckdb
    /// Per entity: (column, SQL over the entity view's rows) in the order added.
    private var perEntity: [SQLEntity: [(column: String, sql: String)]] = [:]
    private var count = 0

    var entities: [SQLEntity] { SQLEntity.allCases.filter { perEntity[$0] != nil } }

    func columns(of entity: SQLEntity) -> [String] {
        ["n_\(entity.rawValue)"] + (perEntity[entity] ?? []).map(\.column)
    }

    private mutating func newColumn(_ entity: SQLEntity, _ sql: String) -> String {
        count += 1
        let column = "a_\(count)"
        if perEntity[entity] == nil { perEntity[entity] = [] }
        perEntity[entity]?.append((column, sql))
        return column
    }

    /// SUM of `value` (1 for a count) over the rows where `filter` holds: exact in its numerator
    /// for exact values, else DOUBLE.
    static func sumSQL(_ value: SQLRowValue?, filter: String?) -> String {
        guard let value else { return filter.map { "SUM(CASE WHEN \($0) THEN 1 ELSE 0 END)" } ?? "COUNT(*)" }
        let term: String
        if case .exact = value.form { term = value.numerator } else { term = value.doubleSQL }
        return filter.map { "SUM(CASE WHEN \($0) THEN \(term) END)" } ?? "SUM(\(term))"
    }

    mutating func add(_ aggregate: SQLAggregate) {
        guard names[aggregate] == nil else { return }
        names[aggregate] = newColumn(
            aggregate.entity, AggregateColumns.sumSQL(aggregate.value, filter: aggregate.filter))
    }

    mutating func add(_ fgt: SQLFGT) {
        guard fgts[fgt] == nil else { return }
        let below = SQLArithmetic.compare(fgt.welfare, "<", fgt.line)
        let line = fgt.line.doubleSQL
        let gap = "((\(line) - GREATEST(\(fgt.welfare.doubleSQL), 0)) / \(line))"
        let weight = fgt.weight.doubleSQL
        let term: String
        switch fgt.alpha {
        case 0: term = weight
        case 1: term = "\(weight) * \(gap)"
        default: term = "\(weight) * POWER(\(gap), \(fgt.alpha))"
        }
        let filter = fgt.filter.map { "\($0) AND " } ?? ""
        let lineIsKnown = RowNull.isNotNull(fgt.line)
        fgts[fgt] = (
            weights: newColumn(fgt.entity, AggregateColumns.sumSQL(fgt.weight, filter: fgt.filter)),
            terms: newColumn(fgt.entity, "SUM(CASE WHEN \(filter)\(below) THEN \(term) ELSE 0 END)"),
            lines: newColumn(fgt.entity, "SUM(CASE WHEN \(filter)\(lineIsKnown) THEN 1 ELSE 0 END)")
        )
        if fgt.hasExactSums { addExact(fgt, below: below, filter: filter) }
    }

    /// The exact sums N and D of docs/catalogue.md, "Exact FGT sums" (as CatalogueTally+ExactFGT.swift):
    /// Z the line in fen, G = Z · size − max(net, 0); α 1: N = Σ G, D = Σ size · Z; α 2:
    /// N = Σ round½↑(10⁶ · G² / size) = Σ 10⁶ · (G² DIV size) + (2 · 10⁶ · (G² % size) + size) DIV (2 · size),
    /// D = Σ size · Z² · 10⁶; α 0: N = Σ size below, D = Σ size. Every row's term is a BIGINT
    /// (G² < 2⁶³); the sums are DECIMAL(38,0), with explicit casts, so Spark's and DuckDB's
    /// decimal typing rules (and spark.sql.decimalOperations.allowPrecisionLoss) cannot round them.
    private mutating func addExact(_ fgt: SQLFGT, below: String, filter: String) {
        guard case .exact(let lineDenominator) = fgt.line.form else {
            preconditionFailure("an exact FGT has an exact line")
        }
        let big = "DECIMAL(38,0)"
        let size = fgt.weight.numerator
        let net = fgt.welfare.numerator
        let line = lineDenominator == 100 ? fgt.line.numerator : "(\(fgt.line.numerator) * \(100 / lineDenominator))"
        let gap = "(\(line) * \(size) - GREATEST(\(net), 0))"
        let scale = String(FGT.severityTermScale)
        let term: String
        let denominator: String
        switch fgt.alpha {
        case 0:
            term = "CAST(\(size) AS \(big))"
            denominator = term
        case 1:
            term = "CAST(\(gap) AS \(big))"
            denominator = "CAST(\(size) AS \(big)) * \(line)"
        default:
            let square = "(\(gap) * \(gap))"
            let rounded = dialect.integerQuotient("(2 * (\(square) % \(size)) * \(scale) + \(size))", "(2 * \(size))")
            term = "(CAST(\(dialect.integerQuotient(square, size)) AS \(big)) * \(scale) + CAST(\(rounded) AS \(big)))"
            denominator = "CAST(\(size) AS \(big)) * \(line) * \(line) * \(scale)"
        }
        let lineIsKnown = RowNull.isNotNull(fgt.line)
        exactFGTs[fgt] = (
            numerator: newColumn(
                fgt.entity, "SUM(CASE WHEN \(filter)\(below) THEN \(term) ELSE CAST(0 AS \(big)) END)"),
            denominator: newColumn(
                fgt.entity,
                "SUM(CASE WHEN \(filter)\(lineIsKnown) AND \(size) IS NOT NULL THEN \(denominator) ELSE CAST(0 AS "
                    + "\(big)) END)"
            ),
            positiveLines: newColumn(
                fgt.entity, "SUM(CASE WHEN \(filter)\(lineIsKnown) AND \(fgt.line.numerator) > 0 THEN 1 ELSE 0 END)")
        )
    }

    func exactFGTColumns(_ fgt: SQLFGT) -> (numerator: String, denominator: String, positiveLines: String)? {
        exactFGTs[fgt]
    }

    func fgtColumns(_ fgt: SQLFGT) -> (weights: String, terms: String, lines: String) {
        guard let columns = fgts[fgt] else { preconditionFailure("FGT not collected before its value is written") }
        return columns
    }

    /// Σw as DOUBLE in the value layer.
    func fgtWeightSQL(_ fgt: SQLFGT) -> String {
        let column = "v." + fgtColumns(fgt).weights
        if case .exact(let denominator) = fgt.weight.form {
            return denominator == 1 ? "CAST(\(column) AS DOUBLE)" : "(CAST(\(column) AS DOUBLE) / \(denominator))"
        }
        return column
    }

    /// The aggregate's area value over `v`: exact numerator with its denominator, or DOUBLE.
    func valueSQL(_ aggregate: SQLAggregate) -> SQLRowValue {
        guard let column = names[aggregate] else {
            preconditionFailure("aggregate not collected before its value is written")
        }
        let guarded =
            aggregate.isNullWhenEmpty
            ? "(CASE WHEN v.n_\(aggregate.entity.rawValue) = 0 THEN NULL ELSE v.\(column) END)" : "v.\(column)"
        guard let value = aggregate.value else { return .integer(guarded) }
        if case .exact(let denominator) = value.form { return SQLRowValue(guarded, .exact(denominator: denominator)) }
        return SQLRowValue(guarded, .double)
    }

    /// One view per entity: its aggregates per county, rolled up to every area.
    func views() -> String {
        var out = ""
        for entity in entities {
            let list = perEntity[entity] ?? []
            let inner = (["COUNT(*) AS n_\(entity.rawValue)"] + list.map { "\($0.sql) AS \($0.column)" }).joined(
                separator: ",\n    ")
            let outer = columns(of: entity).map { "SUM(c.\($0)) AS \($0)" }.joined(separator: ",\n  ")
            out += """
                -- Aggregates over \(entity.rawValue) rows: per county, then summed into every area.
                CREATE OR REPLACE TEMPORARY VIEW jz_aggregate_\(entity.rawValue) AS
                SELECT a.year, a.level, a.area_code,
                  \(outer)
                FROM jz_area_counties AS a
                JOIN (
                  SELECT year, county_code,
                    \(inner)
                  FROM \(entity.view)
                  GROUP BY year, county_code
                ) AS c ON c.year = a.year AND c.county_code = a.county_code
                GROUP BY a.year, a.level, a.area_code;


                """
        }
        return out
    }
}

enum RowNull {
    static func isNotNull(_ value: SQLRowValue) -> String {
        if case .quotient(let denominator) = value.form {
            return "(\(value.numerator) IS NOT NULL AND \(denominator) IS NOT NULL)"
        }
        return "(\(value.numerator) IS NOT NULL)"
    }
}
