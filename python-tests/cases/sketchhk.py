"""DataSketches HLL and KLL sketch functions (issue 4): hll_sketch_agg, hll_union_agg,
hll_sketch_estimate, hll_union and the kll_* family. Sketch images are compared as hex, so they
must be byte-identical to Spark's (Java DataSketches); sketches Spark produced are fed back as
unhex literals."""

from support import df_result, expect_error

from ._base import F, case, col

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
