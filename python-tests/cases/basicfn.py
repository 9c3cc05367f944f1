"""The everyday functions of `pyspark.sql.functions` that no other group exercises by name
(issue 4): math, string, null-handling, aggregates and aliases, with nulls and edge values,
as Spark 4.3.0 answers them."""

from support import df_result, expect_error

from ._base import F, case, conf


def nums(spark):
    return spark.createDataFrame(
        [(1, 2.5, -3, "a"), (2, -0.5, 0, None), (3, None, 7, "c"), (4, 16.0, None, "d"), (5, float("nan"), -1, "")],
        "id INT, x DOUBLE, n INT, s STRING",
    )


@case
def case_basicfn_rounding(spark):
    df = nums(spark).select(
        "id", F().ceil("x"), F().ceiling("x"), F().floor("x"), F().bround("x"), F().bround("x", 1),
        F().floor(F().col("n") / 2), F().sign("x"), F().signum("n"), F().positive("n"),
    )
    return df_result(df, sort=True)


@case
def case_basicfn_exp_log(spark):
    df = nums(spark).select(
        "id", F().exp("x"), F().ln("x"), F().log("x"), F().log(2.0, "x"), F().log10("x"), F().log2("x"),
        F().sqrt("x"), F().pow("x", 2), F().power("n", 0.5), F().pi(), F().isnan("x"),
    )
    return df_result(df, sort=True)


@case
def case_basicfn_greatest_least_nulls(spark):
    df = nums(spark).select(
        "id", F().greatest("x", "n"), F().least("x", "n", F().lit(0)), F().ifnull("s", F().lit("?")),
        F().nvl("x", F().lit(0.0)), F().nvl2("s", F().lit("has"), F().lit("none")), F().nullif("n", F().lit(0)),
        F().isnotnull("s"), F().bitwiseNOT("n"),
    )
    return df_result(df, sort=True)


@case
def case_basicfn_strings(spark):
    df = nums(spark).select(
        "id", F().concat_ws("-", "s", F().lit("x"), "s"), F().initcap(F().lit("hello wORLD")), F().instr("s", "c"),
        F().char_length("s"), F().character_length("s"), F().lcase(F().lit("AbC")), F().ucase("s"),
        F().lpad("s", 3, "*"), F().rpad("s", 3, "xy"), F().reverse("s"),
        F().trim(F().lit("  a b  ")), F().ltrim(F().lit("  a")), F().rtrim(F().lit("a  ")),
    )
    return df_result(df, sort=True)


@case
def case_basicfn_string_sql_forms(spark):
    return df_result(spark.sql(
        "SELECT trim('  a ') AS l, lpad('abc', 2) AS p, "
        "rpad('a', 4, '') AS r, concat_ws(',', array('a', NULL, 'b'), 'c') AS c, instr(NULL, 'a') AS i"
    ))


@case
def case_basicfn_aggregates(spark):
    df = nums(spark).agg(
        F().bool_or(F().col("n") > 5), F().some(F().col("n") > 100), F().std("n"), F().stddev_samp("n"),
        # The 3.5 client sends `variance` as `var_samp`; the SQL name is the same for both.
        F().expr("variance(n)"), F().stddev_samp(F().lit(1)),
    )
    return df_result(df)


@case
def case_basicfn_now_and_call_function(spark):
    df = spark.range(1).select(
        (F().now() == F().current_timestamp()).alias("same"),
        F().call_function("greatest", F().lit(1), F().lit(3)),
        F().call_function("ucase", F().lit("x")),
    )
    return df_result(df)


@case
def case_basicfn_ansi_overflow(spark):
    with conf(spark, spark_sql_ansi_enabled="true"):
        err = expect_error(lambda: spark.range(1).select(F().pow(F().lit(10), F().lit(400)).cast("long")).collect())
    with conf(spark, spark_sql_ansi_enabled="false"):
        ok = df_result(spark.range(1).select(F().pow(F().lit(10), F().lit(400)).cast("long"), F().sqrt(F().lit(-1))))
    return {"ansi": err, "legacy": ok}


@case(min_client=(4, 0))
def case_basicfn_kll_merge_float(spark):
    df = spark.createDataFrame([(1.0,), (2.0,), (3.0,)], "x FLOAT")
    sk = df.agg(F().kll_sketch_agg_float("x").alias("a"))
    merged = sk.select(F().kll_sketch_merge_float("a", "a").alias("m"))
    return df_result(merged.select(F().kll_sketch_get_n_float("m"), F().kll_sketch_get_quantile_float("m", F().lit(0.5))))


@case
def case_basicfn_decimal_multiply_capped(spark):
    # decimal(32,4) * decimal(16,2) is decimal(38,6): the exact product, NULL or an error when it
    # needs more than 38 digits.
    q = (
        "SELECT CAST(a AS DECIMAL(32,4)) * CAST(b AS DECIMAL(16,2)) AS p FROM VALUES "
        "(1.5, -2.25), (12345678901234567890.1234, 99999999999999.99), (NULL, 1.0) AS t(a, b)"
    )
    with conf(spark, spark_sql_ansi_enabled="true"):
        ok = df_result(spark.sql(q.replace("99999999999999.99", "9.99")))
        err = expect_error(lambda: spark.sql(q).collect())
    with conf(spark, spark_sql_ansi_enabled="false"):
        legacy = df_result(spark.sql(q))
    return {"ansi": ok, "overflow": err, "legacy": legacy}
