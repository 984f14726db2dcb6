import JingzhunCore

/// The breakdowns table (indicators.md §Breakdowns) in SQL, over the entity views of
/// `IndicatorScript` (it must run after that script's statements): for every area and year,
/// households and population of H by `category`, of P by `cause`, and the number of households of
/// P that have each assistance `measure` (population null). Every code of each enumeration gets a
/// row, zeros included. Counts per county in one pass over `jz_household`, summed into every area
/// like the aggregates (sums of records, never of lower levels' rows).
public enum SQLBreakdowns {
    /// (dimension, code, position) in export order: dimension, then code, both bytewise.
    static var members: [(dimension: String, code: String)] {
        func sorted(_ dimension: String, _ codes: [String]) -> [(dimension: String, code: String)] {
            codes.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { (dimension, $0) }
        }
        let all = [
            ("category", Category.allCases.map(\.rawValue)), ("cause", Cause.allCases.map(\.rawValue)),
            ("measure", Measure.allCases.map(\.rawValue)),
        ].sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return all.flatMap { sorted($0.0, $0.1) }
    }

    /// The statements: one view of per-area sums, then the last statement's
    /// `SELECT year, level, area_code, dimension, member, households, population` in the order of
    /// `exports/breakdowns.csv`.
    public static func script(dialect: SQLDialect) -> String {
        var columns: [String] = []
        var rollUp: [String] = []
        var rows: [String] = []
        for (number, member) in members.enumerated() {
            let code = SQLText.string(member.code)
            let households = "h_\(number)"
            let population = "p_\(number)"
            switch member.dimension {
            case "category":
                columns.append("SUM(CASE WHEN category = \(code) THEN 1 ELSE 0 END) AS \(households)")
                columns.append("SUM(CASE WHEN category = \(code) THEN size ELSE 0 END) AS \(population)")
            case "cause":
                columns.append("SUM(CASE WHEN poor AND cause = \(code) THEN 1 ELSE 0 END) AS \(households)")
                columns.append("SUM(CASE WHEN poor AND cause = \(code) THEN size ELSE 0 END) AS \(population)")
            default:
                // measures is the codes joined by ';' (docs/store.md); no code holds ';'.
                columns.append(
                    "SUM(CASE WHEN poor AND INSTR(CONCAT(';', COALESCE(measures, ''), ';'), "
                        + "\(SQLText.string(";" + member.code + ";"))) > 0 THEN 1 ELSE 0 END) AS \(households)"
                )
            }
            rollUp.append("CAST(COALESCE(SUM(c.\(households)), 0) AS BIGINT) AS \(households)")
            if member.dimension != "measure" {
                rollUp.append("CAST(COALESCE(SUM(c.\(population)), 0) AS BIGINT) AS \(population)")
            }
            let populationValue = member.dimension == "measure" ? "CAST(NULL AS BIGINT)" : population
            rows.append(
                "  SELECT year, level, level_rank, area_code, \(SQLText.string(member.dimension)) AS dimension, "
                    + "\(code) AS member, \(households) AS households, \(populationValue) AS population FROM "
                    + "jz_breakdown_sums"
            )
        }
        let create = dialect.materializingStatement
        return """
            -- Breakdowns (indicators.md §Breakdowns): per county in one pass over H, then summed into every
            -- area (an area without households gets zeros).
            \(create) jz_breakdown_sums AS
            SELECT ar.year, ar.level, ar.level_rank, ar.area_code,
              \(rollUp.joined(separator: ",\n  "))
            FROM jz_areas AS ar
            JOIN jz_area_counties AS a ON a.year = ar.year AND a.level = ar.level AND a.area_code = ar.area_code
            LEFT JOIN (
              SELECT year, county_code,
                \(columns.joined(separator: ",\n    "))
              FROM jz_household
              GROUP BY year, county_code
            ) AS c ON c.year = a.year AND c.county_code = a.county_code
            GROUP BY ar.year, ar.level, ar.level_rank, ar.area_code;

            -- The breakdown rows, in the order of exports/breakdowns.csv (year; nation, province,
            -- prefecture, county; area code; dimension; member), every code with zeros included.
            SELECT year, level, area_code, dimension, member, households, population
            FROM (
            \(rows.joined(separator: "\n  UNION ALL\n"))
            ) AS result
            ORDER BY year, level_rank, area_code, dimension, member;

            """
    }
}

extension SQLBreakdowns {
    /// The rows each area gets: one per code of category, cause and measure.
    public static var memberCount: Int { members.count }
}

extension IndicatorScript {
    /// `jingzhun sql --breakdowns`: the store views, the entity views and the breakdowns, whose
    /// last statement returns the rows of `exports/breakdowns.csv`.
    public static func breakdownsScript(
        store: SQLStore, reference: SQLReference, dialect: SQLDialect, commandLine: String
    ) -> String {
        let body = reference.view(dialect: dialect) + SQLEntityViews.statements()
        let computed = body.replacing(
            "CREATE OR REPLACE TEMPORARY VIEW jz_", with: dialect.materializingStatement + " jz_")
        return header(store: store, dialect: dialect, commandLine: commandLine, isViews: false)
            .replacing(
                "-- The last statement returns (year, level, area_code, indicator, value): exports/indicators.csv.",
                with:
                    "-- The last statement returns (year, level, area_code, dimension, member, households, "
                    + "population): exports/breakdowns.csv."
            )
            + StoreViews.statements(store, dialect: dialect) + computed + SQLBreakdowns.script(dialect: dialect)
    }
}
