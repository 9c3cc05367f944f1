"""TPC-DS for the end-to-end tests: the 99 queries (tpcds/qNN.sql, with the two-part queries 14,
23, 24 and 39 as qNNa/qNNb) and their data, generated as Parquet by DuckDB's tpcds extension (the
`dsdgen` reference generator) at a small scale factor.

The data is generated and cached by `duckdb_data`.
"""

import pathlib

import duckdb_data

QUERY_DIR = pathlib.Path(__file__).resolve().parent / "tpcds"
TABLES = [
    "call_center", "catalog_page", "catalog_returns", "catalog_sales", "customer",
    "customer_address", "customer_demographics", "date_dim", "household_demographics",
    "income_band", "inventory", "item", "promotion", "reason", "ship_mode", "store",
    "store_returns", "store_sales", "time_dim", "warehouse", "web_page", "web_returns",
    "web_sales", "web_site",
]
# The query names: 1..99, the two-part queries as their parts a and b.
SPLIT = {14, 23, 24, 39}
QUERIES = [f"{n:02d}{p}" for n in range(1, 100) for p in (("a", "b") if n in SPLIT else ("",))]
# At 0.01 a quarter of the queries return no rows; at 0.1 (about 40 MB of Parquet) almost all do.
SCALE_FACTOR = 0.1
# dsdgen follows TPC-DS v2+, which renamed this column; Spark's queries (v1.4 and v2.7 texts) use
# the old name.
RENAMES = {"customer": "* RENAME (c_last_review_date_sk AS c_last_review_date)"}


def data_dir(sf: float = SCALE_FACTOR) -> pathlib.Path:
    """The directory holding <table>.parquet for scale factor `sf`, generating it if missing."""
    return duckdb_data.data_dir("tpcds", "dsdgen", sf, TABLES, RENAMES)


# Sessions (by id, with the session kept alive) whose views were registered, and at which sf.
_REGISTERED = {}


def register(spark, sf: float = SCALE_FACTOR):
    """Temp views named like the TPC-DS tables over the generated Parquet files.

    Registered once per session; the tables whose names TPC-H also uses (`customer`) are
    registered again every time, as the tpch cases may have replaced them in between.
    """
    import tpch

    d = data_dir(sf)
    done = _REGISTERED.get(id(spark))
    fresh = done is None or done[1] != sf
    for t in TABLES:
        if fresh or t in tpch.TABLES:
            spark.read.parquet(str(d / f"{t}.parquet")).createOrReplaceTempView(t)
    _REGISTERED[id(spark)] = (spark, sf)


def query(name: str) -> str:
    return (QUERY_DIR / f"q{name}.sql").read_text()
