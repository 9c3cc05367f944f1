"""Spark's type coercion of values that share a type (issue 5): CASE/if/coalesce/nvl values,
array and map elements, IN lists, greatest/least, nullif; string +/- INTERVAL; the name of SQL's
unary minus. Spark 4 runs with ANSI on, so a string next to a number is read as the number
(`AnsiTypeCoercion.findWiderTypeForString`), failing on bad text. Recorded from Spark 4.3.0."""

from support import df_result, expect_error

from ._base import F, case, conf


def sql_each(spark, queries):
    """`{query: result or error}` for each query."""
    return {q: expect_error(lambda q=q: df_result(spark.sql(q))) for q in queries}


@case
def case_coercion_conditional_values(spark):
    return sql_each(spark, [
        "SELECT if(id > 0, '10', 1) AS c, typeof(if(id > 0, '10', 1)) AS t FROM range(2)",
        "SELECT CASE WHEN id > 0 THEN '10' ELSE 1 END AS c FROM range(2)",
        "SELECT CASE WHEN true THEN 1 ELSE 2.5 END, typeof(CASE WHEN true THEN 1 ELSE 2.5 END)",
        "SELECT coalesce('10', 1) AS c, nvl('10', 1), ifnull(NULL, 7L)",
        "SELECT coalesce(NULL, '1', 2.5) AS c, typeof(coalesce(NULL, '1', 2.5)) AS t",
        "SELECT coalesce(1, '1', 2.5BD) AS c, typeof(coalesce(1, '1', 2.5BD)) AS t",
        "SELECT coalesce('2024-01-01', DATE'2024-01-02') AS c",
        "SELECT coalesce(TIMESTAMP'2024-01-01 00:00:00', DATE'2024-01-02') AS c",
        "SELECT nvl2(id, 1, '7') AS c FROM range(1)",
        "SELECT if(true, 1, 2.5f) AS a, if(true, 1Y, 2.5f) AS b, if(true, 1L, 2.5BD) AS c",
        "SELECT if(true, array(1), array(2L)) AS a, if(true, array(1), array('2')) AS b",
        "SELECT if(true, 'true', false) AS c",
        "SELECT if(true, DATE'2024-01-01', '2024-01-02') AS c",
        "SELECT nullif('10', 10) AS a, nullif(1, 1.0) AS b, nullif('a', 'b') AS c",
        # Errors: a malformed string read as a number, and values of no common type.
        "SELECT if(id > 0, 'x', 1) FROM range(2)",
        "SELECT if(true, 1, true)",
        "SELECT CASE WHEN id > 0 THEN 1 ELSE true END FROM range(1)",
        "SELECT coalesce(1, true)",
        "SELECT nvl(1, true)",
    ])


@case
def case_coercion_collections_and_in(spark):
    return sql_each(spark, [
        "SELECT array(1, '2') AS a, array(1, 2.5) AS b, array(1, 2.5D) AS c",
        "SELECT map('a', 1, 'b', '2') AS m, map(1, 'a', 2L, 'b') AS n",
        "SELECT 1 IN ('1', 2) AS a, '1' IN (1, 2) AS b, 1 IN (1.5, 2) AS c",
        "SELECT DATE'2024-01-01' IN ('2024-01-01', '2024-01-02') AS d",
        "SELECT array('a', 1)",
        "SELECT array(1, true)",
        "SELECT 'x' IN (1, 2)",
        "SELECT 1 IN (true)",
        "SELECT greatest(1, 2.5) AS a, greatest(1, 2L, 3.5D) AS b, least('a', 'b') AS c",
        "SELECT greatest(DATE'2024-01-01', TIMESTAMP'2024-01-01 10:00:00') AS g",
        "SELECT greatest('10', 1)",
        "SELECT least(1, 'a')",
        "SELECT 1Y + 2.5f AS a, typeof(1Y + 2.5f) AS t",
    ])


@case
def case_coercion_dataframe_api(spark):
    df = spark.createDataFrame([(1, "10", 2.5), (0, "7", None)], "i INT, s STRING, d DOUBLE")
    out = df.select(
        "i",
        F().when(F().col("i") > 0, F().col("s")).otherwise(F().col("i")).alias("w"),
        F().coalesce("d", "i").alias("c"),
        F().array("i", "s").alias("a"),
        F().col("s").isin(7, 10).alias("in_list"),
        F().nullif("s", F().lit(10)).alias("n"),
    )
    return {
        "rows": df_result(out, sort=True),
        "greatest_mixed": expect_error(lambda: df.select(F().greatest("s", "i")).collect()),
    }


@case
def case_coercion_string_plus_interval(spark):
    with conf(spark, spark_sql_session_timeZone="UTC"):
        return sql_each(spark, [
            "SELECT '2024-01-02' + INTERVAL 1 DAY AS a, typeof('2024-01-02' + INTERVAL 1 DAY) AS t",
            "SELECT '2024-01-02 10:00:00' - INTERVAL 1 HOUR",
            "SELECT INTERVAL 1 DAY + '2024-01-02'",
            "SELECT '2024-01-02' + INTERVAL '1 2:03' DAY TO MINUTE",
            "SELECT '2024-01-02 10:00:00.5' + INTERVAL 1 SECOND",
            "SELECT 'bad' + INTERVAL 1 DAY",
            "SELECT '2024-01-31' + INTERVAL 1 MONTH",
            "SELECT '2024-01-02' - INTERVAL 1 YEAR",
        ])


@case
def case_coercion_unary_minus_names(spark):
    return sql_each(spark, [
        "SELECT -id, - id, -(id + 1), -1, - 1, negative(id) FROM range(2)",
        "SELECT -'5' AS a, typeof(-'5') AS t",
        "SELECT - - 2 AS a, -id * 2 AS b, -(-id) AS c FROM range(1)",
    ]) | {"dataframe": df_result(spark.range(2).select(-F().col("id")))}
