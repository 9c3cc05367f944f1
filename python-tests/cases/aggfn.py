"""Aggregate functions of pyspark.sql.functions (issue 4): distinct counts and sums, HLL++
approx_count_distinct, corr/covar/regr_*, kurtosis/skewness, min_by/max_by, median, mode,
percentile, percentile_approx, product, try_sum/try_avg, listagg/string_agg, histogram_numeric,
count_min_sketch and the bitmap functions; grouped, global, DISTINCT, FILTER and over windows."""

from support import df_result, expect_error

from ._base import F, case, col, conf, utc


def pairs(spark):
    return spark.createDataFrame(
        [
            ("a", 1, 1.0, "x", 2),
            ("a", 2, 2.0, "y", 4),
            ("a", 2, 3.0, None, 5),
            ("a", None, None, "z", None),
            ("a", 5, 10.0, "x", 7),
            ("b", 7, 1.5, "y", 1),
            ("c", None, None, None, None),
        ],
        "g STRING, a INT, d DOUBLE, s STRING, b INT",
    )


def empty(spark):
    return pairs(spark).where(col("a") > 100)


@case
def case_aggfn_distinct_counts(spark):
    f = F()
    df = pairs(spark)
    out = df.groupBy("g").agg(
        f.count_distinct("a", "s"),
        f.countDistinct("a"),
        f.sum_distinct("a"),
        f.sumDistinct("d"),
        f.approx_count_distinct("s"),
        f.approx_count_distinct("a", 0.1),
        f.approxCountDistinct("d"),
    )
    return df_result(out, sort=True)


@case
def case_aggfn_distinct_counts_global(spark):
    f = F()
    df = pairs(spark)
    return df_result(
        df.select(f.count_distinct("a", "s", "g"), f.count_distinct("s"), f.approx_count_distinct("g"))
    )


@case
def case_aggfn_approx_count_distinct_cardinalities(spark):
    f = F()
    df = spark.range(0, 300).select(
        col("id"),
        (col("id") % 97).alias("m"),
        f.concat(f.lit("k"), col("id").cast("string")).alias("k"),
        (col("id") / 7).alias("x"),
        col("id").cast("int").alias("i"),
    )
    return df_result(
        df.select(
            f.approx_count_distinct("id"),
            f.approx_count_distinct("m"),
            f.approx_count_distinct("k"),
            f.approx_count_distinct("x"),
            f.approx_count_distinct("i", 0.2),
            f.approx_count_distinct("k", 0.01),
        )
    )


@case
def case_aggfn_approx_count_distinct_large(spark):
    f = F()
    df = spark.range(0, 20000).select(col("id"), (col("id") * 3).cast("string").alias("k"))
    return df_result(df.select(f.approx_count_distinct("id"), f.approx_count_distinct("k")))


@case
def case_aggfn_approx_count_distinct_bad_rsd(spark):
    return expect_error(lambda: pairs(spark).select(F().approx_count_distinct("a", 0.5)).collect())


@case
def case_aggfn_corr_covar(spark):
    f = F()
    out = pairs(spark).groupBy("g").agg(
        f.corr("a", "d"), f.covar_pop("a", "d"), f.covar_samp("a", "d"), f.corr("b", "b")
    )
    return df_result(out, sort=True)


@case
def case_aggfn_regr(spark):
    f = F()
    out = pairs(spark).groupBy("g").agg(
        f.regr_avgx("a", "d"),
        f.regr_avgy("a", "d"),
        f.regr_count("a", "d"),
        f.regr_intercept("a", "d"),
        f.regr_r2("a", "d"),
        f.regr_slope("a", "d"),
        f.regr_sxx("a", "d"),
        f.regr_sxy("a", "d"),
        f.regr_syy("a", "d"),
    )
    return df_result(out, sort=True)


@case
def case_aggfn_regr_constant_x(spark):
    f = F()
    df = spark.createDataFrame([(1.0, 2.0), (2.0, 2.0), (4.0, 2.0)], "y DOUBLE, x DOUBLE")
    return df_result(
        df.select(
            f.regr_slope("y", "x"), f.regr_r2("y", "x"), f.regr_intercept("y", "x"),
            f.regr_r2("x", "y"), f.corr("x", "y"),
        )
    )


