"""The Column API and expression kinds: literals, operators, predicates, CASE WHEN, casts,
aliases, field/item extraction, withField/dropFields, colRegex, stars, sort orderings, column
name resolution and Spark's implicit type coercion."""

import datetime
import decimal

from support import df_result, expect_error

from ._base import F, case, col, conf, utc


def nums(spark):
    return spark.createDataFrame(
        [(1, 2.5, "a", True), (2, -1.0, "bb", False), (None, None, None, None), (7, 0.0, "Ab", True)],
        "i INT, d DOUBLE, s STRING, b BOOLEAN",
    )


def nested(spark):
    return spark.createDataFrame(
        [
            (1, (10, "x"), [1, 2, 3], {"k1": 1, "k2": 2}),
            (2, (20, None), [], {"k1": 5}),
            (3, None, None, None),
        ],
        "id INT, st STRUCT<a: INT, b: STRING>, arr ARRAY<INT>, m MAP<STRING, INT>",
    )


# --------------------------------------------------------------------------------------------
# literals


@case
def case_columns_lit_basic_types(spark):
    df = spark.range(1).select(
        F().lit(1), F().lit(2**40), F().lit(1.5), F().lit("str"), F().lit(True), F().lit(None)
    )
    return df_result(df)


@case
def case_columns_lit_decimal(spark):
    df = spark.range(1).select(
        F().lit(decimal.Decimal("12.345")), F().lit(decimal.Decimal("-0.5")), F().lit(decimal.Decimal("100"))
    )
    return df_result(df)


@case
def case_columns_lit_binary(spark):
    return df_result(spark.range(1).select(F().lit(bytearray(b"\x01\x02ab"))))


@case
def case_columns_lit_date_timestamp(spark):
    with utc(spark):
        df = spark.range(1).select(
            F().lit(datetime.date(2024, 2, 29)),
            F().lit(datetime.datetime(2024, 1, 2, 3, 4, 5, 6000, tzinfo=datetime.timezone.utc)),
        )
        return df_result(df)


@case
def case_columns_lit_timestamp_ntz_sql(spark):
    return df_result(spark.range(1).select(F().expr("TIMESTAMP_NTZ '2024-01-02 03:04:05'")))


@case
def case_columns_lit_day_time_interval(spark):
    df = spark.range(1).select(F().lit(datetime.timedelta(days=1, hours=2, seconds=3, microseconds=4)))
    return {"columns": df.columns, "schema": df.schema.simpleString(), "rows": [[str(r[0])] for r in df.collect()]}


@case
def case_columns_lit_year_month_interval_sql(spark):
    df = spark.range(1).select(F().expr("INTERVAL '1-2' YEAR TO MONTH").alias("ym"))
    return {"columns": df.columns, "schema": df.schema.simpleString()}


@case
def case_columns_lit_array(spark):
    return df_result(spark.range(1).select(F().lit([1, 2, 3]), F().array(F().lit("a"), F().lit(None))))


@case
def case_columns_create_map(spark):
    return df_result(spark.range(1).select(F().create_map(F().lit("a"), F().lit(1), F().lit("b"), F().lit(2))))


@case
def case_columns_struct_literal(spark):
    return df_result(spark.range(1).select(F().struct(F().lit(1).alias("x"), F().lit("y").alias("y"))))


@case
def case_columns_lit_null_cast(spark):
    df = spark.range(1).select(
        F().lit(None).cast("int"), F().lit(None).cast("string"), F().lit(None).cast("date"),
        F().lit(None).cast("decimal(5,2)"),
    )
    return df_result(df)


@case
def case_columns_lit_special_floats(spark):
    df = spark.range(1).select(F().lit(float("nan")), F().lit(float("inf")), F().lit(-0.0))
    return df_result(df)


# --------------------------------------------------------------------------------------------
# arithmetic


@case
def case_columns_arithmetic(spark):
    df = nums(spark)
    return df_result(df.select(col("i") + 1, col("i") - col("d"), col("i") * 2, col("i") % 3, -col("i")), sort=True)


@case
def case_columns_divide(spark):
    df = nums(spark)
    return df_result(df.select(col("i") / 2, col("d") / col("i"), col("d") / 4), sort=True)


@case
def case_columns_divide_by_zero_ansi(spark):
    df = nums(spark)
    return expect_error(lambda: df.select(col("i") / 0).collect())


@case
def case_columns_divide_by_zero_legacy(spark):
    df = nums(spark)
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(col("i") / 0, col("i") % 0, col("d") / 0), sort=True)


@case
def case_columns_floordiv_and_reverse(spark):
    df = spark.range(1, 4)
    return df_result(df.select(F().expr("id div 2"), 10 - col("id"), 10 / col("id"), 2 ** col("id"), 7 % col("id")))


@case
def case_columns_int_overflow_ansi(spark):
    df = spark.createDataFrame([(2147483647,)], "x INT")
    return expect_error(lambda: df.select(col("x") + 1).collect())


@case
def case_columns_int_overflow_legacy(spark):
    df = spark.createDataFrame([(2147483647, 9223372036854775807)], "x INT, y BIGINT")
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(col("x") + 1, col("y") * 2, -col("x") - 2))


@case
def case_columns_divide_by_zero_int_ansi(spark):
    df = spark.createDataFrame([(5,)], "x INT")
    return expect_error(lambda: df.select(col("x") % 0).collect())


@case
def case_columns_decimal_arithmetic_types(spark):
    df = spark.createDataFrame(
        [(decimal.Decimal("1.25"), decimal.Decimal("3.5"))], "a DECIMAL(5,2), b DECIMAL(10,1)"
    )
    return df_result(df.select(col("a") + col("b"), col("a") - col("b"), col("a") * col("b"), col("a") / col("b")))


@case
def case_columns_decimal_int_mixed(spark):
    df = spark.createDataFrame([(decimal.Decimal("1.25"), 3)], "a DECIMAL(5,2), i INT")
    return df_result(df.select(col("a") + col("i"), col("a") * col("i"), col("a") + 1.5))


# --------------------------------------------------------------------------------------------
# comparisons and logic


