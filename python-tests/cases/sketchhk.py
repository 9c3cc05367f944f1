"""DataSketches HLL and KLL sketch functions (issue 4): hll_sketch_agg, hll_union_agg,
hll_sketch_estimate, hll_union and the kll_* family. Sketch images are compared as hex, so they
must be byte-identical to Spark's (Java DataSketches); sketches Spark produced are fed back as
unhex literals."""

from support import df_result, expect_error

from ._base import F, case, col, conf

# Sketch images recorded from Spark 4.3.0.
SPARK_HLL_123 = "0201070C030003082BF2FB06862FF90D758166070000000000000000000000000000000000000000"
SPARK_HLL_AB = "0201070C030002082F823B040AFF8004000000000000000000000000000000000000000000000000"
SPARK_HLL_LGK10 = "0201070A03000208CBD7C204C1E91705000000000000000000000000000000000000000000000000"


def typed(spark):
    return spark.createDataFrame(
        [
            (1, 10, "a", bytearray(b"\x01\x02"), "g1"),
            (2, 20, "b", bytearray(b""), "g1"),
            (3, None, "", None, "g2"),
            (2, 10, None, bytearray(b"\x01\x02"), "g2"),
            (None, -1, "héllo", bytearray(b"\xff"), "g2"),
        ],
        "i INT, l BIGINT, s STRING, b BINARY, g STRING",
    ).coalesce(1)


@case
def case_sketchhk_hll_agg_types(spark):
    f = F()
    df = typed(spark)
    return df_result(
        df.select(
            f.hex(f.hll_sketch_agg("i")),
            f.hex(f.hll_sketch_agg("l", 10)),
            f.hex(f.hll_sketch_agg("s")),
            f.hex(f.hll_sketch_agg("b", 4)),
            f.hll_sketch_estimate(f.hll_sketch_agg(col("i"), 21)),
        )
    )


@case
def case_sketchhk_hll_agg_grouped(spark):
    f = F()
    df = typed(spark)
    out = df.groupBy("g").agg(
        f.hex(f.hll_sketch_agg("s")).alias("hs"),
        f.hll_sketch_estimate(f.hll_sketch_agg("l")).alias("el"),
        f.hll_sketch_estimate(f.hll_sketch_agg("i", 5)).alias("ei"),
    )
    return df_result(out, sort=True)


@case
def case_sketchhk_hll_large(spark):
    """100000 distinct values over two partitions: the partial sketches merge into an
    out-of-order sketch (composite estimate), whatever the split."""
    f = F()
    df = spark.range(100000)
    out = df.select(
        f.hll_sketch_agg("id").alias("l"),
        f.hll_sketch_agg(col("id").cast("int"), 4).alias("i4"),
        f.hll_sketch_agg("id", 21).alias("l21"),
    )
    return df_result(
        out.select(
            f.hll_sketch_estimate("l"),
            f.hll_sketch_estimate("i4"),
            f.hll_sketch_estimate("l21"),
            f.md5("l"),
        )
    )


@case
def case_sketchhk_hll_large_strings(spark):
    f = F()
    out = spark.range(100000).select(f.hll_sketch_agg(col("id").cast("string")).alias("s"))
    return df_result(out.select(f.hll_sketch_estimate("s"), f.md5("s")))


@case
def case_sketchhk_hll_single_partition_hip(spark):
    """One partition: the sketch keeps its HIP estimator."""
    f = F()
    out = spark.range(5000).coalesce(1).select(f.hll_sketch_agg("id").alias("s"))
    return df_result(out.select(f.hll_sketch_estimate("s"), f.md5("s")))


@case
def case_sketchhk_hll_large_merged(spark):
    """Sketches of two halves unioned: a composite (out-of-order) estimate, as Spark's merge
    of two partial buffers gives."""
    f = F()
    a = spark.range(0, 50000).select(f.hll_sketch_agg("id").alias("s"))
    b = spark.range(50000, 100000).select(f.hll_sketch_agg("id").alias("s"))
    u = a.union(b).coalesce(1).select(f.hll_union_agg("s").alias("u"))
    return df_result(u.select(f.hll_sketch_estimate("u"), f.md5("u")))


