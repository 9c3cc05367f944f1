"""The foundation's cases: range, createDataFrame, spark.sql, basic DataFrame API, errors,
show/printSchema output and spark.conf."""

import datetime
import decimal

from support import CLIENT_VERSION, df_result, expect_error, norm, rows_of

from ._base import F, captured, case, col, conf, utc

# --------------------------------------------------------------------------------------------
# range


@case
def case_range_10(spark):
    return df_result(spark.range(10))


@case
def case_range_start_end_step(spark):
    return df_result(spark.range(2, 20, 3))


@case
def case_range_negative_step(spark):
    return df_result(spark.range(5, 0, -1))


@case
def case_range_empty(spark):
    return df_result(spark.range(0))


# --------------------------------------------------------------------------------------------
# createDataFrame


@case
def case_create_tuples_ddl_schema(spark):
    df = spark.createDataFrame([(1, "a"), (2, None), (None, "c")], "a INT, b STRING")
    return df_result(df)


@case
def case_create_rows(spark):
    from pyspark.sql import Row

    df = spark.createDataFrame([Row(name="Alice", age=30), Row(name="Bob", age=None)])
    return df_result(df)


@case
def case_create_dicts(spark):
    df = spark.createDataFrame([{"x": 1, "y": "a"}, {"x": 2, "y": "b"}])
    return df_result(df)


@case
def case_create_pandas(spark):
    import pandas as pd

    pdf = pd.DataFrame(
        {
            "i": [1, 2, 3],
            "f": [1.5, float("nan"), 3.25],
            "s": ["a", None, "c"],
            "b": [True, False, True],
        }
    )
    return df_result(spark.createDataFrame(pdf))


@case
def case_create_struct_schema_types(spark):
    from pyspark.sql.types import (
        BooleanType,
        DateType,
        DecimalType,
        DoubleType,
        IntegerType,
        StringType,
        StructField,
        StructType,
        TimestampType,
    )

    schema = StructType(
        [
            StructField("i", IntegerType()),
            StructField("d", DoubleType()),
            StructField("b", BooleanType()),
            StructField("dt", DateType()),
            StructField("ts", TimestampType()),
            StructField("dec", DecimalType(10, 2)),
            StructField("s", StringType(), nullable=False),
        ]
    )
    data = [
        (1, 1.25, True, datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2, 3, 4, 5, 123456),
         decimal.Decimal("12.30"), "x"),
        (None, None, None, None, None, None, "y"),
        (-7, -0.5, False, datetime.date(1970, 1, 1), datetime.datetime(1999, 12, 31, 23, 59, 59),
         decimal.Decimal("-99999999.99"), ""),
    ]
    with utc(spark):
        return df_result(spark.createDataFrame(data, schema))


@case
def case_create_empty_with_schema(spark):
    return df_result(spark.createDataFrame([], "a INT, b STRING"))


# --------------------------------------------------------------------------------------------
# spark.sql


@case
def case_sql_literals_aliased(spark):
    return df_result(spark.sql("SELECT 1 AS a, 'x' AS b"))


@case
def case_sql_select_1(spark):
    return df_result(spark.sql("SELECT 1"))


@case
def case_sql_arithmetic(spark):
    return df_result(spark.sql("SELECT 1 + 1, 2 * 3.5, 7 / 2, 7 DIV 2, 7 % 3"))


@case
def case_sql_named_args(spark):
    return df_result(spark.sql("SELECT :x + 1 AS y", args={"x": 5}))


@case
def case_sql_positional_args(spark):
    return df_result(spark.sql("SELECT ? * 2", args=[21]))


VALUES_T = "VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, NULL) AS t(id, name)"
VALUES_KV = "VALUES ('a', 1), ('b', 2), ('a', 3), ('c', NULL), ('b', 5), ('a', 4) AS t(k, v)"


@case
def case_sql_where_order_limit(spark):
    return df_result(spark.sql(f"SELECT * FROM {VALUES_T} WHERE id > 1 ORDER BY id DESC LIMIT 3"))


@case
def case_sql_group_by_aggregates(spark):
    q = f"SELECT k, count(*), count(v), sum(v), avg(v), min(v), max(v) FROM {VALUES_KV} GROUP BY k ORDER BY k"
    return df_result(spark.sql(q))


@case
def case_sql_having(spark):
    q = f"SELECT k, sum(v) AS s FROM {VALUES_KV} GROUP BY k HAVING sum(v) > 3 ORDER BY k"
    return df_result(spark.sql(q))


# --------------------------------------------------------------------------------------------
# DataFrame API


def kv_df(spark):
    return spark.createDataFrame(
        [("a", 1), ("b", 2), ("a", 3), ("c", None), ("b", 5), ("a", 4)], "k STRING, v INT"
    )


@case
def case_df_select_expressions(spark):
    return df_result(spark.range(5).select(col("id") + 1, (col("id") * 2).alias("x")))


@case
def case_df_filter(spark):
    return df_result(spark.range(10).filter(col("id") > 5))


@case
def case_df_where_string(spark):
    return df_result(spark.range(10).where("id % 2 = 0"))