@case
def case_columns_comparisons(spark):
    df = nums(spark)
    return df_result(
        df.select(col("i") == 1, col("i") != 1, col("i") < 2, col("i") <= 2, col("i") > 2, col("i") >= 2),
        sort=True,
    )


@case
def case_columns_logic(spark):
    df = nums(spark)
    return df_result(df.select(col("b") & (col("i") > 1), col("b") | (col("i") > 1), ~col("b")), sort=True)


@case
def case_columns_eq_null_safe(spark):
    df = nums(spark)
    return df_result(df.select(col("i").eqNullSafe(1), col("i").eqNullSafe(None)), sort=True)


@case
def case_columns_is_null(spark):
    df = nums(spark)
    return df_result(df.select(col("i").isNull(), col("s").isNotNull(), F().isnull("d")), sort=True)


@case
def case_columns_isin(spark):
    df = nums(spark)
    return df_result(df.select(col("i").isin([1, 7]), col("s").isin("a", "bb"), col("i").isin(1, None)), sort=True)


@case
def case_columns_between(spark):
    df = nums(spark)
    return df_result(df.select(col("i").between(1, 2), col("d").between(-1, 1)), sort=True)


@case
def case_columns_like_rlike_ilike(spark):
    df = nums(spark)
    return df_result(df.select(col("s").like("A%"), col("s").rlike("^b+$"), col("s").ilike("a%")), sort=True)


@case
def case_columns_startswith_contains(spark):
    df = nums(spark)
    return df_result(df.select(col("s").startswith("A"), col("s").endswith("b"), col("s").contains("b")), sort=True)


@case
def case_columns_substring_function(spark):
    df = nums(spark)
    return df_result(df.select(F().substring("s", 2, 1), F().expr("substr(s, -1)")), sort=True)


@case(min_client=(4, 0))
def case_columns_substr(spark):
    df = nums(spark)
    return df_result(df.select(col("s").substr(1, 1), col("s").substr(col("i"), F().lit(2))), sort=True)


@case
def case_columns_bitwise(spark):
    df = spark.createDataFrame([(12, 10)], "a INT, b INT")
    return df_result(df.select(col("a").bitwiseAND(col("b")), col("a").bitwiseOR(col("b")), col("a").bitwiseXOR(3)))


# --------------------------------------------------------------------------------------------
# CASE WHEN


@case
def case_columns_when_otherwise(spark):
    df = nums(spark)
    c = F().when(col("i") == 1, "one").when(col("i") > 5, "big").otherwise("other")
    return df_result(df.select(c), sort=True)


@case
def case_columns_when_without_otherwise(spark):
    df = nums(spark)
    return df_result(df.select(F().when(col("i") > 1, col("i") * 10)), sort=True)


@case
def case_columns_when_nested(spark):
    df = nums(spark)
    inner = F().when(col("d") > 0, "pos").otherwise("nonpos")
    return df_result(df.select(F().when(col("b"), inner).otherwise(F().lit("f")).alias("w")), sort=True)


@case
def case_columns_when_type_mismatch(spark):
    df = nums(spark)
    return expect_error(lambda: df.select(F().when(col("i") > 1, F().array(F().lit(1))).otherwise(F().lit("x"))).collect())


@case(min_client=(4, 0))
def case_columns_otherwise_without_when(spark):
    return expect_error(lambda: col("a").otherwise(1))


# --------------------------------------------------------------------------------------------
# casts


@case
def case_columns_cast_names(spark):
    from pyspark.sql.types import DoubleType, StringType

    df = nums(spark)
    return df_result(
        df.select(col("i").cast("string"), col("i").cast(DoubleType()), col("d").astype("int"),
                  (col("i") + 1).cast("string"), col("s").cast(StringType())),
        sort=True,
    )


@case
def case_columns_cast_invalid_string_ansi(spark):
    df = spark.createDataFrame([("12",), ("x",)], "s STRING")
    return expect_error(lambda: df.select(col("s").cast("int")).collect())


@case
def case_columns_cast_invalid_string_legacy(spark):
    df = spark.createDataFrame([("12",), ("x",), (" 3 ",)], "s STRING")
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(col("s").cast("int")), sort=True)


@case(min_client=(4, 0))
def case_columns_try_cast(spark):
    df = spark.createDataFrame([("12",), ("x",), (None,)], "s STRING")
    return df_result(df.select(col("s").try_cast("int"), col("s").try_cast("date")), sort=True)


@case
def case_columns_cast_numbers_to_timestamp(spark):
    """Numbers are seconds since the epoch (Spark's `Cast.castToTimestamp`): integral seconds
    saturate, decimals truncate toward zero and wrap, doubles truncate and saturate (legacy; NaN
    is NULL) or fail (ANSI); booleans only in legacy mode; never to TIMESTAMP_NTZ. Printed as
    strings so the extreme instants compare exactly."""
    def run(expr):
        return lambda: spark.sql(f"SELECT CAST({expr} AS STRING) AS v").collect()[0][0]

    exprs = ["CAST(1 AS TIMESTAMP)", "CAST(-1 AS TIMESTAMP)", "CAST(1700000000L AS TIMESTAMP)",
             "CAST(9223372036854775807L AS TIMESTAMP)", "CAST(-9223372036854775807L AS TIMESTAMP)",
             "CAST(CAST(-5 AS SMALLINT) AS TIMESTAMP)", "CAST(CAST(1 AS TINYINT) AS TIMESTAMP)",
             "CAST(1.0000015 AS TIMESTAMP)", "CAST(-0.0000015 AS TIMESTAMP)",
             "CAST(99999999999999999999.5 AS TIMESTAMP)", "CAST(-1.0000015D AS TIMESTAMP)",
             "CAST(1.25F AS TIMESTAMP)", "CAST(CAST('NaN' AS DOUBLE) AS TIMESTAMP)",
             "CAST(CAST('-Infinity' AS DOUBLE) AS TIMESTAMP)", "CAST(1e30D AS TIMESTAMP)",
             "CAST(true AS TIMESTAMP)", "CAST(1 AS TIMESTAMP_NTZ)",
             "TRY_CAST(CAST('NaN' AS DOUBLE) AS TIMESTAMP)", "TRY_CAST(1e30D AS TIMESTAMP)"]
    out = {}
    for ansi in ("true", "false"):
        with conf(spark, spark_sql_ansi_enabled=ansi):
            out[ansi] = {e: expect_error(run(e)) for e in exprs}
    df = spark.createDataFrame([(0, 1.5, decimal.Decimal("2.25")), (86400, None, None)],
                               "s BIGINT, d DOUBLE, m DECIMAL(10,2)")
    out["dataframe"] = df_result(df.select(*(col(c).cast("timestamp").cast("string").alias(c)
                                             for c in df.columns)), sort=True)
    return out


