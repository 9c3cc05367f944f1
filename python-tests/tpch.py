"""TPC-H for the end-to-end tests: the 22 queries (tpch/qNN.sql) and their data, generated as
Parquet by DuckDB's tpch extension (the `dbgen` reference generator) at a small scale factor.

The data is generated once per machine into the cache directory (SABOT_CACHE_DIR, default
~/.cache/sabot) and reused; a generation is written to a temporary directory and renamed, so an
interrupted run never leaves a partial data set behind.
"""

import os
import pathlib
import shutil
import tempfile

QUERY_DIR = pathlib.Path(__file__).resolve().parent / "tpch"
TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
# Small enough for CI (about 10 MB of Parquet), large enough that every query returns rows.
SCALE_FACTOR = 0.01


def connect():
    """A DuckDB connection with the tpch extension loaded from its PyPI package (no download)."""
    import duckdb
    import duckdb_extension_tpch

    ext_dir = pathlib.Path(duckdb_extension_tpch.__file__).parent / "extensions"
    (path,) = ext_dir.glob("*/tpch.duckdb_extension")
    con = duckdb.connect()
    con.execute(f"LOAD '{path}'")
    return con


def data_dir(sf: float = SCALE_FACTOR) -> pathlib.Path:
    """The directory holding <table>.parquet for scale factor `sf`, generating it if missing."""
    cache = pathlib.Path(os.environ.get("SABOT_CACHE_DIR", pathlib.Path.home() / ".cache" / "sabot"))
    target = cache / "tpch" / f"sf{sf:g}"
    if all((target / f"{t}.parquet").exists() for t in TABLES):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=".gen-", dir=target.parent))
    try:
        con = connect()
        con.execute(f"CALL dbgen(sf={sf})")
        for t in TABLES:
            con.execute(f"COPY {t} TO '{tmp / (t + '.parquet')}' (FORMAT parquet)")
        con.close()
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def register(spark, sf: float = SCALE_FACTOR):
    """Temp views named like the TPC-H tables over the generated Parquet files."""
    d = data_dir(sf)
    for t in TABLES:
        spark.read.parquet(str(d / f"{t}.parquet")).createOrReplaceTempView(t)


def query(nr: int) -> str:
    return (QUERY_DIR / f"q{nr:02d}.sql").read_text()
