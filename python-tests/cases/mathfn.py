"""Math and bitwise functions of pyspark.sql.functions (issue 4): trigonometric and hyperbolic
functions, degrees/radians, cbrt, expm1, hypot, shifts and bit_count."""

from support import df_result, expect_error

from ._base import F, case, col, conf


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


@case
def case_mathfn_pmod(spark):
    f = F()
    df = spark.createDataFrame(
        [(7, 3, 7.5, 7), (-7, 3, -7.5, -7), (7, -3, 2.0, -9), (-7, -3, -1.0, 9), (None, 2, None, None)],
        "a INT, n INT, d DOUBLE, l BIGINT",
    )
    return df_result(
        df.select(f.pmod("a", "n"), f.pmod("l", f.lit(4)), f.pmod("d", f.lit(2.0)),
                  f.pmod("a", f.lit(2.5))),
        sort=True,
    )


@case
def case_mathfn_pmod_zero_legacy(spark):
    f = F()
    df = spark.createDataFrame([(7, 0, 1.5)], "a INT, n INT, d DOUBLE")
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(f.pmod("a", "n"), f.pmod("d", f.lit(0.0))))


@case
def case_mathfn_pmod_zero_ansi(spark):
    f = F()
    df = spark.createDataFrame([(7, 0)], "a INT, n INT")
    return expect_error(lambda: df.select(f.pmod("a", "n")).collect())


@case
def case_mathfn_nanvl(spark):
    f = F()
    df = spark.createDataFrame(
        [(float("nan"), 1.0), (2.0, 3.0), (None, 4.0), (float("nan"), None)], "a DOUBLE, b DOUBLE"
    )
    return df_result(df.select(f.nanvl("a", "b"), f.nanvl("a", f.lit(0))), sort=True)


@case
def case_mathfn_factorial_rint(spark):
    f = F()
    df = spark.createDataFrame([(0, 2.5), (5, 3.5), (20, -2.5), (21, 0.4), (-1, None)], "n INT, x DOUBLE")
    return df_result(df.select(f.factorial("n"), f.rint("x"), f.rint("n")), sort=True)


@case
def case_mathfn_try_arith(spark):
    f = F()
    df = spark.createDataFrame(
        [(2147483647, 1, 9223372036854775807, 2.5), (-2147483648, -1, -9223372036854775808, 0.0),
         (6, 0, -1, 1.5), (None, 3, 0, None)],
        "a INT, b INT, l BIGINT, d DOUBLE",
    )
    return df_result(
        df.select(
            f.try_add("a", "b"), f.try_subtract("a", "b"), f.try_multiply("a", "b"),
            f.try_divide("a", "b"),
            f.try_add("l", "b"), f.try_subtract("l", f.lit(1)), f.try_multiply("l", "b"),
            f.try_multiply("l", f.lit(-1)), f.try_divide("d", "b"), f.try_add("d", "a"),
        ),
        sort=True,
    )


@case(min_client=(4, 0))
def case_mathfn_try_mod_small(spark):
    f = F()
    df = spark.createDataFrame([(7, 0, 100, 3)], "a INT, b INT, s SMALLINT, t TINYINT")
    return df_result(df.select(f.try_mod("a", "b"), f.try_mod("a", f.lit(-3)), f.try_multiply("s", "t"), f.try_add("t", "t")))


@case
def case_mathfn_hex_bin(spark):
    f = F()
    df = spark.createDataFrame(
        [(17, "Spark", -1), (0, "", 255), (None, None, None)], "i INT, s STRING, l BIGINT"
    )
    return df_result(
        df.select(f.hex("i"), f.hex("s"), f.hex("l"), f.bin("i"), f.bin("l"), f.hex(f.unhex(f.hex("s")))),
        sort=True,
    )


@case
def case_mathfn_unhex(spark):
    f = F()
    df = spark.createDataFrame([("537061726B",), ("A",), ("GG",), (None,)], "s STRING")
    return df_result(df.select(f.unhex("s").cast("string"), f.hex(f.unhex("s"))), sort=True)


@case
def case_mathfn_bit_get(spark):
    f = F()
    df = spark.createDataFrame([(11, 5, 1, 11), (-1, 1, 63, -1), (None, 2, 0, None)], "i INT, b TINYINT, p INT, l BIGINT")
    return df_result(
        df.select(f.bit_get("i", f.lit(0)), f.bit_get("i", f.lit(2)), f.getbit("b", f.lit(7)),
                  f.bit_get("l", "p")),
        sort=True,
    )


@case
def case_mathfn_bit_get_out_of_range(spark):
    f = F()
    df = spark.createDataFrame([(11,)], "i INT")
    return expect_error(lambda: df.select(f.bit_get("i", f.lit(32))).collect())


