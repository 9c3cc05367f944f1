"""GroupedData and reshaping: groupBy/agg (columns, dict form, shortcuts), rollup, cube,
groupingSets with grouping()/grouping_id(), pivot, unpivot/melt, transpose."""

from support import df_result, expect_error

from ._base import F, case, col, conf


def res(df, sort=True):
    """df_result plus the columns' nullability (simpleString does not show it)."""
    out = df_result(df, sort=sort)
    out["nullable"] = [f.nullable for f in df.schema.fields]
    return out


def data(spark):
    return spark.createDataFrame(
        [("a", 1, 2.0, "x"), ("a", 2, None, "y"), ("b", 3, 4.0, "x"), (None, 4, 5.0, None)],
        "k string, v int, d double, p string",
    )


def sales(spark):
    return spark.createDataFrame(
        [
            (2012, "dotNET", 10000),
            (2012, "Java", 20000),
            (2012, "dotNET", 5000),
            (2013, "dotNET", 48000),
            (2013, "Java", 30000),
        ],
        "year int, course string, earnings int",
    )


# --------------------------------------------------------------------------------------------
# groupBy


@case
def case_grouping_agg_columns(spark):
    df = data(spark)
    return res(df.groupBy("k").agg(F().sum("v"), F().max("d"), F().count("*")))


@case
def case_grouping_agg_dict(spark):
    return res(data(spark).groupBy("k").agg({"v": "max", "d": "avg"}))


@case
def case_grouping_agg_dict_count_star(spark):
    return res(data(spark).groupBy("k").agg({"*": "count"}))


@case
def case_grouping_count(spark):
    return res(data(spark).groupBy("k").count())


@case
def case_grouping_shortcuts_named(spark):
    df = data(spark)
    return {
        "mean": res(df.groupBy("k").mean("v")),
        "avg": res(df.groupBy("k").avg("v", "d")),
        "max": res(df.groupBy("k").max("v")),
        "min": res(df.groupBy("k").min("d")),
        "sum": res(df.groupBy("k").sum("v", "d")),
    }


@case
def case_grouping_shortcuts_all_numeric(spark):
    df = data(spark)
    return {
        "avg": res(df.groupBy("k").avg()),
        "sum": res(df.groupBy().sum()),
        "max": res(df.groupBy("p").max()),
    }


# The check is client-side; the 3.5 client raises another exception class.
@case(min_client=(4, 0))
def case_grouping_shortcut_non_numeric(spark):
    return expect_error(lambda: data(spark).groupBy("k").sum("p").collect())


@case
def case_grouping_by_expression(spark):
    df = data(spark)
    return res(df.groupBy(col("v") % 2).agg(F().sum(col("v") + 1), F().sum(col("v") + 1)))


@case
def case_grouping_by_alias_expression(spark):
    df = data(spark)
    return res(df.groupBy((col("v") > 2).alias("big")).agg(F().max("k").alias("ks")))


@case
def case_grouping_no_keys(spark):
    df = data(spark)
    return {
        "count": res(df.groupBy().count()),
        "agg": res(df.groupBy().agg(F().min("v"), F().sum("d"))),
        "empty": res(df.filter("v > 100").groupBy().agg(F().count("v"), F().sum("v"))),
    }


@case
def case_grouping_agg_over_expressions(spark):
    df = data(spark)
    return res(
        df.groupBy("k", "p").agg(
            (F().sum("v") * 2).alias("twice"),
            F().avg(col("d") + col("v")),
            F().countDistinct("v"),
        )
    )


@case
def case_grouping_nullability(spark):
    df = spark.createDataFrame([(1, 2), (1, 3)], "a int not null, b int not null")
    return res(
        df.groupBy("a").agg(
            F().sum("b"), F().count("b"), F().min("b"), F().avg("b"), F().first("b")
        )
    )


@case(min_client=(4, 0))
def case_grouping_by_ordinal(spark):
    return res(data(spark).groupBy(1).count())


@case
def case_grouping_cube_then_group_by_grouping_id(spark):
    df = data(spark)
    return res(df.cube("k", "p").agg(F().grouping_id().alias("g")).groupBy("g").count())


