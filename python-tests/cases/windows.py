"""Window functions: Window.partitionBy/orderBy/rowsBetween/rangeBetween, ranking and analytic
functions, aggregates over frames, Spark's default frames, names, types, nullability and errors,
and SQL `OVER (...)`."""

import datetime

from support import df_result, expect_error

from ._base import F, case, col, utc


def res(df, sort=True):
    """df_result plus the columns' nullability (simpleString does not show it)."""
    out = df_result(df, sort=sort)
    out["nullable"] = [f.nullable for f in df.schema.fields]
    return out


def W():
    from pyspark.sql import Window

    return Window


def data(spark):
    d = datetime.date
    return spark.createDataFrame(
        [
            (1, "a", 1, 1.0, d(2024, 1, 1)),
            (2, "a", 2, None, d(2024, 1, 3)),
            (3, "a", 2, 3.0, d(2024, 1, 2)),
            (4, "a", None, 4.0, d(2024, 1, 5)),
            (5, "b", 5, 5.0, d(2024, 2, 1)),
            (6, "b", 7, None, d(2024, 2, 2)),
            (7, None, 3, 1.5, None),
        ],
        "id int, k string, v int, d double, dt date",
    )


def by_k():
    return W().partitionBy("k").orderBy("id")


# --------------------------------------------------------------------------------------------
# ranking


@case
def case_windows_row_number(spark):
    return res(data(spark).select("id", F().row_number().over(by_k())))


@case
def case_windows_rank_dense_rank(spark):
    w = W().partitionBy("k").orderBy("v")
    return res(data(spark).select("id", F().rank().over(w), F().dense_rank().over(w)))


@case
def case_windows_percent_rank_cume_dist(spark):
    w = W().partitionBy("k").orderBy("v")
    return res(data(spark).select("id", F().percent_rank().over(w), F().cume_dist().over(w)))


@case
def case_windows_ntile(spark):
    w = W().orderBy("id")
    return res(data(spark).select("id", F().ntile(3).over(w), F().ntile(2).over(by_k())))


@case
def case_windows_rank_no_partition(spark):
    w = W().orderBy(col("v").desc())
    return res(data(spark).select("id", F().rank().over(w), F().row_number().over(W().orderBy("id"))))


@case
def case_windows_rank_two_keys(spark):
    w = W().partitionBy("k").orderBy(col("v").desc(), "id")
    return res(data(spark).select("id", F().rank().over(w)))


@case
def case_windows_order_nulls(spark):
    df = data(spark)
    a = W().orderBy(col("v").asc_nulls_last(), "id")
    b = W().orderBy(col("v").desc_nulls_first(), "id")
    c = W().orderBy(col("d").desc(), "id")
    return res(df.select("id", F().row_number().over(a).alias("a"),
                         F().row_number().over(b).alias("b"),
                         F().row_number().over(c).alias("c")))


# --------------------------------------------------------------------------------------------
# analytic


@case
def case_windows_lag_lead(spark):
    w = by_k()
    return res(data(spark).select("id", F().lag("v").over(w), F().lead("v").over(w)))


@case
def case_windows_lag_lead_offset_default(spark):
    w = by_k()
    return res(data(spark).select("id", F().lag("v", 2).over(w), F().lead("v", 2, -1).over(w),
                                  F().lag("k", 1, "none").over(w)))


@case
def case_windows_lag_negative_offset(spark):
    return res(data(spark).select("id", F().lag("v", -1).over(by_k())))


@case
def case_windows_lead_double(spark):
    return res(data(spark).select("id", F().lead("d", 1, 0.5).over(W().orderBy("id"))))


@case
def case_windows_nth_value(spark):
    w = by_k()
    return res(data(spark).select("id", F().nth_value("v", 2).over(w)))


@case
def case_windows_nth_value_ignore_nulls(spark):
    w = by_k().rowsBetween(W().unboundedPreceding, W().unboundedFollowing)
    return res(data(spark).select("id", F().nth_value("d", 2, True).over(w),
                                  F().nth_value("d", 2).over(w)))