@case
def case_sketchhk_hll_sql_values(spark):
    return df_result(
        spark.sql(
            "SELECT hll_sketch_estimate(hll_sketch_agg(col, 12)) AS a, "
            "hll_sketch_estimate(hll_sketch_agg(DISTINCT col)), hex(hll_sketch_agg(col + 0, 5)) "
            "FROM VALUES (1), (1), (2), (2), (3) tab(col) WHERE col = 2"
        )
    )


@case
def case_sketchhk_hll_union_sql(spark):
    return df_result(
        spark.sql(
            "SELECT hll_sketch_estimate(hll_union(hll_sketch_agg(col1), hll_sketch_agg(col2))), "
            "hex(hll_union(hll_sketch_agg(col1, 12), hll_sketch_agg(col2 + 5, 10), true)) "
            "FROM VALUES (1, 4), (1, 4), (2, 5), (2, 5), (3, 6) tab(col1, col2)"
        )
    )


@case
def case_sketchhk_hll_union_agg_different_lgk(spark):
    a = spark.sql("SELECT hll_sketch_agg(col) AS sketch FROM VALUES (1) tab(col)")
    b = spark.sql("SELECT hll_sketch_agg(col, 20) AS sketch FROM VALUES (1) tab(col)")
    u = a.union(b).coalesce(1).selectExpr("hll_union_agg(sketch, true) AS u")
    # The union's lgConfigK is the first sketch's, which depends on the partition order.
    return df_result(u.selectExpr("hll_sketch_estimate(u)", "substr(hex(u), 17)"))


@case
def case_sketchhk_hll_spark_bytes(spark):
    f = F()
    df = spark.createDataFrame(
        [(SPARK_HLL_123, SPARK_HLL_AB), (SPARK_HLL_AB, None)], "x STRING, y STRING"
    ).select(f.unhex("x").alias("x"), f.unhex("y").alias("y"))
    return df_result(
        df.select(
            f.hll_sketch_estimate("x"),
            f.hll_sketch_estimate("y"),
            f.hex(f.hll_union("x", "y")),
            f.hll_sketch_estimate(f.hll_union("x", "y")),
        ),
        sort=True,
    )


@case
def case_sketchhk_hll_union_agg_grouped(spark):
    f = F()
    df = spark.createDataFrame(
        [("a", SPARK_HLL_123), ("a", SPARK_HLL_AB), ("b", SPARK_HLL_LGK10), ("b", None),
         ("c", None)],
        "k STRING, h STRING",
    ).select("k", f.unhex("h").alias("s")).coalesce(1)
    out = df.groupBy("k").agg(
        f.hex(f.hll_union_agg("s")).alias("u"),
        f.hll_sketch_estimate(f.hll_union_agg("s", True)).alias("e"),
    )
    return df_result(out, sort=True)


@case
def case_sketchhk_hll_empty_and_nulls(spark):
    f = F()
    df = spark.createDataFrame([(None, None)], "i INT, s BINARY")
    return df_result(
        df.select(
            f.hex(f.hll_sketch_agg("i")),
            f.hll_sketch_estimate(f.hll_sketch_agg("i")),
            f.hex(f.hll_union_agg("s")),
        )
    )


@case
def case_sketchhk_hll_null_scalars(spark):
    f = F()
    df = spark.createDataFrame([(None, None)], "i INT, s BINARY")
    return df_result(
        df.select(
            f.hll_sketch_estimate("s"),
            f.hll_union("s", "s"),
            f.hll_union("s", "s", True),
        )
    )


@case
def case_sketchhk_hll_empty_input(spark):
    f = F()
    df = spark.createDataFrame([(1, "x")], "i INT, k STRING").where("i > 5")
    return df_result(df.select(f.hex(f.hll_sketch_agg("i", 8)), f.hex(f.hll_union_agg(f.lit(None).cast("binary")))))


@case
def case_sketchhk_hll_expr_strings(spark):
    df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "a")], "x INT, k STRING").coalesce(1)
    out = df.groupBy("k").agg(
        F().expr("hll_sketch_estimate(hll_sketch_agg(x, 10))"),
        F().expr("hex(hll_union(hll_sketch_agg(x), hll_sketch_agg(x + 1)))"),
    )
    return df_result(out, sort=True)


@case
def case_sketchhk_hll_err_lgk_low(spark):
    f = F()
    df = spark.createDataFrame([(1,)], "x INT")
    return expect_error(lambda: df.select(f.hll_sketch_agg("x", 3)).collect())


