"""Theta and tuple sketch functions (issue 4): theta_sketch_agg, theta_union_agg,
theta_intersection_agg, theta_sketch_estimate, theta_union, theta_intersection,
theta_difference and the tuple_* family. Sketch images are compared byte for byte with
Spark's (Java DataSketches), and Spark-made images are fed back in."""

from support import df_result, expect_error

from ._base import F, case

# Images real Spark 4.3.0 produced: theta_sketch_agg over (1), (2), (3) as INT, as STRING,
# and over (1) alone.
SPARK_INTS = "0104033E011ACC930316861AF72DF7E4558FBE9C3477E9EAEFB2E5966BADAA3DC0"
SPARK_STRINGS = "0104033F011ACC930313864298760FA6AA17C873D633CB4552D18309AE9B8F8CF0"
SPARK_ONE = "01030300003ACC9315F97DCBBD86A105"
SPARK_EMPTY = "01030300001E0000"


def sql(spark, q):
    return df_result(spark.sql(q))


@case
def case_sketchtheta_hex_types(spark):
    return sql(spark, """
        select hex(theta_sketch_agg(i)) hi, hex(theta_sketch_agg(l)) hl,
               hex(theta_sketch_agg(s)) hs, hex(theta_sketch_agg(b)) hb,
               hex(theta_sketch_agg(d)) hd, hex(theta_sketch_agg(f)) hf,
               hex(theta_sketch_agg(ai)) hai, hex(theta_sketch_agg(al)) hal
        from values
          (1, 1L, '1', X'31', 1.0D, 1.0F, array(1, 2), array(1L, 2L)),
          (2, 2L, '2', X'32', 2.0D, 2.0F, array(3), array(3L)),
          (3, 3L, '3', X'33', 3.0D, 3.0F, array(1, 2), array(-1L)),
          (0, -1L, 'héllo', X'00', -2.5D, -2.5F, array(0), array(0L)),
          (2147483647, 9223372036854775807L, 'a', X'FF', 1e300D, 3.4e38F, array(-1), array(5L))
        t(i, l, s, b, d, f, ai, al)""")


@case
def case_sketchtheta_hex_small(spark):
    return sql(spark, """
        select hex(theta_sketch_agg(col)) h, hex(theta_sketch_agg(col, 4)) h4,
               hex(theta_sketch_agg(cast(col as string))) hs,
               theta_sketch_estimate(theta_sketch_agg(col)) e
        from values (1), (2), (3), (2), (1) t(col)""")


@case
def case_sketchtheta_skipped_inputs(spark):
    return sql(spark, """
        select hex(theta_sketch_agg(s)) hs, hex(theta_sketch_agg(b)) hb,
               hex(theta_sketch_agg(a)) ha, hex(theta_sketch_agg(i)) hi,
               theta_sketch_estimate(theta_sketch_agg(s)) es
        from values ('', X'', cast(array() as array<int>), cast(null as int)),
                    (null, null, null, null)
        t(s, b, a, i)""")


@case
def case_sketchtheta_special_values(spark):
    return sql(spark, """
        select hex(theta_sketch_agg(d)) hd, hex(theta_sketch_agg(f)) hf,
               theta_sketch_estimate(theta_sketch_agg(d)) ed,
               hex(theta_sketch_agg(a)) ha
        from values (double('NaN'), float('NaN'), array(1, null)),
                    (cast(-0.0 as double), cast(-0.0 as float), array(cast(null as int))),
                    (0.0D, 0.0F, array(1, 0)),
                    (double('-inf'), float('inf'), array(0))
        t(d, f, a)""")


@case
def case_sketchtheta_empty_input(spark):
    return sql(spark, """
        select hex(theta_sketch_agg(col)) h, hex(theta_union_agg(s)) hu,
               hex(theta_intersection_agg(s)) hi,
               theta_sketch_estimate(theta_intersection_agg(s)) ei
        from values (1, cast(null as binary)) t(col, s) where col > 1""")