@case
def case_df_order_by_desc(spark):
    return df_result(spark.range(5).orderBy(col("id").desc()))


@case
def case_df_order_by_name_descending_nulls(spark):
    df = spark.createDataFrame([(1, "x"), (None, "n"), (3, "y"), (2, "z")], "a INT, b STRING")
    return df_result(df.orderBy("a", ascending=False))


@case
def case_df_order_by_name_ascending_nulls(spark):
    df = spark.createDataFrame([(1, "x"), (None, "n"), (3, "y"), (2, "z")], "a INT, b STRING")
    return df_result(df.orderBy("a"))


@case
def case_df_limit(spark):
    return df_result(spark.range(10).limit(3))


@case
def case_df_group_by_agg(spark):
    f = F()
    df = kv_df(spark).groupBy("k").agg(
        f.count("*"), f.sum("v"), f.avg("v"), f.min("v"), f.max("v")
    )
    return df_result(df.orderBy("k"))


@case
def case_df_count_distinct(spark):
    return df_result(kv_df(spark).agg(F().countDistinct("k")))


@case
def case_df_count(spark):
    # norm(): the 3.5 client returns numpy.int64 from count().
    counts = {"range": spark.range(10).count(), "filtered": kv_df(spark).filter("v > 2").count(),
              "empty": spark.range(0).count()}
    return {k: norm(v) for k, v in counts.items()}


@case
def case_df_select_expr(spark):
    return df_result(spark.range(3).selectExpr("id * 2 AS d", "id"))


@case
def case_df_column_case_insensitive(spark):
    return df_result(spark.range(3).select(F().col("ID")))


@case
def case_df_sql_column_case_insensitive(spark):
    return df_result(spark.sql("SELECT ID, Id + 1 FROM range(2)"))


def nested_df(spark):
    return spark.createDataFrame(
        [(1, "a", [1, 2], {"k": 1.5}, (True, "s"))],
        "id BIGINT NOT NULL, name STRING, arr ARRAY<INT>, m MAP<STRING, DOUBLE>, "
        "st STRUCT<flag: BOOLEAN, inner: STRING>",
    )


@case
def case_df_schema_metadata(spark):
    df = nested_df(spark)
    import json

    return {
        "simpleString": df.schema.simpleString(),
        "json": json.loads(df.schema.json()),
        "columns": df.columns,
        "dtypes": [list(t) for t in df.dtypes],
        "rows": rows_of(df),
    }


@case
def case_df_casts(spark):
    f = F()
    return df_result(
        spark.range(3).select(
            col("id").cast("string"), f.lit(1).cast("double"), col("id").cast("boolean").alias("b")
        )
    )


def str_df(spark):
    return spark.createDataFrame(
        [(1, "Hello", "World"), (2, None, "x"), (3, "ÄbC", None)], "id INT, a STRING, b STRING"
    )


@case
def case_df_string_functions(spark):
    f = F()
    df = str_df(spark).select(
        "id", f.upper("a"), f.lower(col("a")), f.length("a"), f.concat("a", "b"),
        f.concat(f.lit("<"), col("b"), f.lit(">")).alias("wrapped"),
    )
    return df_result(df.orderBy("id"))


@case
def case_df_coalesce(spark):
    f = F()
    df = str_df(spark).select("id", f.coalesce("a", "b"), f.coalesce(col("b"), f.lit("dflt")))
    return df_result(df.orderBy("id"))


@case
def case_df_when_otherwise(spark):
    f = F()
    df = spark.range(6).select(
        "id",
        f.when(col("id") < 2, "small").when(col("id") < 4, "medium").otherwise("large"),
        f.when(col("id") % 2 == 0, col("id")).alias("even_or_null"),
    )
    return df_result(df)


@case
def case_df_null_checks(spark):
    df = str_df(spark).select("id", col("a").isNull(), col("b").isNotNull().alias("has_b"))
    return df_result(df.orderBy("id"))


@case
def case_df_isin(spark):
    df = spark.range(6).select("id", col("id").isin(1, 3, 5), col("id").isin([0, 4]).alias("l"))
    return df_result(df)


@case
def case_df_isin_filter(spark):
    return df_result(kv_df(spark).filter(col("k").isin("a", "c")).orderBy("k", "v"))


@case
def case_df_between(spark):
    return df_result(spark.range(6).select("id", col("id").between(2, 4)))


@case
def case_df_like(spark):
    df = str_df(spark).select("id", col("a").like("H%"), col("b").like("_"))
    return df_result(df.orderBy("id"))


# --------------------------------------------------------------------------------------------
# errors


@case
def case_error_unresolved_column(spark):
    return expect_error(lambda: spark.range(3).select("nope").collect())


@case
def case_error_unresolved_column_sql(spark):
    return expect_error(lambda: spark.sql("SELECT nope FROM range(3)").collect())


@case
def case_error_table_not_found(spark):
    return expect_error(lambda: spark.table("nope").collect())


@case
def case_error_table_not_found_sql(spark):
    return expect_error(lambda: spark.sql("SELECT * FROM nope").collect())


