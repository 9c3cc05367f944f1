"""Datetime field extraction, calendar arithmetic, constructors and interval functions of
`pyspark.sql.functions` (issue 4), as Spark 4.3.0 gives them."""

import datetime

from support import df_result, expect_error

from ._base import F, case, col, conf, utc


def dates(spark):
    d = datetime.date
    t = datetime.datetime
    return spark.createDataFrame(
        [
            (1, d(2024, 2, 29), t(2024, 2, 29, 23, 59, 58, 123456), "2024-02-29"),
            (2, d(2021, 1, 1), t(2021, 1, 1, 0, 0, 0), "2021-01-01 10:11:12"),
            (3, d(2020, 12, 31), t(2020, 12, 31, 12, 30, 5, 500000), "2020-12-31"),
            (4, d(1969, 7, 20), t(1969, 7, 20, 20, 17, 40), "1969-07-20 20:17:40"),
            (5, None, None, None),
            (6, d(2027, 1, 3), t(2027, 1, 3, 1, 2, 3), "2027-01-03"),
        ],
        "id INT, d DATE, ts TIMESTAMP, s STRING",
    )


@case
def case_dtcal_fields_date(spark):
    f = F()
    with utc(spark):
        df = dates(spark).select(
            "id", f.year("d"), f.quarter("d"), f.month("d"), f.dayofmonth("d"), f.dayofweek("d"),
            f.dayofyear("d"), f.weekofyear("d"), f.last_day("d"),
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))
def case_dtcal_fields_date_4x(spark):
    f = F()
    with utc(spark):
        df = dates(spark).select("id", f.day("d"), f.weekday("d"), f.dayname("d"), f.monthname("d"))
        return df_result(df, sort=True)


@case
def case_dtcal_fields_sql(spark):
    with utc(spark):
        df = dates(spark).selectExpr(
            "id", "day(d)", "weekday(d)", "dayname(d)", "monthname(ts)", "year(ts)", "month(s)",
            "dayofweek(ts)", "hour(s)", "minute(d)", "second(ts)",
        )
        return df_result(df, sort=True)


@case
def case_dtcal_fields_timestamp(spark):
    f = F()
    with utc(spark):
        df = dates(spark).select(
            "id", f.year("ts"), f.month("ts"), f.dayofmonth("ts"), f.hour("ts"), f.minute("ts"),
            f.second("ts"), f.quarter("ts"), f.dayofyear("ts"), f.weekofyear("ts"),
        )
        return df_result(df, sort=True)


@case
def case_dtcal_fields_session_zone(spark):
    f = F()
    with conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
        df = spark.sql(
            "SELECT id, ts FROM VALUES (1, TIMESTAMP'2024-03-10 09:30:00 UTC'), "
            "(2, TIMESTAMP'2024-01-01 07:59:59 UTC'), (3, CAST(NULL AS TIMESTAMP)) AS t(id, ts)"
        ).select(
            "id", f.year("ts"), f.month("ts"), f.dayofmonth("ts"), f.hour("ts"), f.minute("ts"),
            f.dayofweek("ts"), f.last_day("ts"), f.date_add("ts", 1),
        )
        return df_result(df, sort=True)


@case
def case_dtcal_fields_string(spark):
    f = F()
    with utc(spark):
        df = dates(spark).select("id", f.year("s"), f.dayofmonth("s"), f.hour("s"), f.second("s"))
        return df_result(df, sort=True)


@case
def case_dtcal_fields_bad_string_ansi(spark):
    f = F()
    df = spark.createDataFrame([("not a date",)], "s STRING")
    return expect_error(lambda: df.select(f.year("s")).collect())


@case
def case_dtcal_fields_bad_string_legacy(spark):
    f = F()
    with conf(spark, spark_sql_ansi_enabled="false"):
        df = spark.createDataFrame([("not a date",), ("2024-05-06",)], "s STRING")
        return df_result(df.select("s", f.year("s"), f.hour("s")), sort=True)


@case
def case_dtcal_fields_bad_type(spark):
    f = F()
    df = spark.createDataFrame([(1,)], "i INT")
    return expect_error(lambda: df.select(f.year("i")).collect())