@case
def case_sketchhk_hll_err_lgk_high(spark):
    return expect_error(lambda: spark.sql("SELECT hll_sketch_agg(x, 22) FROM VALUES (1) t(x)").collect())


@case
def case_sketchhk_hll_err_type(spark):
    f = F()
    df = spark.createDataFrame([(1.0,)], "x DOUBLE")
    return expect_error(lambda: df.select(f.hll_sketch_agg("x")).collect())


@case
def case_sketchhk_hll_err_lgk_type(spark):
    return expect_error(
        lambda: spark.sql("SELECT hll_sketch_agg(x, 12L) FROM VALUES (1) t(x)").collect()
    )


@case
def case_sketchhk_hll_err_lgk_not_constant(spark):
    return expect_error(
        lambda: spark.sql("SELECT hll_sketch_agg(x, y) FROM VALUES (1, 12) t(x, y)").collect()
    )


@case
def case_sketchhk_hll_err_bad_buffer_estimate(spark):
    return expect_error(lambda: spark.sql("SELECT hll_sketch_estimate(X'0102')").collect())


@case
def case_sketchhk_hll_err_bad_buffer_union(spark):
    return expect_error(lambda: spark.sql("SELECT hll_union(X'0102', X'0102')").collect())


@case
def case_sketchhk_hll_err_bad_buffer_union_agg(spark):
    return expect_error(
        lambda: spark.sql("SELECT hll_union_agg(x) FROM VALUES (X'01') t(x)").collect()
    )


@case
def case_sketchhk_hll_err_union_lgk(spark):
    f = F()
    df = spark.createDataFrame([(SPARK_HLL_123, SPARK_HLL_LGK10)], "x STRING, y STRING").select(
        f.unhex("x").alias("x"), f.unhex("y").alias("y")
    )
    return expect_error(lambda: df.select(f.hll_union("x", "y")).collect())


@case
def case_sketchhk_hll_err_union_agg_lgk(spark):
    f = F()
    df = spark.createDataFrame([(SPARK_HLL_123,), (SPARK_HLL_LGK10,)], "x STRING").select(
        f.unhex("x").alias("x")
    ).coalesce(1)
    return expect_error(lambda: df.select(f.hll_union_agg("x")).collect())


@case
def case_sketchhk_hll_err_estimate_type(spark):
    return expect_error(lambda: spark.sql("SELECT hll_sketch_estimate(1)").collect())


@case
def case_sketchhk_hll_err_nargs(spark):
    return expect_error(lambda: spark.sql("SELECT hll_union(X'00')").collect())


# ---- KLL quantile sketches ----

SPARK_KLL_LONGS_1235 = (
    "05010F000800080004000000000000000800010004000000010000000000000005000000000000000100000000"
    "000000020000000000000003000000000000000500000000000000"
)


def kll_data(spark):
    return spark.createDataFrame(
        [(1, 1.0, "a"), (2, 2.5, "a"), (3, None, "b"), (None, -4.0, "b"), (5, 5.5, "a"),
         (2, float("nan"), "b")],
        "i INT, d DOUBLE, g STRING",
    ).coalesce(1)


@case(min_client=(4, 0))
def case_sketchhk_kll_agg_images(spark):
    f = F()
    df = kll_data(spark).withColumn("fl", col("d").cast("float")).coalesce(1)
    return df_result(
        df.select(
            f.hex(f.kll_sketch_agg_bigint("i")),
            f.hex(f.kll_sketch_agg_bigint("i", 8)),
            f.hex(f.kll_sketch_agg_double("d")),
            f.hex(f.kll_sketch_agg_float("fl", 20)),
            f.hex(f.kll_sketch_agg_double("fl")),
        )
    )


@case(min_client=(4, 0))
def case_sketchhk_kll_queries(spark):
    f = F()
    df = kll_data(spark)
    s = df.select(
        f.kll_sketch_agg_bigint("i").alias("b"),
        f.kll_sketch_agg_double("d").alias("d"),
    )
    return df_result(
        s.select(
            f.kll_sketch_get_n_bigint("b"),
            f.kll_sketch_get_n_double("d"),
            f.kll_sketch_get_quantile_bigint("b", f.lit(0.5)),
            f.kll_sketch_get_quantile_bigint("b", f.array(f.lit(0.0), f.lit(0.25), f.lit(1.0))),
            f.kll_sketch_get_quantile_double("d", f.lit(0.5)),
            f.kll_sketch_get_rank_bigint("b", f.lit(2)),
            f.kll_sketch_get_rank_bigint("b", f.array(f.lit(0), f.lit(3), f.lit(9))),
            f.kll_sketch_get_rank_double("d", f.lit(2.5)),
            f.kll_sketch_get_rank_double("d", f.array(f.lit(-10.0), f.lit(5.5))),
        )
    )