@case
def case_error_unresolved_routine(spark):
    return expect_error(lambda: spark.sql("SELECT nope(1)").collect())


@case
def case_error_parse_syntax(spark):
    return expect_error(lambda: spark.sql("SELEC 1").collect())


@case
def case_error_divide_by_zero(spark):
    return expect_error(lambda: spark.sql("SELECT 1/0").collect())


@case
def case_error_cast_invalid_input(spark):
    return expect_error(lambda: spark.sql("SELECT CAST('abc' AS INT)").collect())


@case
def case_error_integer_overflow(spark):
    return expect_error(lambda: spark.sql("SELECT 2147483647 + 1").collect())


@case
def case_error_bigint_overflow_df(spark):
    f = F()
    return expect_error(
        lambda: spark.range(1).select(f.lit(9223372036854775807) + col("id") + 1).collect()
    )


@case
def case_error_conf_get_unknown(spark):
    return expect_error(lambda: spark.conf.get("spark.sql.nope.nope"))


@case
def case_error_conf_set_static(spark):
    return expect_error(lambda: spark.conf.set("spark.sql.warehouse.dir", "/tmp/nope"))


# --------------------------------------------------------------------------------------------
# show / printSchema output


def show_df(spark):
    return spark.createDataFrame(
        [
            (1, "alpha", 1.5, None),
            (2, None, -0.25, "long text value"),
            (None, "gamma", None, "z"),
            (40000, "", 1e20, "δ"),
        ],
        "id INT, name STRING, score DOUBLE, note STRING",
    )


@case
def case_show_default(spark):
    return {"stdout": captured(lambda: show_df(spark).show())}


@case
def case_show_n2(spark):
    return {"stdout": captured(lambda: show_df(spark).show(2))}


@case
def case_show_truncate3(spark):
    return {"stdout": captured(lambda: show_df(spark).show(truncate=3))}


@case
def case_show_vertical(spark):
    return {"stdout": captured(lambda: show_df(spark).show(vertical=True))}


@case
def case_show_range_expression_header(spark):
    return {"stdout": captured(lambda: spark.range(3).select(col("id") * 2).show())}


@case
def case_print_schema_nested(spark):
    return {"stdout": captured(lambda: nested_df(spark).printSchema())}


# --------------------------------------------------------------------------------------------
# spark.conf


@case
def case_conf_defaults(spark):
    return {
        "ansi": spark.conf.get("spark.sql.ansi.enabled"),
        "shuffle_partitions": spark.conf.get("spark.sql.shuffle.partitions"),
    }


@case
def case_conf_set_get_unset(spark):
    out = {}
    key = "spark.sql.shuffle.partitions"
    before = spark.conf.get(key)
    spark.conf.set(key, 7)
    out["after_set_int"] = spark.conf.get(key)
    spark.conf.set(key, "9")
    out["after_set_str"] = spark.conf.get(key)
    spark.conf.unset(key)
    out["after_unset"] = spark.conf.get(key)
    out["restored"] = spark.conf.get(key) == before
    return out


@case
def case_conf_custom_key(spark):
    out = {}
    spark.conf.set("sabot.test.custom", "v1")
    out["get"] = spark.conf.get("sabot.test.custom")
    spark.conf.set("sabot.test.flag", True)
    out["bool"] = spark.conf.get("sabot.test.flag")
    spark.conf.unset("sabot.test.custom")
    spark.conf.unset("sabot.test.flag")
    out["after_unset_with_default"] = spark.conf.get("sabot.test.custom", "gone")
    out["after_unset"] = expect_error(lambda: spark.conf.get("sabot.test.custom"))
    return out


@case
def case_conf_get_with_default(spark):
    return {
        "unknown_key": spark.conf.get("x.y", "dflt"),
        "unknown_key_none": spark.conf.get("x.y", None),
        "known_key_valid_default": spark.conf.get("spark.sql.ansi.enabled", "false"),
        "known_key_int_default": spark.conf.get("spark.sql.shuffle.partitions", "3"),
        # Spark type-checks the default of a known key (INVALID_CONF_VALUE.TYPE_MISMATCH).
        "known_key_bad_default": expect_error(
            lambda: spark.conf.get("spark.sql.ansi.enabled", "dflt")
        ),
    }


@case
def case_conf_is_modifiable(spark):
    return {
        "ansi": spark.conf.isModifiable("spark.sql.ansi.enabled"),
        "warehouse_static": spark.conf.isModifiable("spark.sql.warehouse.dir"),
        "unknown": spark.conf.isModifiable("x.y"),
    }


@case
def case_conf_timezone_affects_timestamps(spark):
    q = "SELECT CAST(TIMESTAMP'2024-03-01 12:00:00' AS STRING) AS s, TIMESTAMP'2024-03-01 12:00:00' AS t"
    with conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
        la = df_result(spark.sql(q))
    with utc(spark):
        u = df_result(spark.sql(q))
    return {"la": la, "utc": u}


__all__ = ["CASES", "applicable", "norm"]
