"""The benchmark workloads: TPC-H (Spark SQL and DataFrame API) and TPC-DS, their data and queries.

Data is generated once per scale factor as Parquet under the cache directory (SABOT_CACHE_DIR,
default ~/.cache/sabot) into `bench/tpch/sf<N>` (the `tpchgen-cli` Rust generator) and
`tpcds/sf<N>` (DuckDB's `dsdgen`, shared with python-tests). The SQL texts are the test suite's
own (`python-tests/tpch`, `python-tests/tpcds`), so the benchmark runs exactly what is tested.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
PY_TESTS = ROOT / "python-tests"
if str(PY_TESTS) not in sys.path:
    sys.path.insert(0, str(PY_TESTS))

import tpcds  # noqa: E402  (python-tests/tpcds.py: TPC-DS tables, query names, data generation)

TPCH_TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
SUITES = ("tpch", "tpch-df", "tpcds")


def cache_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("SABOT_CACHE_DIR", pathlib.Path.home() / ".cache" / "sabot"))


def tpch_data(sf: float) -> pathlib.Path:
    """<table>.parquet for TPC-H at `sf`, made by tpchgen-cli (from the runner's venv) if missing."""
    target = cache_dir() / "bench" / "tpch" / f"sf{sf:g}"
    if all((target / f"{t}.parquet").exists() for t in TPCH_TABLES):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=".gen-", dir=target.parent))
    try:
        cli = pathlib.Path(sys.executable).parent / "tpchgen-cli"
        subprocess.run([str(cli), "parquet", "-s", f"{sf:g}", "-o", str(tmp)], check=True)
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def data(suite: str, sf: float) -> tuple[pathlib.Path, list[str]]:
    """(directory of <table>.parquet, table names) for a suite."""
    if suite in ("tpch", "tpch-df"):
        return tpch_data(sf), TPCH_TABLES
    return tpcds.data_dir(sf), tpcds.TABLES


def query_names(suite: str) -> list[str]:
    if suite in ("tpch", "tpch-df"):
        return [f"q{i:02d}" for i in range(1, 23)]
    return [f"q{n}" for n in tpcds.QUERIES]


def sql(suite: str, name: str) -> str:
    folder = PY_TESTS / ("tpcds" if suite == "tpcds" else "tpch")
    return (folder / f"{name}.sql").read_text()


def select(suite: str, wanted: str | None) -> list[str]:
    """The suite's queries, or those in `wanted` (comma-separated names or numbers: q1,3,q14a)."""
    names = query_names(suite)
    if not wanted:
        return names
    out = []
    for w in wanted.split(","):
        w = w.strip().lower().lstrip("q")
        for n in names:
            if n[1:] == w or n[1:].lstrip("0") == w.lstrip("0") or n[1:] == w.zfill(2):
                out.append(n)
    return sorted(set(out), key=names.index)
