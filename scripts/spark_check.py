#!/usr/bin/env python3
"""Reads every table of a Jingzhun store with Apache Spark and checks it against DuckDB.

Usage: scripts/spark_check.py STORE_DIR      (e.g. output/store)
Needs: Java 17+ (Debian: openjdk-17-jre-headless) and `pip install pyspark duckdb`.
Not run by CI (Spark and Java are ≈ 600 MB); an evaluator's check that Spark's own Parquet
reader (parquet-java) opens the store without this program. Spark reads Delta tables only
with the delta-spark jars (from Maven), so this reads the Parquet files the Delta log holds in
force at its latest version, with Hive partition discovery, as `read_parquet` does in DuckDB.
Exit 0 when every table has the same rows (all columns, compared as text) in both engines.
"""
import glob
import json
import os
import sys

import duckdb
from pyspark.sql import SparkSession

TABLES = ["counties", "villages", "households", "members", "rejections", "submissions", "indicators", "breakdowns"]


def files_in_force(table_dir):
    """Data files of the latest version: replay add/remove actions of the commits in order."""
    files = {}
    for commit in sorted(glob.glob(os.path.join(table_dir, "_delta_log", "*.json"))):
        with open(commit, encoding="utf-8") as f:
            for line in f:
                action = json.loads(line)
                if "add" in action:
                    files[action["add"]["path"]] = True
                elif "remove" in action:
                    files.pop(action["remove"]["path"], None)
    return [os.path.join(table_dir, p) for p in sorted(files)]


def main():
    store = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "output/store")
    spark = (SparkSession.builder.master("local[2]").appName("jingzhun-spark-check")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    con = duckdb.connect()
    failures = 0
    for table in TABLES:
        table_dir = os.path.join(store, table)
        paths = files_in_force(table_dir)
        if not paths:
            print(f"{table:12s} no data files")
            continue
        df = spark.read.option("basePath", table_dir).parquet(*paths)
        cols = sorted(df.columns)
        spark_rows = sorted(repr(tuple(str(r[c]) for c in cols)) for r in df.select(*cols).collect())
        quoted = ", ".join('"' + c + '"' for c in cols)
        duck_rows = sorted(repr(tuple(str(v) for v in row)) for row in con.execute(
            f"select {quoted} from read_parquet({paths!r}, hive_partitioning=true)").fetchall())
        same = spark_rows == duck_rows
        failures += not same
        print(f"{table:12s} {len(paths):4d} files {len(spark_rows):9d} rows (Spark) {len(duck_rows):9d} rows (DuckDB) "
              f"{'every row equal' if same else 'DIFFERENT'}")
        print(f"{'':12s} {df.schema.simpleString()}")
    spark.stop()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