@case
def case_aggfn_moments(spark):
    f = F()
    out = pairs(spark).groupBy("g").agg(
        f.kurtosis("a"), f.skewness("a"), f.kurtosis("d"), f.skewness("d")
    )
    return df_result(out, sort=True)


@case
def case_aggfn_empty_global(spark):
    f = F()
    df = empty(spark)
    return df_result(
        df.select(
            f.corr("a", "d"),
            f.kurtosis("a"),
            f.regr_count("a", "d"),
            f.median("a"),
            f.mode("a"),
            f.percentile("a", 0.5),
            f.percentile_approx("a", 0.5),
            f.product("a"),
            f.try_sum("a"),
            f.try_avg("a"),
            f.max_by("s", "d"),
            f.approx_count_distinct("a"),
            f.histogram_numeric("a", f.lit(3)),
        )
    )


@case
def case_aggfn_empty_global_binary(spark):
    f = F()
    df = empty(spark)
    return df_result(
        df.select(
            f.count_min_sketch("a", f.lit(0.5), f.lit(0.5), f.lit(1)),
            f.bitmap_count(f.bitmap_construct_agg(f.bitmap_bit_position("a"))),
        )
    )


@case
def case_aggfn_min_max_by(spark):
    f = F()
    out = pairs(spark).groupBy("g").agg(
        f.max_by("s", "d"), f.min_by("s", "d"), f.max_by("a", "s"), f.min_by("d", "a")
    )
    return df_result(out, sort=True)


@case
def case_aggfn_min_max_by_ties_and_k(spark):
    df = spark.createDataFrame(
        [(1, "p", 3), (2, "q", 3), (3, "r", 1), (4, None, 5), (5, "t", None)], "i INT, s STRING, o INT"
    )
    return df_result(
        df.selectExpr(
            "max_by(i, o)", "min_by(i, o)", "max_by(s, o, 2)", "min_by(i, o, 3)", "max_by(s, o, 10)"
        )
    )


@case
def case_aggfn_median_mode(spark):
    f = F()
    out = pairs(spark).groupBy("g").agg(
        f.median("a"), f.median("d"), f.mode("a"), f.mode("s"), f.expr("mode(d, true)")
    )
    return df_result(out, sort=True)


@case
def case_aggfn_mode_deterministic(spark):
    f = F()
    df = spark.createDataFrame([(3,), (1,), (3,), (1,), (2,), (None,)], "x INT")
    return df_result(df.select(f.expr("mode(x, true)"), f.expr("mode(x, false)"), f.mode("x")))


@case
def case_aggfn_percentile(spark):
    f = F()
    df = pairs(spark)
    out = df.groupBy("g").agg(
        f.percentile("a", 0.5),
        f.percentile("d", [0.25, 0.75, 0.0, 1.0]),
        f.percentile("a", 0.3, 2),
    )
    return df_result(out, sort=True)


@case
def case_aggfn_percentile_sql(spark):
    df = pairs(spark)
    return df_result(
        df.selectExpr(
            "percentile(a, 0.5)",
            "percentile(a, array(0.25, 0.75))",
            "percentile(a, 0.5, b)",
            "percentile(d, 0.9, b)",
        )
    )


@case
def case_aggfn_percentile_out_of_range(spark):
    return expect_error(lambda: pairs(spark).selectExpr("percentile(a, 1.5)").collect())


@case
def case_aggfn_percentile_not_foldable(spark):
    return expect_error(lambda: pairs(spark).selectExpr("percentile(a, b)").collect())


@case
def case_aggfn_percentile_negative_frequency(spark):
    return expect_error(lambda: pairs(spark).selectExpr("percentile(a, 0.5, b - 5)").collect())


@case
def case_aggfn_percentile_approx(spark):
    f = F()
    df = pairs(spark)
    out = df.groupBy("g").agg(
        f.percentile_approx("a", 0.5),
        f.percentile_approx("d", [0.1, 0.5, 0.9], 100),
        f.percentile_approx("d", 0.75, 10),
    )
    return df_result(out, sort=True)


@case
def case_aggfn_approx_percentile_sql(spark):
    df = spark.range(0, 40).select((col("id") * 7 % 40).alias("v"), (col("id") / 4).alias("w"))
    return df_result(
        df.selectExpr(
            "approx_percentile(v, 0.5)",
            "approx_percentile(v, array(0.01, 0.25, 0.5, 0.75, 0.99), 1000)",
            "percentile_approx(w, 0.33)",
            "approx_percentile(CAST(v AS SMALLINT), 0.6)",
        )
    )


