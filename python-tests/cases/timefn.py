"""Spark's TIME type (`TimeType(p)`, Spark 4.1+) and its functions, as Spark 4.3.0 gives them:
refused with UNSUPPORTED_TIME_TYPE while `spark.sql.timeType.enabled` is off (its default), except
for `TIME '...'` literals, `current_time` and formatting, and Spark's results when it is on."""

import datetime

from support import df_result, expect_error

from ._base import F, captured, case, conf


def on(spark):
    return conf(spark, spark_sql_timeType_enabled="true")


def times(spark):
    t = datetime.time
    return spark.createDataFrame(
        [
            (1, t(12, 34, 56), "12:34:56", 45296.5),
            (2, t(0, 0, 0), "00:00:00.000001", 0.0),
            (3, t(23, 59, 59, 999999), "T1:2", 86399.999999),
            (4, t(9, 5, 0, 120000), " 09:05 ", 1.25),
            (5, None, None, None),
        ],
        "id INT, t TIME, s STRING, x DOUBLE",
    )


# --- config off (Spark's default) ---------------------------------------------------------------


@case
def case_timefn_off_literals(spark):
    # Spark Connect refuses to send a TIME column while the type is disabled.
    out = {}
    for q in [
        "TIME '12:34:56' AS a", "CAST(TIME '12:34:56.5' AS STRING) AS s",
        "typeof(TIME '01:02:03') AS ty", "concat('x', TIME '12:00:00.000100') AS c",
        "TIME '12:34:56' < TIME '13:00:00' AS lt", "current_time() IS NOT NULL AS n",
        "typeof(current_time()) AS tc", "current_time()",
    ]:
        out[q] = expect_error(lambda q=q: spark.sql(f"SELECT {q}").collect())
    return out


@case
def case_timefn_off_functions(spark):
    out = {}
    for q in [
        "make_time(1, 2, 3)", "to_time('12:34:56')", "try_to_time('x')", "time_from_seconds(10)",
        "time_from_millis(10)", "time_from_micros(10)", "time_to_seconds(NULL)",
        "time_to_millis(NULL)", "time_to_micros(NULL)", "time_trunc('HOUR', NULL)",
        "time_diff('HOUR', NULL, NULL)", "CAST('12:34:56' AS TIME)", "CAST(NULL AS TIME)",
        "hour(TIME '12:34:56')", "TIME '12:34:56' = '12:34:56'",
    ]:
        out[q] = expect_error(lambda q=q: spark.sql(f"SELECT {q}").collect())
    return out


@case
def case_timefn_off_literal_errors(spark):
    return {
        q: expect_error(lambda q=q: spark.sql(f"SELECT {q}").collect())
        for q in ["TIME '12'", "TIME 'x'", "TIME '24:00:00'", "TIME '12:60:00'"]
    }


@case(min_client=(4, 0))
def case_timefn_off_create_dataframe(spark):
    t = datetime.time
    return {
        "inferred": expect_error(
            lambda: spark.createDataFrame([(1, t(1, 2, 3))], ["id", "t"]).collect()
        ),
        "ddl": expect_error(lambda: times(spark).collect()),
        "lit": expect_error(lambda: spark.range(1).select(F().lit(t(1, 2))).collect()),
        "filtered": expect_error(
            lambda: spark.createDataFrame([(1, t(1, 2, 3))], ["id", "t"])
            .selectExpr("id", "CAST(t AS STRING) AS s").collect()
        ),
    }


# --- config on ----------------------------------------------------------------------------------