@case(min_client=(4, 0))
def case_sketchhk_kll_floats(spark):
    f = F()
    df = kll_data(spark).select(col("d").cast("float").alias("x"))
    s = df.select(f.kll_sketch_agg_float("x").alias("s"))
    return df_result(
        s.select(
            f.kll_sketch_get_n_float("s"),
            f.kll_sketch_get_quantile_float("s", f.lit(0.5)),
            f.kll_sketch_get_quantile_float("s", f.array(f.lit(0.1), f.lit(0.9))),
            f.kll_sketch_get_rank_float("s", f.lit(2.5).cast("float")),
            f.kll_sketch_to_string_float("s"),
        )
    )


@case(min_client=(4, 0))
def case_sketchhk_kll_grouped(spark):
    f = F()
    df = kll_data(spark)
    out = df.groupBy("g").agg(
        f.kll_sketch_get_n_bigint(f.kll_sketch_agg_bigint("i")).alias("n"),
        f.kll_sketch_get_quantile_double(f.kll_sketch_agg_double("d"), f.lit(1.0)).alias("mx"),
        f.hex(f.kll_sketch_agg_bigint("i", 10)).alias("h"),
    )
    return df_result(out, sort=True)


@case(min_client=(4, 0))
def case_sketchhk_kll_to_string(spark):
    f = F()
    df = kll_data(spark)
    s = df.select(
        f.kll_sketch_agg_bigint("i").alias("b"),
        f.kll_sketch_agg_double("d", 50).alias("d"),
    )
    return df_result(s.select(f.kll_sketch_to_string_bigint("b"), f.kll_sketch_to_string_double("d")))


@case(min_client=(4, 0))
def case_sketchhk_kll_merge(spark):
    f = F()
    df = kll_data(spark)
    s = df.select(
        f.kll_sketch_agg_bigint("i").alias("a"),
        f.kll_sketch_agg_bigint(col("i") + 10, 20).alias("b"),
    )
    m = s.select(f.kll_sketch_merge_bigint("a", "b").alias("m"), f.kll_sketch_merge_bigint("b", "a").alias("r"))
    return df_result(m.select(f.hex("m"), f.hex("r"), f.kll_sketch_get_n_bigint("m")))


@case(min_client=(4, 0))
def case_sketchhk_kll_merge_agg(spark):
    f = F()
    df = spark.createDataFrame(
        [("x", SPARK_KLL_LONGS_1235), ("x", None), ("y", None)], "k STRING, h STRING"
    ).select("k", f.unhex("h").alias("s")).coalesce(1)
    out = df.groupBy("k").agg(
        f.hex(f.kll_merge_agg_bigint("s")).alias("m"),
        f.hex(f.kll_merge_agg_bigint("s", 30)).alias("m30"),
        f.kll_sketch_get_n_bigint(f.kll_merge_agg_bigint("s")).alias("n"),
    )
    return df_result(out, sort=True)


@case
def case_sketchhk_kll_sql(spark):
    return df_result(
        spark.sql(
            "SELECT kll_sketch_get_n_bigint(kll_sketch_agg_bigint(col)) AS n, "
            "kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(col), 0.5) AS q, "
            "kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(col), array(0.0D, 0.25D, 0.5D, 1.0D)), "
            "kll_sketch_get_rank_bigint(kll_sketch_agg_bigint(col), 3), "
            "kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(col), NULL) "
            "FROM VALUES (1), (2), (3), (NULL), (5) tab(col)"
        )
    )


@case
def case_sketchhk_kll_spark_bytes(spark):
    df = spark.createDataFrame([(SPARK_KLL_LONGS_1235,), (None,)], "h STRING").selectExpr(
        "unhex(h) AS s"
    )
    return df_result(
        df.selectExpr(
            "kll_sketch_get_n_bigint(s)",
            "kll_sketch_get_quantile_bigint(s, 0.75)",
            "kll_sketch_get_rank_bigint(s, 2)",
            "kll_sketch_to_string_bigint(s)",
            "hex(kll_sketch_merge_bigint(s, s))",
        ),
        sort=True,
    )


