/// The builtins of catalogue.md (§Kinds, `builtin`) in SQL: computations that need more than one
/// entity (or more than one year's records) at once, each defined in indicators.md under the
/// indicator of the same name. Each is a view `jz_builtin_<name>(year, level, area_code, value)`
/// with one row per area, rolled up from county sums (never from lower levels' ratios).
///
/// The arithmetic follows the Swift engine step by step (integer sums, then the same double
/// operations), so the values agree to the last bit or nearly.
enum SQLBuiltins {
    static let names: Set<String> = Set(definitions(lineDenominator: 100).keys)

    static func view(_ name: String) -> String { "jz_builtin_\(name)" }

    /// A view that rolls per-county sums (`counties`, with year and county_code) up to every area
    /// and computes `value` from `SUM`s of their columns.
    static func rollUp(_ name: String, comment: String, counties: String, value: String) -> String {
        """
        -- \(comment)
        CREATE OR REPLACE TEMPORARY VIEW \(view(name)) AS
        SELECT a.year, a.level, a.area_code,
          \(value) AS value
        FROM jz_area_counties AS a
        LEFT JOIN (
        \(counties.indented(2))
        ) AS c ON c.year = a.year AND c.county_code = a.county_code
        GROUP BY a.year, a.level, a.area_code;


        """
    }

    /// 100 · (now − before) / before, as YearComputation.growthPct.
    static func growth(_ now: String, _ before: String) -> String {
        "100 * ((\(now)) - (\(before))) / (\(before))"
    }