@case
def case_sketchtheta_null_sketches(spark):
    return sql(spark, """
        select hex(theta_union_agg(s)) hu, hex(theta_intersection_agg(s)) hi,
               theta_sketch_estimate(s) e, theta_union(s, s) u
        from values (cast(null as binary)) t(s) group by s""")


@case
def case_sketchtheta_lg_range(spark):
    return sql(spark, """
        select hex(theta_sketch_agg(id, 4)) h4,
               theta_sketch_estimate(theta_sketch_agg(id, 4)) e4,
               theta_sketch_estimate(theta_sketch_agg(id, 5)) e5,
               theta_sketch_estimate(theta_sketch_agg(id, 26)) e26
        from range(20)""")


@case
def case_sketchtheta_large_estimates(spark):
    return sql(spark, """
        select theta_sketch_estimate(theta_sketch_agg(id)) e12,
               theta_sketch_estimate(theta_sketch_agg(id, 16)) e16,
               theta_sketch_estimate(theta_sketch_agg(id, 4)) e4,
               theta_sketch_estimate(theta_sketch_agg(id, 26)) e26,
               theta_sketch_estimate(theta_sketch_agg(cast(id as string))) es,
               theta_sketch_estimate(theta_sketch_agg(cast(id as double))) ed,
               theta_sketch_estimate(theta_sketch_agg(cast(id as int))) ei
        from range(100000)""")


@case
def case_sketchtheta_large_set_ops(spark):
    return sql(spark, """
        select theta_sketch_estimate(theta_union(a, b)) u,
               theta_sketch_estimate(theta_union(a, b, 10)) u10,
               theta_sketch_estimate(theta_intersection(a, b)) i,
               theta_sketch_estimate(theta_difference(a, b)) d,
               theta_sketch_estimate(theta_difference(b, a)) d2
        from (select theta_sketch_agg(if(id < 60000, id, null)) a,
                     theta_sketch_agg(if(id >= 30000, id, null)) b
              from range(90000))""")


@case
def case_sketchtheta_large_union_agg(spark):
    return sql(spark, """
        select theta_sketch_estimate(theta_union_agg(s)) u,
               theta_sketch_estimate(theta_union_agg(s, 8)) u8,
               theta_sketch_estimate(theta_intersection_agg(s)) i
        from (select theta_sketch_agg(id % 50000) s from range(100000) group by id % 7)""")


@case
def case_sketchtheta_group_by(spark):
    df = spark.range(0, 3000, 1, 4).selectExpr("id % 3 as g", "id % 1000 as v")
    out = df.groupBy("g").agg(
        F().expr("theta_sketch_estimate(theta_sketch_agg(v))").alias("e"),
        F().expr("hex(theta_sketch_agg(v % 3, 5))").alias("h"),
    )
    return df_result(out, sort=True)


@case
def case_sketchtheta_partitions(spark):
    df = spark.range(0, 10, 1, 3).union(spark.range(5, 15, 1, 2))
    return df_result(df.selectExpr(
        "hex(theta_sketch_agg(id)) h", "theta_sketch_estimate(theta_sketch_agg(id)) e",
    ))


@case
def case_sketchtheta_union_intersection_agg(spark):
    return sql(spark, """
        select hex(theta_union_agg(s)) hu, hex(theta_intersection_agg(s)) hi,
               theta_sketch_estimate(theta_union_agg(s)) eu,
               theta_sketch_estimate(theta_intersection_agg(s)) ei
        from (select g, theta_sketch_agg(v) s
              from values (1, 1), (1, 2), (1, 3), (2, 2), (2, 3), (2, 4), (3, 3), (3, 2)
              t(g, v) group by g)""")