@case
def case_mathfn_log1p(spark):
    f = F()
    df = spark.createDataFrame([(0.0,), (1e-10,), (-1.0,), (-2.0,), (1.718281828459045,), (None,)], "x DOUBLE")
    return df_result(df.select(f.log1p("x"), f.log1p(f.lit(3))), sort=True)


@case
def case_mathfn_width_bucket(spark):
    f = F()
    df = spark.createDataFrame(
        [(5.3, 0.2, 10.6, 5), (-2.1, 1.3, 3.4, 3), (8.1, 0.0, 5.7, 4), (-0.9, 5.2, 0.5, 2),
         (float("inf"), 0.0, 1.0, 2), (1.0, 0.0, 0.0, 2), (1.0, 0.0, 2.0, 0), (None, 0.0, 1.0, 1),
         (0.3, 0.0, 0.9, 3), (float("nan"), 0.0, 1.0, 2)],
        "v DOUBLE, lo DOUBLE, hi DOUBLE, n BIGINT",
    )
    return df_result(
        df.select(col("v").cast("string").alias("k"), f.width_bucket("v", "lo", "hi", "n"),
                  f.width_bucket(f.lit(3), f.lit(0), f.lit(10), f.lit(5))),
        sort=True,
    )


@case
def case_mathfn_conv(spark):
    f = F()
    df = spark.createDataFrame(
        [("100", 2), ("-10", 16), ("12z", 10), ("zz", 36), ("", 10), (" 10", 10), ("-", 10), (None, 10)],
        "s STRING, b INT",
    )
    return df_result(
        df.select(col("s").alias("k"), f.conv("s", 16, 10), f.conv("s", 36, -10), f.conv("s", 10, 2),
                  f.conv("s", 1, 10)),
        sort=True,
    )


@case
def case_mathfn_conv_overflow_legacy(spark):
    f = F()
    df = spark.createDataFrame([("99999999999999999999",)], "s STRING")
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(f.conv("s", 10, 16), f.conv("s", 10, -10)))


@case
def case_mathfn_conv_overflow_ansi(spark):
    f = F()
    df = spark.createDataFrame([("99999999999999999999",)], "s STRING")
    return expect_error(lambda: df.select(f.conv("s", 10, 16)).collect())


@case
def case_mathfn_conv_int_input(spark):
    return df_result(spark.range(3).selectExpr("conv(id + 10, 10, 16)", "conv(-5, 10, -2)"))


@case
def case_mathfn_conv_64_bits(spark):
    f = F()
    df = spark.createDataFrame([("7fffffffffffffff",), ("FFFFFFFFFFFFFFFF",), ("-8000000000000000",)], "s STRING")
    return df_result(df.select(col("s"), f.conv("s", 16, 10), f.conv("s", 16, -10), f.conv("s", 16, -16)), sort=True)


@case
def case_mathfn_nullability(spark):
    f = F()
    df = spark.range(3).select(
        f.sin("id"), f.degrees("id"), f.atan2("id", "id"), f.hypot("id", "id"), f.cbrt("id"), f.expm1("id"),
        f.shiftleft("id", 1), f.shiftrightunsigned("id", 1), f.bit_count("id"), f.bit_get("id", f.lit(0)),
        f.pmod("id", f.lit(3)), f.nanvl(f.lit(1.0), f.lit(2.0)), f.factorial("id"), f.rint("id"),
        f.log1p("id"), f.try_add("id", "id"), f.try_divide("id", f.lit(2)), f.hex("id"), f.bin("id"),
        f.conv(col("id").cast("string"), 10, 2), f.width_bucket("id", f.lit(0), f.lit(10), f.lit(5)),
        f.unhex(f.hex("id")), f.csc("id"), f.acosh("id"),
    )
    return {"nullable": [fld.nullable for fld in df.schema.fields]}


@case
def case_mathfn_client_aliases(spark):
    f = F()
    df = spark.createDataFrame([(5, 1.0)], "i INT, x DOUBLE")
    return df_result(df.select(f.bitwise_not("i"), f.toDegrees("x"), f.toRadians("x"), f.shiftLeft("i", 1),
                               f.shiftRight("i", 1), f.shiftRightUnsigned("i", 1)))


@case
def case_mathfn_bit_aggregates(spark):
    f = F()
    df = spark.createDataFrame(
        [("a", 3, 12), ("a", 5, None), ("a", 5, 10), ("b", None, 7), ("c", -1, 1)], "k STRING, i INT, l BIGINT"
    )
    return df_result(
        df.groupBy("k").agg(f.bit_and("i"), f.bit_or("i"), f.bit_xor("i"), f.bit_and("l"), f.bit_xor("l")),
        sort=True,
    )


