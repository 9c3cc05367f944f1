"""TPC-DS for the end-to-end tests: the 99 queries (tpcds/qNN.sql, with the two-part queries 14,
23, 24 and 39 as qNNa/qNNb) and their data, generated as Parquet by DuckDB's tpcds extension (the
`dsdgen` reference generator) at a small scale factor.

The data is generated once per machine into the cache directory (SABOT_CACHE_DIR, default
~/.cache/sabot) and reused; a generation is written to a temporary directory and renamed, so an
interrupted run never leaves a partial data set behind.
"""

import os
import pathlib
import shutil
import tempfile

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


def connect():
    """A DuckDB connection with the tpcds extension loaded from its PyPI package (no download)."""
    import duckdb
    import duckdb_extension_tpcds

    ext_dir = pathlib.Path(duckdb_extension_tpcds.__file__).parent / "extensions"
    (path,) = ext_dir.glob("*/tpcds.duckdb_extension")
    con = duckdb.connect()
    con.execute(f"LOAD '{path}'")
    return con


def data_dir(sf: float = SCALE_FACTOR) -> pathlib.Path:
    """The directory holding <table>.parquet for scale factor `sf`, generating it if missing."""
    cache = pathlib.Path(os.environ.get("SABOT_CACHE_DIR", pathlib.Path.home() / ".cache" / "sabot"))
    target = cache / "tpcds" / f"sf{sf:g}"
    if all((target / f"{t}.parquet").exists() for t in TABLES):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=".gen-", dir=target.parent))
    try:
        con = connect()
        con.execute(f"CALL dsdgen(sf={sf})")
        for t in TABLES:
            cols = RENAMES.get(t, "*")
            con.execute(f"COPY (SELECT {cols} FROM {t}) TO '{tmp / (t + '.parquet')}' (FORMAT parquet)")
        con.close()
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


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
