"""Engine features whose effect shows in the plan rather than in the rows (issue 7): broadcast
joins. The rows themselves are checked against Spark's in `cases/broadcast.py`."""

import contextlib
import io

import pytest
from pyspark.sql import functions as F


def physical_plan(df) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        df.explain()
    return buf.getvalue()


@pytest.fixture
def no_auto_broadcast(spark):
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    yield
    spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")


def sides(spark):
    big = spark.range(0, 20000).withColumn("k", F.col("id") % 50)
    small = spark.createDataFrame([(i, f"n{i}") for i in range(50)], "k LONG, name STRING")
    return big, small


@pytest.mark.parametrize("how", ["inner", "left", "left_semi", "left_anti"])
def test_broadcast_function_builds_on_the_hinted_side(spark, no_auto_broadcast, how):
    big, small = sides(spark)
    plan = physical_plan(big.join(F.broadcast(small), "k", how))
    assert "BroadcastExchangeExec" in plan, plan
    # The hinted (right) side is the collected build side: the first input of the join.
    join = plan[plan.index("HashJoinExec"):]
    assert "mode=CollectLeft" in join.splitlines()[0], plan
    assert join.index("BroadcastExchangeExec") < join.index("LazyMemoryExec"), plan


@pytest.mark.parametrize("name", ["broadcast", "BROADCASTJOIN", "mapjoin"])
def test_broadcast_hint_names(spark, no_auto_broadcast, name):
    big, small = sides(spark)
    plan = physical_plan(big.join(small.hint(name), "k"))
    assert "BroadcastExchangeExec" in plan and "mode=CollectLeft" in plan, plan


def test_hint_spark_cannot_apply_is_ignored(spark, no_auto_broadcast):
    # Spark cannot broadcast the right side of a right or full outer join.
    big, small = sides(spark)
    for how in ["right", "full"]:
        plan = physical_plan(big.join(F.broadcast(small), "k", how))
        assert "mode=CollectLeft" not in plan, plan
        assert big.join(F.broadcast(small), "k", how).count() == 20000


def test_filters_still_reach_a_hinted_side(spark, no_auto_broadcast):
    big, small = sides(spark)
    df = big.join(F.broadcast(small), "k").filter(F.col("name") == "n3")
    plan = physical_plan(df)
    below = plan[plan.index("BroadcastExchangeExec"):]
    assert "FilterExec" in below.split("ProjectionExec")[0], plan
    assert df.count() == 400


def test_auto_broadcast_threshold(spark):
    big, small = sides(spark)
    # Spark's default 10 MB: the small side is collected without a hint.
    assert "mode=CollectLeft" in physical_plan(big.join(small, "k"))
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    try:
        assert "mode=CollectLeft" not in physical_plan(big.join(small, "k"))
    finally:
        spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")


# --------------------------------------------------------------------------------------------
# memory limits


def test_sort_over_the_query_memory_limit_spills_and_completes(new_session):
    s = new_session()
    s.conf.set("sabot.memory.queryLimit", "24m")
    n = 3_000_000
    df = s.range(0, n, 1, 4).select("id", (F.rand(7) * 1e9).cast("long").alias("r")).orderBy("r")
    # About 48 MB of rows sorted under 24 MB: only possible by spilling.
    out = df.toPandas()
    assert len(out) == n
    assert out["r"].is_monotonic_increasing
    assert int(out["id"].sum()) == n * (n - 1) // 2


def test_query_that_cannot_fit_fails_alone(new_session):
    import threading

    from pyspark.errors import PySparkException

    limited, other = new_session(), new_session()
    limited.conf.set("sabot.memory.queryLimit", "8m")
    errors, results = [], []

    def too_big():
        try:
            # One group's list of 3M longs cannot spill.
            limited.range(0, 3_000_000).select(F.size(F.collect_list("id"))).collect()
        except PySparkException as e:
            errors.append(e)

    def fine():
        results.append(other.range(0, 2_000_000).selectExpr("sum(id)").collect()[0][0])

    threads = [threading.Thread(target=too_big), threading.Thread(target=fine)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(errors) == 1 and "UNABLE_TO_ACQUIRE_MEMORY" in str(errors[0]), errors
    assert results == [2_000_000 * 1_999_999 // 2]
    # The limited session itself keeps working.
    assert limited.range(5).count() == 5