@case
def case_aggfn_percentile_approx_bad_accuracy(spark):
    return expect_error(lambda: pairs(spark).selectExpr("percentile_approx(a, 0.5, 0)").collect())


@case
def case_aggfn_product(spark):
    f = F()
    df = spark.createDataFrame(
        [("a", 2), ("a", -3), ("a", None), ("b", 0), ("b", 5), ("c", None)], "g STRING, x INT"
    )
    out = df.groupBy("g").agg(f.product("x"), f.product(col("x") / 2))
    return df_result(out, sort=True)


@case
def case_aggfn_try_sum_avg(spark):
    f = F()
    df = spark.createDataFrame(
        [("a", 9223372036854775807, 1.5), ("a", 1, 2.5), ("b", 5, None), ("b", -2, 1.0), ("c", None, None)],
        "g STRING, l BIGINT, d DOUBLE",
    )
    out = df.groupBy("g").agg(f.try_sum("l"), f.try_avg("l"), f.try_sum("d"), f.try_avg("d"))
    return df_result(out, sort=True)


@case
def case_aggfn_try_sum_avg_ansi_off(spark):
    f = F()
    df = spark.createDataFrame([(9223372036854775807,), (1,)], "l BIGINT")
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(f.try_sum("l"), f.try_avg("l")))


@case
def case_aggfn_try_sum_avg_decimal(spark):
    df = spark.createDataFrame([(1,), (2,), (4,)], "x INT").selectExpr(
        "CAST(x / 3 AS DECIMAL(10, 3)) AS m"
    )
    return df_result(df.selectExpr("try_sum(m)", "try_avg(m)"))


@case
def case_aggfn_listagg(spark):
    df = pairs(spark)
    out = df.groupBy("g").agg(
        F().expr("listagg(s)"), F().expr("listagg(s, ', ')"), F().expr("string_agg(s, '-')")
    )
    return df_result(out, sort=True)


@case(min_client=(4, 0))
def case_aggfn_listagg_client(spark):
    f = F()
    # Without WITHIN GROUP the order is Spark's merge order: keep one repeated value.
    df = pairs(spark).where(col("s") == "x")
    return df_result(
        df.select(
            f.listagg("s"),
            f.string_agg("s", "|"),
            # Spark's DISTINCT order is its hash order: compare the length only.
            f.length(f.listagg_distinct("s", ",")).alias("ld"),
            f.length(f.string_agg_distinct("s")).alias("sd"),
        )
    )


@case
def case_aggfn_histogram_numeric(spark):
    f = F()
    df = pairs(spark)
    out = df.groupBy("g").agg(
        f.histogram_numeric("a", f.lit(3)), f.histogram_numeric("d", f.lit(2))
    )
    return df_result(out, sort=True)


@case
def case_aggfn_histogram_numeric_merges(spark):
    f = F()
    # One partition: Spark merges per-partition histograms, which depends on its partitioning.
    df = spark.range(0, 30).coalesce(1).select(
        ((col("id") * 37) % 23).alias("v"), (col("id") * 1.5).alias("w")
    )
    return df_result(
        df.select(f.histogram_numeric("v", f.lit(4)), f.histogram_numeric("w", f.lit(5)))
    )


@case
def case_aggfn_histogram_numeric_bad_nb(spark):
    return expect_error(lambda: pairs(spark).selectExpr("histogram_numeric(a, 1)").collect())


@case
def case_aggfn_count_min_sketch(spark):
    f = F()
    df = pairs(spark)
    out = df.groupBy("g").agg(
        f.count_min_sketch("a", f.lit(0.5), f.lit(0.5), f.lit(1)),
        f.count_min_sketch("s", f.lit(0.2), f.lit(0.9), f.lit(42)),
        f.count_min_sketch(col("b").cast("long"), f.lit(0.3), f.lit(0.99), f.lit(-7)),
    )
    return df_result(out, sort=True)


@case
def case_aggfn_count_min_sketch_strings(spark):
    f = F()
    df = spark.range(0, 50).select(
        f.concat(f.lit("item-"), (col("id") % 13).cast("string")).alias("k"),
        f.encode(f.concat(f.lit("é"), (col("id") % 5).cast("string")), "UTF-8").alias("bin"),
    )
    return df_result(
        df.select(
            f.count_min_sketch("k", f.lit(0.1), f.lit(0.95), f.lit(3)),
            f.count_min_sketch("bin", f.lit(0.25), f.lit(0.75), f.lit(11)),
        )
    )