@case
def case_windows_first_last(spark):
    w = by_k()
    return res(data(spark).select("id", F().first("d").over(w), F().last("d").over(w)))


@case
def case_windows_first_last_ignorenulls(spark):
    w = by_k().rowsBetween(-1, 1)
    return res(data(spark).select("id", F().first("d", True).over(w), F().last("d", True).over(w)))


@case
def case_windows_first_value_last_value(spark):
    w = W().partitionBy("k").orderBy("id").rowsBetween(W().unboundedPreceding, W().unboundedFollowing)
    return res(data(spark).select("id", F().first_value("d").over(w), F().last_value("d").over(w)))


# --------------------------------------------------------------------------------------------
# aggregates and frames


@case
def case_windows_sum_partition_only(spark):
    w = W().partitionBy("k")
    return res(data(spark).select("id", F().sum("v").over(w), F().count("v").over(w)))


@case
def case_windows_sum_running_range(spark):
    w = W().partitionBy("k").orderBy("v")
    return res(data(spark).select("id", F().sum("v").over(w), F().count("*").over(w)))


@case
def case_windows_sum_rows_between(spark):
    w = by_k().rowsBetween(-1, 1)
    return res(data(spark).select("id", F().sum("v").over(w), F().avg("d").over(w)))


@case
def case_windows_rows_unbounded_current(spark):
    w = by_k().rowsBetween(W().unboundedPreceding, W().currentRow)
    return res(data(spark).select("id", F().sum("v").over(w), F().max("d").over(w)))


@case
def case_windows_rows_current_unbounded(spark):
    w = by_k().rowsBetween(W().currentRow, W().unboundedFollowing)
    return res(data(spark).select("id", F().sum("v").over(w), F().min("d").over(w)))


@case
def case_windows_rows_preceding_only(spark):
    w = W().orderBy("id").rowsBetween(-2, -1)
    return res(data(spark).select("id", F().sum("v").over(w), F().collect_list("v").over(w)))


@case
def case_windows_rows_unbounded_both(spark):
    w = W().orderBy("id").rowsBetween(W().unboundedPreceding, W().unboundedFollowing)
    return res(data(spark).select("id", F().sum("id").over(w)))


@case
def case_windows_range_int(spark):
    w = W().orderBy("v").rangeBetween(-1, 1)
    return res(data(spark).select("id", F().sum("id").over(w), F().count("*").over(w)))


@case
def case_windows_range_current_following(spark):
    w = W().partitionBy("k").orderBy("v").rangeBetween(W().currentRow, 2)
    return res(data(spark).select("id", F().collect_list("id").over(w)))


@case
def case_windows_range_double(spark):
    w = W().orderBy("d").rangeBetween(-1, 0)
    return res(data(spark).select("id", F().sum("id").over(w)))


@case
def case_windows_range_desc(spark):
    w = W().orderBy(col("v").desc()).rangeBetween(-2, 0)
    return res(data(spark).select("id", F().sum("id").over(w)))


@case
def case_windows_err_range_date_bigint(spark):
    w = W().orderBy("dt").rangeBetween(-1, 1)
    return expect_error(lambda: data(spark).select("id", F().count("*").over(w)).collect())


@case
def case_windows_range_date_unbounded(spark):
    w = W().orderBy("dt").rangeBetween(W().unboundedPreceding, W().currentRow)
    return res(data(spark).select("id", F().count("*").over(w)))


@case
def case_windows_range_unbounded_two_keys(spark):
    w = W().orderBy("k", "id").rangeBetween(W().unboundedPreceding, W().currentRow)
    return res(data(spark).select("id", F().sum("id").over(w)))


@case
def case_windows_stddev_variance(spark):
    w = W().partitionBy("k")
    return res(data(spark).select("id", F().stddev("v").over(w), F().var_samp("d").over(w)))