_CAST_SOURCES = {
    "boolean": "true", "tinyint": "CAST(-7 AS TINYINT)", "smallint": "CAST(300 AS SMALLINT)", "int": "70000",
    "bigint": "5000000000L", "float": "CAST(1.5 AS FLOAT)", "double": "-2.75D", "decimal": "CAST(123.45 AS DECIMAL(10,2))",
    "string_number": "'42'", "string_time": "' 2024-02-29 13:14:15 '", "binary": "X'41'", "date": "DATE '2024-02-29'",
    "timestamp": "TIMESTAMP '2024-02-29 13:14:15.5'", "timestamp_ntz": "TIMESTAMP_NTZ '2024-02-29 13:14:15.5'",
    "day_time": "INTERVAL '1 02:03:04' DAY TO SECOND", "year_month": "INTERVAL '1-2' YEAR TO MONTH",
}
_CAST_TARGETS = ["BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL(10,2)", "DECIMAL(3,1)",
                 "STRING", "BINARY", "DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "INTERVAL DAY TO SECOND", "INTERVAL HOUR",
                 "INTERVAL MINUTE TO SECOND", "INTERVAL YEAR TO MONTH", "INTERVAL MONTH"]


@case
def case_columns_cast_matrix(spark):
    """Spark's cast table (`Cast.canCast`/`canAnsiCast`) over the scalar types, in ANSI and
    legacy mode and as try_cast: each cell is the value or the error class. Left out: casts
    from intervals to numbers or strings and from strings to intervals (Sabot's Arrow types do
    not carry an interval's fields: UNSUPPORTED), and year-month results (PySpark cannot
    collect them from either server)."""
    def skipped(src, tgt):
        interval_src = src in ("day_time", "year_month")
        return ((interval_src and not tgt.startswith("INTERVAL") and tgt not in
                 ("BOOLEAN", "FLOAT", "DOUBLE", "BINARY", "DATE", "TIMESTAMP", "TIMESTAMP_NTZ"))
                or (src.startswith("string") and tgt.startswith("INTERVAL"))
                or tgt in ("INTERVAL YEAR TO MONTH", "INTERVAL MONTH"))

    out = {}
    for mode in ("ansi", "legacy", "try"):
        fn = "TRY_CAST" if mode == "try" else "CAST"
        with conf(spark, spark_sql_ansi_enabled="false" if mode == "legacy" else "true"):
            for src, value in _CAST_SOURCES.items():
                for tgt in _CAST_TARGETS:
                    if not skipped(src, tgt):
                        q = f"SELECT {fn}({value} AS {tgt})"
                        out[f"{mode} {src} {tgt}"] = expect_error(
                            lambda q=q: spark.sql(q).collect()[0][0])
    return out


@case
def case_columns_try_cast_overflow(spark):
    """`try_cast` has ANSI semantics with NULL for the failures (Spark's `TryCast`), whatever
    spark.sql.ansi.enabled says: no wrapping or saturating overflow."""
    exprs = ["TRY_CAST(1e30D AS INT)", "TRY_CAST(3000000000L AS INT)", "TRY_CAST('1.9' AS INT)",
             "TRY_CAST(' 12 ' AS INT)", "TRY_CAST(300 AS TINYINT)", "TRY_CAST(-129 AS TINYINT)",
             "TRY_CAST(CAST('NaN' AS DOUBLE) AS INT)", "TRY_CAST(12345.678 AS DECIMAL(4,1))",
             "TRY_CAST(1e10D AS DECIMAL(5,2))", "TRY_CAST('abc' AS DOUBLE)", "TRY_CAST('x' AS BOOLEAN)",
             "TRY_CAST(1e30D AS BIGINT)", "TRY_CAST(2147483648.5D AS INT)", "TRY_CAST('99999999999' AS INT)",
             "TRY_CAST(99999.9 AS SMALLINT)"]
    out = {}
    for ansi in ("true", "false"):
        with conf(spark, spark_sql_ansi_enabled=ansi):
            out[ansi] = df_result(spark.sql("SELECT " + ", ".join(f"{e} AS c{i}" for i, e in enumerate(exprs))))
    return out