@case
def case_aggfn_count_min_sketch_bad_eps(spark):
    return expect_error(
        lambda: pairs(spark).selectExpr("count_min_sketch(a, 0.0d, 0.5d, 1)").collect()
    )


@case
def case_aggfn_count_min_sketch_bad_type(spark):
    return expect_error(
        lambda: pairs(spark).selectExpr("count_min_sketch(d, 0.1d, 0.5d, 1)").collect()
    )


@case
def case_aggfn_bitmap(spark):
    f = F()
    df = spark.createDataFrame(
        [("a", 1), ("a", 2), ("a", 5), ("a", 32768), ("a", 32769), ("b", -5), ("b", 0), ("b", None)],
        "g STRING, x BIGINT",
    )
    pos = df.select(
        "g",
        "x",
        f.bitmap_bit_position("x").alias("p"),
        f.bitmap_bucket_number("x").alias("k"),
    )
    bitmaps = pos.groupBy("g", "k").agg(f.bitmap_construct_agg("p").alias("bm"))
    out = bitmaps.groupBy("g").agg(
        f.bitmap_count(f.bitmap_or_agg("bm")).alias("n"),
        f.hex(f.substring(f.bitmap_or_agg("bm"), 1, 4)).alias("head"),
        f.count("k"),
    )
    return {"positions": df_result(pos, sort=True), "bitmaps": df_result(out, sort=True)}


@case
def case_aggfn_bitmap_construct(spark):
    f = F()
    df = spark.createDataFrame([(0,), (1,), (4,), (15,), (None,)], "p INT")
    return df_result(
        df.select(
            f.hex(f.substring(f.bitmap_construct_agg("p"), 1, 3)).alias("h"),
            f.length(f.bitmap_construct_agg("p")).alias("len"),
            f.bitmap_count(f.bitmap_construct_agg("p")),
        )
    )


@case(min_client=(4, 0))
def case_aggfn_bitmap_and(spark):
    f = F()
    df = spark.createDataFrame([(1, 0), (1, 1), (1, 3), (2, 1), (2, 3), (2, 7)], "g INT, p INT")
    bms = df.groupBy("g").agg(f.bitmap_construct_agg("p").alias("bm"))
    return df_result(
        bms.select(
            f.hex(f.substring(f.bitmap_and_agg("bm"), 1, 2)).alias("and"),
            f.hex(f.substring(f.bitmap_or_agg("bm"), 1, 2)).alias("or"),
        )
    )


@case
def case_aggfn_bitmap_bad_position(spark):
    return expect_error(
        lambda: spark.range(1).selectExpr("bitmap_construct_agg(id + 100000)").collect()
    )


@case
def case_aggfn_bitmap_scalars(spark):
    return df_result(
        spark.range(1).selectExpr(
            "bitmap_bit_position(1)",
            "bitmap_bit_position(-5)",
            "bitmap_bit_position(0)",
            "bitmap_bit_position(32769)",
            "bitmap_bucket_number(-5)",
            "bitmap_bucket_number(0)",
            "bitmap_bucket_number(65536)",
            "bitmap_bucket_number(CAST(NULL AS INT))",
        )
    )


@case
def case_aggfn_filter_clause(spark):
    df = pairs(spark)
    out = df.groupBy("g").agg(
        F().expr("median(a) FILTER (WHERE d > 1)"),
        F().expr("count(DISTINCT a, s) FILTER (WHERE a > 1)"),
        F().expr("max_by(s, d) FILTER (WHERE d < 5)"),
        F().expr("percentile(d, 0.5) FILTER (WHERE s IS NOT NULL)"),
        F().expr("kurtosis(d) FILTER (WHERE a IS NOT NULL)"),
        F().expr("corr(a, d) FILTER (WHERE a < 5)"),
    )
    return df_result(out, sort=True)


@case
def case_aggfn_sql_distinct(spark):
    df = pairs(spark)
    return df_result(
        df.selectExpr(
            "count(DISTINCT a, s)",
            "sum(DISTINCT a)",
            "median(DISTINCT a)",
            "percentile(DISTINCT a, 0.5)",
            "kurtosis(DISTINCT a)",
            "approx_count_distinct(DISTINCT s)",
        )
    )