@case
def case_sketchhk_kll_merge_agg_sql(spark):
    return df_result(
        spark.sql(
            "SELECT kll_sketch_get_n_bigint(kll_merge_agg_bigint(sketch)), "
            "kll_sketch_get_quantile_bigint(kll_merge_agg_bigint(sketch, 8), array(0.5D, 1.0D)) "
            "FROM (SELECT kll_sketch_agg_bigint(col) AS sketch FROM VALUES (1), (2), (3) tab(col))"
        )
    )


@case
def case_sketchhk_kll_empty(spark):
    return df_result(
        spark.sql(
            "SELECT hex(kll_sketch_agg_bigint(x)), hex(kll_sketch_agg_double(CAST(x AS DOUBLE))), "
            "kll_sketch_get_n_bigint(kll_sketch_agg_bigint(x)), "
            "kll_sketch_to_string_bigint(kll_sketch_agg_bigint(x)), "
            "hex(kll_merge_agg_float(CAST(NULL AS BINARY))) "
            "FROM VALUES (CAST(NULL AS INT)) t(x)"
        )
    )


@case
def case_sketchhk_kll_err_empty_quantile(spark):
    return expect_error(
        lambda: spark.sql(
            "SELECT kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(x), 0.5) "
            "FROM VALUES (CAST(NULL AS INT)) t(x)"
        ).collect()
    )


@case
def case_sketchhk_kll_err_rank_range(spark):
    return expect_error(
        lambda: spark.sql(
            "SELECT kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(x), 1.5) "
            "FROM VALUES (1) t(x)"
        ).collect()
    )


@case
def case_sketchhk_kll_err_k_range(spark):
    return expect_error(
        lambda: spark.sql("SELECT kll_sketch_agg_bigint(x, 7) FROM VALUES (1) t(x)").collect()
    )


@case
def case_sketchhk_kll_err_k_null(spark):
    return expect_error(
        lambda: spark.sql("SELECT kll_sketch_agg_double(x, NULL) FROM VALUES (1D) t(x)").collect()
    )


@case
def case_sketchhk_kll_err_k_not_constant(spark):
    return expect_error(
        lambda: spark.sql("SELECT kll_sketch_agg_bigint(x, x) FROM VALUES (10) t(x)").collect()
    )


@case
def case_sketchhk_kll_err_type(spark):
    return expect_error(
        lambda: spark.sql("SELECT kll_sketch_agg_float(x) FROM VALUES (1.5D) t(x)").collect()
    )


@case
def case_sketchhk_kll_err_bigint_type(spark):
    return expect_error(
        lambda: spark.sql("SELECT kll_sketch_agg_bigint(x) FROM VALUES ('1') t(x)").collect()
    )


@case
def case_sketchhk_kll_err_bad_buffer(spark):
    return expect_error(lambda: spark.sql("SELECT kll_sketch_get_n_bigint(X'0102')").collect())


@case
def case_sketchhk_kll_err_bad_buffer_merge_agg(spark):
    return expect_error(
        lambda: spark.sql("SELECT kll_merge_agg_double(s) FROM VALUES (X'01') t(s)").collect()
    )


@case
def case_sketchhk_kll_err_rank_not_constant(spark):
    return expect_error(
        lambda: spark.sql(
            "SELECT kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(x), CAST(x AS DOUBLE)) "
            "FROM VALUES (1) t(x) GROUP BY x"
        ).collect()
    )


@case
def case_sketchhk_kll_estimation_mode(spark):
    """1000 items with k = 50: compaction keeps a random half, so only n, the extremes and the
    summary (levels, retained counts) are deterministic."""
    s = spark.range(1000).coalesce(1).selectExpr("kll_sketch_agg_bigint(id, 50) AS s")
    return df_result(
        s.selectExpr(
            "kll_sketch_get_n_bigint(s)",
            "kll_sketch_get_quantile_bigint(s, array(0.0D, 1.0D))",
            "kll_sketch_to_string_bigint(s)",
        )
    )


@case
def case_sketchhk_kll_cross_type_reads(spark):
    """Java reads any KLL image's header whatever the item type; items are reinterpreted."""
    return df_result(
        spark.sql(
            "SELECT kll_sketch_get_n_double(s), kll_sketch_to_string_double(s) FROM "
            "(SELECT kll_sketch_agg_bigint(x) AS s FROM VALUES (1) t(x))"
        )
    )