@case
def case_columns_interval_arithmetic(spark):
    """Differences of dates and timestamps are day-time intervals (Spark's `SubtractDates`,
    `SubtractTimestamps`); day-time intervals add, subtract, multiply and divide (rounding half
    up, overflow and division by zero are errors in either mode); NULL operands are typed."""
    def v(expr):
        return lambda: spark.sql(f"SELECT {expr}").collect()[0][0]

    exprs = ["DATE'2024-03-01' - DATE'2024-02-01'", "DATE'2024-01-31' - TIMESTAMP'2024-01-31 10:00:00'",
             "TIMESTAMP'2024-01-31 10:00:00' - DATE'2024-01-30'",
             "TIMESTAMP'2024-01-31 10:00:00.5' - TIMESTAMP'2024-01-30 12:30:00'",
             "TIMESTAMP_NTZ'2024-03-31 10:00:00' - TIMESTAMP_NTZ'2024-03-30 10:00:00'",
             "TIMESTAMP_NTZ'2024-01-31 10:00:00' - DATE'2024-01-31'",
             "INTERVAL '1' DAY + INTERVAL '2 03:04:05' DAY TO SECOND", "INTERVAL '1' DAY - INTERVAL '1' SECOND",
             "7 * INTERVAL '1' DAY", "INTERVAL '1' DAY * 2.5D", "INTERVAL '1' DAY * 1.25BD", "'3' * INTERVAL '1' HOUR",
             "INTERVAL '1' DAY / 7", "INTERVAL '1' DAY / 2.5D", "INTERVAL '1' DAY / 1.25BD", "INTERVAL '-1' DAY / 7",
             "INTERVAL '3' DAY div INTERVAL '2' DAY", "INTERVAL '1' DAY / 0", "INTERVAL '1' DAY / 0.0D",
             "INTERVAL '106751991' DAY + INTERVAL '1' DAY", "INTERVAL '106751991' DAY * 2",
             "DATE'2024-01-31' - NULL", "NULL - TIMESTAMP'2024-01-31 10:00:00'", "INTERVAL '1' DAY + NULL",
             "INTERVAL '1' DAY * NULL", "INTERVAL '1' DAY div NULL",
             "CAST(DATE'2024-03-01' - DATE'2024-02-01' AS INTERVAL DAY TO SECOND) = INTERVAL '29' DAY"]
    out = {}
    for ansi in ("true", "false"):
        with conf(spark, spark_sql_ansi_enabled=ansi):
            out[ansi] = {e: expect_error(v(e)) for e in exprs}
    df = spark.createDataFrame([(datetime.date(2024, 1, 1), datetime.date(2024, 3, 1))], "a DATE, b DATE")
    out["dataframe"] = df_result(df.select((col("b") - col("a")).alias("d"), ((col("b") - col("a")) / 2).alias("h")))
    return out


@case
def case_columns_comparison_families(spark):
    """Values of different families are not comparable (Spark's `BINARY_OP_DIFF_TYPES`: a
    number and a date, a day-time and a year-month interval, ...); legacy mode compares a
    boolean and a number for equality only; a string compared with a date or timestamp is read
    as one (NULL when it is no datetime in legacy mode)."""
    exprs = ["7 = DATE'2024-01-31'", "7L < DATE'2024-01-31'", "DATE'2024-01-31' <=> 7",
             "INTERVAL '1' DAY = INTERVAL '1' MONTH", "INTERVAL '1' MONTH < INTERVAL '1' DAY",
             "2.5D = TIMESTAMP'2024-01-31 10:00:00'", "true = 1", "1 <=> true", "true < 1", "1.5BD = false",
             "'3' = DATE'2024-01-31'", "'2024-01-31' = DATE'2024-01-31'", "'x' < TIMESTAMP'2024-01-31 10:00:00'",
             "'x' = TIMESTAMP_NTZ'2024-01-31 10:00:00'", "DATE'2024-01-31' = TIMESTAMP'2024-01-31 00:00:00'"]
    out = {}
    for ansi in ("true", "false"):
        with conf(spark, spark_sql_ansi_enabled=ansi):
            out[ansi] = {e: expect_error(lambda e=e: spark.sql(f"SELECT {e}").collect()[0][0]) for e in exprs}
    return out


@case
def case_columns_arithmetic_type_errors(spark):
    """Arithmetic over operands no rule computes is Spark's analysis error, of the class Spark
    gives after its datetime rewrites: UNEXPECTED_INPUT_TYPE (`bigint + date` becomes a
    `date_add` that wants an INT), BINARY_OP_WRONG_TYPE (`date * date`, `double div double`),
    BINARY_OP_DIFF_TYPES (`int + timestamp`); they were UNSUPPORTED_FEATURE."""
    exprs = ["7 + TIMESTAMP'2024-01-31 10:00:00'", "7L + DATE'2024-01-31'", "DATE'2024-01-31' * DATE'2024-01-31'",
             "2.5D div 2.5D", "7 div 2.5D", "1.25BD div 2.5D", "DATE'2024-01-31' + DATE'2024-01-31'",
             "INTERVAL '1' DAY * INTERVAL '1' DAY", "7 - DATE'2024-01-31'",
             "INTERVAL '1' DAY / TIMESTAMP'2024-01-31 10:00:00'", "TIMESTAMP'2024-01-31 10:00:00' / INTERVAL '1' DAY",
             "'3' + NULL", "typeof(NULL / 1.25BD)", "typeof(1.25BD / NULL)", "typeof(NULL div NULL)",
             "INTERVAL '1' DAY = '1'", "'x' < INTERVAL '1' MONTH"]
    out = {}
    for ansi in ("true", "false"):
        with conf(spark, spark_sql_ansi_enabled=ansi):
            out[ansi] = {e: expect_error(lambda e=e: spark.sql(f"SELECT {e}").collect()[0][0]) for e in exprs}
    return out


@case
def case_columns_cast_struct_to_int_error(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("st").cast("int")).collect())


@case
def case_columns_cast_complex(spark):
    df = nested(spark)
    return df_result(df.select(col("arr").cast("array<string>"), col("m").cast("map<string,bigint>")), sort=True)


@case
def case_columns_nested_field_in_function_name(spark):
    df = nested(spark)
    return df_result(df.select(F().upper(col("st.b")), F().struct("id", col("st.a"), F().lit(1), (col("id") + 1).alias("z"))), sort=True)


# --------------------------------------------------------------------------------------------
# aliases and names


@case
def case_columns_alias_metadata(spark):
    df = spark.range(2).select(col("id").alias("x", metadata={"comment": "hi", "n": 1}))
    return {"columns": df.columns, "metadata": df.schema["x"].metadata}


@case
def case_columns_name_method(spark):
    return df_result(spark.range(2).select(col("id").name("n"), (col("id") + 1).alias("p")))


@case
def case_columns_df_getitem_and_attr(spark):
    df = nums(spark)
    return df_result(df.select(df["i"], df.s, df["d"] * 2), sort=True)


@case
def case_columns_case_insensitive(spark):
    df = nums(spark)
    return df_result(df.select(col("I"), col("S"), F().expr("D + 1")), sort=True)


@case
def case_columns_case_sensitive_error(spark):
    df = nums(spark)
    with conf(spark, spark_sql_caseSensitive="true"):
        return expect_error(lambda: df.select(col("I")).collect())