@case
def case_aggfn_windows(spark):
    from pyspark.sql import Window

    f = F()
    df = pairs(spark)
    w = Window.partitionBy("g")
    run = Window.partitionBy("g").orderBy("d").rowsBetween(Window.unboundedPreceding, 0)
    slide = Window.partitionBy("g").orderBy("d").rowsBetween(-1, 1)
    out = df.select(
        "g",
        "a",
        "d",
        f.median("a").over(w).alias("med"),
        f.corr("a", "d").over(w).alias("corr"),
        f.max_by("s", "d").over(run).alias("mb"),
        f.percentile("d", 0.5).over(slide).alias("p"),
        f.kurtosis("d").over(run).alias("k"),
        f.product("a").over(slide).alias("prod"),
        f.approx_count_distinct("s").over(w).alias("acd"),
        f.expr("mode(a, true)").over(run).alias("mode"),
    )
    return df_result(out, sort=True)


@case
def case_aggfn_names(spark):
    f = F()
    df = pairs(spark)
    return {
        "columns": df.select(
            f.median("a"), f.mode("a"), f.percentile("a", 0.5), f.percentile_approx("a", 0.5),
            f.approx_count_distinct("a", 0.1), f.count_distinct("a", "s"), f.sum_distinct("a"),
            f.product("a"), f.try_sum("a"), f.max_by("s", "d"), f.regr_count("a", "d"),
        ).columns,
        "sql": df.selectExpr(
            "approx_percentile(a, 0.5, 100)", "percentile(a, 0.5, b)", "listagg(s)",
            "string_agg(DISTINCT s, '-')", "mode(a, false)", "count(a) FILTER (WHERE d > 1)",
        ).columns,
    }


@case
def case_aggfn_approx_count_distinct_types(spark):
    df = spark.range(0, 120).selectExpr(
        "id % 2 = 0 AS b",
        "CAST(id % 100 AS TINYINT) AS t",
        "CAST(id * 3 AS SMALLINT) AS sm",
        "CAST(id / 4 AS FLOAT) AS fl",
        "CAST(id / 8 AS DOUBLE) AS db",
        "CAST(id / 3 AS DECIMAL(10, 2)) AS d10",
        "CAST(id * 1000000000000 AS DECIMAL(30, 2)) AS d30",
        "CAST(CAST(id AS STRING) AS BINARY) AS bin",
    )
    return df_result(
        df.selectExpr(
            "approx_count_distinct(b)", "approx_count_distinct(t)", "approx_count_distinct(sm)",
            "approx_count_distinct(fl)", "approx_count_distinct(db)", "approx_count_distinct(d10)",
            "approx_count_distinct(d30)", "approx_count_distinct(bin)",
        )
    )


@case
def case_aggfn_approx_count_distinct_special_doubles(spark):
    df = spark.createDataFrame(
        [(0.0,), (-0.0,), (float("nan"),), (float("inf"),), (1.0,), (None,)], "x DOUBLE"
    )
    return df_result(
        df.selectExpr("approx_count_distinct(x)", "approx_count_distinct(CAST(x AS FLOAT))")
    )


@case
def case_aggfn_approx_count_distinct_precise(spark):
    f = F()
    df = spark.range(0, 5000).select(col("id"), f.concat(f.lit("v"), col("id").cast("string")).alias("k"))
    return df_result(
        df.select(
            f.approx_count_distinct("id", 0.01),
            f.approx_count_distinct("k", 0.01),
            f.approx_count_distinct("id", 0.3),
        )
    )



@case
def case_aggfn_approx_count_distinct_datetimes(spark):
    import datetime

    rows = [
        (datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
         datetime.datetime(2024, 1, 1, 0, 0, 0) + datetime.timedelta(seconds=1234 * i))
        for i in range(150)
    ]
    with utc(spark):
        df = spark.createDataFrame(rows, "dt DATE, ts TIMESTAMP")
        return df_result(df.selectExpr("approx_count_distinct(dt)", "approx_count_distinct(ts)"))


def texts(spark):
    return spark.createDataFrame(
        [("1", "2"), ("2.5", "x"), ("oops", "4"), (None, "8"), ("4", "16")], "s STRING, t STRING"
    )


