#!/usr/bin/env python3
"""DuckDB peer of the Jingzhun pipeline on the CSV.gz submissions (docs/performance.md).

Does, in SQL through the duckdb Python API, the work of ingest -> normalize -> compute that SQL
can express, so that `scripts/bench` can put the two side by side on the same files:

1. read   the four CSV.gz tables of every CSV submission in the inbox, with an explicit schema
          (every column VARCHAR, so that a bad value becomes a counted reject, not an abort);
2. check  the record-level rules of shared/spec/submissions.md that SQL expresses: types (TRY_CAST
          and the contract's value syntax), enumerations, required fields, ranges, exit-year
          consistency, codes inside the province, village/county references, duplicate
          household_id and member_id, GB 11643 identity numbers (check character, birth date and
          sex), head count, orphan member rows; a household is rejected with all its members;
3. write  Parquet partitioned by year and province (Hive layout, as the Jingzhun store): counties,
          villages, households, members joined to their household (names dropped, identity numbers
          replaced by a keyed SHA-256 pseudonym), rejections;
4. compute a representative subset of the indicator catalogue (shared/spec/indicators.md) by
          county, prefecture, province and nation in one GROUPING SETS query.

Prints one JSON object on stdout: seconds per step, total, input bytes and record counts.
What this does not do compared with Jingzhun (no Delta log, no manifest, no reports, ...) is
listed in docs/performance.md.
"""

import argparse
import glob
import json
import os
import re
import sys
import time

import duckdb

# Contract enumerations (shared/spec/submissions.md). Kept here as literals on purpose: the peer
# must not share code with the program it is compared with.
CATEGORIES = ["general", "low_income_guarantee", "extreme_poverty_support"]
CAUSES = ["illness", "disability", "education", "disaster", "lack_of_land", "lack_of_water",
          "lack_of_skills", "lack_of_labor", "lack_of_capital", "poor_transport",
          "lack_of_motivation", "other"]
STATUSES = ["poor", "exited", "returned", "removed"]
GRADES = ["A", "B", "C", "D"]
MEASURES = ["industry", "employment", "relocation", "ecological", "education", "health",
            "social_security", "asset_income", "microcredit", "housing_renovation"]
RELATIONS = ["head", "spouse", "child", "parent", "grandchild", "grandparent", "sibling", "other"]
EDUCATIONS = ["preschool", "illiterate", "primary", "junior_secondary", "senior_secondary", "tertiary"]
SCHOOLINGS = ["in_school", "home_schooled", "exempt", "dropout", "not_in_school"]
HEALTHS = ["healthy", "chronic_illness", "serious_illness", "disabled"]
LABORS = ["skilled", "ordinary", "weak", "lost", "none"]

COUNTY_COLUMNS = ["county_code", "rural_population", "rural_income"]
VILLAGE_COLUMNS = ["village_code", "county_code", "name", "poor_village", "population", "road",
                   "water", "electricity", "broadband", "clinic"]
HOUSEHOLD_COLUMNS = ["household_id", "village_code", "registered_year", "category", "cause",
                     "status", "exit_year", "housing_grade", "safe_water", "food_clothing_secured",
                     "income_wage", "income_operating", "income_property", "income_transfer",
                     "operating_cost", "measures"]
MEMBER_COLUMNS = ["member_id", "household_id", "name", "relation", "sex", "birth_date",
                  "education", "schooling", "health", "labor", "medical_insured",
                  "serious_illness_insured", "pension_insured"]

SUBMISSION = re.compile(r"^(\d{2})-(\d{4})-r(\d+)\.counties\.csv\.gz$")
# GB 11643-1999 weights of the first 17 digits; sum mod 11 indexes this check-character string.
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARACTERS = "10X98765432"

INTEGER = r"'^[0-9]+$'"
DECIMAL = r"'^-?[0-9]+(\.[0-9]{1,2})?$'"


def sql_list(values):
    return "[" + ", ".join("'" + v + "'" for v in values) + "]"


def sql_in(values):
    return "(" + ", ".join("'" + v + "'" for v in values) + ")"


def is_integer(column):
    return f"coalesce(regexp_matches({column}, {INTEGER}), false)"