@case
def case_columns_unresolved_column(spark):
    df = nums(spark)
    return expect_error(lambda: df.select(col("nope")).collect())


@case
def case_columns_backquoted_dot_name(spark):
    df = spark.createDataFrame([(1, 2)], "`a.b` INT, c INT")
    return df_result(df.select(col("`a.b`"), df["`a.b`"] + col("c")))


@case
def case_columns_star_variants(spark):
    df = nested(spark)
    return df_result(df.select("*", col("st.*")), sort=True)


@case
def case_columns_select_expr(spark):
    df = nums(spark)
    return df_result(df.selectExpr("i + 1", "s AS t", "upper(s)", "i * d AS p", "CAST(i AS STRING)"), sort=True)


@case
def case_columns_expr_strings(spark):
    df = nums(spark)
    return df_result(df.select(F().expr("i % 2 = 1"), F().expr("CASE WHEN i > 1 THEN 'x' END")), sort=True)


# --------------------------------------------------------------------------------------------
# extraction


@case
def case_columns_get_item_array_map(spark):
    df = nested(spark)
    return df_result(
        df.where("id = 1").select(col("arr").getItem(0), col("arr")[2], col("m").getItem("k1"), col("m")["zz"]),
    )


@case
def case_columns_get_item_out_of_bounds_ansi(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("arr")[5]).collect())


@case
def case_columns_get_item_legacy(spark):
    df = nested(spark)
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(col("arr")[0], col("arr")[5], col("arr")[-1], col("m")["k2"]), sort=True)


@case
def case_columns_get_field_struct(spark):
    df = nested(spark)
    return df_result(df.select(col("st").getField("a"), col("st")["b"], col("st.a"), df.st.b), sort=True)


@case
def case_columns_field_not_found(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("st").getField("zz")).collect())


@case
def case_columns_extract_from_int(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("id")["x"]).collect())


@case
def case_columns_array_index_expr(spark):
    df = nested(spark)
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(F().expr("arr[id - 1]"), F().expr("m['k' || id]")), sort=True)


@case(min_client=(4, 0))
def case_columns_array_index_column(spark):
    df = nested(spark)
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(col("arr")[col("id") - 1]), sort=True)


# --------------------------------------------------------------------------------------------
# withField / dropFields


@case
def case_columns_with_field_add_replace(spark):
    df = nested(spark)
    return df_result(
        df.select(col("st").withField("c", F().lit(1)).alias("added"), col("st").withField("a", col("id") * 100).alias("repl")),
        sort=True,
    )


@case
def case_columns_with_field_names_chained(spark):
    df = nested(spark)
    c = col("st").withField("A", F().lit(5)).dropFields("b").withField("z", col("id"))
    return df_result(df.select(c, col("st").dropFields("nope")), sort=True)


@case
def case_columns_with_field_missing_parent(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("st").withField("zz.y", F().lit(1))).collect())


@case
def case_columns_with_field_nested_path(spark):
    df = spark.createDataFrame([((1, (2, 3)),)], "s STRUCT<a: INT, inner: STRUCT<x: INT, y: INT>>")
    return df_result(df.select(col("s").withField("inner.z", F().lit("new")).alias("s")))


@case
def case_columns_drop_fields(spark):
    df = nested(spark)
    return df_result(df.select(col("st").dropFields("b").alias("d")), sort=True)


@case
def case_columns_drop_nested_field(spark):
    df = spark.createDataFrame([((1, (2, 3)),), (None,)], "s STRUCT<a: INT, inner: STRUCT<x: INT, y: INT>>")
    return df_result(df.select(col("s").dropFields("inner.x")), sort=True)


@case
def case_columns_drop_all_fields_error(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("st").dropFields("a", "b")).collect())


@case
def case_columns_with_field_on_non_struct(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("id").withField("a", F().lit(1))).collect())


# --------------------------------------------------------------------------------------------
# colRegex


@case
def case_columns_col_regex(spark):
    df = spark.createDataFrame([(1, 2, 3)], "a1 INT, a2 INT, b INT")
    return df_result(df.select(df.colRegex("`a.*`")))


@case
def case_columns_col_regex_qualified(spark):
    df = spark.createDataFrame([(1, 2, 3)], "a1 INT, a2 INT, b INT").alias("t")
    return df_result(df.select(df.colRegex("t.`a.`")))


@case
def case_columns_col_regex_all(spark):
    df = spark.createDataFrame([(1, 2, 3)], "a1 INT, a2 INT, b INT")
    return df_result(df.select(df.colRegex("`A[0-9]|b`"), df.colRegex("b")))


# --------------------------------------------------------------------------------------------
# ordering


def with_nulls(spark):
    return spark.createDataFrame([(1,), (None,), (3,), (2,)], "x INT")


@case
def case_columns_order_asc_desc(spark):
    df = with_nulls(spark)
    return {
        "asc": df_result(df.orderBy(col("x").asc()))["rows"],
        "desc": df_result(df.orderBy(col("x").desc()))["rows"],
    }


@case
def case_columns_order_nulls_variants(spark):
    df = with_nulls(spark)
    return {
        "asc_last": df_result(df.orderBy(col("x").asc_nulls_last()))["rows"],
        "desc_first": df_result(df.orderBy(col("x").desc_nulls_first()))["rows"],
        "fn": df_result(df.orderBy(F().desc_nulls_last("x")))["rows"],
    }


# --------------------------------------------------------------------------------------------
# implicit coercion


@case
def case_columns_string_number_compare(spark):
    df = spark.createDataFrame([("1",), ("2",), ("10",)], "s STRING")
    return df_result(df.select(col("s") > 2, col("s") == 10, col("s") < 1.5), sort=True)


@case
def case_columns_string_number_compare_invalid_ansi(spark):
    df = spark.createDataFrame([("x",)], "s STRING")
    return expect_error(lambda: df.select(col("s") == 1).collect())


