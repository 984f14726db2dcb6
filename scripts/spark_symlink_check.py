#!/usr/bin/env python3
"""Reads every table of a Jingzhun store with Apache Spark through the symlink manifests alone.

Usage: scripts/spark_symlink_check.py STORE_DIR      (e.g. output/store)
Needs: Java 17+ and `pip install pyspark deltalake` (no delta-spark jars, no Jingzhun).
Spark reads `_symlink_format_manifest/**/manifest` as text, takes the Parquet files listed there
(the files in force), reads them with Hive partition discovery, and the row count of every table
must equal the count of the records in force that the Delta log gives (`deltalake`). The glob of
every Parquet file is counted too, to show what a reader that ignores the manifests would see.
Exit 0 when every table agrees. Not in CI (Java and Spark weigh ≈ 600 MB); docs/scale-out.md
records the last run.
"""
import glob
import os
import sys

from deltalake import DeltaTable
from pyspark.sql import SparkSession

TABLES = ["counties", "villages", "households", "members", "rejections", "submissions", "indicators", "breakdowns"]


def main():
    store = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "output/store")
    spark = (SparkSession.builder.master("local[2]").appName("jingzhun-symlink-check")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    failures = 0
    for table in TABLES:
        table_dir = os.path.join(store, table)
        manifests = sorted(glob.glob(os.path.join(table_dir, "_symlink_format_manifest", "**", "manifest"), recursive=True))
        if not manifests:
            print(f"{table:12s} no manifests")
            continue
        # Spark itself reads the manifests (as Hive's SymlinkTextInputFormat would), then the files they list.
        paths = [r.value for r in spark.read.text(manifests).collect() if r.value]
        df = spark.read.option("basePath", "file://" + table_dir).parquet(*paths)
        via_manifests = df.count()
        in_force = DeltaTable(table_dir).to_pyarrow_table().num_rows
        every_file = spark.read.option("basePath", table_dir).parquet(
            *sorted(p for p in glob.glob(os.path.join(table_dir, "**", "*.parquet"), recursive=True))).count()
        same = via_manifests == in_force
        failures += not same
        print(f"{table:12s} {len(paths):4d} files in force: {via_manifests:9d} rows (Spark via manifests) "
              f"{in_force:9d} rows (Delta log) {every_file:9d} rows (every file) {'equal' if same else 'DIFFERENT'}")
    spark.stop()
    print("all tables agree" if failures == 0 else f"{failures} table(s) differ")
    sys.stdout.flush()
    os._exit(0 if failures == 0 else 1)


if __name__ == "__main__":
    main()