@case
def case_grouping_agg_dict_errors(spark):
    df = data(spark)
    return {
        "column": expect_error(lambda: df.groupBy("k").agg({"nope": "max"}).collect()),
        "function": expect_error(lambda: df.groupBy("k").agg({"v": "nope"}).collect()),
    }


# A legacy error class: the 3.5 client cannot see it (no "[CLASS]" in the message).
@case(min_client=(4, 0))
def case_grouping_pivot_non_aggregate(spark):
    return expect_error(lambda: data(spark).groupBy("k").pivot("p").agg(col("v")).collect())


@case
def case_grouping_missing_column(spark):
    return expect_error(lambda: data(spark).groupBy("nope").count().collect())


@case
def case_grouping_non_aggregated_column(spark):
    return expect_error(lambda: data(spark).groupBy("k").agg(col("v")).collect())


# --------------------------------------------------------------------------------------------
# rollup / cube / groupingSets


@case
def case_grouping_rollup(spark):
    df = data(spark)
    return res(df.rollup("k", "p").agg(F().sum("v"), F().count("*")))


@case
def case_grouping_rollup_count(spark):
    return res(data(spark).rollup("k").count())


@case
def case_grouping_cube(spark):
    return res(data(spark).cube("k", "p").agg(F().sum("v")))


@case
def case_grouping_cube_grouping_functions(spark):
    df = data(spark)
    return res(
        df.cube("k", "p").agg(
            F().grouping("k"), F().grouping("p"), F().grouping_id(), F().sum("v")
        )
    )


@case
def case_grouping_rollup_grouping_id_cols(spark):
    df = data(spark)
    return res(df.rollup("k", "p").agg(F().grouping_id("k", "p"), F().max("d")))


@case
def case_grouping_rollup_expression(spark):
    df = data(spark)
    return res(df.rollup(col("v") % 2).agg(F().sum("v"), F().grouping(col("v") % 2)))


@case
def case_grouping_cube_not_null_keys(spark):
    df = spark.createDataFrame([(1, "x", 5), (2, "y", 6)], "a int not null, b string not null, c int")
    return res(df.cube("a", "b").agg(F().sum("c"), F().grouping_id()))


@case(min_client=(4, 0))
def case_grouping_grouping_sets(spark):
    df = data(spark)
    return res(df.groupingSets([["k"], ["p"], []], "k", "p").agg(F().sum("v")))


@case(min_client=(4, 0))
def case_grouping_grouping_sets_grouping_id(spark):
    df = data(spark)
    return res(
        df.groupingSets([["k", "p"], ["k"]], "k", "p").agg(
            F().sum("v"), F().grouping_id(), F().grouping("p")
        )
    )


@case(min_client=(4, 0))
def case_grouping_grouping_sets_ungrouped_column(spark):
    df = data(spark)
    return res(df.groupingSets([["k"]], "k", "p").agg(F().sum("v"), F().grouping_id()))


@case(min_client=(4, 0))
def case_grouping_grouping_sets_extra_set_column(spark):
    df = data(spark)
    return {
        "kp": res(df.groupingSets([["k"], ["p"]], "k").agg(F().sum("v"), F().grouping_id())),
        "pk": res(df.groupingSets([["p"], ["k"]], "k").agg(F().sum("v"), F().grouping_id())),
    }


@case(min_client=(4, 0))
def case_grouping_grouping_sets_expressions(spark):
    df = data(spark)
    m = (col("v") % 2).alias("m")
    return res(
        df.groupingSets([[col("v") % 2], []], m).agg(F().sum("d"), F().grouping_id())
    )


@case
def case_grouping_grouping_without_sets(spark):
    return expect_error(lambda: data(spark).groupBy("k").agg(F().grouping("k")).collect())


@case
def case_grouping_grouping_in_select(spark):
    return expect_error(lambda: data(spark).select(F().grouping("k")).collect())


@case
def case_grouping_grouping_wrong_column(spark):
    return expect_error(lambda: data(spark).cube("k").agg(F().grouping("v")).collect())


@case
def case_grouping_grouping_id_mismatch(spark):
    return expect_error(
        lambda: data(spark).cube("k", "p").agg(F().grouping_id("p", "k")).collect()
    )