@case
def case_sketchtheta_set_ops_hex(spark):
    return sql(spark, """
        select hex(theta_union(a, b)) u, hex(theta_intersection(a, b)) i,
               hex(theta_difference(a, b)) d, hex(theta_union(a, b, 4)) u4,
               hex(theta_intersection(a, c)) ic, hex(theta_difference(a, a)) daa,
               hex(theta_difference(a, e)) dae, hex(theta_intersection(e, a)) iea
        from (select theta_sketch_agg(if(g = 'a', v, null)) a,
                     theta_sketch_agg(if(g = 'b', v, null)) b,
                     theta_sketch_agg(if(g = 'c', v, null)) c,
                     theta_sketch_agg(if(g = 'e', v, null)) e
              from values ('a', 1), ('a', 2), ('b', 2), ('b', 3), ('c', 7) t(g, v))""")


@case
def case_sketchtheta_spark_images(spark):
    return sql(spark, f"""
        select theta_sketch_estimate(unhex('{SPARK_INTS}')) e1,
               theta_sketch_estimate(unhex('{SPARK_ONE}')) e2,
               theta_sketch_estimate(unhex('{SPARK_EMPTY}')) e3,
               hex(theta_union(unhex('{SPARK_INTS}'), unhex('{SPARK_STRINGS}'))) u,
               theta_sketch_estimate(theta_union(unhex('{SPARK_INTS}'), unhex('{SPARK_STRINGS}'))) eu,
               hex(theta_intersection(unhex('{SPARK_INTS}'), theta_sketch_agg(2))) i,
               hex(theta_difference(unhex('{SPARK_INTS}'), unhex('{SPARK_ONE}'))) d""")


@case
def case_sketchtheta_spark_images_agg(spark):
    return sql(spark, f"""
        select hex(theta_union_agg(s)) hu, hex(theta_intersection_agg(s)) hi
        from values (unhex('{SPARK_INTS}')), (unhex('{SPARK_ONE}')), (null) t(s)""")


@case
def case_sketchtheta_nulls_scalar(spark):
    return sql(spark, """
        select theta_sketch_estimate(cast(null as binary)) e,
               theta_union(cast(null as binary), theta_sketch_agg(1)) u,
               theta_intersection(theta_sketch_agg(1), null) i,
               theta_difference(null, theta_sketch_agg(1)) d""")


@case
def case_sketchtheta_distinct(spark):
    return sql(spark, """
        select hex(theta_sketch_agg(distinct col)) h
        from values (1), (1), (2) t(col)""")


@case(min_client=(4, 0))
def case_sketchtheta_functions_api(spark):
    f = F()
    df = spark.createDataFrame([(1, 4), (2, 5), (2, 5), (3, 6)], "a INT, b INT")
    out = df.agg(
        f.theta_sketch_estimate(f.theta_sketch_agg("a")),
        f.theta_sketch_estimate(f.theta_sketch_agg("a", 15)),
        f.hex(f.theta_union(f.theta_sketch_agg("a"), f.theta_sketch_agg("b"))),
        f.hex(f.theta_union(f.theta_sketch_agg("a"), f.theta_sketch_agg("b"), 5)),
        f.theta_sketch_estimate(f.theta_intersection(f.theta_sketch_agg("a"), f.theta_sketch_agg("a"))),
        f.theta_sketch_estimate(f.theta_difference(f.theta_sketch_agg("a"), f.theta_sketch_agg("b"))),
    )
    return df_result(out)


@case(min_client=(4, 0))
def case_sketchtheta_functions_api_aggs(spark):
    f = F()
    df1 = spark.createDataFrame([1, 2, 2, 3], "INT").agg(f.theta_sketch_agg("value").alias("sketch"))
    df2 = spark.createDataFrame([2, 3, 3, 4], "INT").agg(f.theta_sketch_agg("value").alias("sketch"))
    df3 = df1.union(df2)
    out = df3.agg(
        f.theta_sketch_estimate(f.theta_union_agg("sketch")),
        f.theta_sketch_estimate(f.theta_union_agg("sketch", 20)),
        f.theta_sketch_estimate(f.theta_intersection_agg("sketch")),
        f.hex(f.theta_intersection_agg("sketch")),
    )
    return df_result(out)