@case(min_client=(4, 0))
def case_timefn_literals(spark):
    with on(spark):
        df = spark.sql(
            "SELECT TIME '12:34:56' AS a, TIME '00:00:00.000001' AS b, "
            "TIME '12:34:56' < TIME '13:00:00' AS lt, TIME '12:34:56' = '12:34:56' AS eq, "
            "TIME '12:34:56.123456789' = TIME '12:34:56.123456' AS ne, "
            "typeof(TIME '12:34:56') AS ty"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_timefn_sort_and_aggregate(spark):
    with on(spark):
        df = times(spark)
        return {
            "sorted": [r[0] for r in df.orderBy("t").select("id").collect()],
            "agg": df_result(df.agg(F().min("t"), F().max("t"), F().count("t"))),
            "filter": df_result(df.filter("t > TIME '09:00:00'").select("id", "t"), sort=True),
        }


@case(min_client=(4, 0))
def case_timefn_cast_string(spark):
    with on(spark):
        df = times(spark).selectExpr(
            "id", "CAST(s AS TIME)", "CAST(t AS STRING)", "try_cast(s AS TIME)",
            "CAST(CAST(s AS TIME) AS STRING) AS back",
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))
def case_timefn_cast_literals(spark):
    with on(spark):
        df = spark.sql(
            "SELECT CAST('12:34:56.1234567891' AS TIME) AS a, CAST('T12:34 ' AS TIME) AS b, "
            "CAST(TIMESTAMP_NTZ '2020-01-01 01:02:03.5' AS TIME) AS c, "
            "CAST(TIME '00:00:00' AS STRING) AS d, CAST(TIME '12:00:00.000100' AS STRING) AS e, "
            "CAST(NULL AS TIME) AS f, try_cast('bad' AS TIME) AS g, CAST('12:34:56.' AS TIME) AS h, "
            "CAST(TIME '12:34:56.5' AS BIGINT) AS i, CAST(TIME '12:34:56.5' AS INT) AS j"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_timefn_cast_timestamp(spark):
    with on(spark), conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
        df = spark.sql(
            "SELECT CAST(TIMESTAMP '2020-01-01 10:00:00' AS TIME) AS a, "
            "CAST(CAST(TIMESTAMP '2020-07-01 10:00:00 UTC' AS TIMESTAMP) AS TIME) AS b"
        )
        return df_result(df)


@case(min_client=(4, 0))  # TIME results: a 3.5 client cannot read them
def case_timefn_cast_errors(spark):
    with on(spark):
        out = {
            q: expect_error(lambda q=q: spark.sql(f"SELECT {q}").collect())
            for q in [
                "CAST('bad' AS TIME)", "CAST('12:34:56Z' AS TIME)", "CAST('24:00' AS TIME)",
                "CAST(10 AS TIME)", "CAST(DATE '2020-01-01' AS TIME)",
                "CAST(TIME '12:34:56' AS DATE)", "CAST(' T12:34:56' AS TIME)",
                "CAST('012:34:56' AS TIME)", "CAST(TIME '12:34:56' AS DOUBLE)",
                "CAST(TIME '12:34:56.5' AS TINYINT)",
            ]
        }
        with conf(spark, spark_sql_ansi_enabled="false"):
            out["ansi_off"] = expect_error(
                lambda: spark.sql("SELECT CAST('bad' AS TIME) IS NULL AS n").collect()
            )
        return out


@case(min_client=(4, 0))
def case_timefn_make_time(spark):
    with on(spark):
        df = spark.sql(
            "SELECT make_time(1, 2, 3) AS a, make_time(12, 58, 59.999999) AS b, "
            "make_time(NULL, 1, 1) AS c, make_time(1, 1, 1.5d) AS d, "
            "make_time(1, 1, CAST(1 AS DECIMAL(10,0))) AS e, make_time(23, 59, 0)"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_timefn_make_time_api(spark):
    f = F()
    with on(spark):
        df = spark.createDataFrame([(1, 2, 3.5), (None, 1, 1.0)], "h INT, m INT, s DOUBLE")
        return df_result(df.select(f.make_time("h", "m", "s")), sort=True)


@case(min_client=(4, 0))  # TIME results: a 3.5 client cannot read them
def case_timefn_make_time_errors(spark):
    with on(spark):
        return {
            q: expect_error(lambda q=q: spark.sql(f"SELECT {q}").collect())
            for q in [
                "make_time(25, 0, 0)", "make_time(12, 60, 0)", "make_time(1, 2, 60)",
                "make_time(-1, 0, 0)", "make_time(1, 1, 59.9999999)", "make_time(1, 2)",
            ]
        }


@case(min_client=(4, 0))
def case_timefn_to_time(spark):
    with on(spark):
        df = spark.sql(
            "SELECT to_time('12:34:56') AS a, to_time('12:10:05', 'HH:mm:ss') AS b, "
            "to_time('12.10.05.999999', 'HH.mm.ss.SSSSSS') AS c, to_time('10 PM', 'h a') AS d, "
            "to_time(NULL) AS e, to_time('12:34:56', NULL) AS f, try_to_time('xx'), "
            "try_to_time('12:10:05'), try_to_time('12', 'HH:mm')"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_timefn_to_time_api(spark):
    f = F()
    with on(spark):
        df = times(spark).select(
            "id", f.to_time("s"), f.try_to_time("s"),
            f.try_to_time(f.col("s"), f.lit("HH:mm:ss")),
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))  # TIME results: a 3.5 client cannot read them
def case_timefn_to_time_errors(spark):
    with on(spark):
        return {
            q: expect_error(lambda q=q: spark.sql(f"SELECT {q}").collect())
            for q in ["to_time('xx')", "to_time('12:34', 'HH:mm:ss')", "to_time('25:00:00')"]
        }


@case(min_client=(4, 0))
def case_timefn_from_to(spark):
    with on(spark):
        df = spark.sql(
            "SELECT time_from_seconds(52200.5) AS a, time_from_seconds(10), "
            "time_from_seconds(1.5d), time_from_seconds(1.5f), time_from_millis(52200500), "
            "time_from_micros(52200500000), time_to_seconds(TIME '14:30:00.5'), "
            "time_to_millis(TIME '14:30:00.5'), time_to_micros(TIME '14:30:00.5'), "
            "time_to_seconds(TIME '23:59:59.999999'), time_to_seconds(NULL), "
            "time_from_seconds(NULL)"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_timefn_from_to_api(spark):
    f = F()
    with on(spark):
        df = times(spark).select(
            "id", f.time_to_seconds("t"), f.time_to_millis("t"), f.time_to_micros("t"),
            f.time_from_seconds("x"), f.time_from_micros(f.time_to_micros("t")),
            f.time_from_millis(f.time_to_millis("t")),
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))  # TIME results: a 3.5 client cannot read them
def case_timefn_from_errors(spark):
    with on(spark):
        return {
            q: expect_error(lambda q=q: spark.sql(f"SELECT {q}").collect())
            for q in [
                "time_from_seconds(86400)", "time_from_seconds(-1)", "time_from_micros(-1)",
                "time_from_millis(86400000)", "time_from_seconds(CAST('NaN' AS DOUBLE))",
                "time_to_seconds('12:00:00')",
            ]
        }


@case(min_client=(4, 0))
def case_timefn_trunc_diff(spark):
    with on(spark):
        df = spark.sql(
            "SELECT time_trunc('HOUR', TIME '09:32:05.359') AS a, "
            "time_trunc('MILLISECOND', TIME '09:32:05.123456') AS b, "
            "time_trunc('minute', TIME '01:02:03') AS c, time_trunc('SECOND', TIME '01:02:03.9'), "
            "time_trunc('MICROSECOND', TIME '01:02:03.123456'), time_trunc('HOUR', NULL), "
            "time_diff('HOUR', TIME '20:30:29', TIME '21:30:28') AS d, "
            "time_diff('SECOND', TIME '20:30:29', TIME '12:00:00') AS e, "
            "time_diff('MICROSECOND', TIME '01:00:00', TIME '02:00:00.5') AS f, "
            "time_diff('minute', TIME '01:00:00', TIME '00:00:00') AS g, "
            "time_diff('MILLISECOND', TIME '01:00:00', NULL) AS h"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_timefn_trunc_diff_api(spark):
    f = F()
    with on(spark):
        df = times(spark).select(
            "id", f.time_trunc(f.lit("MINUTE"), "t"),
            f.time_diff(f.lit("SECOND"), f.lit(datetime.time(12, 0)), "t"),
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))  # TIME results: a 3.5 client cannot read them
def case_timefn_trunc_diff_errors(spark):
    with on(spark):
        return {
            q: expect_error(lambda q=q: spark.sql(f"SELECT {q}").collect())
            for q in [
                "time_trunc('DAY', TIME '09:32:05')", "time_trunc('x', TIME '01:02:03')",
                "time_diff('DAY', TIME '01:00:00', TIME '02:00:00')",
            ]
        }


@case(min_client=(4, 0))
def case_timefn_extract(spark):
    with on(spark):
        df = times(spark).selectExpr(
            "id", "hour(t)", "minute(t)", "second(t)", "extract(HOUR FROM t)",
            "extract(SECOND FROM t)", "date_part('minute', t)",
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))
def case_timefn_current_time(spark):
    with on(spark):
        df = spark.sql(
            "SELECT current_time() IS NOT NULL AS a, typeof(current_time()) AS b, "
            "current_time() = current_time() AS c, current_time(0) <= current_time() AS d"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_timefn_lit(spark):
    f = F()
    with on(spark):
        df = spark.range(1).select(
            f.lit(datetime.time(1, 2, 3, 4)).alias("a"),
            f.lit(datetime.time(23, 59)).alias("b"),
        )
        return df_result(df)


# --- time_bucket (timestamps; allowed whatever spark.sql.timeType.enabled says) ---------------


def bucket_rows(spark):
    t = datetime.datetime
    return spark.createDataFrame(
        [
            (1, t(2024, 1, 1, 11, 27, 0), t(2024, 1, 1, 11, 27, 0)),
            (2, t(2024, 7, 17, 23, 59, 59, 999999), t(2024, 7, 17, 23, 59, 59, 999999)),
            (3, t(1969, 11, 17, 11, 27, 0), t(1969, 11, 17, 11, 27, 0)),
            (4, t(2024, 11, 3, 1, 30, 0), t(2024, 11, 3, 1, 30, 0)),
            (5, None, None),
        ],
        "id INT, ts TIMESTAMP, ntz TIMESTAMP_NTZ",
    )


@case
def case_timefn_time_bucket_sql(spark):
    with conf(spark, spark_sql_session_timeZone="UTC"):
        df = bucket_rows(spark).selectExpr(
            "id", "time_bucket(INTERVAL '15' MINUTE, ts)", "time_bucket(INTERVAL '2' HOUR, ntz)",
            "time_bucket(INTERVAL '1' DAY, ts)", "time_bucket(INTERVAL '7' DAY, ntz)",
            "time_bucket(INTERVAL '1' MONTH, ts)", "time_bucket(INTERVAL '3' MONTH, ntz)",
            "time_bucket(INTERVAL '1' YEAR, ts)",
            "time_bucket(INTERVAL '15' MINUTE, ts, TIMESTAMP '1970-01-01 00:05:00') AS o1",
            "time_bucket(INTERVAL '1' MONTH, ntz, TIMESTAMP_NTZ '2000-01-15 12:00:00') AS o2",
        )
        return df_result(df, sort=True)


@case
def case_timefn_time_bucket_zone(spark):
    with conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
        df = bucket_rows(spark).selectExpr(
            "id", "CAST(time_bucket(INTERVAL '15' MINUTE, ts) AS STRING) AS a",
            "CAST(time_bucket(INTERVAL '1' HOUR, ts) AS STRING) AS b",
            "CAST(time_bucket(INTERVAL '1' DAY, ts) AS STRING) AS c",
            "CAST(time_bucket(INTERVAL '1 2' DAY TO HOUR, ts) AS STRING) AS d",
            "CAST(time_bucket(INTERVAL '1' MONTH, ts) AS STRING) AS e",
            "CAST(time_bucket(INTERVAL '1' DAY, ntz) AS STRING) AS f",
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))
def case_timefn_time_bucket_api(spark):
    f = F()
    with conf(spark, spark_sql_session_timeZone="UTC"):
        df = bucket_rows(spark).select(
            "id", f.time_bucket(f.expr("INTERVAL '15' MINUTE"), "ts").alias("a"),
            f.time_bucket(
                f.expr("INTERVAL '15' MINUTE"), "ts", f.expr("TIMESTAMP '1970-01-01 00:05:00'")
            ).alias("b"),
            f.time_bucket(f.expr("INTERVAL '1' MONTH"), "ntz"),
        )
        return df_result(df, sort=True)


@case
def case_timefn_time_bucket_errors(spark):
    with conf(spark, spark_sql_session_timeZone="UTC"):
        df = bucket_rows(spark)
        out = {
            q: expect_error(lambda q=q: df.selectExpr(q).collect())
            for q in [
                "time_bucket(INTERVAL '0' MINUTE, ts)", "time_bucket(INTERVAL '-1' MINUTE, ts)",
                "time_bucket(INTERVAL '1' MINUTE, ts, TIMESTAMP_NTZ '2024-01-01 00:00:00')",
                "time_bucket(INTERVAL '1' MINUTE, DATE '2024-07-01')",
                "time_bucket(INTERVAL '1' MINUTE, '2024-07-01 10:00:00')",
                "time_bucket(1, ts)", "time_bucket(INTERVAL '1' MINUTE)",
            ]
        }
        out["null"] = df_result(
            spark.sql("SELECT time_bucket(INTERVAL '1' MINUTE, NULL) AS n")
        )
        return out


@case
def case_timefn_make_timestamp_date_time(spark):
    q = (
        "SELECT CAST(make_timestamp(DATE '2020-01-01', TIME '12:00:00.123456789') AS STRING) AS a, "
        "CAST(make_timestamp(DATE '2020-07-01', TIME '12:00:00', 'America/Los_Angeles') AS STRING) "
        "AS b, CAST(make_timestamp_ntz(DATE '2020-01-01', TIME '23:59:59.5') AS STRING) AS c, "
        "CAST(make_timestamp_ltz(DATE '2020-01-01', TIME '12:00:00') AS STRING) AS d, "
        "CAST(try_make_timestamp(DATE '2020-01-01', TIME '12:00:00') AS STRING) AS e, "
        "make_timestamp(NULL, TIME '12:00:00') IS NULL AS f"
    )
    with conf(spark, spark_sql_session_timeZone="UTC"):
        off = expect_error(lambda: spark.sql(q).collect())
        with on(spark):
            return {"off": off, "on": df_result(spark.sql(q))}


@case(min_client=(4, 0))
def case_timefn_make_timestamp_api(spark):
    f = F()
    with on(spark), conf(spark, spark_sql_session_timeZone="UTC"):
        df = spark.createDataFrame(
            [(datetime.date(2024, 2, 29), datetime.time(1, 2, 3, 4))], ["d", "t"]
        )
        return df_result(df.select(
            f.make_timestamp(date="d", time="t"), f.make_timestamp_ntz(date="d", time="t"),
            f.make_timestamp(date=f.col("d"), time=f.col("t"), timezone=f.lit("Asia/Kolkata")),
        ))


@case(min_client=(4, 0))
def case_timefn_date_format(spark):
    with on(spark):
        df = times(spark).selectExpr(
            "id", "date_format(t, 'HH:mm')", "to_char(t, 'hh:mm:ss a')",
            "date_format(t, 'HH:mm:ss.SSS')",
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))
def case_timefn_interval_arithmetic(spark):
    with on(spark):
        df = times(spark).where("id IN (1, 4, 5)").selectExpr(
            "id", "t - INTERVAL '1' MINUTE", "t + INTERVAL '0.5' SECOND AS z",
        )
        lits = spark.sql(
            "SELECT TIME '12:34:56' - INTERVAL '1' HOUR, TIME '12:34:56' + INTERVAL '1:30' HOUR TO MINUTE, "
            "INTERVAL '10' SECOND + TIME '00:00:00', typeof(TIME '12:34:56' + INTERVAL '1' HOUR) AS ty"
        )
        errors = {
            q: expect_error(lambda q=q: spark.sql(f"SELECT {q}").collect())
            for q in [
                "TIME '23:34:56' + INTERVAL '1' HOUR", "TIME '00:34:56' - INTERVAL '1' HOUR",
                "TIME '12:34:56' + INTERVAL '1' DAY",
            ]
        }
        return {"rows": df_result(df, sort=True), "lits": df_result(lits), "errors": errors}


