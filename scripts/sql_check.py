#!/usr/bin/env python3
"""Runs a `jingzhun sql --dialect duckdb` script in DuckDB and compares its result, row by row,
with a run's exports/indicators.csv (catalogue.md §SQL, issue 15: agreement in CI).

usage: scripts/sql_check.py SCRIPT.sql OUTPUT_DIR [--engine duckdb|spark] [--max-report N] [--bitwise ID,ID]
Needs: Python 3 with the `duckdb` package, or for `--engine spark` (a script written with
`jingzhun sql --dialect spark`) `pyspark` and Java 17+; Spark runs locally, statement by statement.
The result must hold the same rows in the same order (year, level, area_code, indicator), null
where the export is empty, and every other value within a relative 1e-9 of the export's
(an exported 0 must be 0); the values of the indicators named by `--bitwise` must be the
exported double to the last bit (the export's text is the shortest that reads back to it). Exit 0 when all agree, 1 otherwise (each difference is printed).
"""
import argparse
import csv
import math
import os
import sys

TOLERANCE = 1e-9


def run_duckdb(script):
    import duckdb

    con = duckdb.connect()
    # execute() runs every statement; the result is the last one's (the indicators).
    rows = con.execute(script).fetchall()
    return [d[0] for d in con.description], rows


def run_spark(script):
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("jingzhun-sql-check")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    result = None
    # Every statement of the script ends with ";" at the end of a line.
    for statement in script.split(";\n"):
        if any(line.strip() and not line.strip().startswith("--") for line in statement.splitlines()):
            result = spark.sql(statement)
    rows = [tuple(r) for r in result.collect()]
    return result.columns, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("script")
    ap.add_argument("output")
    ap.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    ap.add_argument("--max-report", type=int, default=20)
    ap.add_argument("--bitwise", default="", help="comma-separated indicator ids that must agree to the last bit")
    args = ap.parse_args()
    with open(args.script, encoding="utf-8") as f:
        script = f.read()
    columns, rows = run_spark(script) if args.engine == "spark" else run_duckdb(script)
    if columns != ["year", "level", "area_code", "indicator", "value"]:
        print(f"the script's last statement returns columns {columns}")
        return 1
    with open(os.path.join(args.output, "exports", "indicators.csv"), newline="", encoding="utf-8") as f:
        export = list(csv.reader(f))
    if export[0] != ["year", "level", "area_code", "indicator", "value"]:
        print(f"unexpected export header {export[0]}")
        return 1
    expected = export[1:]
    problems = []
    worst = (0.0, None)
    bitwise = set(filter(None, args.bitwise.split(",")))
    bitwise_checked = 0
    for i in range(max(len(rows), len(expected))):
        got = rows[i] if i < len(rows) else None
        want = expected[i] if i < len(expected) else None
        if got is None:
            problems.append(f"row {i + 1}: missing from SQL; export has {want}")
            continue
        if want is None:
            problems.append(f"row {i + 1}: extra SQL row {got}")
            continue
        key_got = (str(got[0]), got[1], got[2], got[3])
        key_want = tuple(want[:4])
        if key_got != key_want:
            problems.append(f"row {i + 1}: SQL {key_got}, export {key_want}")
            continue
        value, text = got[4], want[4]
        if text == "" or value is None:
            if (text == "") != (value is None):
                problems.append(f"{key_want}: SQL {value!r}, export {text!r}")
            continue
        exported = float(text)
        if not math.isfinite(value):
            problems.append(f"{key_want}: SQL {value!r}, export {text}")
            continue
        if key_want[3] in bitwise:
            bitwise_checked += 1
        if value == exported:
            continue
        if key_want[3] in bitwise:
            problems.append(f"{key_want}: SQL {value!r}, export {text}: not the same double")
            continue
        scale = max(abs(value), abs(exported))
        relative = abs(value - exported) / scale if scale else 0.0
        if relative > worst[0]:
            worst = (relative, key_want)
        if exported == 0 or relative > TOLERANCE:
            problems.append(f"{key_want}: SQL {value!r}, export {text} (relative difference {relative:.3g})")
    print(f"rows: SQL {len(rows)}, export {len(expected)}; largest relative difference {worst[0]:.3g} at {worst[1]}")
    if bitwise:
        print(f"bitwise: {bitwise_checked} non-null values of {','.join(sorted(bitwise))} compared to the last bit")
    for p in problems[: args.max_report]:
        print("  " + p)
    print(f"RESULT: {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