@case
def case_windows_collect_list_set(spark):
    w = by_k()
    return res(data(spark).select("id", F().collect_list("v").over(w),
                                  F().size(F().collect_set("k").over(W().partitionBy("k")))))


@case
def case_windows_sum_types(spark):
    w = W().partitionBy("k")
    return res(data(spark).select("id", F().sum("d").over(w), F().avg("v").over(w),
                                  F().max("k").over(w), F().count(F().lit(1)).over(w)))


@case
def case_windows_empty_spec(spark):
    w = W().partitionBy()
    return res(data(spark).select("id", F().sum("v").over(w), F().max("id").over(w)))


@case
def case_windows_partition_expression(spark):
    w = W().partitionBy(col("id") % 2).orderBy(col("id") * -1)
    return res(data(spark).select("id", F().row_number().over(w), F().sum("id").over(w)))


@case
def case_windows_arithmetic_on_window(spark):
    w = W().partitionBy("k")
    return res(data(spark).select("id", (F().sum("v").over(w) + 1).alias("s1"),
                                  col("v") / F().sum("v").over(w)))


# --------------------------------------------------------------------------------------------
# DataFrame operations with windows


@case
def case_windows_with_column_filter(spark):
    w = W().partitionBy("k").orderBy(col("v").desc(), "id")
    df = data(spark).withColumn("rn", F().row_number().over(w))
    return res(df.filter(col("rn") <= 2).select("id", "k", "rn"))


@case
def case_windows_order_by_result(spark):
    w = W().partitionBy("k")
    df = data(spark).withColumn("s", F().sum("v").over(w))
    return res(df.orderBy(col("s").desc(), "id").select("id", "s"), sort=False)


@case
def case_windows_after_group_by(spark):
    g = data(spark).groupBy("k").agg(F().sum("v").alias("t"))
    return res(g.select("k", "t", F().rank().over(W().orderBy(col("t").desc()))))


@case
def case_windows_expr_string(spark):
    return res(data(spark).selectExpr("id", "sum(v) OVER (PARTITION BY k ORDER BY id)"))


@case
def case_windows_two_specs(spark):
    df = data(spark)
    return res(df.select("id", F().sum("v").over(W().partitionBy("k")).alias("a"),
                         F().row_number().over(W().orderBy(col("id").desc())).alias("b"))
               .withColumn("c", F().max("a").over(W().orderBy("b"))))


# --------------------------------------------------------------------------------------------
# SQL


def view(spark):
    data(spark).createOrReplaceTempView("wt")


@case
def case_windows_sql_rows_between(spark):
    view(spark)
    return res(spark.sql(
        "SELECT id, sum(v) OVER (PARTITION BY k ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM wt"))


@case
def case_windows_sql_ranking(spark):
    view(spark)
    return res(spark.sql(
        "SELECT id, rank() OVER (PARTITION BY k ORDER BY v DESC), "
        "row_number() OVER (ORDER BY id), dense_rank() OVER (ORDER BY v NULLS LAST) FROM wt"))


@case
def case_windows_sql_empty_over(spark):
    view(spark)
    return res(spark.sql("SELECT id, count(*) OVER (), avg(v) OVER () FROM wt"))


@case
def case_windows_sql_range(spark):
    view(spark)
    return res(spark.sql(
        "SELECT id, sum(id) OVER (ORDER BY v RANGE BETWEEN 1 PRECEDING AND UNBOUNDED FOLLOWING) FROM wt"))


@case
def case_windows_sql_lag_lead(spark):
    view(spark)
    return res(spark.sql(
        "SELECT id, lag(v, 1, 0) OVER (PARTITION BY k ORDER BY id), "
        "lead(v) OVER (PARTITION BY k ORDER BY id) FROM wt"))