@case
def case_columns_string_number_arithmetic(spark):
    df = spark.createDataFrame([("1",), ("25",)], "s STRING")
    return df_result(df.select(col("s") + 1, col("s") * 2, col("s") + 1.5, col("s") / 2), sort=True)


@case
def case_columns_string_decimal_text_plus_int_ansi(spark):
    df = spark.createDataFrame([("2.5",)], "s STRING")
    return expect_error(lambda: df.select(col("s") + 1).collect())


@case
def case_columns_string_number_legacy(spark):
    df = spark.createDataFrame([("1",), ("x",)], "s STRING")
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(col("s") + 1, col("s") == 1), sort=True)


@case
def case_columns_date_string_compare(spark):
    df = spark.createDataFrame([(datetime.date(2024, 1, 5),)], "d DATE")
    return df_result(df.select(col("d") > "2024-01-01", col("d") == "2024-01-05", col("d") < F().lit("2023-12-31")))


@case
def case_columns_timestamp_string_compare(spark):
    with utc(spark):
        df = spark.createDataFrame([(datetime.datetime(2024, 1, 5, 10, 0),)], "t TIMESTAMP")
        return df_result(df.select(col("t") > "2024-01-05", col("t") == "2024-01-05 10:00:00"))


@case
def case_columns_int_long_double_mix(spark):
    df = spark.createDataFrame([(1, 2, 1.5, 3.0)], "i INT, l BIGINT, d DOUBLE, f FLOAT")
    return df_result(df.select(col("i") + col("l"), col("i") * col("f"), col("l") + col("d"), col("i") / col("l")))


@case
def case_columns_boolean_plus_int_error(spark):
    df = nums(spark)
    return expect_error(lambda: df.select(col("b") + 1).collect())


@case
def case_columns_string_and_error(spark):
    df = nums(spark)
    return expect_error(lambda: df.select(col("s") & col("b")).collect())


# --------------------------------------------------------------------------------------------
# named arguments


@case(min_client=(4, 0))
def case_columns_named_args_sql(spark):
    return df_result(spark.sql("SELECT mask('AbCd-123', upperChar => 'U', digitChar => 'D') AS m"))


@case
def case_columns_named_args_expr(spark):
    return df_result(spark.range(1).select(F().expr("mask('AbC1', lowerChar => 'l')")))


@case
def case_columns_named_args_errors(spark):
    def err(q):
        return expect_error(lambda: spark.sql(q).collect())

    return {
        "not_supported": err("SELECT upper(str => 'a')"),
        "positional_after_named": err("SELECT mask('a', upperChar => 'U', 'x')"),
        "double_named": err("SELECT mask('Ab', upperChar => 'U', upperChar => 'V')"),
        "unrecognized": err("SELECT mask('Ab', foo => 'U')"),
    }


@case
def case_columns_mask_positional(spark):
    df = spark.createDataFrame([("AbCd-123",), (None,)], "s STRING")
    return df_result(df.select(F().expr("mask(s)"), F().expr("mask(s, 'U', 'l', '#', '*')")), sort=True)


# --------------------------------------------------------------------------------------------
# more survey cases


@case
def case_columns_lit_numeric_widths(spark):
    df = spark.range(1).select(
        F().lit(1).cast("tinyint"), F().lit(2).cast("smallint"), F().lit(1.5).cast("float"),
        F().lit(decimal.Decimal("12345678901234567890.123456789012345678")),
    )
    return df_result(df)


@case
def case_columns_lit_nested_arrays(spark):
    return df_result(spark.range(1).select(F().lit([[1], [2, 3]]), F().lit([1, None]), F().lit(["a", "b"])))


@case
def case_columns_isin_empty_and_strings(spark):
    df = nums(spark)
    return df_result(df.select(col("i").isin([]), col("s").isin([]), col("i").isin("1", "7")), sort=True)


@case
def case_columns_between_strings_and_dates(spark):
    df = spark.createDataFrame([("b", datetime.date(2024, 3, 1)), ("z", None)], "s STRING, d DATE")
    return df_result(df.select(col("s").between("a", "c"), col("d").between("2024-01-01", "2024-12-31")), sort=True)


@case
def case_columns_bool_string_compare(spark):
    df = nums(spark)
    return df_result(df.select(col("b") == "true", col("b") == F().lit("false")), sort=True)


@case
def case_columns_when_mixed_numeric(spark):
    df = nums(spark)
    return df_result(df.select(F().when(col("i") > 1, col("i")).otherwise(col("d")),
                               F().when(col("i") > 1, F().lit(1)).otherwise(F().lit(2**40))), sort=True)


@case
def case_columns_when_int_string(spark):
    df = nums(spark)
    return expect_error(lambda: df.select(F().when(col("i") > 1, col("i")).otherwise(F().lit("x"))).collect())


@case
def case_columns_when_int_string_legacy(spark):
    df = nums(spark)
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(F().when(col("i") > 1, col("i")).otherwise(F().lit("x"))), sort=True)


@case
def case_columns_when_int_numeric_string(spark):
    df = nums(spark)
    return df_result(df.select(F().when(col("i") > 1, col("i")).otherwise(F().lit("5"))), sort=True)


@case
def case_columns_long_overflow_ansi(spark):
    df = spark.createDataFrame([(9223372036854775807,)], "x BIGINT")
    return expect_error(lambda: df.select(col("x") * 2).collect())


@case
def case_columns_negate_min_int_ansi(spark):
    df = spark.createDataFrame([(-2147483648,)], "x INT")
    return expect_error(lambda: df.select(-col("x")).collect())


@case
def case_columns_double_remainder_and_unary(spark):
    df = nums(spark)
    return df_result(df.select(col("d") % 2, -col("d"), col("d") * col("i") - 1), sort=True)


@case
def case_columns_decimal_literal_arithmetic(spark):
    a = F().lit(decimal.Decimal("1.1"))
    b = F().lit(decimal.Decimal("2.22"))
    return df_result(spark.range(1).select(a * b, a / b, a + 1, a > 1.0, a == b))