@case
def case_grouping_rollup_aggregates_see_original_values(spark):
    df = data(spark)
    return res(df.rollup("v").agg(F().sum("v"), F().count("v"), F().grouping("v")))


@case
def case_grouping_sql_grouping_sets_having(spark):
    data(spark).createOrReplaceTempView("grouping_t2")
    return res(spark.sql(
        "SELECT k, grouping(k) AS g, sum(v) FROM grouping_t2 GROUP BY CUBE(k) HAVING grouping(k) = 1"
    ))


@case
def case_grouping_sql_rollup_cube(spark):
    data(spark).createOrReplaceTempView("grouping_t")
    return {
        "rollup": res(spark.sql(
            "SELECT k, p, sum(v) AS s, grouping_id() AS g FROM grouping_t GROUP BY ROLLUP(k, p)"
        )),
        "cube": res(spark.sql("SELECT k, count(*) FROM grouping_t GROUP BY CUBE(k)")),
        "sets": res(spark.sql(
            "SELECT k, p, sum(v), grouping_id() FROM grouping_t GROUP BY GROUPING SETS ((k), (p, k), ())"
        )),
        "with_rollup": res(spark.sql(
            "SELECT k, sum(v) AS s FROM grouping_t GROUP BY k WITH ROLLUP"
        )),
    }


# --------------------------------------------------------------------------------------------
# pivot


@case
def case_grouping_pivot_values(spark):
    df = sales(spark)
    return res(df.groupBy("year").pivot("course", ["dotNET", "Java"]).sum("earnings"))


@case
def case_grouping_pivot_computed_values(spark):
    return res(sales(spark).groupBy("year").pivot("course").sum("earnings"))


@case
def case_grouping_pivot_null_values(spark):
    return res(data(spark).groupBy("k").pivot("p").sum("v"))


@case
def case_grouping_pivot_count(spark):
    return res(data(spark).groupBy("k").pivot("p").count())


@case
def case_grouping_pivot_several_aggregates(spark):
    df = data(spark)
    return res(df.groupBy("k").pivot("p").agg(F().sum("v"), F().max("d").alias("m")))


@case
def case_grouping_pivot_string_aggregate(spark):
    return res(data(spark).groupBy("k").pivot("p").agg(F().first("p")))


@case
def case_grouping_pivot_value_coercion(spark):
    df = data(spark)
    return {
        "ints": res(df.groupBy("k").pivot("v", [1, "2"]).agg(F().count("d"))),
        "double": res(df.groupBy("k").pivot("v", [1, 2.5]).count()),
    }


@case
def case_grouping_pivot_no_group(spark):
    df = data(spark)
    return {
        "nonfirst": res(df.groupBy().pivot("p", ["x"]).agg(F().count("d"), F().first("k"))),
        "first": res(df.groupBy().pivot("p").sum("v")),
    }


@case
def case_grouping_pivot_int_column(spark):
    df = sales(spark)
    return res(df.groupBy("course").pivot("year").agg(F().sum("earnings"), F().count("year")))


@case
def case_grouping_pivot_count_star(spark):
    df = sales(spark)
    return expect_error(
        lambda: df.groupBy("course").pivot("year").agg(F().count("*")).collect()
    )


@case
def case_grouping_pivot_missing_value(spark):
    df = sales(spark)
    return res(df.groupBy("year").pivot("course", ["Java", "Scala"]).avg("earnings"))


@case
def case_grouping_pivot_invalid_value(spark):
    return expect_error(
        lambda: data(spark).groupBy("k").pivot("v", ["a"]).count().collect()
    )


# A legacy error class: the 3.5 client cannot see it (no "[CLASS]" in the message).
@case(min_client=(4, 0))
def case_grouping_pivot_max_values(spark):
    with conf(spark, spark_sql_pivotMaxValues="2"):
        return expect_error(lambda: data(spark).groupBy("k").pivot("p").count().collect())


@case
def case_grouping_pivot_numeric_order(spark):
    df = spark.createDataFrame([(1, 10), (1, 9), (2, 100), (2, 9)], "g int, n int")
    return res(df.groupBy("g").pivot("n").count())