@case
def case_sketchtheta_expr_names(spark):
    df = spark.createDataFrame([(1, "a"), (2, "b")], "x INT, s STRING")
    return df_result(df.selectExpr(
        "hex(theta_sketch_agg(x))", "theta_sketch_estimate(theta_sketch_agg(s, 10))",
        "theta_sketch_estimate(theta_sketch_agg(DISTINCT x))",
    ))


@case
def case_sketchtheta_err_lg_small(spark):
    return expect_error(lambda: spark.sql(
        "select theta_sketch_agg(col, 3) from values (1) t(col)").collect())


@case
def case_sketchtheta_err_lg_large(spark):
    return expect_error(lambda: spark.sql(
        "select theta_union_agg(s, 27) from (select theta_sketch_agg(1) s)").collect())


@case
def case_sketchtheta_err_lg_union(spark):
    return expect_error(lambda: spark.sql(
        "select theta_union(theta_sketch_agg(1), theta_sketch_agg(2), 3)").collect())


@case
def case_sketchtheta_err_lg_null(spark):
    return expect_error(lambda: spark.sql(
        "select theta_sketch_agg(col, null) from values (1) t(col)").collect())


@case
def case_sketchtheta_err_lg_not_constant(spark):
    return expect_error(lambda: spark.sql(
        "select theta_sketch_agg(col, c) from values (1, 12) t(col, c)").collect())


@case
def case_sketchtheta_err_lg_type(spark):
    return expect_error(lambda: spark.sql(
        "select theta_sketch_agg(col, 12L) from values (1) t(col)").collect())


@case
def case_sketchtheta_err_key_type(spark):
    return expect_error(lambda: spark.sql(
        "select theta_sketch_agg(col) from values (cast(1 as smallint)) t(col)").collect())


@case
def case_sketchtheta_err_key_bool(spark):
    return expect_error(lambda: spark.sql(
        "select theta_sketch_agg(col) from values (true) t(col)").collect())


@case
def case_sketchtheta_err_key_array_string(spark):
    return expect_error(lambda: spark.sql(
        "select theta_sketch_agg(col) from values (array('a')) t(col)").collect())


@case
def case_sketchtheta_err_estimate_type(spark):
    return expect_error(lambda: spark.sql("select theta_sketch_estimate('abc')").collect())


@case
def case_sketchtheta_err_union_agg_type(spark):
    return expect_error(lambda: spark.sql(
        "select theta_union_agg(col) from values (1) t(col)").collect())


@case
def case_sketchtheta_err_estimate_buffer(spark):
    return expect_error(lambda: spark.sql("select theta_sketch_estimate(X'0102')").collect())


@case
def case_sketchtheta_err_union_buffer(spark):
    return expect_error(lambda: spark.sql("select theta_union(X'01', X'02')").collect())


@case
def case_sketchtheta_err_intersection_buffer(spark):
    return expect_error(lambda: spark.sql(
        "select theta_intersection(X'0102', theta_sketch_agg(1))").collect())


@case
def case_sketchtheta_err_difference_buffer(spark):
    return expect_error(lambda: spark.sql(
        "select theta_difference(theta_sketch_agg(1), X'0102')").collect())


@case
def case_sketchtheta_err_union_agg_buffer(spark):
    return expect_error(lambda: spark.sql(
        "select theta_union_agg(col) from values (X'0102') t(col)").collect())


@case
def case_sketchtheta_err_intersection_agg_buffer(spark):
    return expect_error(lambda: spark.sql(
        "select theta_intersection_agg(col) from values (X'0102') t(col)").collect())


@case
def case_sketchtheta_err_num_args(spark):
    return expect_error(lambda: spark.sql(
        "select theta_sketch_agg(col, 12, 1) from values (1) t(col)").collect())


@case
def case_sketchtheta_err_union_num_args(spark):
    return expect_error(lambda: spark.sql("select theta_union(theta_sketch_agg(1))").collect())