@case
def case_mathfn_bit_aggregates_sql(spark):
    df = spark.createDataFrame([(3,), (5,), (5,)], "i INT")
    return df_result(df.selectExpr("bit_xor(DISTINCT i)", "bit_or(i)", "bit_and(i)"))


@case
def case_mathfn_atan2_negative_zero(spark):
    f = F()
    df = spark.createDataFrame([(-0.0, -1.0), (0.0, -1.0), (-0.0, -0.0), (1.0, -0.0)], "y DOUBLE, x DOUBLE")
    return df_result(df.select(col("y").cast("string").alias("ky"), col("x").cast("string").alias("kx"),
                               f.atan2("y", "x")), sort=True)


@case
def case_mathfn_ceil_floor_scale(spark):
    q = lambda s: df_result(spark.sql(s))
    return {
        "literals": q(
            "SELECT ceil(3.14159, 2), floor(-3.14159, 1), ceiling(2.5, 0), floor(-0.5, 0),"
            " ceil(12345, -2), floor(9.9, -3), ceil(9.9, -3), ceil(1.23, 5),"
            " ceil(CAST(99 AS TINYINT), -2), ceil(2L, 1), floor('2.5', 0)"),
        # The 3.5 client's ceil/floor take no scale: the expression route works on both.
        "columns": df_result(spark.createDataFrame(
            [(2.25, -2.25, 1), (-0.001, 0.001, -7), (None, None, None)], "d DOUBLE, f FLOAT, i INT")
            .selectExpr("ceil(d, 1)", "floor(d, 1)", "ceil(f, 2)", "floor(f, 2)", "floor(i, -1)",
                        "ceil(i, -1)"),
            sort=True),
        "bigint_scale": expect_error(lambda: spark.sql("SELECT ceil(1.2, 2L)").collect()),
        "null_scale": expect_error(lambda: spark.sql("SELECT floor(1.2, NULL)").collect()),
        "column_scale": expect_error(lambda: spark.sql("SELECT ceil(1.2, id) FROM range(1)").collect()),
    }


@case
def case_mathfn_implicit_numeric_casts(spark):
    """Spark's `ImplicitTypeCasts` of a string into a numeric parameter: DOUBLE for
    `NumericType` (abs, round, floor...), BIGINT for `IntegralType` (bin, bitwise), INT where
    declared (factorial, shiftleft); a malformed string fails as Spark's ANSI cast does."""
    df = spark.sql("SELECT * FROM VALUES (1, '10'), (2, '10.5'), (3, ' -7 '), (4, NULL) AS t(id, s)")
    out = {
        "double": df_result(df.selectExpr("id", "abs(s)", "round(s)", "round(s, 1)", "bround(s)", "floor(s)",
                                          "ceil(s)", "floor(s, 0)", "negative(s)", "positive(s)", "nanvl(s, 1)",
                                          "width_bucket(s, 0, 100, 10)"), sort=True),
        "integral": df_result(df.where("id != 2").selectExpr("id", "bin(s)", "factorial(s)",
                                                               "shiftleft(s, 1)", "s & 3", "s | 1", "s ^ 1"), sort=True),
        "dataframe_api": df_result(df.select("id", F().abs("s"), F().floor("s"), F().round("s", 0)), sort=True),
        "malformed": expect_error(lambda: spark.sql("SELECT abs('abc')").collect()),
    }
    return out


@case
def case_mathfn_implicit_integral_casts(spark):
    """Integral parameters take fractional numbers by Spark's implicit cast (`bin(2.5)` reads
    2); `hex` takes `TypeCollection(LongType, BinaryType, StringType)`: fractional numbers as
    BIGINT, dates, timestamps and booleans as their strings. The bitwise operators do not cast."""
    q = lambda s: expect_error(lambda: df_result(spark.sql(s)))  # noqa: E731
    return {
        "bin_factorial_shift": q("SELECT bin(2.5D), bin(-7.9BD), factorial(3.7D), shiftleft(2.5D, 1), "
                                 "shiftright(9.9BD, 1), shiftrightunsigned(-4.5f, 28)"),
        "hex": q("SELECT hex(2.5D), hex(17.9BD), hex(DATE'2024-01-01'), hex(true), "
                 "hex(TIMESTAMP'2024-01-01 00:00:00'), hex(-1.5f), hex(127Y), hex('ab'), hex(X'0F')"),
        "hex_typeof": q("SELECT typeof(hex(2.5D))"),
        "hex_overflow": q("SELECT hex(1e30D)"),
        "bitwise_fractional": q("SELECT 2.5D & 1"),
    }
