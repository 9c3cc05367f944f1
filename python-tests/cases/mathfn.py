"""Math and bitwise functions of pyspark.sql.functions (issue 4): trigonometric and hyperbolic
functions, degrees/radians, cbrt, expm1, hypot, shifts and bit_count."""

from support import df_result

from ._base import F, case, col


def doubles(spark):
    return spark.createDataFrame(
        [(0.0, 1), (0.5, 2), (-1.0, -3), (2.0, None), (None, 0)], "x DOUBLE, i INT"
    )


@case
def case_mathfn_trig(spark):
    f = F()
    df = doubles(spark)
    return df_result(
        df.select(
            f.sin("x"), f.cos("x"), f.tan("x"), f.asin("x"), f.acos("x"), f.atan("x"),
        ),
        sort=True,
    )


@case
def case_mathfn_reciprocal_trig(spark):
    f = F()
    df = doubles(spark)
    out = df.orderBy(col("x").asc_nulls_first()).select(f.cot("i"), f.csc("x"), f.sec("x"))
    return df_result(out)


@case
def case_mathfn_hyperbolic(spark):
    f = F()
    df = doubles(spark)
    return df_result(
        df.select(
            f.sinh("x"), f.cosh("x"), f.tanh("x"), f.asinh("x"), f.acosh("x"), f.atanh("x"),
        ),
        sort=True,
    )


@case
def case_mathfn_atan2_hypot(spark):
    f = F()
    df = doubles(spark)
    return df_result(
        df.select(f.atan2("x", "i"), f.hypot("x", "i"), f.atan2(col("i"), f.lit(1))),
        sort=True,
    )


@case
def case_mathfn_degrees_radians(spark):
    f = F()
    df = doubles(spark)
    return df_result(df.select(f.degrees("x"), f.radians("i"), f.cbrt("i"), f.expm1("x")), sort=True)


@case
def case_mathfn_integer_input_types(spark):
    f = F()
    df = spark.range(3)
    return df_result(df.select(f.sin("id"), f.degrees("id"), f.cbrt(f.lit(27))), sort=True)


@case
def case_mathfn_shifts(spark):
    f = F()
    df = spark.createDataFrame(
        [(1, 1, 3), (-8, -8, 1), (2147483647, 9223372036854775807, 33), (None, None, 2)],
        "i INT, l BIGINT, n INT",
    )
    return df_result(
        df.select(
            f.shiftleft("i", 2), f.shiftright("i", 1), f.shiftrightunsigned("i", 1),
            f.shiftleft("l", 2), f.shiftright("l", 1), f.shiftrightunsigned("l", 1),
            f.shiftleft("i", col("n")), f.shiftright("l", col("n")),
        ),
        sort=True,
    )


@case
def case_mathfn_shift_small_types(spark):
    f = F()
    df = spark.createDataFrame([(1, 3)], "b TINYINT, s SMALLINT")
    return df_result(df.select(f.shiftleft("b", 7), f.shiftright("s", 1)))


@case
def case_mathfn_bit_count(spark):
    f = F()
    df = spark.createDataFrame(
        [(0, 0, True), (7, -1, False), (-1, 255, None), (None, None, True)],
        "i INT, l BIGINT, b BOOLEAN",
    )
    return df_result(df.select(f.bit_count("i"), f.bit_count("l"), f.bit_count("b")), sort=True)


@case
def case_mathfn_sql_names(spark):
    df = spark.range(1)
    return df_result(
        df.selectExpr("sin(1)", "ATAN2(1, 2)", "degrees(1)", "shiftleft(1, 3)", "bit_count(5)")
    )