@case
def case_dtcal_extract(spark):
    f = F()
    with utc(spark):
        df = dates(spark).select(
            "id",
            f.extract(f.lit("YEAR"), "ts"),
            f.extract(f.lit("month"), "d"),
            f.extract(f.lit("SECOND"), "ts"),
            f.date_part(f.lit("DAY"), "ts"),
            f.date_part(f.lit("dow"), "d"),
            f.datepart(f.lit("HOUR"), "ts"),
            f.date_part(f.lit("week"), "d"),
            f.date_part(f.lit("doy"), "d"),
            f.date_part(f.lit("dow_iso"), "d"),
            f.date_part(f.lit("quarter"), "d"),
            f.date_part(f.lit("minute"), "ts"),
            f.date_part(f.lit("yearofweek"), "d"),
        )
        return df_result(df, sort=True)


@case
def case_dtcal_extract_sql(spark):
    with utc(spark):
        df = dates(spark).selectExpr(
            "id", "extract(YEAR FROM ts)", "extract(second FROM ts)", "date_part('MONTH', d)",
            "datepart('d', ts)", "extract(DAYOFWEEK FROM d)", "extract(H FROM ts)",
        )
        return df_result(df, sort=True)


@case
def case_dtcal_extract_bad_field(spark):
    f = F()
    df = dates(spark)
    return expect_error(lambda: df.select(f.extract(f.lit("EON"), "ts")).collect())


@case
def case_dtcal_extract_hour_of_date(spark):
    f = F()
    df = dates(spark)
    return expect_error(lambda: df.select(f.extract(f.lit("HOUR"), "d")).collect())


@case
def case_dtcal_add_months(spark):
    f = F()
    df = spark.createDataFrame(
        [(1, datetime.date(2024, 1, 31), 1), (2, datetime.date(2023, 3, 31), -1),
         (3, datetime.date(2024, 2, 29), 12), (4, None, 1), (5, datetime.date(2024, 5, 15), None)],
        "id INT, d DATE, n INT",
    )
    return df_result(
        df.select("id", f.add_months("d", 1), f.add_months("d", "n"), f.add_months("d", -13)),
        sort=True,
    )


@case
def case_dtcal_date_add_sub_diff(spark):
    f = F()
    with utc(spark):
        df = dates(spark).select(
            "id", f.date_add("d", 1), f.date_sub("d", 10), f.date_add("ts", -1), f.date_add("s", 3),
            f.datediff("d", f.lit("2024-01-01")), f.datediff("ts", "d"), f.date_add("d", "id"),
        )
        return df_result(df, sort=True)


@case
def case_dtcal_date_add_sql_aliases(spark):
    with utc(spark):
        df = dates(spark).selectExpr(
            "id", "dateadd(d, 2)", "date_diff(d, DATE'2000-01-01')", "date_sub(d, id)",
            "d + 1", "d - 2",
        )
        return df_result(df, sort=True)


@case(min_client=(4, 0))
def case_dtcal_dateadd_datediff_fns(spark):
    f = F()
    with utc(spark):
        df = dates(spark).select("id", f.dateadd("d", 5), f.date_diff("d", f.lit("2020-02-02")))
        return df_result(df, sort=True)


@case
def case_dtcal_date_add_bad_type(spark):
    f = F()
    df = dates(spark)
    return expect_error(lambda: df.select(f.date_add("d", f.lit(1.5))).collect())


@case
def case_dtcal_months_between(spark):
    f = F()
    with utc(spark):
        df = spark.createDataFrame(
            [
                (1, "1997-02-28 10:30:00", "1996-10-30"),
                (2, "2024-03-31", "2024-02-29"),
                (3, "2024-03-30", "2024-02-29"),
                (4, "2024-01-15 12:00:00", "2024-01-15 00:00:00"),
                (5, None, "2024-01-01"),
                (6, "2020-01-01", "2024-06-17 08:09:10"),
            ],
            "id INT, a STRING, b STRING",
        ).select("id", f.col("a").cast("timestamp").alias("a"), f.col("b").cast("timestamp").alias("b"))
        out = df.select(
            "id", f.months_between("a", "b"), f.months_between("a", "b", False),
            f.months_between(f.col("a").cast("date"), "b"),
        )
        return df_result(out, sort=True)