@case
def case_columns_astype_datatype_objects(spark):
    from pyspark.sql.types import ArrayType, DecimalType, LongType

    df = nested(spark)
    return df_result(df.select(col("id").astype(DecimalType(10, 2)), col("arr").cast(ArrayType(LongType())),
                               col("id").cast("boolean")), sort=True)


@case
def case_columns_casts_datetime(spark):
    with utc(spark):
        df = spark.createDataFrame([(datetime.date(2024, 1, 5), datetime.datetime(2024, 1, 5, 10, 30))], "d DATE, t TIMESTAMP")
        return df_result(df.select(col("d").cast("string"), col("t").cast("date"), col("t").cast("long"),
                                   col("d").cast("timestamp"), F().lit("2024-02-03").cast("date")))


@case
def case_columns_cast_string_to_boolean(spark):
    df = spark.createDataFrame([("true",), ("F",), ("yes",), ("0",)], "s STRING")
    return df_result(df.select(col("s").cast("boolean")), sort=True)


@case
def case_columns_order_multiple_keys(spark):
    df = spark.createDataFrame([("a", 2), ("b", None), ("a", None), ("b", 1), (None, 3)], "s STRING, x INT")
    return {
        "mixed": df_result(df.orderBy(col("s").desc_nulls_first(), col("x").asc_nulls_last()))["rows"],
        "strings": df_result(df.orderBy("s", "x"))["rows"],
    }


@case
def case_columns_select_expr_extraction(spark):
    df = nested(spark)
    return df_result(df.where("id = 1").selectExpr("st.*", "arr[0]", "m['k1']", "st.a + 1", "upper(st.b)"))


@case(min_client=(4, 0))
def case_columns_star_on_non_struct(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("id.*")).collect())


@case
def case_columns_select_star_twice(spark):
    df = spark.createDataFrame([(1, "a")], "x INT, y STRING")
    return df_result(df.select("*", "*"))


@case
def case_columns_case_sensitive_ok(spark):
    df = spark.createDataFrame([(1, 2)], "a INT, A INT")
    with conf(spark, spark_sql_caseSensitive="true"):
        return df_result(df.select(col("A"), col("a")))


@case
def case_columns_ambiguous_case_insensitive(spark):
    df = spark.createDataFrame([(1, 2)], "a INT, A INT")
    return expect_error(lambda: df.select(col("a")).collect())


@case
def case_columns_dotted_name_unquoted(spark):
    df = spark.createDataFrame([(1,)], "`a.b` INT")
    return expect_error(lambda: df.select(col("a.b")).collect())


@case
def case_columns_create_map_duplicate_key(spark):
    return expect_error(lambda: spark.range(1).select(F().create_map(F().lit("a"), F().lit(1), F().lit("a"), F().lit(2))).collect())


@case
def case_columns_create_map_null_key(spark):
    return expect_error(lambda: spark.range(1).select(F().create_map(F().lit(None).cast("string"), F().lit(1))).collect())


@case
def case_columns_get_item_negative_ansi(spark):
    df = nested(spark)
    return expect_error(lambda: df.where("id = 1").select(col("arr")[-1]).collect())


@case(min_client=(4, 0))
def case_columns_substr_zero_and_negative(spark):
    df = nums(spark)
    return df_result(df.select(col("s").substr(0, 2), col("s").substr(-1, 1)), sort=True)


@case
def case_columns_like_escape(spark):
    df = spark.createDataFrame([("a%b",), ("axb",)], "s STRING")
    return df_result(df.select(col("s").like("a\\%b"), col("s").rlike("a.b"), col("s").ilike("A_B")), sort=True)


@case
def case_columns_multi_alias_error(spark):
    return expect_error(lambda: spark.range(1).select(col("id").alias("a", "b")).collect())


# --------------------------------------------------------------------------------------------
# survey round 3


@case
def case_columns_lit_naive_datetime(spark):
    with utc(spark):
        return df_result(spark.range(1).select(F().lit(datetime.datetime(2024, 5, 6, 7, 8, 9))))


@case
def case_columns_timestamp_interval_arithmetic(spark):
    with utc(spark):
        df = spark.createDataFrame([(datetime.datetime(2024, 1, 31, 10, 0), datetime.date(2024, 1, 31))], "t TIMESTAMP, d DATE")
        return df_result(df.select(col("t") + F().expr("INTERVAL 1 DAY"), col("t") - F().expr("INTERVAL '1:30' HOUR TO MINUTE"),
                                   col("d") + F().expr("INTERVAL 1 MONTH")))


@case
def case_columns_decimal_overflow_ansi(spark):
    df = spark.createDataFrame([(decimal.Decimal("9" * 38),)], "x DECIMAL(38,0)")
    return expect_error(lambda: df.select(col("x") + 1).collect())


@case
def case_columns_decimal_overflow_legacy(spark):
    df = spark.createDataFrame([(decimal.Decimal("9" * 38),)], "x DECIMAL(38,0)")
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(col("x") + 1, col("x") * 10))


@case
def case_columns_cast_double_overflow_ansi(spark):
    df = spark.createDataFrame([(1e20,)], "x DOUBLE")
    return expect_error(lambda: df.select(col("x").cast("int")).collect())


@case
def case_columns_get_field_on_map(spark):
    df = nested(spark)
    return df_result(df.select(col("m").getField("k1"), col("m.k2")), sort=True)


@case
def case_columns_struct_int_ordinal_error(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("st")[0]).collect())


@case
def case_columns_array_string_index_error(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("arr")["x"]).collect())


@case
def case_columns_null_arithmetic(spark):
    return df_result(spark.range(1).select(F().lit(1) + F().lit(None), F().lit(None) * 2.5, F().lit(None) == F().lit(None)))


@case
def case_columns_string_plus_string(spark):
    df = spark.createDataFrame([("1", "2")], "a STRING, b STRING")
    return expect_error(lambda: df.select(col("a") + col("b")).collect())


@case
def case_columns_string_plus_string_legacy(spark):
    df = spark.createDataFrame([("1", "2")], "a STRING, b STRING")
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select(col("a") + col("b"), col("a") * col("b")))


@case
def case_columns_not_on_int_error(spark):
    df = nums(spark)
    return expect_error(lambda: df.select(~col("i")).collect())