    /// The view of each builtin; `lineDenominator` is the poverty line's (see `SQLReference`).
    static func definitions(lineDenominator: Int64) -> [String: String] {
        [
            "panel_income_growth": rollUp(
                "panel_income_growth",
                comment:
                    "panel_income_growth_pct: households of H(y) and H(y−1) of the same province with the same "
                    + "number, placed by their year-y village.",
                counties: """
                    SELECT h.year, h.county_code, COUNT(*) AS households,
                      SUM(h.net_income) AS net, SUM(h.size) AS size,
                      SUM(p.net_income) AS net_before, SUM(p.size) AS size_before
                    FROM jz_household AS h
                    JOIN jz_household AS p ON p.year = h.year - 1 AND p.province = h.province AND p.household_id = \
                    h.household_id
                    WHERE h.size > 0 AND p.size > 0
                    GROUP BY h.year, h.county_code
                    """,
                value: """
                    CASE WHEN SUM(c.households) > 0 AND SUM(c.size) > 0 AND SUM(c.size_before) > 0 AND \
                    SUM(c.net_before) <> 0 THEN
                        \(growth(
                            "CAST(SUM(c.net) AS DOUBLE) / CAST(100 * SUM(c.size) AS DOUBLE)",
                            "CAST(SUM(c.net_before) AS DOUBLE) / CAST(100 * SUM(c.size_before) AS DOUBLE)"))
                      END
                    """),
            "returned_within_two_years": rollUp(
                "returned_within_two_years",
                comment:
                    "returned_within_two_years_pct: households of H(y) whose record of y−1 (same province, same "
                    + "number) is an exit of y−2 or y−1 still in force, and of those the ones returned in y; "
                    + "placed by their year-y village.",
                counties: """
                    SELECT h.year, h.county_code, COUNT(*) AS at_risk,
                      SUM(CASE WHEN h.status = 'returned' THEN 1 ELSE 0 END) AS returned
                    FROM jz_household AS h
                    JOIN jz_household AS p ON p.year = h.year - 1 AND p.province = h.province AND p.household_id = \
                    h.household_id
                    WHERE p.status = 'exited' AND p.exit_year >= p.year - 1
                    GROUP BY h.year, h.county_code
                    """,
                value: """
                    CASE WHEN SUM(c.at_risk) > 0 THEN CAST(100 * SUM(c.returned) AS DOUBLE) / CAST(SUM(c.at_risk) AS \
                    DOUBLE) END
                    """),
            "rural_income": rollUp(
                "rural_income",
                comment:
                    "rural_income: a county's own figure; above, Σ rural_income · rural_population / Σ "
                    + "rural_population.",
                counties: """
                    SELECT year, county_code, COUNT(*) AS statistics, SUM(rural_income_fen) AS income,
                      SUM(CAST(rural_income_fen AS DECIMAL(38, 0)) * rural_population) AS weighted,
                      SUM(rural_population) AS population
                    FROM jz_county
                    GROUP BY year, county_code
                    """,
                value: """
                    CASE WHEN a.level = 'county' AND SUM(c.statistics) = 1 THEN CAST(SUM(c.income) AS DOUBLE) / 100
                        WHEN SUM(c.population) > 0 THEN CAST(SUM(c.weighted) AS DOUBLE) / CAST(100 * \
                    SUM(c.population) AS DOUBLE)
                      END
                    """),
            "rural_income_growth": rollUp(
                "rural_income_growth",
                comment: "rural_income_growth_pct: the counties of the area with statistics in both y and y−1.",
                counties: """
                    SELECT c.year, c.county_code, COUNT(*) AS counties,
                      SUM(c.rural_population) AS population,
                      SUM(CAST(c.rural_income_fen AS DECIMAL(38, 0)) * c.rural_population) AS weighted,
                      SUM(q.rural_population) AS population_before,
                      SUM(CAST(q.rural_income_fen AS DECIMAL(38, 0)) * q.rural_population) AS weighted_before
                    FROM jz_county AS c
                    JOIN jz_county AS q ON q.year = c.year - 1 AND q.county_code = c.county_code
                    GROUP BY c.year, c.county_code
                    """,
                value: """
                    CASE WHEN SUM(c.counties) > 0 AND SUM(c.population) > 0 AND SUM(c.population_before) > 0 AND \
                    SUM(c.weighted_before) <> 0 THEN
                        \(growth(
                            "CAST(SUM(c.weighted) AS DOUBLE) / CAST(SUM(c.population) AS DOUBLE)",
                            "CAST(SUM(c.weighted_before) AS DOUBLE) / CAST(SUM(c.population_before) AS DOUBLE)"))
                      END
                    """),
            "poor_villages_below_threshold": rollUp(
                "poor_villages_below_threshold",
                comment:
                    "poor_villages_below_threshold: poor villages whose incidence (poor population of the village's "
                    + "households / village population) is below the province's threshold.",
                counties: """
                    SELECT v.year, v.county_code,
                      SUM(CASE WHEN v.population > 0 AND 100 * COALESCE(p.poor_population, 0) < v.exit_threshold_pct \
                    * v.population
                        THEN 1 ELSE 0 END) AS villages
                    FROM jz_village AS v
                    LEFT JOIN (
                      SELECT year, province, village_code, SUM(size) AS poor_population
                      FROM jz_household WHERE poor GROUP BY year, province, village_code
                    ) AS p ON p.year = v.year AND p.province = v.province AND p.village_code = v.village_code
                    WHERE v.poor_village
                    GROUP BY v.year, v.county_code
                    """,
                value: "CAST(COALESCE(SUM(c.villages), 0) AS DOUBLE)"),
            "county_exit_eligible": rollUp(
                "county_exit_eligible",
                comment:
                    "county_exit_eligible: incidence below the threshold and (no exits or wrongful exits below 2 %), "
                    + "decided in integers.",
                counties: """
                    SELECT k.year, k.county_code, SUM(k.poor_population) AS poor_population, SUM(k.rural_population) \
                    AS rural_population,
                      SUM(k.exited) AS exited, SUM(k.wrongful) AS wrongful, MAX(k.has_line) AS has_line
                    FROM (
                      SELECT year, county_code, CASE WHEN poor THEN size ELSE 0 END AS poor_population, 0 AS \
                    rural_population,
                        CASE WHEN exited THEN 1 ELSE 0 END AS exited,
                        CASE WHEN exited AND NOT COALESCE(size > 0 AND net_income * \(lineDenominator) > \
                    poverty_line * 100 * size AND guarantees_met, FALSE)
                          THEN 1 ELSE 0 END AS wrongful,
                        CASE WHEN poverty_line IS NULL THEN 0 ELSE 1 END AS has_line
                      FROM jz_household
                      UNION ALL
                      SELECT year, county_code, 0, rural_population, 0, 0, CASE WHEN poverty_line IS NULL THEN 0 \
                    ELSE 1 END FROM jz_county
                    ) AS k
                    GROUP BY k.year, k.county_code
                    """,
                value: """
                    CASE WHEN a.level <> 'county' OR COALESCE(SUM(c.rural_population), 0) = 0 THEN NULL
                        WHEN COALESCE(SUM(c.exited), 0) > 0 AND COALESCE(MAX(c.has_line), 0) = 0 THEN NULL
                        WHEN 100 * SUM(c.poor_population) < \
                    MAX(\(SQLEntityViews.threshold(ofCounty: "a.area_code"))) * SUM(c.rural_population)
                          AND (COALESCE(SUM(c.exited), 0) = 0 OR 100 * SUM(c.wrongful) < 2 * SUM(c.exited)) THEN \
                    CAST(1 AS DOUBLE)
                        ELSE CAST(0 AS DOUBLE)
                      END
                    """),
            "cross_province_duplicates": rollUp(
                "cross_province_duplicates",
                comment:
                    "cross_province_duplicates: members of H whose identity (pseudonym) a member of another "
                    + "province's H holds in the year.",
                counties: """
                    SELECT m.year, m.county_code, COUNT(*) AS members
                    FROM jz_member AS m
                    JOIN (
                      SELECT year, member_key FROM jz_member GROUP BY year, member_key HAVING COUNT(DISTINCT \
                    province) > 1
                    ) AS k ON k.year = m.year AND k.member_key = m.member_key
                    GROUP BY m.year, m.county_code
                    """,
                value: "CAST(COALESCE(SUM(c.members), 0) AS DOUBLE)"),
            "households_received": quality("households_received"),
            "households_rejected": quality("households_rejected"),
        ]
    }

    /// Data quality (indicators.md): the counts of the submissions in force, for a province its
    /// own, for the nation every province's of the year; null below province level.
    static func quality(_ column: String) -> String {
        """
        -- \(column): from the submissions in force (province and nation level).
        CREATE OR REPLACE TEMPORARY VIEW \(view(column)) AS
        SELECT a.year, a.level, a.area_code,
          CASE WHEN a.level IN ('nation', 'province') THEN CAST(COALESCE(SUM(q.\(column)), 0) AS DOUBLE) END AS value
        FROM jz_areas AS a
        LEFT JOIN submissions_in_force AS q
          ON q.year = a.year AND (a.level = 'nation' OR (a.level = 'province' AND q.province = a.area_code))
        GROUP BY a.year, a.level, a.area_code;


        """
    }
}