@case(min_client=(4, 0))
def case_timefn_show(spark):
    with on(spark):
        df = times(spark).select("id", "t", F().array("t").alias("a")).orderBy("id")
        return {"stdout": captured(lambda: df.show(truncate=False))}


@case(min_client=(4, 0))
def case_timefn_nested_and_joins(spark):
    with on(spark):
        df = times(spark)
        joined = df.alias("a").join(df.alias("b"), F().col("a.t") == F().col("b.t")).select(
            "a.id", "b.t"
        )
        nested = spark.sql(
            "SELECT array(TIME '01:02:03', NULL) AS a, named_struct('x', TIME '23:59:59.5') AS s, "
            "map('k', TIME '00:00:01') AS m"
        )
        return {
            "joined": df_result(joined, sort=True),
            "nested": df_result(nested),
            "union": df_result(df.select("t").union(df.select("t")).distinct(), sort=True),
        }


@case(min_client=(4, 0))
def case_timefn_off_schema(spark):
    df = spark.sql("SELECT TIME '12:00:00' AS t, 1 AS i")
    return {
        "schema": expect_error(lambda: df.schema.simpleString()),
        "columns": expect_error(lambda: df.columns),
        "count": expect_error(lambda: df.count()),
    }


@case(min_client=(4, 0))
def case_timefn_column_cast(spark):
    from pyspark.sql.types import TimeType

    f = F()
    with on(spark):
        df = times(spark).select(
            "id", f.col("s").cast(TimeType()).alias("a"), f.col("s").cast("time").alias("b"),
            f.col("t").cast("string").alias("c"), f.col("t").cast("bigint").alias("d"),
            f.col("s").try_cast(TimeType()).alias("e"),
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))
def case_timefn_precision(spark):
    with on(spark):
        df = spark.sql(
            "SELECT CAST('12:00:00.123456' AS TIME(3)) AS b, TIME '12:34:56.123456789' AS c, "
            "CAST(TIME '01:02:03.999999' AS TIME(0)) AS d, "
            "time_to_micros(CAST('12:00:00.123456' AS TIME(1))) AS e"
        )
        sub = spark.sql("SELECT x FROM (SELECT CAST('12:00:00.5' AS TIME(2)) AS x) ORDER BY x")
        current = spark.sql("SELECT current_time(3) AS a, current_time(0), current_time()")
        return {
            "values": df_result(df),
            "renamed": df_result(df.select(F().col("b").alias("bb"))),
            "typeof": df_result(df.selectExpr(
                "typeof(b)", "typeof(c)", "typeof(d)", "typeof(TIME '01:02:03.1234567') AS l"
            )),
            "subquery": df_result(sub),
            "current": current.schema.simpleString(),
        }


@case(min_client=(4, 0))
def case_timefn_difference(spark):
    with on(spark):
        lits = spark.sql(
            "SELECT TIME '12:34:56' - TIME '01:00:00', TIME '01:00:00' - TIME '12:34:56.5' AS d"
        )
        df = times(spark).selectExpr("id", "t - TIME '12:00:00' AS d")
        return {"lits": df_result(lits), "rows": df_result(df, sort=True)}


@case(min_client=(4, 0))
def case_timefn_current_time_in_session_zone(spark):
    # One instant per query, read in the session zone: the time of current_timestamp().
    with on(spark), conf(spark, spark_sql_session_timeZone="America/New_York"):
        df = spark.sql(
            "SELECT current_time() = CAST(current_timestamp() AS TIME) AS same, "
            "current_timestamp() = now() AS one_instant"
        )
        return df_result(df)