@case
def case_dtcal_last_next_day(spark):
    f = F()
    with utc(spark):
        df = dates(spark).select(
            "id", f.last_day("d"), f.next_day("d", "Mon"), f.next_day("d", "friday"),
            f.next_day("d", "SU"), f.next_day("ts", "wed"), f.last_day("s"),
        )
        return df_result(df, sort=True)


@case
def case_dtcal_next_day_bad_legacy(spark):
    f = F()
    with conf(spark, spark_sql_ansi_enabled="false"):
        df = spark.createDataFrame([(datetime.date(2024, 1, 1), "xyz"), (datetime.date(2024, 1, 1), None)], "d DATE, w STRING")
        return df_result(df.select(f.next_day("d", "xyz"), f.next_day("d", "w")))


@case
def case_dtcal_next_day_bad_ansi(spark):
    f = F()
    df = spark.createDataFrame([(datetime.date(2024, 1, 1),)], "d DATE")
    return expect_error(lambda: df.select(f.next_day("d", "xyz")).collect())


@case
def case_dtcal_make_date(spark):
    f = F()
    df = spark.createDataFrame(
        [(2024, 2, 29), (2023, 12, 31), (None, 1, 1), (1, 1, 1), (9999, 12, 31)], "y INT, m INT, d INT"
    )
    return df_result(df.select("y", f.make_date("y", "m", "d")), sort=True)


@case
def case_dtcal_make_date_invalid_ansi(spark):
    f = F()
    df = spark.createDataFrame([(2023, 2, 29)], "y INT, m INT, d INT")
    return expect_error(lambda: df.select(f.make_date("y", "m", "d")).collect())


@case
def case_dtcal_make_date_invalid_legacy(spark):
    f = F()
    with conf(spark, spark_sql_ansi_enabled="false"):
        df = spark.createDataFrame([(2023, 2, 29), (2023, 13, 1), (2024, 1, 0)], "y INT, m INT, d INT")
        return df_result(df.select("m", f.make_date("y", "m", "d")), sort=True)


@case
def case_dtcal_make_timestamp_sql(spark):
    with utc(spark):
        df = spark.sql(
            "SELECT make_timestamp(2014, 12, 28, 6, 30, 45.887) AS a, "
            "make_timestamp(2014, 12, 28, 6, 30, 45.887, 'CET') AS b, "
            "make_timestamp(2019, 6, 30, 23, 59, 60) AS c, "
            "make_timestamp(2019, 6, 30, 23, 59, 1) AS d, "
            "make_timestamp(null, 7, 22, 15, 30, 0) AS e, "
            "make_timestamp_ntz(2014, 12, 28, 6, 30, 45.887) AS f, "
            "make_timestamp_ltz(2014, 12, 28, 6, 30, 45.887, 'CET') AS g, "
            "try_make_timestamp(2014, 13, 28, 6, 30, 45.887) AS h, "
            "try_make_timestamp_ntz(2014, 2, 30, 6, 30, 45.887) AS i, "
            "try_make_timestamp_ltz(2014, 12, 28, 6, 30, 45.887) AS j"
        )
        return df_result(df)


