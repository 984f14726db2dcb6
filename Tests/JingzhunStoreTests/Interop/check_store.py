"""Reads a store written by JingzhunStore with outside tools and checks what the Swift test expects.

Usage: check_store.py STORE_DIR EXPECTATIONS_JSON
Exit 0 when every check holds; prints each check; exit 1 with the failed check otherwise.
Used by InteropTests.swift (house-style §3.5: interop checks with other engines).
"""
import json
import os
import sys

import duckdb
import pyarrow.parquet as pq
from deltalake import DeltaTable

store, expectations = sys.argv[1], json.loads(sys.argv[2])
failures = []


def check(label, actual, expected):
    ok = actual == expected
    print(("ok   " if ok else "FAIL ") + f"{label}: {actual!r}" + ("" if ok else f" (expected {expected!r})"))
    if not ok:
        failures.append(label)


# deltalake: versions, history, row counts now and as of earlier versions.
for table, want in expectations["delta"].items():
    dt = DeltaTable(f"{store}/{table}")
    check(f"{table}.version()", dt.version(), want["version"])
    check(f"len({table}.history())", len(dt.history()), want["version"] + 1)
    check(f"{table} rows", dt.to_pyarrow_table().num_rows, want["rows"])
    check(f"{table} partition columns", dt.metadata().partition_columns, want["partitions"])
    for version, rows in want.get("rowsAt", {}).items():
        old = DeltaTable(f"{store}/{table}", version=int(version))
        check(f"{table}@{version} rows", old.to_pyarrow_table().num_rows, rows)

# Values through deltalake: money as yuan, nulls, partition values, dates.
households = DeltaTable(f"{store}/households").to_pyarrow_table().to_pylist()
by_id = {row["household_id"]: row for row in households}
gz1 = by_id["GZ-0001"]
check("GZ-0001 income_wage", gz1["income_wage"], expectations["gz1_income_wage"])
check("GZ-0001 income_operating", gz1["income_operating"], -150.5)
check("GZ-0001 exit_year", gz1["exit_year"], None)
check("GZ-0001 partition", (gz1["year"], gz1["province"]), (2019, "52"))
check("GZ-0001 measures", gz1["measures"], "education;health")
check("GZ-0002 exit_year", by_id["GZ-0002"]["exit_year"], 2019)
members = DeltaTable(f"{store}/members").to_pyarrow_table().to_pylist()
first = [m for m in members if m["household_id"] == "GZ-0001" and m["relation"] == "head"][0]
check("head of GZ-0001 birth_date", str(first["birth_date"]), "1949-12-31")
check("member_key length", len(first["member_key"]), 64)
indicators = DeltaTable(f"{store}/indicators").to_pyarrow_table()
check("indicator nulls", indicators.column("value").null_count, 1)

# DuckDB over the Parquet files with Hive partitioning (sees every file ever written, including
# the superseded revisions kept for time travel: docs/store.md says how to pick the one in force).
con = duckdb.connect()
for table, want in expectations["duckdb"].items():
    n = con.execute(
        f"select count(*) from read_parquet('{store}/{table}/**/*.parquet', hive_partitioning=true)").fetchone()[0]
    check(f"duckdb {table} rows (all files)", n, want)
in_force = con.execute(f"""
    with s as (select * from read_parquet('{store}/submissions/**/*.parquet', hive_partitioning=true)),
         f as (select year, province, max(revision) as revision from s where outcome = 'applied' group by all),
         k as (select s.submission from s join f using (year, province, revision))
    select count(*) from read_parquet('{store}/households/**/*.parquet', hive_partitioning=true)
    where submission in (select submission from k)""").fetchone()[0]
check("duckdb households in force", in_force, expectations["delta"]["households"]["rows"])
types = dict(con.execute(f"""
    select column_name, column_type from (describe select * from
    read_parquet('{store}/members/**/*.parquet', hive_partitioning=true))""").fetchall())
check("duckdb birth_date type", types["birth_date"], "DATE")
check("duckdb medical_insured type", types["medical_insured"], "BOOLEAN")
check("duckdb source_line type", types["source_line"], "BIGINT")

# pyarrow: physical layout of one file (dictionary encoding, statistics, compression, no year column).
path = f"{store}/households/" + DeltaTable(f"{store}/households").file_uris()[0].split("/households/", 1)[1]
meta = pq.ParquetFile(path).metadata
names = [meta.schema.column(i).name for i in range(meta.num_columns)]
check("no partition columns in file", "year" in names or "province" in names, False)
status = meta.row_group(0).column(names.index("status"))
check("status dictionary-encoded", any("DICTIONARY" in e for e in status.encodings), True)
check("status compression", status.compression, "GZIP")
wage = meta.row_group(0).column(names.index("income_wage"))
check("income_wage statistics", wage.statistics is not None and wage.statistics.has_min_max, True)
exit_year = pq.read_table(path).schema.field("exit_year")
check("exit_year nullable", exit_year.nullable, True)

if failures:
    print(f"{len(failures)} check(s) failed: {', '.join(failures)}")
else:
    print("all interop checks passed")
sys.stdout.flush()
# os._exit skips interpreter teardown, where deltalake's native runtime can abort
# ("terminate called without an active exception") and turn a pass into a failure.
os._exit(1 if failures else 0)