@case
def case_windows_sql_qualify_like_filter(spark):
    view(spark)
    return res(spark.sql(
        "SELECT * FROM (SELECT id, k, row_number() OVER (PARTITION BY k ORDER BY id) AS rn FROM wt) "
        "WHERE rn = 1"))


# --------------------------------------------------------------------------------------------
# errors


@case
def case_windows_err_range_two_keys(spark):
    w = W().orderBy("v", "id").rangeBetween(-1, 1)
    return expect_error(lambda: data(spark).select(F().sum("id").over(w)).collect())


@case
def case_windows_err_range_string_key(spark):
    w = W().orderBy("k").rangeBetween(-1, 1)
    return expect_error(lambda: data(spark).select(F().sum("id").over(w)).collect())


@case
def case_windows_err_range_no_order(spark):
    w = W().partitionBy("k").rangeBetween(-1, 1)
    return expect_error(lambda: data(spark).select(F().sum("id").over(w)).collect())


# A legacy error: its message carries no [CLASS], which the 3.5 client needs to see it.
@case(min_client=(4, 0))
def case_windows_err_rank_with_frame(spark):
    w = by_k().rowsBetween(-1, 1)
    return expect_error(lambda: data(spark).select(F().rank().over(w)).collect())


@case
def case_windows_err_row_number_no_order(spark):
    w = W().partitionBy("k")
    return expect_error(lambda: data(spark).select(F().row_number().over(w)).collect())


@case
def case_windows_err_lag_no_order(spark):
    w = W().partitionBy("k")
    return expect_error(lambda: data(spark).select(F().lag("v").over(w)).collect())


@case
def case_windows_err_count_distinct(spark):
    w = W().partitionBy("k")
    return expect_error(lambda: data(spark).select(F().countDistinct("v").over(w)).collect())


@case
def case_windows_err_no_over(spark):
    return expect_error(lambda: data(spark).select(F().row_number()).collect())


@case
def case_windows_err_rank_no_over(spark):
    return expect_error(lambda: data(spark).select("id", F().rank()).collect())


@case
def case_windows_err_scalar_over(spark):
    return expect_error(lambda: data(spark).select(F().abs("v").over(by_k())).collect())


@case
def case_windows_err_window_in_where(spark):
    return expect_error(lambda: data(spark).where(F().row_number().over(by_k()) > 1).collect())


@case
def case_windows_err_frame_lower_after_upper(spark):
    w = by_k().rowsBetween(1, -1)
    return expect_error(lambda: data(spark).select(F().sum("v").over(w)).collect())


@case
def case_windows_err_sql_no_over(spark):
    view(spark)
    return expect_error(lambda: spark.sql("SELECT lag(v) FROM wt").collect())


@case
def case_windows_err_ntile_zero(spark):
    return expect_error(lambda: data(spark).select(F().ntile(0).over(by_k())).collect())


@case
def case_windows_nested_window(spark):
    w = by_k()
    return res(data(spark).select("id", F().sum(F().row_number().over(w)).over(w)))


# --------------------------------------------------------------------------------------------
# more frames, SQL forms and errors


@case
def case_windows_sql_range_date(spark):
    view(spark)
    return res(spark.sql(
        "SELECT id, count(*) OVER (ORDER BY dt RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS c, "
        "collect_list(id) OVER (ORDER BY dt RANGE BETWEEN CURRENT ROW AND 2 FOLLOWING) AS l FROM wt"))


@case
def case_windows_rank_matching_frame(spark):
    w = by_k().rowsBetween(W().unboundedPreceding, W().currentRow)
    return res(data(spark).select("id", F().rank().over(w), F().lag("v").over(by_k().rowsBetween(-1, -1))))


# A legacy error: its message carries no [CLASS], which the 3.5 client needs to see it.
@case(min_client=(4, 0))
def case_windows_err_lag_frame(spark):
    w = by_k().rowsBetween(-2, 0)
    return expect_error(lambda: data(spark).select(F().lag("v").over(w)).collect())


