"""Benchmark data for the end-to-end tests, generated as Parquet by a DuckDB extension from its
PyPI package (tpch's `dbgen`, tpcds's `dsdgen`; no download at run time).

Data is generated once per machine into the cache directory (SABOT_CACHE_DIR, default
~/.cache/sabot) and reused; a generation is written to a temporary directory and renamed, so an
interrupted run never leaves a partial data set behind.
"""

import importlib
import os
import pathlib
import shutil
import tempfile


def connect(extension: str):
    """A DuckDB connection with `extension` (e.g. "tpch") loaded from `duckdb-extension-<name>`."""
    import duckdb

    package = importlib.import_module(f"duckdb_extension_{extension}")
    ext_dir = pathlib.Path(package.__file__).parent / "extensions"
    (path,) = ext_dir.glob(f"*/{extension}.duckdb_extension")
    con = duckdb.connect()
    con.execute(f"LOAD '{path}'")
    return con


def data_dir(extension: str, generator: str, sf: float, tables, columns=None) -> pathlib.Path:
    """The directory holding <table>.parquet of `extension` at scale factor `sf`, made with
    `CALL <generator>(sf=...)` if missing. `columns` maps a table to its select list."""
    columns = columns or {}
    cache = pathlib.Path(os.environ.get("SABOT_CACHE_DIR", pathlib.Path.home() / ".cache" / "sabot"))
    target = cache / extension / f"sf{sf:g}"
    if all((target / f"{t}.parquet").exists() for t in tables):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=".gen-", dir=target.parent))
    try:
        con = connect(extension)
        con.execute(f"CALL {generator}(sf={sf})")
        for t in tables:
            select = columns.get(t, "*")
            con.execute(f"COPY (SELECT {select} FROM {t}) TO '{tmp / (t + '.parquet')}' (FORMAT parquet)")
        con.close()
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
