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


# ---- tuple sketches -------------------------------------------------------------------------

# tuple_sketch_agg_double over (1, 1.5D) and tuple_sketch_agg_integer over (1, 1), (2, 2), (2, 3)
# as real Spark 4.3.0 produced them.
SPARK_TUPLE_DOUBLE = "01030901000ACC9315F97DCBBD86A105000000000000F83F00"
SPARK_TUPLE_INTEGER = (
    "02030901000ACC93020000000000000015F97DCBBD86A1050100000000C397FC1281709D1E0500000000"
)
SPARK_TUPLE_EMPTY = "01030901000ECC93"


@case
def case_sketchtheta_tuple_hex(spark):
    return sql(spark, """
        select hex(tuple_sketch_agg_double(k, v)) hd, hex(tuple_sketch_agg_integer(k, i)) hi,
               hex(tuple_sketch_agg_double(k, v, 12, 'max')) hmax,
               hex(tuple_sketch_agg_double(k, v, 12, 'MIN')) hmin,
               hex(tuple_sketch_agg_double(k, v, 12, 'alwaysone')) hone,
               hex(tuple_sketch_agg_integer(k, i, 12, 'max')) himax,
               hex(tuple_sketch_agg_double(k, v, 4)) h4
        from values (1, 1.5D, 1), (2, 2.0D, 2), (2, 3.0D, 3), (1, -4.0D, -4) t(k, v, i)""")


@case
def case_sketchtheta_tuple_hex_keys(spark):
    return sql(spark, """
        select hex(tuple_sketch_agg_double(s, v)) hs, hex(tuple_sketch_agg_double(l, v)) hl,
               hex(tuple_sketch_agg_double(d, v)) hd, hex(tuple_sketch_agg_double(a, v)) ha,
               hex(tuple_sketch_agg_integer(s, i)) hsi
        from values ('a', 1L, 1.0D, array(1), 1.0D, 1), ('', 2L, -0.0D, array(2, 3), 2.0D, 2),
                    (null, null, null, null, 3.0D, 3), ('a', 1L, 0.0D, array(1), 4.0D, 4),
                    ('b', 5L, 5.0D, array(5), cast(null as double), cast(null as int))
        t(s, l, d, a, v, i)""")


@case
def case_sketchtheta_tuple_summary_types(spark):
    return sql(spark, """
        select hex(tuple_sketch_agg_double(k, i)) hdi, hex(tuple_sketch_agg_double(k, f)) hdf,
               hex(tuple_sketch_agg_double(k, m)) hdm, hex(tuple_sketch_agg_integer(k, l)) hil,
               hex(tuple_sketch_agg_integer(k, d)) hid
        from values (1, 1, 1.5F, 1.5BD, 1L, 1.5D) t(k, i, f, m, l, d)""")


@case
def case_sketchtheta_tuple_empty(spark):
    return sql(spark, """
        select hex(tuple_sketch_agg_double(k, v)) hd, hex(tuple_sketch_agg_integer(k, 1)) hi,
               hex(tuple_union_agg_double(s)) hu, hex(tuple_intersection_agg_integer(s)) hx,
               tuple_sketch_summary_double(tuple_sketch_agg_double(k, v), 'min') smin,
               tuple_sketch_summary_integer(tuple_sketch_agg_integer(k, 1)) si,
               tuple_sketch_estimate_double(tuple_sketch_agg_double(k, v)) e,
               tuple_sketch_theta_integer(tuple_sketch_agg_integer(k, 1)) t
        from values (1, 1.0D, cast(null as binary)) t(k, v, s) where k > 1""")


@case
def case_sketchtheta_tuple_scalars(spark):
    return sql(spark, """
        select tuple_sketch_estimate_double(d) ed, tuple_sketch_theta_double(d) td,
               tuple_sketch_summary_double(d) sd, tuple_sketch_summary_double(d, 'min') smin,
               tuple_sketch_summary_double(d, 'max') smax,
               tuple_sketch_summary_double(d, 'alwaysone') sone,
               tuple_sketch_estimate_integer(i) ei, tuple_sketch_theta_integer(i) ti,
               tuple_sketch_summary_integer(i) si, tuple_sketch_summary_integer(i, 'min') simin,
               tuple_sketch_summary_integer(i, 'max') simax,
               tuple_sketch_summary_integer(i, 'AlwaysOne') sione
        from (select tuple_sketch_agg_double(k, v) d, tuple_sketch_agg_integer(k, cast(v as int)) i
              from values (1, 1.5D), (2, 2.0D), (2, 3.0D), (3, -5.0D) t(k, v))""")