@case
def case_sketchhk_kll_err_empty_rank(spark):
    return expect_error(
        lambda: spark.sql(
            "SELECT kll_sketch_get_rank_double(kll_sketch_agg_double(x), 1.0D) "
            "FROM VALUES (CAST(NULL AS DOUBLE)) t(x)"
        ).collect()
    )


@case
def case_sketchhk_kll_err_rank_array_range(spark):
    return expect_error(
        lambda: spark.sql(
            "SELECT kll_sketch_get_quantile_double(kll_sketch_agg_double(x), array(0.5D, 2.0D)) "
            "FROM VALUES (1.0D) t(x)"
        ).collect()
    )


@case
def case_sketchhk_kll_param_casts(spark):
    return df_result(
        spark.sql(
            "SELECT kll_sketch_get_rank_bigint(kll_sketch_agg_bigint(x), 2.5), "
            "kll_sketch_get_rank_float(kll_sketch_agg_float(CAST(x AS FLOAT)), 2), "
            "kll_sketch_get_quantile_float(kll_sketch_agg_float(CAST(x AS FLOAT)), 1), "
            "kll_sketch_get_rank_double(kll_sketch_agg_double(CAST(x AS DOUBLE)), array(1, 2)) "
            "FROM VALUES (1), (2), (3) t(x)"
        )
    )


@case
def case_sketchhk_kll_string_params(spark):
    with conf(spark, spark_sql_ansi_enabled="false"):
        out = spark.sql(
            "SELECT kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(x), '0.5'), "
            "kll_sketch_get_rank_bigint(kll_sketch_agg_bigint(x), ' 2 '), "
            "kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(x), 'a') "
            "FROM VALUES (1), (2), (3) t(x)"
        )
        return df_result(out)


@case
def case_sketchhk_kll_err_string_param(spark):
    with conf(spark, spark_sql_ansi_enabled="true"):
        return expect_error(
            lambda: spark.sql(
                "SELECT kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(x), 'a') "
                "FROM VALUES (1) t(x)"
            ).collect()
        )


@case
def case_sketchhk_kll_err_merge_type(spark):
    return expect_error(
        lambda: spark.sql("SELECT kll_sketch_merge_double(X'01', 1)").collect()
    )


@case
def case_sketchhk_kll_err_quantile_type(spark):
    return expect_error(
        lambda: spark.sql(
            "SELECT kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(x), X'01') FROM VALUES (1) t(x)"
        ).collect()
    )


@case
def case_sketchhk_kll_distinct(spark):
    df = spark.createDataFrame(
        [(1, 1.0, "a"), (1, -0.0, "a"), (2, 0.0, "a"), (2, 2.0, "b"), (None, 2.0, "b"), (3, None, "b")],
        "i INT, d DOUBLE, g STRING",
    )
    out = df.groupBy("g").agg(
        F().expr("kll_sketch_get_n_bigint(kll_sketch_agg_bigint(DISTINCT i))").alias("n"),
        F().expr("kll_sketch_get_n_double(kll_sketch_agg_double(DISTINCT d, 16))").alias("nd"),
        F().expr("kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(DISTINCT i), 0.5D)").alias("q"),
        F().expr("kll_sketch_get_n_bigint(kll_sketch_agg_bigint(i))").alias("all"),
    )
    return df_result(out, sort=True)


@case
def case_sketchhk_window(spark):
    from pyspark.sql import Window

    f = F()
    df = spark.createDataFrame(
        [(1, 10, "a"), (2, 20, "a"), (3, 10, "a"), (4, 30, "b"), (5, 30, "b")],
        "o INT, x INT, g STRING",
    )
    w = Window.partitionBy("g")
    c = Window.partitionBy("g").orderBy("o")
    out = df.select(
        "o",
        f.hll_sketch_estimate(f.hll_sketch_agg("x").over(w)).alias("e"),
        f.hll_sketch_estimate(f.hll_sketch_agg("x").over(c)).alias("running"),
        f.expr("kll_sketch_get_n_bigint(kll_sketch_agg_bigint(x) OVER (PARTITION BY g ORDER BY o))").alias("n"),
    )
    return df_result(out, sort=True)