@case
def case_columns_int_and_bool_error(spark):
    df = nums(spark)
    return expect_error(lambda: df.select(col("i") & col("b")).collect())


@case
def case_columns_metadata_survives_select(spark):
    df = spark.range(2).select(col("id").alias("x", metadata={"k": "v"})).select("x", (col("x") + 1).alias("y"))
    return {"x": df.schema["x"].metadata, "y": df.schema["y"].metadata}


@case
def case_columns_map_compare_error(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("m") == col("m")).collect())


@case
def case_columns_int_division_types(spark):
    df = spark.createDataFrame([(7, 2, decimal.Decimal("7.50"))], "i INT, l BIGINT, c DECIMAL(4,2)")
    return df_result(df.select(col("i") / col("l"), col("c") / col("i"), col("c") / 3, F().expr("i div l"), col("c") % 2))


@case
def case_columns_eq_null_safe_strings(spark):
    df = nums(spark)
    return df_result(df.select(col("s").eqNullSafe(col("s")), col("s").eqNullSafe("a"), col("s") != "a"), sort=True)


@case
def case_columns_interval_plus_timestamp(spark):
    with utc(spark):
        df = spark.createDataFrame([(datetime.datetime(2024, 1, 31, 10, 0),)], "t TIMESTAMP")
        return df_result(df.select(F().expr("INTERVAL 2 HOURS") + col("t"), col("t") + F().expr("INTERVAL 5 MINUTES"),
                                   col("t") - F().expr("INTERVAL 100 HOURS"), col("t") + F().expr("INTERVAL 3 SECONDS")))


# --------------------------------------------------------------------------------------------
# survey round 4


@case
def case_columns_star_forms(spark):
    df = spark.createDataFrame([(1, "a")], "x INT, y STRING")
    return {
        "col_star": df_result(df.select(F().col("*")))["columns"],
        "df_star": df_result(df.select(df["*"]))["columns"],
        "expr_star": df_result(df.select(F().expr("*"), (col("x") + 1).alias("z")))["columns"],
        "select_expr": df_result(df.selectExpr("*", "x + 1"))["columns"],
    }


@case
def case_columns_isin_and_between_columns(spark):
    df = spark.createDataFrame([(1, 1, 3), (5, 2, 4), (None, 1, 2)], "a INT, b INT, c INT")
    return df_result(df.select(col("a").isin(col("b"), col("c")), col("a").between(col("b"), col("c"))), sort=True)


@case
def case_columns_alias_with_dot_then_select(spark):
    df = spark.range(2).select((col("id") * 2).alias("a.b"))
    return df_result(df.select(col("`a.b`") + 1, df["`a.b`"]))


@case
def case_columns_written_case_in_names(spark):
    df = nums(spark)
    return df_result(df.select(col("I") + 1, F().upper(col("S")), col("D").alias("dd")), sort=True)


@case
def case_columns_decimal_string_compare(spark):
    df = spark.createDataFrame([(decimal.Decimal("1.50"),)], "c DECIMAL(5,2)")
    return df_result(df.select(col("c") == "1.5", col("c") > 1, col("c") < 1.6))


@case
def case_columns_bool_null_logic(spark):
    df = nums(spark)
    return df_result(df.select(col("b") & F().lit(None), col("b") | F().lit(None), F().lit(None) & F().lit(False)), sort=True)


@case
def case_columns_chained_when_and_cast(spark):
    df = nums(spark)
    c = F().when(col("s").isNull(), F().lit("none")).otherwise(F().upper(col("s"))).cast("string").alias("c")
    return df_result(df.select(c, (col("i").cast("string") + 1).alias("x")), sort=True)


@case
def case_columns_nested_struct_paths(spark):
    df = spark.createDataFrame([((1, (2, "z")),), (None,)], "s STRUCT<a: INT, t: STRUCT<x: INT, y: STRING>>")
    return df_result(df.select(col("s.t.x"), col("s")["t"]["y"], col("s.t.*"), F().expr("s.t.x + 1")), sort=True)


@case
def case_columns_unresolved_nested_field(spark):
    df = nested(spark)
    return expect_error(lambda: df.select(col("st.zz")).collect())


@case
def case_columns_get_item_on_string_error(spark):
    df = nums(spark)
    return expect_error(lambda: df.select(col("s")[0]).collect())


@case
def case_columns_cast_complex_to_string(spark):
    with utc(spark):
        df = spark.createDataFrame(
            [((1, "x", 2.5, datetime.date(2024, 1, 2)), [1.0, None, 1e10], {"a": [1, 2], "b": None}),
             ((None, None, None, None), [], {}), (None, None, None)],
            "st STRUCT<a: INT, b: STRING, c: DOUBLE, d: DATE>, arr ARRAY<DOUBLE>, m MAP<STRING, ARRAY<INT>>",
        )
        return df_result(df.select(col("st").cast("string"), col("arr").cast("string"), col("m").cast("string"),
                                   F().struct(col("arr"), col("st")).cast("string").alias("nested")), sort=True)


@case
def case_columns_timestamp_plus_timedelta(spark):
    with utc(spark):
        df = spark.createDataFrame([(datetime.datetime(2024, 1, 31, 10, 0),)], "t TIMESTAMP")
        return df_result(df.select(col("t") + datetime.timedelta(hours=1, seconds=30)))


@case
def case_columns_date_differences(spark):
    with utc(spark):
        df = spark.createDataFrame([(datetime.date(2024, 3, 1), datetime.date(2024, 2, 1))], "a DATE, b DATE")
        return df_result(df.select(col("a") + 1, col("a") - 1, F().lit(2) + col("b")))


@case
def case_columns_cast_inside_function_name(spark):
    df = spark.createDataFrame([(7,)], "a INT")
    return {
        "pmod": df_result(df.select(F().pmod(col("a").cast("bigint"), F().lit(4)))),
        "plus": df_result(df.select(col("a").cast("string"), (col("a").cast("bigint") + 1))),
        "upper": df_result(df.select(F().upper(col("a").cast("string")))),
    }