@case
def case_sketchtheta_tuple_integer_overflow(spark):
    return sql(spark, """
        select tuple_sketch_summary_integer(tuple_sketch_agg_integer(k, v)) s,
               tuple_sketch_summary_integer(tuple_sketch_agg_integer(k2, v)) s2
        from values (1, 2147483647, 1), (2, 1, 1) t(k, v, k2)""")


@case
def case_sketchtheta_tuple_set_ops(spark):
    return sql(spark, """
        select hex(tuple_union_double(a, b)) u, hex(tuple_union_double(a, b, 12, 'max')) umax,
               hex(tuple_intersection_double(a, b)) i, hex(tuple_intersection_double(a, b, 'min')) imin,
               hex(tuple_difference_double(a, b)) d, hex(tuple_intersection_double(a, c)) disjoint,
               hex(tuple_difference_double(a, a)) daa,
               tuple_sketch_summary_double(tuple_union_double(a, b)) su,
               tuple_sketch_summary_double(tuple_intersection_double(a, b, 'max')) si
        from (select tuple_sketch_agg_double(if(g = 'a', k, null), v) a,
                     tuple_sketch_agg_double(if(g = 'b', k, null), v) b,
                     tuple_sketch_agg_double(if(g = 'c', k, null), v) c
              from values ('a', 1, 1.0D), ('a', 2, 2.0D), ('b', 2, 5.0D), ('b', 3, 3.0D),
                          ('c', 9, 9.0D) t(g, k, v))""")


@case
def case_sketchtheta_tuple_set_ops_integer(spark):
    return sql(spark, """
        select hex(tuple_union_integer(a, b)) u, hex(tuple_intersection_integer(a, b, 'max')) i,
               hex(tuple_difference_integer(b, a)) d,
               tuple_sketch_summary_integer(tuple_union_integer(a, b, 5, 'min')) su
        from (select tuple_sketch_agg_integer(if(g = 'a', k, null), v) a,
                     tuple_sketch_agg_integer(if(g = 'b', k, null), v) b
              from values ('a', 1, 1), ('a', 2, 2), ('b', 2, 5), ('b', 3, 3) t(g, k, v))""")


@case
def case_sketchtheta_tuple_theta_ops(spark):
    return sql(spark, """
        select hex(tuple_union_theta_double(a, b)) u, hex(tuple_intersection_theta_double(a, b)) i,
               hex(tuple_difference_theta_double(a, b)) d,
               tuple_sketch_summary_double(tuple_union_theta_double(a, b, 12, 'min')) umin,
               tuple_sketch_summary_double(tuple_union_theta_double(a, b, 12, 'max')) umax,
               tuple_sketch_summary_double(tuple_intersection_theta_double(a, b, 'alwaysone')) ione,
               hex(tuple_union_theta_integer(ai, b)) ui, hex(tuple_intersection_theta_integer(ai, b)) ii,
               hex(tuple_difference_theta_integer(ai, b)) di,
               hex(tuple_union_theta_double(a, e)) ue, hex(tuple_intersection_theta_double(a, e)) ie,
               hex(tuple_difference_theta_double(a, e)) de
        from (select tuple_sketch_agg_double(if(g = 'a', k, null), 1.0D * k) a,
                     tuple_sketch_agg_integer(if(g = 'a', k, null), k) ai,
                     theta_sketch_agg(if(g = 'b', k, null)) b,
                     theta_sketch_agg(if(g = 'e', k, null)) e
              from values ('a', 1), ('a', 2), ('b', 2), ('b', 3) t(g, k))""")


@case
def case_sketchtheta_tuple_aggs(spark):
    return sql(spark, """
        select hex(tuple_intersection_agg_double(s)) i, hex(tuple_union_agg_double(s)) u,
               hex(tuple_union_agg_double(s, 12, 'max')) umax,
               hex(tuple_intersection_agg_double(s, 'min')) imin,
               tuple_sketch_summary_double(tuple_union_agg_double(s, 4)) su4
        from (select g, tuple_sketch_agg_double(k, v) s
              from values (1, 1, 1.0D), (1, 2, 2.0D), (1, 3, 3.0D), (2, 2, 5.0D), (2, 3, 6.0D),
                          (2, 4, 7.0D) t(g, k, v) group by g)""")


