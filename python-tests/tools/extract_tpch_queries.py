"""Writes the 22 TPC-H queries to python-tests/tpch/qNN.sql from DuckDB's tpch extension
(`tpch_queries()`, with the specification's validation parameters). Regenerate, don't hand-edit:

    python python-tests/tools/extract_tpch_queries.py

Needs `duckdb` and `duckdb-extension-tpch` (python-tests/requirements-*.txt). Real Spark runs the
texts unchanged; the expected results are recorded from it (record_expected.py tpch).
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from tpch import QUERY_DIR, connect  # noqa: E402


def main():
    con = connect()
    QUERY_DIR.mkdir(parents=True, exist_ok=True)
    for nr, text in con.execute("SELECT query_nr, query FROM tpch_queries() ORDER BY 1").fetchall():
        body = text.strip().rstrip(";").rstrip() + "\n"
        (QUERY_DIR / f"q{nr:02d}.sql").write_text(body)
    print(f"wrote {len(list(QUERY_DIR.glob('q*.sql')))} queries to {QUERY_DIR}")


if __name__ == "__main__":
    main()