# A legacy error: its message carries no [CLASS], which the 3.5 client needs to see it.
@case(min_client=(4, 0))
def case_windows_err_cume_dist_frame(spark):
    w = by_k().rowsBetween(W().unboundedPreceding, W().currentRow)
    return expect_error(lambda: data(spark).select(F().cume_dist().over(w)).collect())


@case
def case_windows_err_nth_value_zero(spark):
    return expect_error(lambda: data(spark).select(F().nth_value("v", 0).over(by_k())).collect())


@case
def case_windows_err_ntile_column(spark):
    return expect_error(lambda: data(spark).select(F().expr("ntile(v)").over(by_k())).collect())


@case
def case_windows_err_sql_count_distinct(spark):
    view(spark)
    return expect_error(lambda: spark.sql("SELECT count(DISTINCT v) OVER (PARTITION BY k) FROM wt").collect())


@case
def case_windows_sql_filter_clause(spark):
    view(spark)
    return res(spark.sql("SELECT id, sum(v) FILTER (WHERE v > 1) OVER (PARTITION BY k) FROM wt"))


@case
def case_windows_select_expr_rank(spark):
    return res(data(spark).selectExpr("id", "rank() OVER (ORDER BY v DESC NULLS FIRST) AS r",
                                      "percent_rank() OVER (PARTITION BY k ORDER BY d)"))


@case
def case_windows_agg_with_window(spark):
    g = data(spark).groupBy("k").agg(F().sum("v").alias("t"),
                                     F().rank().over(W().orderBy(F().sum("v"))).alias("r"))
    return res(g)


@case
def case_windows_order_by_window_expr(spark):
    w = W().orderBy("id")
    return expect_error(lambda: data(spark).orderBy(F().row_number().over(w).desc()).select("id").collect())


@case
def case_windows_sql_lag_ignore_nulls(spark):
    view(spark)
    return res(spark.sql(
        "SELECT id, lag(d) IGNORE NULLS OVER (ORDER BY id) AS a, "
        "last_value(d) IGNORE NULLS OVER (ORDER BY id) AS b FROM wt"))


@case
def case_windows_first_ignore_nulls_running(spark):
    w = W().orderBy(col("d").desc_nulls_first(), "id")
    return res(data(spark).select("id", F().first("d", True).over(w), F().last("v", True).over(w),
                                  F().first_value("d", F().lit(True)).over(w)))


@case
def case_windows_count_types_empty_frame(spark):
    w = W().orderBy("id").rowsBetween(5, 10)
    return res(data(spark).select("id", F().count("v").over(w), F().sum("v").over(w),
                                  F().collect_list("v").over(w), F().avg("v").over(w)))


@case
def case_windows_range_unbounded_following(spark):
    w = W().partitionBy("k").orderBy(col("d").desc()).rangeBetween(W().currentRow, W().unboundedFollowing)
    return res(data(spark).select("id", F().sum("id").over(w), F().max("d").over(w)))


def events(spark):
    return spark.sql(
        "SELECT * FROM VALUES (1, TIMESTAMP'2024-01-01 00:00:00', CAST(1.5 AS DECIMAL(5,2)), true), "
        "(2, TIMESTAMP'2024-01-01 00:30:00', CAST(2.0 AS DECIMAL(5,2)), false), "
        "(3, TIMESTAMP'2024-01-01 02:00:00', CAST(3.25 AS DECIMAL(5,2)), true), "
        "(4, TIMESTAMP'2024-01-01 02:45:00', NULL, NULL) AS t(id, ts, m, f)")


@case
def case_windows_sql_range_timestamp_interval(spark):
    events(spark).createOrReplaceTempView("wev")
    with utc(spark):
        return res(spark.sql(
            "SELECT id, count(*) OVER (ORDER BY ts RANGE BETWEEN INTERVAL 1 HOUR PRECEDING AND CURRENT ROW) AS c "
            "FROM wev"))