@case
def case_sketchtheta_tuple_aggs_integer(spark):
    return sql(spark, """
        select hex(tuple_intersection_agg_integer(s)) i, hex(tuple_union_agg_integer(s)) u,
               tuple_sketch_summary_integer(tuple_union_agg_integer(s, 12, 'min')) smin
        from (select g, tuple_sketch_agg_integer(k, v) s
              from values (1, 1, 1), (1, 2, 2), (2, 2, 5), (2, 3, 6), (3, 2, 7) t(g, k, v)
              group by g)""")


@case
def case_sketchtheta_tuple_null_sketches(spark):
    return sql(spark, """
        select hex(tuple_union_agg_double(s)) u, hex(tuple_intersection_agg_double(s)) i,
               tuple_sketch_estimate_double(s) e, tuple_union_integer(s, s) ui,
               tuple_sketch_summary_integer(s) su, tuple_difference_theta_double(s, s) dt
        from values (cast(null as binary)) t(s) group by s""")


@case
def case_sketchtheta_tuple_large(spark):
    return sql(spark, """
        select tuple_sketch_estimate_double(tuple_sketch_agg_double(id, 1.0D)) e,
               tuple_sketch_theta_double(tuple_sketch_agg_double(id, 1.0D)) t,
               tuple_sketch_summary_double(tuple_sketch_agg_double(id, 1.0D)) s,
               tuple_sketch_estimate_integer(tuple_sketch_agg_integer(cast(id as string), 1, 10)) es
        from range(0, 100000, 1, 2)""")


@case
def case_sketchtheta_tuple_large_set_ops(spark):
    return sql(spark, """
        select tuple_sketch_estimate_double(tuple_union_double(a, b)) u,
               tuple_sketch_estimate_double(tuple_intersection_double(a, b)) i,
               tuple_sketch_estimate_double(tuple_difference_double(a, b)) d,
               tuple_sketch_summary_double(tuple_intersection_double(a, b)) si
        from (select tuple_sketch_agg_double(if(id < 60000, id, null), 1.0D) a,
                     tuple_sketch_agg_double(if(id >= 30000, id, null), 1.0D) b
              from range(0, 90000, 1, 2))""")


@case
def case_sketchtheta_tuple_large_union_agg(spark):
    return sql(spark, """
        select tuple_sketch_estimate_double(tuple_union_agg_double(s)) e,
               tuple_sketch_summary_double(tuple_union_agg_double(s)) s
        from (select tuple_sketch_agg_double(id, 1.0D) s from range(100000) group by id % 7)""")


@case
def case_sketchtheta_tuple_spark_images(spark):
    return sql(spark, f"""
        select tuple_sketch_estimate_double(unhex('{SPARK_TUPLE_DOUBLE}')) e1,
               tuple_sketch_summary_double(unhex('{SPARK_TUPLE_DOUBLE}')) s1,
               tuple_sketch_summary_integer(unhex('{SPARK_TUPLE_INTEGER}')) s2,
               tuple_sketch_estimate_integer(unhex('{SPARK_TUPLE_EMPTY}')) e3,
               hex(tuple_union_integer(unhex('{SPARK_TUPLE_INTEGER}'), tuple_sketch_agg_integer(3, 3))) u,
               hex(tuple_union_agg_double(s)) ua
        from values (unhex('{SPARK_TUPLE_DOUBLE}')), (null) t(s)""")


@case(min_client=(4, 0))
def case_sketchtheta_tuple_functions_api(spark):
    f = F()
    df = spark.createDataFrame([(1, 10.0, 1), (2, 20.0, 2), (2, 30.0, 3)], "key INT, value DOUBLE, n INT")
    out = df.agg(
        f.tuple_sketch_estimate_double(f.tuple_sketch_agg_double("key", "value")),
        f.tuple_sketch_summary_double(f.tuple_sketch_agg_double("key", "value", 10, "max"), "min"),
        f.tuple_sketch_theta_integer(f.tuple_sketch_agg_integer("key", "n")),
        f.hex(f.tuple_union_integer(f.tuple_sketch_agg_integer("key", "n"), f.tuple_sketch_agg_integer("n", "key"))),
        f.hex(f.tuple_intersection_double(f.tuple_sketch_agg_double("key", "value"), f.tuple_sketch_agg_double("n", "value"), "max")),
        f.hex(f.tuple_difference_double(f.tuple_sketch_agg_double("key", "value"), f.tuple_sketch_agg_double("n", "value"))),
        f.hex(f.tuple_union_theta_double(f.tuple_sketch_agg_double("key", "value"), f.theta_sketch_agg("n"))),
        f.hex(f.tuple_intersection_theta_integer(f.tuple_sketch_agg_integer("key", "n"), f.theta_sketch_agg("n"))),
        f.hex(f.tuple_difference_theta_integer(f.tuple_sketch_agg_integer("key", "n"), f.theta_sketch_agg("n"))),
    )
    return df_result(out)


