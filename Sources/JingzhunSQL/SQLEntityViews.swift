import JingzhunCore

/// The views behind catalogue.md §Entities and fields: one row per record of an entity, with
/// every stored and derived field and every parameter as a column (indicators.md §Base sets).
///
/// Money read from the store (DOUBLE yuan, the double nearest the submitted decimal) becomes
/// exact fen again: `CAST(ROUND(x * 100) AS BIGINT)` in a column named `<field>_fen`.
enum SQLEntityViews {
    static let moneyFields = [
        "income_wage", "income_operating", "income_property", "income_transfer", "operating_cost",
    ]

    static func fenColumn(_ field: String) -> String { field + "_fen" }

    /// The household columns a member row carries as `household_<column>`.
    static let householdColumns =
        [
            "household_id", "village_code", "county_code", "prefecture_code", "registered_year", "category", "cause",
            "status", "exit_year", "housing_grade", "safe_water", "food_clothing_secured",
        ] + moneyFields.map(fenColumn) + [
            "measures", "size", "school_age_members", "out_of_school_members", "members_medical_insured", "net_income",
            "housing_safe", "guarantees_met", "poor", "exited",
        ]

    /// `exit_threshold_pct` of the province of `countyCode` (indicators.md §County exit).
    static func threshold(ofCounty countyCode: String) -> String {
        let western = AreaCode.westernProvinces.sorted().map { SQLText.string(String($0)) }.joined(separator: ", ")
        return "(CASE WHEN SUBSTR(\(countyCode), 1, 2) IN (\(western)) THEN 3 ELSE 2 END)"
    }

    static let parameters =
        "r.poverty_line, r.national_rural_income, r.prev_national_rural_income"