@case
def case_grouping_pivot_bool_and_date(spark):
    import datetime

    df = spark.createDataFrame(
        [(True, datetime.date(2024, 1, 2), 1), (False, datetime.date(2023, 5, 6), 2)],
        "b boolean, d date, v int",
    )
    return {
        "bool": res(df.groupBy().pivot("b").sum("v")),
        "date": res(df.groupBy("b").pivot("d").agg(F().max("v"))),
    }


@case
def case_grouping_pivot_aggregate_expression(spark):
    df = sales(spark)
    return res(
        df.groupBy("year").pivot("course").agg((F().sum("earnings") / 1000).alias("k"))
    )


# --------------------------------------------------------------------------------------------
# unpivot / melt


@case
def case_grouping_unpivot(spark):
    df = data(spark)
    return res(df.unpivot("k", ["v", "d"], "var", "val"), sort=False)


@case
def case_grouping_unpivot_all_values(spark):
    df = data(spark).select("k", "v", "d")
    return res(df.unpivot(["k"], None, "var", "val"), sort=False)


@case
def case_grouping_melt_expressions(spark):
    df = data(spark)
    return res(df.melt("k", [col("v").alias("vv"), "d"], "var", "val"), sort=False)


@case
def case_grouping_unpivot_not_null(spark):
    df = spark.createDataFrame([(1, 2, 3)], "id int not null, a int not null, b long not null")
    return res(df.unpivot("id", ["a", "b"], "name", "value"))


@case
def case_grouping_unpivot_decimal_widening(spark):
    df = spark.sql("SELECT 1 AS id, CAST(1.5 AS DECIMAL(4,2)) AS a, 7L AS b, CAST(NULL AS INT) AS c")
    return res(df.unpivot("id", ["a", "b", "c"], "n", "v"))


@case
def case_grouping_unpivot_strings_not_null(spark):
    df = spark.createDataFrame([(1, "a", "b")], "id int, x string not null, y string not null")
    return res(df.unpivot("id", ["x", "y"], "n", "v"))


@case
def case_grouping_unpivot_no_ids(spark):
    df = spark.createDataFrame([(1, 2)], "a int, b int")
    return res(df.unpivot([], ["a", "b"], "n", "v"))


@case
def case_grouping_unpivot_type_mismatch(spark):
    return expect_error(
        lambda: data(spark).unpivot("k", ["v", "p"], "var", "val").collect()
    )


@case
def case_grouping_unpivot_no_values(spark):
    return expect_error(
        lambda: data(spark).unpivot(["k", "v", "d", "p"], None, "var", "val").collect()
    )


@case
def case_grouping_unpivot_empty_values(spark):
    return expect_error(lambda: data(spark).unpivot("k", [], "var", "val").collect())


# --------------------------------------------------------------------------------------------
# transpose


@case(min_client=(4, 0))
def case_grouping_transpose(spark):
    t = spark.createDataFrame([("r1", 1, 2), ("r2", 3, 4)], "id string, a int, b int")
    return res(t.transpose(), sort=False)


@case(min_client=(4, 0))
def case_grouping_transpose_sorted_non_null_index(spark):
    t = spark.createDataFrame([(2, 1, 1.5), (1, 3, 4.0), (None, 5, 6.0)], "id int, a int, b double")
    return res(t.transpose(), sort=False)


@case(min_client=(4, 0))
def case_grouping_transpose_index_column(spark):
    t = spark.createDataFrame([(9, 1, 2), (8, 3, 4)], "id int, a int, b long")
    return res(t.transpose(col("b")), sort=False)


@case(min_client=(4, 0))
def case_grouping_transpose_no_common_type(spark):
    t = spark.createDataFrame([("r1", 1, 2)], "id string, a int, b int")
    return expect_error(lambda: t.transpose(col("a")).collect())


@case(min_client=(4, 0))
def case_grouping_transpose_invalid_index(spark):
    t = spark.createDataFrame([([1], 1, 2)], "id array<int>, a int, b int")
    return expect_error(lambda: t.transpose().collect())


@case(min_client=(4, 0))
def case_grouping_transpose_row_limit(spark):
    t = spark.createDataFrame([("z", 1), ("a", 3)], "id string, a int")
    with conf(spark, spark_sql_transposeMaxValues="1"):
        return expect_error(lambda: t.transpose().collect())