@case
def case_windows_err_range_timestamp_bigint(spark):
    w = W().orderBy("ts").rangeBetween(-1, 0)
    return expect_error(lambda: events(spark).select(F().count("*").over(w)).collect())


@case
def case_windows_err_range_boolean_key(spark):
    w = W().orderBy("f").rangeBetween(-1, 0)
    return expect_error(lambda: events(spark).select(F().count("*").over(w)).collect())


@case
def case_windows_range_decimal_key(spark):
    w = W().orderBy("m").rangeBetween(-1, 0)
    return res(events(spark).select("id", F().sum("id").over(w), F().max("m").over(w)))


@case
def case_windows_sql_nth_lead_ignore_nulls(spark):
    view(spark)
    return res(spark.sql(
        "SELECT id, lead(d, 1) IGNORE NULLS OVER (ORDER BY id) AS a, "
        "nth_value(d, 2) IGNORE NULLS OVER (ORDER BY id) AS b FROM wt"))


@case
def case_windows_err_sql_having(spark):
    view(spark)
    return expect_error(lambda: spark.sql(
        "SELECT k, sum(v) FROM wt GROUP BY k HAVING rank() OVER (ORDER BY sum(v)) > 1").collect())


# A legacy error: its message carries no [CLASS], which the 3.5 client needs to see it.
@case(min_client=(4, 0))
def case_windows_err_window_inside_aggregate(spark):
    return expect_error(lambda: data(spark).groupBy("k").agg(F().sum(F().rank().over(by_k()))).collect())


@case
def case_windows_err_lag_column_offset(spark):
    return expect_error(lambda: data(spark).select(F().expr("lag(v, id)").over(by_k())).collect())


@case
def case_windows_err_sql_rows_decimal_bound(spark):
    view(spark)
    return expect_error(lambda: spark.sql(
        "SELECT sum(v) OVER (ORDER BY id ROWS BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM wt").collect())


@case
def case_windows_zero_offsets(spark):
    df = data(spark)
    return res(df.select("id", F().sum("id").over(W().orderBy("id").rowsBetween(0, 2)).alias("a"),
                         F().sum("id").over(W().orderBy("id").rowsBetween(-1, 0)),
                         F().count("*").over(W().orderBy("v").rangeBetween(0, 0))))


@case
def case_windows_sliding_aggregates(spark):
    w = W().partitionBy("k").orderBy("id").rowsBetween(-1, 1)
    return res(data(spark).select(
        "id", F().stddev("d").over(w).alias("sd"), F().var_pop("d").over(w).alias("vp"),
        F().bool_and(col("v") > 1).over(w).alias("ba"), F().count_if(col("v") > 1).over(w).alias("ci"),
        F().size(F().collect_set("v").over(w)).alias("cs"), F().any_value("v").over(w).alias("av"),
        F().min("dt").over(w).alias("mn"), F().mean("v").over(w).alias("mv")))


@case
def case_windows_sliding_range_aggregates(spark):
    w = W().orderBy("v").rangeBetween(-2, 0)
    return res(data(spark).select(
        "id", F().max("d").over(w).alias("mx"), F().stddev_pop("v").over(w).alias("sp"),
        F().first("d").over(w).alias("f"), F().last("d", True).over(w).alias("l")))


@case
def case_windows_err_lag_bad_default(spark):
    return expect_error(lambda: data(spark).select(F().lag("v", 1, "x").over(by_k())).collect())


@case
def case_windows_lag_numeric_defaults(spark):
    w = by_k()
    return res(data(spark).select("id", F().lag("v", 1, 2.5).over(w).alias("a"),
                                  F().lead("v", 1, "7").over(w).alias("b")))


@case
def case_windows_lag_bad_default_no_ansi(spark):
    from ._base import conf

    with conf(spark, spark_sql_ansi_enabled="false"):
        return res(data(spark).select("id", F().lag("v", 1, "x").over(by_k()).alias("a")))