@case
def case_aggfn_string_inputs_ansi_off(spark):
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(
            texts(spark).selectExpr(
                "kurtosis(s)", "skewness(s)", "corr(s, t)", "covar_pop(s, t)", "regr_slope(t, s)",
                "regr_r2(t, s)", "product(s)" if False else "regr_count(s, t)",
            )
        )


@case
def case_aggfn_string_inputs_ansi_on(spark):
    with conf(spark, spark_sql_ansi_enabled="true"):
        return expect_error(lambda: texts(spark).selectExpr("kurtosis(s)").collect())


@case
def case_aggfn_product_strings(spark):
    f = F()
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(texts(spark).select(f.product("s"), f.product("t")))


@case
def case_aggfn_windows_sliding_stats(spark):
    from pyspark.sql import Window

    f = F()
    df = spark.range(0, 12).select(
        (col("id") % 2).alias("g"), col("id").alias("x"), ((col("id") * 7) % 5).alias("y")
    )
    slide = Window.partitionBy("g").orderBy("x").rowsBetween(-2, 0)
    out = df.select(
        "g",
        "x",
        f.corr("x", "y").over(slide).alias("corr"),
        f.regr_r2("y", "x").over(slide).alias("r2"),
        f.regr_count("y", "x").over(slide).alias("n"),
        f.skewness("y").over(slide).alias("sk"),
        f.min_by("x", "y").over(slide).alias("mb"),
        f.try_sum("y").over(slide).alias("ts"),
        f.percentile_approx("y", 0.5).over(slide).alias("pa"),
    )
    return df_result(out, sort=True)


@case
def case_aggfn_window_distinct_error(spark):
    return expect_error(
        lambda: pairs(spark).selectExpr("count(DISTINCT a) OVER (PARTITION BY g)").collect()
    )


@case
def case_aggfn_percentile_approx_datetimes(spark):
    import datetime

    rows = [
        (datetime.date(2024, 1, 1) + datetime.timedelta(days=3 * i),
         datetime.datetime(2024, 1, 1) + datetime.timedelta(minutes=17 * i))
        for i in range(20)
    ]
    with utc(spark):
        df = spark.createDataFrame(rows, "dt DATE, ts TIMESTAMP")
        return df_result(
            df.selectExpr(
                "percentile_approx(dt, 0.5)", "percentile_approx(ts, array(0.1, 0.9))",
                "max_by(dt, ts)", "mode(dt, true)",
            )
        )


@case
def case_aggfn_approx_count_distinct_hll_ranges(spark):
    f = F()
    df = spark.range(0, 4000).select(
        (col("id") % 800).alias("a"), (col("id") % 1100).alias("b"), col("id").alias("c"),
        (col("id") % 6).alias("d"),
    )
    return df_result(
        df.select(
            f.approx_count_distinct("a"), f.approx_count_distinct("b"),
            f.approx_count_distinct("c"), f.approx_count_distinct("d", 0.39),
        )
    )


@case
def case_aggfn_pivot_and_dict_agg(spark):
    f = F()
    df = pairs(spark)
    piv = df.groupBy("g").pivot("s", ["x", "y"]).agg(f.median("a"), f.max_by("b", "d"))
    dict_agg = df.groupBy("g").agg({"d": "kurtosis", "a": "median", "b": "skewness"})
    return {"pivot": df_result(piv, sort=True), "dict": df_result(dict_agg, sort=True)}


@case
def case_aggfn_try_sum_decimal_overflow(spark):
    df = spark.range(0, 3).selectExpr(
        "CAST('99999999999999999999999999999999999999' AS DECIMAL(38, 0)) AS big",
        "CAST(id AS DECIMAL(38, 0)) AS small",
    )
    return df_result(
        df.selectExpr("try_sum(big)", "try_avg(big)", "try_sum(small)", "try_avg(small)")
    )


@case
def case_aggfn_percentile_approx_compressed(spark):
    # One partition: Spark merges per-partition summaries, which depends on its partitioning.
    df = spark.range(0, 30000).coalesce(1).selectExpr(
        "(id * 7919) % 30011 AS v", "CAST(((id * 104729) % 997) / 7.0 AS DOUBLE) AS w"
    )
    return df_result(
        df.selectExpr(
            "percentile_approx(v, array(0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999))",
            "percentile_approx(v, 0.5, 100)",
            "percentile_approx(w, array(0.05, 0.5, 0.95), 500)",
            "percentile_approx(CAST(v AS INT), 0.37, 20000)",
        )
    )