@case
def case_dtcal_make_timestamp_names(spark):
    with utc(spark):
        df = spark.sql(
            "SELECT make_timestamp(2014, 12, 28, 6, 30, 45.887), "
            "make_timestamp_ntz(2014, 12, 28, 6, 30, 45.887), make_date(2020, 1, 2)"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_dtcal_make_timestamp_fns(spark):
    f = F()
    with utc(spark):
        df = spark.createDataFrame([(2014, 12, 28, 6, 30, 45.887)], "y INT, mo INT, d INT, h INT, mi INT, s DOUBLE")
        df = df.select(
            f.make_timestamp("y", "mo", "d", "h", "mi", "s"),
            f.make_timestamp_ntz("y", "mo", "d", "h", "mi", "s"),
            f.make_timestamp_ltz("y", "mo", "d", "h", "mi", "s", f.lit("America/New_York")),
            f.try_make_timestamp("y", "mo", "d", "h", "mi", "s"),
        )
        return df_result(df)


@case
def case_dtcal_make_timestamp_invalid_ansi(spark):
    df = spark.sql("SELECT make_timestamp(2014, 12, 28, 6, 30, 60.5)")
    return expect_error(lambda: df.collect())


@case
def case_dtcal_make_timestamp_invalid_legacy(spark):
    with conf(spark, spark_sql_ansi_enabled="false"), utc(spark):
        df = spark.sql(
            "SELECT make_timestamp(2014, 12, 28, 6, 30, 60.5) AS a, "
            "make_timestamp(2014, 2, 30, 6, 30, 1) AS b, make_timestamp_ntz(2014, 1, 1, 25, 0, 0) AS c"
        )
        return df_result(df)


@case
def case_dtcal_make_dt_ym_interval(spark):
    df = spark.sql(
        "SELECT make_dt_interval(1, 12, 30, 01.001001) AS a, make_dt_interval(2) AS b, "
        "make_dt_interval(100, null, 3) AS c, extract(YEAR FROM make_ym_interval(1, 2)) AS d, "
        "extract(MONTH FROM make_ym_interval(-1, 1)) AS e, extract(YEAR FROM make_ym_interval(2)) AS f, "
        "make_dt_interval() AS g, extract(MONTH FROM make_ym_interval()) AS h, "
        "make_dt_interval(-1, -2, 0, 0.5) AS i"
    )
    return df_result(df)


@case
def case_dtcal_make_dt_ym_interval_names(spark):
    df = spark.sql("SELECT make_dt_interval(1, 12, 30, 01.001001), make_ym_interval(1, 2)")
    return df.columns


@case(min_client=(4, 0))
def case_dtcal_make_interval(spark):
    df = spark.sql("SELECT make_interval(100, 11, 1, 1, 12, 30, 01.001001) AS i")
    return expect_error(lambda: df.collect())


@case
def case_dtcal_make_interval_cast(spark):
    df = spark.sql(
        "SELECT CAST(make_interval(100, 11, 1, 1, 12, 30, 01.001001) AS STRING) AS a, "
        "CAST(make_interval(0, 1) AS STRING) AS b, CAST(try_make_interval(2147483647, 12) AS STRING) AS c"
    )
    return df_result(df)


@case
def case_dtcal_make_interval_overflow(spark):
    df = spark.sql("SELECT CAST(make_interval(2147483647, 12) AS STRING)")
    return expect_error(lambda: df.collect())


@case
def case_dtcal_timestampadd_diff_sql(spark):
    with utc(spark):
        df = spark.sql(
            "SELECT timestampadd(MONTH, 1, TIMESTAMP'2024-01-31 10:00:00') AS a, "
            "timestampadd(HOUR, -25, TIMESTAMP'2024-01-31 10:00:00') AS b, "
            "timestampadd(MICROSECOND, 5, TIMESTAMP_NTZ'2024-01-31 10:00:00') AS c, "
            "timestampadd(QUARTER, 1, DATE'2024-11-30') AS d, "
            "timestampdiff(MONTH, TIMESTAMP'2024-01-31 10:00:00', TIMESTAMP'2024-03-30 10:00:00') AS e, "
            "timestampdiff(DAY, TIMESTAMP'2024-01-31 10:00:00', TIMESTAMP'2024-01-30 09:00:00') AS f, "
            "timestampdiff(YEAR, DATE'2020-02-29', DATE'2021-02-28') AS g, "
            "timestampdiff(WEEK, TIMESTAMP'2024-01-01 00:00:00', TIMESTAMP'2024-02-01 00:00:00') AS h, "
            "dateadd(DAY, 3, DATE'2024-01-01') AS i, datediff(SECOND, DATE'2024-01-01', DATE'2024-01-02') AS j"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_dtcal_timestamp_add_diff_fns(spark):
    f = F()
    with utc(spark):
        df = dates(spark).select(
            "id", f.timestamp_add("YEAR", f.lit(1), "ts"), f.timestamp_diff("HOUR", "d", "ts"),
            f.timestamp_add("day", "id", "d"),
        )
        return df_result(df, sort=True)


@case
def case_dtcal_window_tumbling(spark):
    f = F()
    with utc(spark):
        df = dates(spark).where("ts IS NOT NULL").select("id", f.window("ts", "1 day").alias("w"))
        return df_result(df.select("id", "w.start", "w.end"), sort=True)


@case
def case_dtcal_window_sliding(spark):
    f = F()
    with utc(spark):
        df = dates(spark).where("id < 3").select("id", f.window("ts", "10 minutes", "5 minutes"))
        return df_result(df, sort=True)


@case
def case_dtcal_window_agg(spark):
    f = F()
    with utc(spark):
        df = dates(spark).groupBy(f.window("ts", "1 week", startTime="1 day")).agg(f.count("*").alias("n"))
        return df_result(df.select("window.start", "window.end", "n"), sort=True)


@case
def case_dtcal_window_time(spark):
    f = F()
    with utc(spark):
        df = dates(spark).groupBy(f.window("ts", "1 hour")).agg(f.count("*").alias("n"))
        return df_result(df.select(f.window_time("window"), "n"), sort=True)


@case
def case_dtcal_session_window(spark):
    f = F()
    with utc(spark):
        df = dates(spark).groupBy(f.session_window("ts", "1 hour")).agg(f.count("*").alias("n"))
        return df_result(df.select("session_window.start", "session_window.end", "n"), sort=True)


@case
def case_dtcal_partition_transform(spark):
    f = F()
    df = dates(spark)
    return expect_error(lambda: df.select(f.years("ts")).collect())


@case
def case_dtcal_bucket_transform(spark):
    f = F()
    df = dates(spark)
    return expect_error(lambda: df.select(f.bucket(4, "id")).collect())


@case
def case_dtcal_time_type(spark):
    return expect_error(lambda: spark.sql("SELECT make_time(6, 30, 45.887) AS t").collect())


@case(min_client=(4, 0))
def case_dtcal_time_functions(spark):
    f = F()
    df = spark.range(1)
    return [
        expect_error(lambda: df.select(f.make_time(f.lit(1), f.lit(2), f.lit(3))).collect()),
        expect_error(lambda: df.select(f.time_from_seconds(f.lit(10))).collect()),
        expect_error(lambda: df.select(f.to_time(f.lit("10:00:00"))).collect()),
        expect_error(lambda: df.select(f.current_time()).collect()),
    ]


@case
def case_dtcal_extract_interval(spark):
    df = spark.sql(
        "SELECT extract(DAY FROM make_dt_interval(1, 12, 30, 01.001001)) AS a, "
        "extract(HOUR FROM make_dt_interval(-1, -12, 30, 0)) AS b, "
        "extract(MINUTE FROM make_dt_interval(1, 12, 30, 01.001001)) AS c, "
        "extract(SECOND FROM make_dt_interval(1, 12, 30, 01.001001)) AS d, "
        "date_part('YEAR', make_ym_interval(3, 25)) AS e, "
        "extract(MONTH FROM make_ym_interval(3, 25)) AS f"
    )
    return df_result(df)


@case
def case_dtcal_extract_interval_bad_field(spark):
    return expect_error(lambda: spark.sql("SELECT extract(HOUR FROM make_ym_interval(1, 2))").collect())


@case
def case_dtcal_make_timestamp_bad_day_ansi(spark):
    return expect_error(lambda: spark.sql("SELECT make_timestamp(2023, 2, 29, 1, 1, 1)").collect())


@case
def case_dtcal_make_interval_legacy(spark):
    with conf(spark, spark_sql_ansi_enabled="false"):
        df = spark.sql(
            "SELECT CAST(make_interval(2147483647, 12) AS STRING) AS a, "
            "CAST(make_interval(0, 0, 0, 0, 0, 0, -1.5) AS STRING) AS b, "
            "CAST(make_interval(0, 0, 1, 2, 3) AS STRING) AS c, CAST(make_interval() AS STRING) AS d"
        )
        return df_result(df)


@case
def case_dtcal_timestampadd_bad_unit(spark):
    f = F()
    df = dates(spark)
    return expect_error(lambda: df.select(f.expr("timestampadd('EON', 1, ts)")).collect())


@case
def case_dtcal_timestampadd_sql_aliases(spark):
    with utc(spark):
        df = dates(spark).selectExpr(
            "id", "dateadd(MONTH, id, d)", "date_add(WEEK, 1, ts)", "datediff(HOUR, d, ts)",
            "date_diff(MINUTE, ts, d)", "timestampdiff(QUARTER, DATE'2000-01-01', d)",
            "timestampadd(MILLISECOND, 1500, ts)",
        )
        return df_result(df, sort=True)


@case
def case_dtcal_timestamp_ntz(spark):
    df = spark.sql(
        "SELECT year(t), hour(t), dayofweek(t), last_day(t), date_add(t, 1), "
        "timestampadd(HOUR, 30, t), months_between(t, TIMESTAMP_NTZ'2024-01-01 00:00:00'), "
        "extract(SECOND FROM t) FROM VALUES (TIMESTAMP_NTZ'2024-03-10 02:30:15.25'), "
        "(CAST(NULL AS TIMESTAMP_NTZ)) AS v(t)"
    )
    return df_result(df, sort=True)


@case
def case_dtcal_dst_zone(spark):
    with conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
        df = spark.sql(
            "SELECT make_timestamp(2024, 3, 10, 2, 30, 0) AS gap, "
            "make_timestamp(2024, 11, 3, 1, 30, 0) AS overlap, "
            "timestampadd(DAY, 1, TIMESTAMP'2024-03-09 12:00:00') AS d, "
            "timestampadd(HOUR, 24, TIMESTAMP'2024-03-09 12:00:00') AS hh, "
            "timestampdiff(HOUR, TIMESTAMP'2024-03-09 12:00:00', TIMESTAMP'2024-03-10 12:00:00') AS h, "
            "hour(TIMESTAMP'2024-03-10 03:30:00') AS hr, "
            "make_timestamp_ltz(2024, 3, 10, 2, 30, 0, 'UTC') AS u"
        )
        return df_result(df)


@case
def case_dtcal_session_window_merge(spark):
    f = F()
    with utc(spark):
        df = spark.sql(
            "SELECT * FROM VALUES ('a', TIMESTAMP'2024-01-01 10:00:00'), ('a', TIMESTAMP'2024-01-01 10:20:00'), "
            "('a', TIMESTAMP'2024-01-01 10:40:00'), ('a', TIMESTAMP'2024-01-01 12:00:00'), "
            "('b', TIMESTAMP'2024-01-01 10:10:00'), ('b', TIMESTAMP'2024-01-01 10:30:00'), "
            "('a', TIMESTAMP'2024-01-01 12:30:00'), ('b', CAST(NULL AS TIMESTAMP)) AS t(k, ts)"
        )
        out = df.groupBy("k", f.session_window("ts", "30 minutes")).agg(f.count("*").alias("n"), f.max("ts").alias("m"))
        return df_result(out.select("k", "session_window.start", "session_window.end", "n", "m"), sort=True)


@case
def case_dtcal_session_window_select(spark):
    f = F()
    df = dates(spark)
    return expect_error(lambda: df.select(f.session_window("ts", "1 hour")).collect())


@case
def case_dtcal_window_sql(spark):
    with utc(spark):
        df = spark.sql(
            "SELECT window.start, window.end, count(*) AS n FROM VALUES (TIMESTAMP'2024-01-01 10:07:00'), "
            "(TIMESTAMP'2024-01-01 10:12:00'), (TIMESTAMP'2024-01-01 10:31:00') AS t(ts) "
            "GROUP BY window(ts, '15 minutes', '5 minutes')"
        )
        return df_result(df, sort=True)


@case
def case_dtcal_window_ntz_start(spark):
    f = F()
    df = spark.sql(
        "SELECT * FROM VALUES (1, TIMESTAMP_NTZ'2024-01-01 10:07:00'), (2, TIMESTAMP_NTZ'1969-12-31 23:59:00') AS t(id, ts)"
    )
    return df_result(df.select("id", f.window("ts", "1 hour", startTime="15 minutes")), sort=True)


@case
def case_dtcal_nullability(spark):
    f = F()
    df = spark.range(1).select(
        f.lit(datetime.datetime(2024, 1, 1, 10, 0)).alias("t"), f.lit("2024-01-01").alias("s"),
        f.lit(1).alias("n"),
    )
    out = df.select(
        f.year("t"), f.hour("t"), f.last_day("t"), f.date_add("t", 1), f.add_months("t", 1),
        f.datediff("t", "t"), f.months_between("t", "t"), f.next_day("t", "MO"),
        f.make_date("n", "n", "n"), f.expr("make_timestamp(n, n, n, n, n, n)"),
        f.expr("make_dt_interval(n)"), f.expr("timestampadd(DAY, n, t)"), f.year("s"),
        f.expr("extract(SECOND FROM t)"), f.expr("try_make_timestamp(n, n, n, n, n, n)"),
    )
    return [[x.name, x.nullable] for x in out.schema.fields]


@case(min_client=(4, 0))
def case_dtcal_nullability_legacy(spark):
    f = F()
    with conf(spark, spark_sql_ansi_enabled="false"):
        df = spark.range(1).select(f.lit("2024-01-01").alias("s"), f.lit(1).alias("n"))
        out = df.select(f.year("s"), f.make_date("n", "n", "n"), f.expr("make_interval(n)"))
        return [[x.name, x.nullable] for x in out.schema.fields]


@case
def case_dtcal_make_timestamp_bad_zone(spark):
    return expect_error(
        lambda: spark.sql("SELECT make_timestamp(2014, 12, 28, 6, 30, 45, 'Mars/Base')").collect()
    )


@case
def case_dtcal_edges(spark):
    with utc(spark):
        df = spark.sql(
            "SELECT date_add(DATE'2024-01-01', CAST(NULL AS INT)) AS a, next_day(CAST(NULL AS DATE), 'MO') AS b, "
            "year('2021') AS d, month('2021-7') AS e, "
            "hour('2021-01-01T05:06') AS f, hour('2021-01-01 05:06:07+02:00') AS g, "
            "dayofmonth(' 2021-03-04 ') AS h, make_timestamp(2014, 12, 28, 6, 30, 45, '+05:30') AS i, "
            "make_timestamp(2014, 12, 28, 6, 30, 45, 'GMT-3') AS j, date_sub(DATE'2024-03-01', -1) AS k, "
            "weekofyear(DATE'2027-01-04') AS l, datediff('2024-03-01', '2024-02-01 23:00:00') AS m"
        )
        return df_result(df)


@case
def case_dtcal_add_months_overflow(spark):
    return expect_error(lambda: spark.sql("SELECT add_months(DATE'2024-01-31', 2147483647)").collect())


@case
def case_dtcal_add_months_overflow_legacy(spark):
    with conf(spark, spark_sql_ansi_enabled="false"):
        return expect_error(lambda: spark.sql("SELECT add_months(DATE'2024-01-31', 2147483647)").collect())


@case(min_client=(4, 0))
def case_dtcal_date_add_overflow(spark):
    return expect_error(lambda: spark.sql("SELECT date_add(DATE'2024-01-31', 2147483647)").collect())


@case
def case_dtcal_extract_calendar_interval(spark):
    df = spark.sql(
        "SELECT extract(YEAR FROM i) AS a, extract(MONTH FROM i) AS b, extract(DAY FROM i) AS c, "
        "extract(HOUR FROM i) AS d, extract(MINUTE FROM i) AS e, extract(SECOND FROM i) AS f "
        "FROM (SELECT make_interval(1, 14, 1, 2, 30, 61, 5.5) AS i)"
    )
    return df_result(df)


@case
def case_dtcal_window_star_and_with_column(spark):
    f = F()
    with utc(spark):
        df = dates(spark).where("id < 4").select("id", "ts")
        a = df.select("*", f.window("ts", "1 day"))
        b = df.withColumn("w", f.window("ts", "12 hours").start)
        c = df.withColumn("window", f.window("ts", "6 hours"))
        return {
            "a": df_result(a, sort=True),
            "b": df_result(b, sort=True),
            "c": df_result(c, sort=True),
        }


@case
def case_dtcal_make_ym_interval_overflow(spark):
    return expect_error(lambda: spark.sql("SELECT extract(YEAR FROM make_ym_interval(2147483647, 12))").collect())


@case
def case_dtcal_try_make_interval(spark):
    df = spark.sql(
        "SELECT CAST(try_make_interval(1, 2, 3) AS STRING) AS a, "
        "CAST(try_make_interval(0, 2147483647, 0, 0, 0, 0, 0) AS STRING) AS b, "
        "try_make_interval(1, 2, 3) IS NULL AS c"
    )
    return df_result(df)


@case
def case_dtcal_implicit_casts(spark):
    with utc(spark):
        df = spark.sql(
            "SELECT date_add(DATE'2024-01-01', '2'), add_months(DATE'2024-01-01', '1'), "
            "make_date('2024', '1', '1'), extract(YEAR FROM '2024-05-01'), "
            "months_between('2024-01-01', '2024-01-02 12:00:00'), next_day('2024-01-01', 'MO'), "
            "make_timestamp(2024, 1, 1, 1, 1, '1.5'), make_dt_interval(1, 2, 3, 4.5D), "
            "timestampadd(SECOND, 1.5, TIMESTAMP'2024-01-01 00:00:00') AS a, "
            "timestampadd(SECOND, 3000000000, TIMESTAMP'2024-01-01 00:00:00') AS b, "
            "make_dt_interval('1'), dayofweek(TIMESTAMP_NTZ'2024-01-01 00:00:00')"
        )
        return df_result(df)


@case
def case_dtcal_implicit_cast_bad_ansi(spark):
    return expect_error(lambda: spark.sql("SELECT date_add(DATE'2024-01-01', 'x')").collect())


@case
def case_dtcal_implicit_cast_bad_legacy(spark):
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(spark.sql("SELECT make_date('y', 1, 1) AS b, make_dt_interval('z') AS c"))


@case
def case_dtcal_date_add_bigint(spark):
    return expect_error(lambda: spark.sql("SELECT date_add(DATE'2024-01-01', 2L)").collect())


@case
def case_dtcal_window_errors(spark):
    f = F()
    df = dates(spark)
    return [
        expect_error(lambda: df.select(f.window("ts", "5 minutes", "10 minutes")).collect()),
        expect_error(lambda: df.select(f.window("ts", "soon")).collect()),
        expect_error(lambda: df.select(f.window("id", "5 minutes")).collect()),
        expect_error(lambda: df.select(f.window("ts", "10 minutes", "5 minutes", "5 minutes")).collect()),
    ]


@case(min_client=(4, 0))
def case_dtcal_window_month(spark):
    # The 3.5 client cannot read an error class starting with `_` from the message.
    f = F()
    df = dates(spark)
    return expect_error(lambda: df.select(f.window("ts", "1 month")).collect())


@case
def case_dtcal_make_timestamp_date_time_form(spark):
    with utc(spark):
        df = spark.sql(
            "SELECT make_timestamp(DATE'2024-01-01', NULL), try_make_timestamp(DATE'2024-01-01', NULL, 'UTC'), "
            "make_timestamp_ltz(DATE'2024-01-01', NULL), make_timestamp_ntz(DATE'2024-01-01', NULL), "
            "try_make_timestamp_ntz(DATE'2024-01-01', NULL)"
        )
        return df_result(df)


@case
def case_dtcal_make_timestamp_arg_errors(spark):
    def err(q):
        return expect_error(lambda: spark.sql("SELECT " + q).collect())

    return [
        err("make_timestamp(DATE'2024-01-01', '10:00:00')"),
        err("make_timestamp(1, 2)"),
        err("make_timestamp(2024, 1, 1, 1, 1, 1, 'UTC', 3)"),
        err("make_timestamp_ntz(DATE'2024-01-01', NULL, 'UTC')"),
        err("try_make_timestamp_ltz(1, 2, 3, 4, 5, 6, 7, 8)"),
        err("make_date(1, 2)"),
    ]


@case
def case_dtcal_zoned_casts(spark):
    """Casts between dates and timestamps read wall-clock times in the session time zone."""
    with conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
        df = spark.sql(
            "SELECT cast('2024-03-10 01:30:00' AS timestamp) AS ts, cast('2024-06-01' AS date) AS d, "
            "cast('2024-11-03 01:30:00' AS timestamp_ntz) AS overlap"
        )
        out = df.selectExpr(
            "cast(cast(ts AS timestamp_ntz) AS string) AS ntz",
            "cast(cast(cast(ts AS timestamp_ntz) AS timestamp) AS string) AS back",
            "cast(cast(d AS timestamp) AS string) AS d_ts",
            "cast(ts AS date) AS ts_d",
            "cast(cast('2024-06-01 23:30:00' AS timestamp) AS date) AS late_d",
            "cast(cast(cast('2024-03-10 02:30:00' AS timestamp_ntz) AS timestamp) AS string) AS gap",
            "cast(cast(overlap AS timestamp) AS long) AS overlap_epoch",
            "cast(cast(null AS timestamp) AS timestamp_ntz) AS n",
        )
        return df_result(out)