def is_decimal(column):
    # The contract's decimal: optional '-', digits, optional '.' and 1-2 digits, |v| < 10,000,000.
    return (f"coalesce(regexp_matches({column}, {DECIMAL}) "
            f"AND abs(TRY_CAST({column} AS DECIMAL(18,2))) < 10000000, false)")


def is_boolean(column):
    return f"coalesce({column} IN ('0', '1'), false)"


def is_in(column, values):
    return f"coalesce({column} IN {sql_in(values)}, false)"


def identity_valid(column):
    """GB 11643: 17 digits + check character, real birth date; sum of weighted digits mod 11."""
    weighted = " + ".join(f"{w} * CAST(substr({column}, {i + 1}, 1) AS INTEGER)" for i, w in enumerate(WEIGHTS))
    return (f"coalesce(regexp_matches({column}, '^[0-9]{{17}}[0-9Xx]$') "
            f"AND TRY_STRPTIME(substr({column}, 7, 8), '%Y%m%d') IS NOT NULL "
            f"AND substr('{CHECK_CHARACTERS}', (({weighted}) % 11) + 1, 1) = upper(substr({column}, 18, 1)), false)")


def step(timings, name, con, statements):
    start = time.perf_counter()
    for statement in statements:
        con.execute(statement)
    timings[name] = round(time.perf_counter() - start, 4)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inbox", required=True, help="folder with the CSV.gz submissions")
    parser.add_argument("--out", required=True, help="folder for the Parquet tables and the indicators")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--compression", default="snappy", help="Parquet compression (DuckDB's default: snappy)")
    parser.add_argument("--key", default="bench-sample-key", help="pseudonym key (a benchmark key, not a secret)")
    parser.add_argument("--truth", help="folder of synth truth files (*.truth.jsonl): check that the peer "
                                        "rejects exactly the households the defects spoil; exit 1 if not")
    args = parser.parse_args()

    submissions = sorted(m.group(0)[: -len(".counties.csv.gz")]
                         for m in (SUBMISSION.match(n) for n in os.listdir(args.inbox)) if m)
    if not submissions:
        print(f"bench_duckdb: no CSV.gz submissions in {args.inbox}", file=sys.stderr)
        sys.exit(2)

    def files(part):
        return [os.path.join(args.inbox, f"{s}.{part}.csv.gz") for s in submissions]

    input_bytes = sum(os.path.getsize(f) for part in ("counties", "villages", "households", "members")
                      for f in files(part))
    os.makedirs(args.out, exist_ok=True)

    total_start = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"PRAGMA threads={args.threads}")
    # Row order matters for "the second and later" duplicates (file order, as the contract says).
    con.execute("SET preserve_insertion_order = true")
    timings = {}

    def read(table, part, columns):
        schema = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"
        file_list = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files(part)) + "]"
        # Submission key from the file name: province and year, as Jingzhun takes them. With
        # preserve_insertion_order the table's rowid is the file order ("later" in the contract).
        return (f"CREATE TABLE {table} AS SELECT "
                f"substr(parse_filename(filename), 1, 2) AS province, "
                f"CAST(substr(parse_filename(filename), 4, 4) AS INTEGER) AS year, "
                f"* EXCLUDE (filename) "
                f"FROM read_csv({file_list}, columns={schema}, header=true, auto_detect=false, delim=',', "
                f"quote='\"', escape='\"', filename=true)")

    step(timings, "read", con, [
        read("raw_counties", "counties", COUNTY_COLUMNS),
        read("raw_villages", "villages", VILLAGE_COLUMNS),
        read("raw_households", "households", HOUSEHOLD_COLUMNS),
        read("raw_members", "members", MEMBER_COLUMNS),
    ])

    measures = "string_split(h.measures, ';')"
    step(timings, "check", con, [
        # County statistics: valid, inside the province, first of their code.
        f"""CREATE TABLE counties AS
            SELECT province, year, county_code,
                   TRY_CAST(rural_population AS BIGINT) AS rural_population,
                   TRY_CAST(rural_income AS DECIMAL(18,2)) AS rural_income,
                   coalesce(coalesce(regexp_matches(county_code, '^[0-9]{{6}}$'), false)
                     AND coalesce(left(county_code, 2) = province, false)
                     AND {is_integer('rural_population')} AND coalesce(TRY_CAST(rural_population AS BIGINT) > 0, false)
                     AND {is_decimal('rural_income')} AND coalesce(TRY_CAST(rural_income AS DOUBLE) > 0, false)
                     AND row_number() OVER (PARTITION BY province, year, county_code ORDER BY rowid) = 1, false) AS ok
            FROM raw_counties""",
        # Villages: valid, code prefix = county, county statistics accepted, first of their code.
        f"""CREATE TABLE villages AS
            SELECT v.province, v.year, v.village_code, v.county_code, v.name,
                   v.poor_village = '1' AS poor_village, TRY_CAST(v.population AS BIGINT) AS population,
                   v.road = '1' AS road, v.water = '1' AS water, v.electricity = '1' AS electricity,
                   v.broadband = '1' AS broadband, v.clinic = '1' AS clinic,
                   coalesce(coalesce(regexp_matches(v.village_code, '^[0-9]{{12}}$'), false)
                     AND coalesce(left(v.village_code, 6) = v.county_code, false)
                     AND coalesce(length(v.name) <= 64, false)
                     AND {is_boolean('v.poor_village')} AND {is_integer('v.population')}
                     AND {is_boolean('v.road')} AND {is_boolean('v.water')} AND {is_boolean('v.electricity')}
                     AND {is_boolean('v.broadband')} AND {is_boolean('v.clinic')}
                     AND c.ok IS NOT NULL
                     AND row_number() OVER (PARTITION BY v.province, v.year, v.village_code ORDER BY v.rowid) = 1, false) AS ok
            FROM raw_villages v
            LEFT JOIN (SELECT province, year, county_code, true AS ok FROM counties WHERE ok) c
              ON c.province = v.province AND c.year = v.year AND c.county_code = v.county_code""",
        # Members: each row's own rules; duplicate identity numbers (after x -> X) in file order.
        f"""CREATE TABLE members_checked AS
            SELECT m.*, m.rowid AS line,
                   upper(m.member_id) AS identity,
                   coalesce({identity_valid('m.member_id')}
                     AND coalesce(length(m.name) <= 64, false)
                     AND {is_in('m.relation', RELATIONS)} AND {is_in('m.sex', ['M', 'F'])}
                     AND coalesce(regexp_matches(m.birth_date, '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$'), false)
                     AND TRY_CAST(m.birth_date AS DATE) IS NOT NULL
                     AND coalesce(TRY_CAST(m.birth_date AS DATE) <= make_date(m.year, 12, 31), false)
                     AND coalesce(substr(m.member_id, 7, 8) = replace(m.birth_date, '-', ''), false)
                     AND coalesce((TRY_CAST(substr(m.member_id, 17, 1) AS INTEGER) % 2 = 1) = (m.sex = 'M'), false)
                     AND {is_in('m.education', EDUCATIONS)} AND {is_in('m.schooling', SCHOOLINGS)}
                     AND {is_in('m.health', HEALTHS)} AND {is_in('m.labor', LABORS)}
                     AND {is_boolean('m.medical_insured')} AND {is_boolean('m.serious_illness_insured')}
                     AND {is_boolean('m.pension_insured')}, false) AS row_ok,
                   row_number() OVER (PARTITION BY m.province, m.year, upper(m.member_id) ORDER BY m.rowid) > 1
                     AS duplicate_identity
            FROM raw_members m""",
        # Household-level facts from the members: any bad member, head count, size.
        """CREATE TABLE member_summary AS
            SELECT province, year, household_id, count(*) AS size,
                   bool_and(row_ok AND NOT duplicate_identity) AS members_ok,
                   count(*) FILTER (WHERE relation = 'head') AS heads
            FROM members_checked GROUP BY ALL""",
        # Households: own rules, village accepted, first of their number, members all fine.
        f"""CREATE TABLE households_checked AS
            SELECT h.*, h.rowid AS line,
                   coalesce(coalesce(regexp_matches(h.household_id, '^[A-Za-z0-9-]{{1,32}}$'), false)
                     AND coalesce(regexp_matches(h.village_code, '^[0-9]{{12}}$'), false)
                     AND coalesce(left(h.village_code, 2) = h.province, false)
                     AND v.ok IS NOT NULL
                     AND {is_integer('h.registered_year')}
                     AND coalesce(TRY_CAST(h.registered_year AS INTEGER) BETWEEN 2014 AND h.year, false)
                     AND {is_in('h.category', CATEGORIES)} AND {is_in('h.cause', CAUSES)}
                     AND {is_in('h.status', STATUSES)}
                     AND CASE WHEN h.status IN ('exited', 'returned')
                              THEN {is_integer('h.exit_year')} AND coalesce(TRY_CAST(h.exit_year AS INTEGER)
                                   BETWEEN TRY_CAST(h.registered_year AS INTEGER) AND h.year, false)
                              ELSE h.exit_year IS NULL END
                     AND {is_in('h.housing_grade', GRADES)}
                     AND {is_boolean('h.safe_water')} AND {is_boolean('h.food_clothing_secured')}
                     AND {is_decimal('h.income_wage')} AND {is_decimal('h.income_operating')}
                     AND {is_decimal('h.income_property')} AND {is_decimal('h.income_transfer')}
                     AND {is_decimal('h.operating_cost')}
                     AND coalesce(TRY_CAST(h.income_wage AS DECIMAL(18,2)) >= 0
                                  AND TRY_CAST(h.income_property AS DECIMAL(18,2)) >= 0
                                  AND TRY_CAST(h.income_transfer AS DECIMAL(18,2)) >= 0
                                  AND TRY_CAST(h.operating_cost AS DECIMAL(18,2)) >= 0, false)
                     AND (h.measures IS NULL OR (list_has_all({sql_list(MEASURES)}, {measures})
                          AND len(list_distinct({measures})) = len({measures})))
                     AND row_number() OVER (PARTITION BY h.province, h.year, h.household_id ORDER BY h.rowid) = 1
                     AND coalesce(s.members_ok, false) AND coalesce(s.heads = 1, false), false) AS ok,
                   v.county_code, s.size
            FROM raw_households h
            LEFT JOIN (SELECT province, year, village_code, county_code, true AS ok FROM villages WHERE ok) v
              ON v.province = h.province AND v.year = h.year AND v.village_code = h.village_code
            LEFT JOIN member_summary s
              ON s.province = h.province AND s.year = h.year AND s.household_id = h.household_id""",
        # Orphans: member rows whose household is not in the households file.
        """CREATE TABLE orphans AS
            SELECT m.province, m.year, m.line FROM members_checked m
            ANTI JOIN raw_households h
              ON h.province = m.province AND h.year = m.year AND h.household_id = m.household_id""",
    ])

    key = args.key.replace("'", "''")
    out = args.out.replace("'", "''")
    options = f"FORMAT parquet, COMPRESSION '{args.compression}', PARTITION_BY (year, province), OVERWRITE_OR_IGNORE"
    step(timings, "write_parquet", con, [
        f"COPY (SELECT * EXCLUDE (ok) FROM counties WHERE ok) TO '{out}/counties' ({options})",
        f"COPY (SELECT * EXCLUDE (ok, name) FROM villages WHERE ok) TO '{out}/villages' ({options})",
        f"""COPY (SELECT province, year, household_id, village_code, county_code,
                         CAST(registered_year AS INTEGER) AS registered_year, category, cause, status,
                         CAST(exit_year AS INTEGER) AS exit_year, housing_grade,
                         safe_water = '1' AS safe_water, food_clothing_secured = '1' AS food_clothing_secured,
                         CAST(income_wage AS DECIMAL(18,2)) AS income_wage,
                         CAST(income_operating AS DECIMAL(18,2)) AS income_operating,
                         CAST(income_property AS DECIMAL(18,2)) AS income_property,
                         CAST(income_transfer AS DECIMAL(18,2)) AS income_transfer,
                         CAST(operating_cost AS DECIMAL(18,2)) AS operating_cost,
                         coalesce(string_split(measures, ';'), []) AS measures
                  FROM households_checked WHERE ok)
            TO '{out}/households' ({options})""",
        # Members joined to their (accepted, first) household; names dropped, identities pseudonymised.
        f"""CREATE TABLE members_accepted AS
            SELECT m.province, m.year, m.household_id, h.village_code, h.county_code, h.status,
                   sha256('{key}' || m.identity) AS person, m.relation, m.sex,
                   CAST(m.birth_date AS DATE) AS birth_date, m.education, m.schooling, m.health, m.labor,
                   m.medical_insured = '1' AS medical_insured,
                   m.serious_illness_insured = '1' AS serious_illness_insured,
                   m.pension_insured = '1' AS pension_insured
            FROM members_checked m
            JOIN (SELECT * FROM households_checked WHERE ok) h
              ON h.province = m.province AND h.year = m.year AND h.household_id = m.household_id""",
        f"COPY members_accepted TO '{out}/members' ({options})",
        f"""COPY (SELECT province, year, line, household_id, 'household' AS scope FROM households_checked WHERE NOT ok
                  UNION ALL SELECT province, year, line, NULL, 'orphan member' FROM orphans)
            TO '{out}/rejections' ({options})""",
    ])

    # Indicators (indicators.md): H = accepted households with status <> removed; P: poor/returned.
    step(timings, "indicators", con, [
        """CREATE TABLE household_facts AS
            SELECT h.year, h.county_code, h.status, h.size,
                   CAST(h.income_wage AS DECIMAL(18,2)) + CAST(h.income_operating AS DECIMAL(18,2))
                     + CAST(h.income_property AS DECIMAL(18,2)) + CAST(h.income_transfer AS DECIMAL(18,2))
                     - CAST(h.operating_cost AS DECIMAL(18,2)) AS net,
                   h.housing_grade IN ('A', 'B') AS housing_safe, h.safe_water = '1' AS safe_water,
                   h.food_clothing_secured = '1' AS food_clothing,
                   m.medical, m.school_age, m.out_of_school
            FROM households_checked h
            JOIN (SELECT province, year, household_id,
                         count(*) FILTER (WHERE medical_insured) AS medical,
                         count(*) FILTER (WHERE year - year(birth_date) BETWEEN 6 AND 15) AS school_age,
                         count(*) FILTER (WHERE year - year(birth_date) BETWEEN 6 AND 15
                                          AND schooling IN ('dropout', 'not_in_school')) AS out_of_school
                  FROM members_accepted GROUP BY ALL) m
              ON m.province = h.province AND m.year = h.year AND m.household_id = h.household_id
            WHERE h.ok AND h.status <> 'removed'""",
        """CREATE TABLE indicators AS
            WITH levels AS (
                SELECT year, CASE WHEN GROUPING(county_code) = 0 THEN 'county'
                                  WHEN GROUPING(left(county_code, 4)) = 0 THEN 'prefecture'
                                  WHEN GROUPING(left(county_code, 2)) = 0 THEN 'province' ELSE 'nation' END AS level,
                       coalesce(county_code, left(county_code, 4), left(county_code, 2), 'CN') AS area_code,
                       count(*) AS registered_households, sum(size) AS registered_population,
                       count(*) FILTER (WHERE status IN ('poor', 'returned')) AS poor_households,
                       coalesce(sum(size) FILTER (WHERE status IN ('poor', 'returned')), 0) AS poor_population,
                       sum(medical) AS medical_insured, sum(school_age) AS school_age_children,
                       sum(out_of_school) AS out_of_school_children,
                       count(*) FILTER (WHERE housing_safe) AS housing_safe,
                       count(*) FILTER (WHERE safe_water) AS safe_water,
                       count(*) FILTER (WHERE food_clothing) AS food_clothing,
                       count(*) FILTER (WHERE food_clothing AND safe_water AND housing_safe
                                        AND medical = size AND out_of_school = 0) AS guarantees_met,
                       sum(net) AS net_income
                FROM household_facts
                GROUP BY GROUPING SETS ((year), (year, left(county_code, 2)),
                                        (year, left(county_code, 2), left(county_code, 4)),
                                        (year, left(county_code, 2), left(county_code, 4), county_code))),
            rural AS (
                SELECT year, CASE WHEN GROUPING(county_code) = 0 THEN 'county'
                                  WHEN GROUPING(left(county_code, 4)) = 0 THEN 'prefecture'
                                  WHEN GROUPING(left(county_code, 2)) = 0 THEN 'province' ELSE 'nation' END AS level,
                       coalesce(county_code, left(county_code, 4), left(county_code, 2), 'CN') AS area_code,
                       sum(rural_population) AS rural_population
                FROM counties WHERE ok
                GROUP BY GROUPING SETS ((year), (year, left(county_code, 2)),
                                        (year, left(county_code, 2), left(county_code, 4)),
                                        (year, left(county_code, 2), left(county_code, 4), county_code)))
            SELECT year, level, area_code, registered_households, registered_population,
                   poor_households, poor_population, rural_population,
                   100.0 * poor_population / nullif(rural_population, 0) AS poverty_incidence_pct,
                   100.0 * (school_age_children - out_of_school_children) / nullif(school_age_children, 0)
                     AS education_guarantee_pct,
                   100.0 * medical_insured / nullif(registered_population, 0) AS medical_insured_pct,
                   100.0 * housing_safe / nullif(registered_households, 0) AS housing_safe_pct,
                   100.0 * safe_water / nullif(registered_households, 0) AS safe_water_pct,
                   100.0 * food_clothing / nullif(registered_households, 0) AS food_clothing_pct,
                   100.0 * guarantees_met / nullif(registered_households, 0) AS guarantees_met_pct,
                   CAST(net_income AS DOUBLE) / nullif(registered_population, 0) AS mean_per_capita_net_income
            FROM levels FULL JOIN rural USING (year, level, area_code)
            ORDER BY year, CASE level WHEN 'nation' THEN 0 WHEN 'province' THEN 1
                                      WHEN 'prefecture' THEN 2 ELSE 3 END, area_code""",
        f"COPY indicators TO '{out}/indicators.csv' (HEADER, DELIMITER ',')",
    ])
    timings_total = round(time.perf_counter() - total_start, 4)

    def scalar(sql):
        return con.execute(sql).fetchone()[0]

    counts = {
        "submissions": len(submissions),
        "counties": scalar("SELECT count(*) FROM raw_counties"),
        "villages": scalar("SELECT count(*) FROM raw_villages"),
        "households": scalar("SELECT count(*) FROM raw_households"),
        "members": scalar("SELECT count(*) FROM raw_members"),
        "households_rejected": scalar("SELECT count(*) FROM households_checked WHERE NOT ok"),
        "orphan_members": scalar("SELECT count(*) FROM orphans"),
        "members_accepted": scalar("SELECT count(*) FROM members_accepted"),
        "indicator_rows": scalar("SELECT count(*) FROM indicators"),
    }
    nation = con.execute("""SELECT registered_population, poor_population, poverty_incidence_pct,
                                   guarantees_met_pct, mean_per_capita_net_income
                            FROM indicators WHERE level = 'nation' ORDER BY year""").fetchall()
    truth = check_truth(con, args.truth) if args.truth else None
    print(json.dumps({
        "engine": "duckdb", "version": duckdb.__version__, "threads": args.threads,
        "steps": timings, "total": timings_total, "input_bytes": input_bytes, "counts": counts,
        "nation": [dict(zip(["registered_population", "poor_population", "poverty_incidence_pct",
                             "guarantees_met_pct", "mean_per_capita_net_income"], row)) for row in nation],
        **({"truth": truth} if truth else {}),
    }, default=float))
    if truth and (truth["missed"] or truth["extra"] or truth["orphans_expected"] != counts["orphan_members"]):
        sys.exit(1)


def check_truth(con, folder):
    """Compares the rejected households with the defects synth injected (after the timed part)."""
    expected, orphans = {}, 0
    for path in sorted(glob.glob(os.path.join(folder, "*.truth.jsonl"))):
        for line in open(path, encoding="utf-8"):
            defect = json.loads(line)
            if defect["defect"] == "orphan-member":
                orphans += 1
                continue
            key = (defect["submission"][:2], defect["household_id"])
            expected[key] = expected.get(key, 0) + 1
    rejected = {}
    for province, household_id in con.execute(
            "SELECT province, household_id FROM households_checked WHERE NOT ok").fetchall():
        rejected[(province, household_id)] = rejected.get((province, household_id), 0) + 1
    missed = sorted(k for k, n in expected.items() if rejected.get(k, 0) < n)
    extra = sorted(k for k, n in rejected.items() if expected.get(k, 0) < n)
    return {"expected_rejected": sum(expected.values()), "orphans_expected": orphans,
            "missed": [list(k) for k in missed[:20]], "extra": [list(k) for k in extra[:20]]}


if __name__ == "__main__":
    main()