@case
def case_aggfn_min_max_by_k_heap(spark):
    df = spark.range(0, 40).coalesce(1).selectExpr("id AS i", "(id * 7) % 5 AS o", "id % 3 AS g")
    out = df.groupBy("g").agg(
        F().expr("max_by(i, o, 4)"), F().expr("min_by(i, o, 3)"), F().expr("max_by(o, i, 2)")
    )
    return df_result(out, sort=True)


@case
def case_aggfn_mode_ties(spark):
    import datetime

    from pyspark.sql import Window

    f = F()
    df = pairs(spark)
    run = Window.partitionBy("g").orderBy("d").rowsBetween(Window.unboundedPreceding, 0)
    ties = df.groupBy("g").agg(f.mode("d"), f.mode("s"), f.mode("a"), f.mode("b"))
    over = df.select("g", "d", f.mode("s").over(run).alias("m"))
    dates = spark.createDataFrame(
        [(datetime.date(2024, 1, 1) + datetime.timedelta(days=3 * i), i % 7, float(i) / 4)
         for i in range(20)],
        "dt DATE, k INT, w DOUBLE",
    ).selectExpr("*", "CAST(k AS BIGINT) AS kl", "CAST(k AS STRING) AS ks")
    many = dates.select(
        f.mode("dt"), f.mode("k"), f.mode("w"), f.mode("kl"), f.mode("ks"), f.mode(col("k") > 3)
    )
    return {
        "ties": df_result(ties, sort=True),
        "over": df_result(over, sort=True),
        "many": df_result(many),
    }


@case
def case_aggfn_listagg_implicit_string(spark):
    """`listagg`/`string_agg` take any atomic input by Spark's implicit cast to STRING (a binary
    stays binary), also with WITHIN GROUP and DISTINCT."""
    q = lambda s: df_result(spark.sql(s))  # noqa: E731
    return {
        "ints": q("SELECT listagg(id, ',') FROM VALUES (1), (2) AS t(id)"),
        "dates": q("SELECT string_agg(d) FROM VALUES (DATE'2024-01-02'), (NULL) AS t(d)"),
        "timestamps": q("SELECT listagg(ts, '|') FROM VALUES (TIMESTAMP'2024-01-02 03:04:05') AS t(ts)"),
        "binaries": q("SELECT listagg(b) FROM VALUES (X'41'), (X'42') AS t(b)"),
        "distinct_decimals": q("SELECT listagg(DISTINCT x, 0) WITHIN GROUP (ORDER BY x) "
                               "FROM VALUES (1.5), (1.5), (2.0) AS t(x)"),
        "within_group": q("SELECT listagg(id, '-') WITHIN GROUP (ORDER BY id DESC) FROM VALUES (1), (2), (3) AS t(id)"),
        "array": expect_error(lambda: spark.sql("SELECT listagg(a) FROM VALUES (array(1)) AS t(a)").collect()),
    }


@case
def case_aggfn_within_group_over(spark):
    """An ordered-set aggregate over a window reads the whole partition (Spark prints the frame
    `ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING`); ORDER BY or a frame in the
    window is INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC."""
    t = "FROM VALUES (1, 'u'), (5, 'u'), (2, 'v'), (NULL, 'v') AS t(a, p)"
    q = lambda s: df_result(spark.sql(s), sort=True)  # noqa: E731
    err = lambda s: expect_error(lambda: spark.sql(s).collect())  # noqa: E731
    return {
        "cont": q(f"SELECT a, percentile_cont(0.5) WITHIN GROUP (ORDER BY a) OVER (PARTITION BY p) {t}"),
        "disc_desc": q(f"SELECT a, percentile_disc(0.5) WITHIN GROUP (ORDER BY a DESC) OVER (PARTITION BY p) AS x {t}"),
        "mode": q(f"SELECT a, mode() WITHIN GROUP (ORDER BY a) OVER (PARTITION BY p) AS x {t}"),
        "listagg_whole": q(f"SELECT a, listagg(a, ',') WITHIN GROUP (ORDER BY a DESC) OVER () {t}"),
        "frame": err(f"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a) "
                     f"OVER (PARTITION BY p ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) {t}"),
        "order": err(f"SELECT listagg(a) WITHIN GROUP (ORDER BY a) OVER (PARTITION BY p ORDER BY a) {t}"),
    }
