"""Strings read from Parquet behave as every other Spark string (issue 8).

Sabot scans a Parquet file's top-level string columns as Arrow string views (`Utf8View`, which
DataFusion filters, joins and groups without copying bytes), while strings from anywhere else
(`createDataFrame`, literals, CSV/JSON) are plain `Utf8`. Both are Spark's `STRING`, so every
function and operator must treat them alike, and results must reach the client as Spark sends
them. This suite re-runs the recorded cases of cases/ with each string-bearing `createDataFrame`
input written to Parquet and read back, and compares with the same recording from real Spark:
views then meet every function, join, set operation and aggregate the cases cover.
"""

import itertools
import json

import pytest
from pyspark.sql.types import StringType

import support
from cases import CASES, applicable
from test_spark_cases import EXPECTED, META

# Cases whose result depends on the input being a `createDataFrame` relation rather than on
# its strings: with the input re-read from Parquet, Spark's own result would differ too.
NOT_ROUTED = {
    # Parquet columns are nullable (Spark's `DataSource` reads every file column as nullable).
    "df_schema_metadata",
    "print_schema_nested",
    "grouping_unpivot_strings_not_null",
    # One Parquet file is one input partition; Spark splits the local relation in two, and
    # `monotonically_increasing_id()` after the shuffle follows the map tasks.
    "adaptive_hash_without_count",
}
# The TPC-H and TPC-DS cases read their tables from Parquet already.
READ_PARQUET = {"tpch", "tpcds"}


class ParquetInputs:
    """A session whose `createDataFrame` gives the same rows re-read from a Parquet file when
    they have a top-level string column; everything else goes to the session itself."""

    def __init__(self, spark, root):
        self._spark = spark
        self._root = root
        self._n = itertools.count()

    def __getattr__(self, name):
        return getattr(self._spark, name)

    def createDataFrame(self, *args, **kwargs):
        df = self._spark.createDataFrame(*args, **kwargs)
        if not any(type(f.dataType) is StringType for f in df.schema.fields):
            return df
        path = f"{self._root}/input-{next(self._n)}"
        try:
            # One partition, one file: the rows come back in their order.
            df.coalesce(1).write.parquet(path)
        except Exception:
            # A type Parquet cannot hold (intervals, NULL columns): the input stays as it was.
            return df
        return self._spark.read.parquet(path)


def _params():
    for name, fn in CASES.items():
        if name in NOT_ROUTED or fn.group in READ_PARQUET:
            continue
        if not applicable(fn) or getattr(fn, "xfail", None):
            continue
        yield pytest.param(name, id=name)


@pytest.mark.parametrize("name", list(_params()))
def test_case_with_parquet_inputs(spark, tmp_path, name):
    expected = support.adapt_expected_for_client(EXPECTED[name])
    actual = CASES[name](ParquetInputs(spark, str(tmp_path)))
    differences = support.diff(actual, expected)
    if differences:
        pytest.fail(
            "\n".join(differences)
            + "\n\nactual:\n" + json.dumps(actual, indent=1, sort_keys=True, ensure_ascii=False)
            + "\n\nexpected (real Spark " + META[CASES[name].group]["spark_version"] + "):\n"
            + json.dumps(expected, indent=1, sort_keys=True, ensure_ascii=False),
            pytrace=False,
        )
