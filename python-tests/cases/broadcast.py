"""Broadcast joins (issue 7): hinted joins of every type return Spark's rows (the plan shape is
checked in test_engine.py)."""

from support import df_result

from ._base import F, case, conf


def sides(spark):
    left = spark.createDataFrame(
        [(1, "a"), (2, "b"), (2, "bb"), (3, None), (None, "n")], "k INT, v STRING")
    right = spark.createDataFrame([(2, "x"), (3, "y"), (4, "z"), (None, "m")], "k INT, w STRING")
    return left, right


@case
def case_broadcast_join_types(spark):
    left, right = sides(spark)
    out = {}
    with conf(spark, spark_sql_autoBroadcastJoinThreshold="-1"):
        for how in ["inner", "left", "right", "full", "left_semi", "left_anti"]:
            out[f"right_{how}"] = df_result(
                left.join(F().broadcast(right), left.k == right.k, how), sort=True)
            out[f"left_{how}"] = df_result(
                left.hint("broadcast").join(right, "k", how), sort=True)
    return out


@case
def case_broadcast_hint_in_subquery_and_aggregate(spark):
    left, right = sides(spark)
    hinted = right.hint("mapjoin").filter("k > 2")
    df = left.join(hinted, "k").groupBy("k").agg(F().count("*").alias("n"), F().max("w"))
    return df_result(df, sort=True)