@case(min_client=(4, 0))
def case_sketchtheta_tuple_functions_api_aggs(spark):
    f = F()
    df1 = spark.createDataFrame([(1, 10.0), (2, 20.0), (3, 30.0)], ["key", "value"]).agg(
        f.tuple_sketch_agg_double("key", "value").alias("sketch"))
    df2 = spark.createDataFrame([(2, 40.0), (3, 50.0), (4, 60.0)], ["key", "value"]).agg(
        f.tuple_sketch_agg_double("key", "value").alias("sketch"))
    out = df1.union(df2).agg(
        f.tuple_sketch_estimate_double(f.tuple_union_agg_double("sketch")),
        f.tuple_sketch_summary_double(f.tuple_union_agg_double("sketch", 14, "min")),
        f.tuple_sketch_estimate_double(f.tuple_intersection_agg_double("sketch")),
        f.hex(f.tuple_intersection_agg_double("sketch", "max")),
    )
    return df_result(out)


@case
def case_sketchtheta_tuple_group_by(spark):
    df = spark.range(0, 3000, 1, 4).selectExpr("id % 3 as g", "id % 1000 as k", "id % 5 as v")
    out = df.groupBy("g").agg(
        F().expr("tuple_sketch_estimate_double(tuple_sketch_agg_double(k, v))").alias("e"),
        F().expr("tuple_sketch_summary_double(tuple_sketch_agg_double(k, v))").alias("s"),
        F().expr("hex(tuple_sketch_agg_integer(k % 3, v, 5, 'max'))").alias("h"),
    )
    return df_result(out, sort=True)


def tuple_error(spark, q):
    return expect_error(lambda: spark.sql(q).collect())


@case
def case_sketchtheta_tuple_err_lg(spark):
    return tuple_error(spark, "select tuple_sketch_agg_double(k, v, 3) from values (1, 1.0D) t(k, v)")


@case
def case_sketchtheta_tuple_err_lg_union(spark):
    return tuple_error(spark, "select tuple_union_double(a, a, 27) from (select tuple_sketch_agg_double(1, 1.0D) a)")


@case
def case_sketchtheta_tuple_err_lg_union_agg(spark):
    return tuple_error(spark, "select tuple_union_agg_integer(a, 3) from (select tuple_sketch_agg_integer(1, 1) a)")


@case
def case_sketchtheta_tuple_err_lg_null(spark):
    return tuple_error(spark, "select tuple_sketch_agg_double(k, v, null) from values (1, 1.0D) t(k, v)")


@case
def case_sketchtheta_tuple_err_lg_not_constant(spark):
    return tuple_error(spark, "select tuple_sketch_agg_double(k, v, c) from values (1, 1.0D, 12) t(k, v, c)")


@case
def case_sketchtheta_tuple_err_mode(spark):
    return tuple_error(spark, "select tuple_sketch_agg_double(k, v, 12, 'foo') from values (1, 1.0D) t(k, v)")


@case
def case_sketchtheta_tuple_err_mode_summary(spark):
    return tuple_error(spark, "select tuple_sketch_summary_integer(tuple_sketch_agg_integer(1, 1), 'avg')")


@case
def case_sketchtheta_tuple_err_mode_intersection_agg(spark):
    return tuple_error(spark, "select tuple_intersection_agg_double(a, 'foo') from (select tuple_sketch_agg_double(1, 1.0D) a)")


@case
def case_sketchtheta_tuple_err_mode_null(spark):
    return tuple_error(spark, "select tuple_sketch_agg_double(k, v, 12, null) from values (1, 1.0D) t(k, v)")


@case
def case_sketchtheta_tuple_err_mode_not_constant(spark):
    return tuple_error(spark, "select tuple_sketch_summary_double(tuple_sketch_agg_double(1, 1.0D), m) from values ('sum') t(m)")


@case
def case_sketchtheta_tuple_err_buffer(spark):
    return tuple_error(spark, "select tuple_sketch_estimate_double(X'0102')")


@case
def case_sketchtheta_tuple_err_buffer_union_agg(spark):
    return tuple_error(spark, "select tuple_union_agg_double(col) from values (X'0102') t(col)")