    static func statements() -> String {
        let fen = moneyFields.map { "CAST(ROUND(h.\($0) * 100) AS BIGINT) AS \(fenColumn($0))" }.joined(
            separator: ",\n  ")
        let net =
            "(" + moneyFields.dropLast().map { "CAST(ROUND(h.\($0) * 100) AS BIGINT)" }.joined(separator: " + ")
            + " - CAST(ROUND(h.operating_cost * 100) AS BIGINT))"
        let householdOfMember = householdColumns.map { "h.\($0) AS household_\($0)" }.joined(separator: ", ")
        return """
            -- Members with their age in the year (indicators.md: age = y − birth year; school age 6 to 15).
            CREATE OR REPLACE TEMPORARY VIEW jz_members_aged AS
            SELECT m.*, m.year - CAST(EXTRACT(YEAR FROM m.birth_date) AS INTEGER) AS age
            FROM members AS m;

            -- Every household in force (removed ones too: their county is still an area), with size(h)
            -- (its accepted member records), money in exact fen and net(h).
            CREATE OR REPLACE TEMPORARY VIEW jz_households_all AS
            SELECT h.year, h.province, h.household_id, h.village_code, h.county_code, h.prefecture_code,
              h.registered_year, h.category, h.cause, h.status, h.exit_year, h.housing_grade, h.safe_water,
              h.food_clothing_secured, h.measures,
              \(fen),
              \(net) AS net_income,
              COALESCE(m.size, 0) AS size,
              COALESCE(m.school_age_members, 0) AS school_age_members,
              COALESCE(m.out_of_school_members, 0) AS out_of_school_members,
              COALESCE(m.members_medical_insured, 0) AS members_medical_insured
            FROM households AS h
            LEFT JOIN (
              SELECT year, province, household_id, COUNT(*) AS size,
                SUM(CASE WHEN age BETWEEN 6 AND 15 THEN 1 ELSE 0 END) AS school_age_members,
                SUM(CASE WHEN age BETWEEN 6 AND 15 AND schooling IN ('dropout', 'not_in_school') THEN 1 ELSE 0 END) \
            AS out_of_school_members,
                SUM(CASE WHEN medical_insured THEN 1 ELSE 0 END) AS members_medical_insured
              FROM jz_members_aged
              GROUP BY year, province, household_id
            ) AS m ON m.year = h.year AND m.province = h.province AND m.household_id = h.household_id;

            -- household: H, the households with status other than removed, with the derived fields and the parameters.
            CREATE OR REPLACE TEMPORARY VIEW jz_household AS
            SELECT h.*,
              h.housing_grade IN ('A', 'B') AS housing_safe,
              (h.food_clothing_secured AND h.safe_water AND h.housing_grade IN ('A', 'B')
                AND h.members_medical_insured = h.size AND h.out_of_school_members = 0) AS guarantees_met,
              h.status IN ('poor', 'returned') AS poor,
              (h.status = 'exited' AND COALESCE(h.exit_year = h.year, FALSE)) AS exited,
              \(parameters),
              \(threshold(ofCounty: "h.county_code")) AS exit_threshold_pct
            FROM jz_households_all AS h
            LEFT JOIN jz_reference AS r ON r.year = h.year
            WHERE h.status <> 'removed';

            -- member: the members of H, with age, school_age, out_of_school and household.F as household_F.
            CREATE OR REPLACE TEMPORARY VIEW jz_member AS
            SELECT m.year, m.province, m.household_id, m.member_key, m.relation, m.sex, m.birth_date, m.education,
              m.schooling, m.health, m.labor, m.medical_insured, m.serious_illness_insured, m.pension_insured, m.age,
              m.age BETWEEN 6 AND 15 AS school_age,
              (m.age BETWEEN 6 AND 15 AND m.schooling IN ('dropout', 'not_in_school')) AS out_of_school,
              \(householdOfMember),
              h.county_code AS county_code,
              h.poverty_line, h.national_rural_income, h.prev_national_rural_income, h.exit_threshold_pct
            FROM jz_members_aged AS m
            JOIN jz_household AS h ON h.year = m.year AND h.province = m.province AND h.household_id = m.household_id;

            -- county: the county statistics, rural_income in exact fen.
            CREATE OR REPLACE TEMPORARY VIEW jz_county AS
            SELECT c.year, c.province, c.county_code, c.rural_population,
              CAST(ROUND(c.rural_income * 100) AS BIGINT) AS \(fenColumn("rural_income")),
              \(parameters),
              \(threshold(ofCounty: "c.county_code")) AS exit_threshold_pct
            FROM counties AS c
            LEFT JOIN jz_reference AS r ON r.year = c.year;

            -- village: the villages.
            CREATE OR REPLACE TEMPORARY VIEW jz_village AS
            SELECT v.year, v.province, v.village_code, v.county_code, v.poor_village, v.population, v.road, v.water,
              v.electricity, v.broadband, v.clinic,
              \(parameters),
              \(threshold(ofCounty: "v.county_code")) AS exit_threshold_pct
            FROM villages AS v
            LEFT JOIN jz_reference AS r ON r.year = v.year;

            \(countiesOfYear)-- The areas of each year (indicators.md): every county with county statistics or \
            households
            -- (any status), and the prefecture (first 4 digits), province (first 2) and nation above it.
            CREATE OR REPLACE TEMPORARY VIEW jz_area_counties AS
            SELECT year, 'county' AS level, 4 AS level_rank, county_code AS area_code, county_code FROM \
            jz_counties_of_year
            UNION ALL SELECT year, 'prefecture', 3, SUBSTR(county_code, 1, 4), county_code FROM jz_counties_of_year
            UNION ALL SELECT year, 'province', 2, SUBSTR(county_code, 1, 2), county_code FROM jz_counties_of_year
            UNION ALL SELECT year, 'nation', 1, 'CN', county_code FROM jz_counties_of_year;

            CREATE OR REPLACE TEMPORARY VIEW jz_areas AS
            SELECT DISTINCT year, level, level_rank, area_code FROM jz_area_counties;


            """
    }

    /// Must come before `jz_area_counties`.
    static let countiesOfYear = """
        CREATE OR REPLACE TEMPORARY VIEW jz_counties_of_year AS
        SELECT year, county_code FROM counties
        UNION
        SELECT year, county_code FROM households;


        """
}
