"""TPC-H for the end-to-end tests: the 22 queries (tpch/qNN.sql) and their data, generated as
Parquet by DuckDB's tpch extension (the `dbgen` reference generator) at a small scale factor.

The data is generated and cached by `duckdb_data`.
"""

import pathlib

import duckdb_data

QUERY_DIR = pathlib.Path(__file__).resolve().parent / "tpch"
TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
# Small enough for CI (about 10 MB of Parquet), large enough that every query returns rows.
SCALE_FACTOR = 0.01


def data_dir(sf: float = SCALE_FACTOR) -> pathlib.Path:
    """The directory holding <table>.parquet for scale factor `sf`, generating it if missing."""
    return duckdb_data.data_dir("tpch", "dbgen", sf, TABLES)


def register(spark, sf: float = SCALE_FACTOR):
    """Temp views named like the TPC-H tables over the generated Parquet files."""
    d = data_dir(sf)
    for t in TABLES:
        spark.read.parquet(str(d / f"{t}.parquet")).createOrReplaceTempView(t)


def query(nr: int) -> str:
    return (QUERY_DIR / f"q{nr:02d}.sql").read_text()