@case
def case_sketchtheta_tuple_err_buffer_summary(spark):
    return tuple_error(spark, "select tuple_sketch_summary_integer(X'0102')")


@case
def case_sketchtheta_tuple_err_family(spark):
    return tuple_error(spark, "select tuple_sketch_estimate_double(theta_sketch_agg(1))")


@case
def case_sketchtheta_tuple_err_family_difference(spark):
    return tuple_error(spark, """select tuple_difference_double(a, b) from
        (select tuple_sketch_agg_double(1, 1.0D) a, theta_sketch_agg(1) b)""")


@case
def case_sketchtheta_tuple_err_theta_family(spark):
    return tuple_error(spark, """select tuple_union_theta_double(a, b) from
        (select tuple_sketch_agg_double(1, 1.0D) a, tuple_sketch_agg_double(1, 1.0D) b)""")


@case
def case_sketchtheta_err_theta_family_estimate(spark):
    return tuple_error(spark, "select theta_sketch_estimate(tuple_sketch_agg_double(1, 1.0D))")


@case
def case_sketchtheta_tuple_err_theta_buffer(spark):
    return tuple_error(spark, "select tuple_intersection_theta_integer(tuple_sketch_agg_integer(1, 1), X'0102')")


@case
def case_sketchtheta_tuple_err_type(spark):
    return tuple_error(spark, "select tuple_sketch_estimate_double(1)")


@case
def case_sketchtheta_tuple_err_key_type(spark):
    return tuple_error(spark, "select tuple_sketch_agg_double(k, 1.0D) from values (true) t(k)")


@case
def case_sketchtheta_tuple_err_num_args(spark):
    return tuple_error(spark, "select tuple_sketch_agg_double(1)")


@case
def case_sketchtheta_tuple_key_small_ints(spark):
    return sql(spark, """
        select hex(tuple_sketch_agg_double(s, 1.0D)) hs, hex(tuple_sketch_agg_double(t, 1.0D)) ht,
               hex(tuple_sketch_agg_integer(b, 1)) hb
        from values (cast(1 as smallint), cast(-2 as tinyint), true),
                    (cast(300 as smallint), cast(7 as tinyint), false) t(s, t, b)""")


@case
def case_sketchtheta_tuple_key_decimal(spark):
    return sql(spark, """
        select hex(tuple_sketch_agg_double(k, 1.0D)) h
        from values (1.5BD), (2.0BD) t(k)""")


@case
def case_sketchtheta_tuple_err_union_num_args(spark):
    return tuple_error(spark, "select tuple_union_integer(tuple_sketch_agg_integer(1, 1))")


@case
def case_sketchtheta_tuple_err_intersection_num_args(spark):
    return tuple_error(spark, "select tuple_intersection_integer(tuple_sketch_agg_integer(1, 1))")


@case
def case_sketchtheta_tuple_key_date(spark):
    return sql(spark, """
        select hex(tuple_sketch_agg_double(k, 1.0D)) h
        from values (date'2020-01-01'), (date'1999-12-31') t(k)""")


@case
def case_sketchtheta_window(spark):
    return df_result(spark.sql("""
        select k, theta_sketch_estimate(theta_sketch_agg(k) over (order by k)) e,
               tuple_sketch_estimate_double(tuple_sketch_agg_double(k, 1.0D) over ()) t
        from values (1), (2), (2), (3) t(k)"""), sort=True)


@case
def case_sketchtheta_tuple_estimation_small_lg(spark):
    return sql(spark, """
        select tuple_sketch_estimate_double(tuple_sketch_agg_double(id, 1.0D, 4)) e4,
               tuple_sketch_theta_double(tuple_sketch_agg_double(id, 1.0D, 4)) t4,
               tuple_sketch_summary_double(tuple_sketch_agg_double(id, 1.0D, 4)) s4,
               tuple_sketch_estimate_integer(tuple_sketch_agg_integer(id, 1, 5)) e5,
               tuple_sketch_summary_integer(tuple_sketch_agg_integer(id, 2, 5)) s5
        from range(0, 1000, 1, 3)""")


@case
def case_sketchtheta_theta_estimation_hex(spark):
    return sql(spark, """
        select hex(theta_sketch_agg(id, 5)) h5, hex(theta_union_agg(s, 4)) hu4
        from (select id, theta_sketch_agg(id, 6) over (partition by id % 3) s
              from range(0, 100, 1, 2))""")

