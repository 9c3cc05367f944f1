"""ORC writes Sabot refuses where real Spark writes: orc-rust's writer takes flat columns of the
primitive types only (Spark's recorded ORC cases are in cases/readers.py, writers.py and
tables.py). The refusal is Spark's UNSUPPORTED_FEATURE class, raised before anything is
written, so the target path stays as it was."""

import os

import pytest
from pyspark.errors import PySparkException


@pytest.mark.parametrize("expr", [
    "CAST(1.5 AS DECIMAL(10, 2))",
    "timestamp_ntz'2024-01-02 03:04:05'",
    "array(1, 2)",
    "named_struct('a', 1)",
    "INTERVAL '1' DAY",
])
def test_unsupported_column_types_write_nothing(spark, tmp_path, expr):
    out = str(tmp_path / "t")
    with pytest.raises(PySparkException) as e:
        spark.sql(f"SELECT 1 AS id, {expr} AS v").write.orc(out)
    assert "UNSUPPORTED_FEATURE" in str(e.value)
    assert "ORC" in str(e.value)
    assert not os.path.exists(out)


def test_refused_overwrite_keeps_the_old_data(spark, tmp_path):
    out = str(tmp_path / "t")
    spark.range(3).write.orc(out)
    with pytest.raises(PySparkException):
        spark.sql("SELECT CAST(1 AS DECIMAL(3, 1)) AS d").write.mode("overwrite").orc(out)
    assert sorted(r.id for r in spark.read.orc(out).collect()) == [0, 1, 2]
