"""The 22 TPC-H queries through `spark.sql`, on Parquet data at scale factor 0.01 (issue 5):
Spark's rows, column names and types, in the queries' ORDER BY order."""

import tpch
from support import df_result

from ._base import case


def _make(nr):
    def run(spark):
        tpch.register(spark)
        return df_result(spark.sql(tpch.query(nr)))

    run.__name__ = f"case_tpch_q{nr:02d}"
    run.__qualname__ = run.__name__
    run.__module__ = __name__
    return case(run)


for _nr in range(1, 23):
    globals()[f"case_tpch_q{_nr:02d}"] = _make(_nr)
