"""Datetime formatting, parsing and time-zone functions of pyspark.sql.functions (issue 4):
date_format, to_date/to_timestamp and their try_ forms, unix_timestamp, from_unixtime, zone
shifts, truncation and epoch conversions, with Spark 4.3.0's results, types, nullability, column
names and errors. Cases pin the session time zone (America/Los_Angeles unless said otherwise)."""

import contextlib

from support import df_result, expect_error

from ._base import F, case, col, conf

LA = "America/Los_Angeles"


@contextlib.contextmanager
def zone(spark, tz=LA, ansi=None):
    settings = {"spark_sql_session_timeZone": tz}
    if ansi is not None:
        settings["spark_sql_ansi_enabled"] = ansi
    with conf(spark, **settings):
        yield


def stamps(spark):
    return spark.sql(
        "SELECT * FROM VALUES "
        "(1, TIMESTAMP'2024-03-05 14:07:09.123456', DATE'2024-03-05', '2024-03-05 14:07:09'), "
        "(2, TIMESTAMP'2024-07-05 00:00:00', DATE'1969-12-31', '1999-12-31'), "
        "(3, TIMESTAMP'0100-03-15 12:00:00', DATE'2000-02-29', 'garbage'), "
        "(4, NULL, NULL, NULL) AS t(id, ts, d, s)"
    )


@case
def case_dtfmt_date_format_fields(spark):
    with zone(spark):
        df = stamps(spark).select(
            "id",
            F().date_format("ts", "yyyy-MM-dd HH:mm:ss.SSSSSS"),
            F().date_format("ts", "y yy yyy yyyy yyyyy G GGGG"),
            F().date_format("ts", "M MM MMM MMMM L LL d dd D DDD"),
            F().date_format("ts", "E EEEE a h hh K k H m s S SS SSS"),
            F().date_format("ts", "q Q QQ QQQ QQQQ F"),
            F().date_format("d", "yyyy/MM/dd EEE"),
        )
        return df_result(df, sort=True)


@case
def case_dtfmt_date_format_zones(spark):
    with zone(spark):
        df = stamps(spark).select(
            "id",
            F().date_format("ts", "z zzzz VV O OOOO"),
            F().date_format("ts", "X XX XXX x xx xxx Z ZZZZ ZZZZZ"),
            F().date_format(F().expr("to_timestamp_ntz(ts)"), "yyyy-MM-dd HH:mm z"),
        )
        return df_result(df, sort=True)


@case
def case_dtfmt_date_format_utc(spark):
    with zone(spark, "UTC"):
        df = stamps(spark).where("id <> 3").select(
            "id",
            F().date_format("ts", "yyyy-MM-dd HH:mm:ss z X ZZZZ"),
            F().date_format("s", "yyyy"),
        )
        return df_result(df, sort=True)


@case
def case_dtfmt_date_format_bc(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT date_format(to_timestamp('-0044-03-15 12:00:00'), 'y yyyy G'), "
            "date_format(to_timestamp('-0044-03-15 12:00:00'), 'y yyyy MM'), "
            "date_format(to_timestamp('+12024-03-15 12:00:00'), 'y yy yyyy'), "
            "date_format(to_timestamp('0100-03-15 12:00:00'), 'yyyy-MM-dd HH:mm:ss xxxxx z')"
        )
        return df_result(df)


@case
def case_dtfmt_date_format_literals(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT date_format(ts, 'yyyy-MM-dd''T''HH:mm'), "
            "date_format(ts, '''Q''QQQ '''''), "
            "date_format(ts, '[yyyy][ MM]'), "
            "date_format(ts, ''), "
            "date_format(ts, 'dd-MM-yyyy ~ éü'), "
            "date_format(DATE'2024-03-05', 'yyyy'), date_format('2024-03-05', 'yyyy'), "
            "date_format(NULL, 'yyyy'), date_format(ts, NULL) "
            "FROM (SELECT TIMESTAMP'2024-03-05 14:07:09' ts)"
        )
        return df_result(df)


@case
def case_dtfmt_pattern_week_based_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT date_format(TIMESTAMP'2024-03-05 14:07:09', 'YYYY')").collect())


@case
def case_dtfmt_pattern_week_char_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT date_format(TIMESTAMP'2024-03-05 14:07:09', 'e')").collect())


@case
def case_dtfmt_pattern_illegal_char_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.range(1).select(F().date_format(F().current_timestamp(), "B")).collect())


@case
def case_dtfmt_pattern_suggestion_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT date_format(TIMESTAMP'2024-03-05 14:07:09', 'yyyy ''x')").collect())


@case
def case_dtfmt_pattern_too_many_letters_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT date_format(TIMESTAMP'2024-03-05 14:07:09', 'MMMMM')").collect())


@case
def case_dtfmt_pattern_parse_only_letter_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT to_timestamp('2024 Q1', 'yyyy QQQ')").collect())


@case
def case_dtfmt_pattern_parse_weekday_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT to_timestamp('Tue 2024-03-05', 'E yyyy-MM-dd')").collect())


@case
def case_dtfmt_to_date(spark):
    with zone(spark):
        df = stamps(spark).where("id <> 3").select(
            "id",
            F().to_date("s"),
            F().to_date("ts"),
            F().to_date("d"),
            F().to_date(F().lit("12/31/2016"), "MM/dd/yyyy"),
            F().expr("try_to_date(s, 'yyyy-MM-dd HH:mm:ss')"),
        )
        return df_result(df, sort=True)


@case
def case_dtfmt_to_date_errors(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT to_date('2016-12-31 10:00', 'yyyy-MM-dd')").collect())


@case
def case_dtfmt_to_date_cast_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT to_date('garbage')").collect())


@case
def case_dtfmt_to_date_invalid_date_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT to_date('2016-02-30', 'yyyy-MM-dd')").collect())


@case
def case_dtfmt_try_to_date(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT try_to_date('garbage', 'yyyy'), try_to_date('2016-12-31'), "
            "try_to_date('2016-12-31 10:00', 'yyyy-MM-dd'), try_to_date('2016-02-30', 'yyyy-MM-dd'), "
            "try_to_date('2016/12/31', 'yyyy/MM/dd'), try_to_date('junk')"
        )
        return df_result(df)


@case
def case_dtfmt_to_date_ansi_off(spark):
    with zone(spark, ansi="false"):
        df = spark.sql(
            "SELECT to_date('garbage'), to_date('2016-12-31x', 'yyyy-MM-dd'), "
            "to_date('2016-12-31', 'yyyy-MM-dd'), to_timestamp('x', 'yyyy'), to_timestamp('junk'), "
            "unix_timestamp('x', 'yyyy'), to_timestamp('2016-12-31', 'yyyy-MM-dd')"
        )
        return df_result(df)


@case
def case_dtfmt_to_timestamp_patterns(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT to_timestamp('2016-12-31', 'yyyy-MM-dd') a, "
            "to_timestamp('2016-12-31 00:12:00.123456789', 'yyyy-MM-dd HH:mm:ss.SSSSSSSSS') b, "
            "to_timestamp('2016-12-31 00:12:00.12', 'yyyy-MM-dd HH:mm:ss.SSS') c, "
            "to_timestamp('2016', 'yyyy') d, to_timestamp('12', 'MM') e, to_timestamp('10:30', 'HH:mm') f, "
            "to_timestamp('Mar 5 2024 2:07 PM', 'MMM d yyyy h:mm a') g, "
            "to_timestamp('march 05 2024', 'MMMM dd yyyy') h, "
            "to_timestamp('2024-3-5', 'yyyy-M-d') i, to_timestamp('24-03-05', 'yy-MM-dd') j, "
            "to_timestamp('70-03-05', 'yy-MM-dd') k, to_timestamp('2024-065', 'yyyy-DDD') l, "
            "to_timestamp('20240305', 'yyyyMMdd') m, to_timestamp('2024030512', 'yyyyMMddHH') n, "
            "to_timestamp('2024-03-05', 'yyyy-MM-dd[ HH:mm]') o, "
            "to_timestamp('2024-03-05 10:11', 'yyyy-MM-dd[ HH:mm]') p, "
            "to_timestamp('2024-03-05 12:00:00.000123', 'yyyy-MM-dd HH:mm:ss[.SSSSSS]') q, "
            "to_timestamp('2024-03-05 24', 'yyyy-MM-dd k') r, to_timestamp('2024-03-05 11', 'yyyy-MM-dd K') s, "
            "to_timestamp('2024-03-05 12 AM', 'yyyy-MM-dd hh a') t, to_timestamp('2024-03-05 pm', 'yyyy-MM-dd a') u, "
            "to_timestamp('2024-03-05 15 PM', 'yyyy-MM-dd HH a') v, to_timestamp('AD 2024-03-05', 'G yyyy-MM-dd') w"
        )
        return df_result(df)


@case
def case_dtfmt_to_timestamp_zones(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT to_timestamp('2016-12-31 00:12:00 +0100', 'yyyy-MM-dd HH:mm:ss Z') a, "
            "to_timestamp('2024-03-05T14:07:09Z', \"yyyy-MM-dd'T'HH:mm:ssX\") b, "
            "to_timestamp('2024-03-05 14:07:09 America/New_York', 'yyyy-MM-dd HH:mm:ss VV') c, "
            "to_timestamp('2024-03-05 14:07:09 PST', 'yyyy-MM-dd HH:mm:ss z') d, "
            "to_timestamp('2024-03-05 +05:30', 'yyyy-MM-dd XXX') e, "
            "to_timestamp('2024-03-05 GMT+05:30', 'yyyy-MM-dd O') f, "
            "to_timestamp('2024-03-05 -08', 'yyyy-MM-dd x') g, "
            "to_timestamp_ntz('2016-12-31 00:12:00 +0100', 'yyyy-MM-dd HH:mm:ss Z') h, "
            "to_timestamp('2024-03-10 02:30', 'yyyy-MM-dd HH:mm') gap, "
            "to_timestamp('2024-11-03 01:30', 'yyyy-MM-dd HH:mm') overlap"
        )
        return df_result(df)


@case
def case_dtfmt_to_timestamp_no_pattern(spark):
    with zone(spark):
        df = stamps(spark).where("id <> 3").select(
            "id",
            F().to_timestamp("s"),
            F().to_timestamp("d"),
            F().to_timestamp("ts"),
            F().expr("to_timestamp_ntz(s)"),
            F().expr("to_timestamp_ltz(s)"),
            F().expr("to_timestamp_ntz(ts)"),
            F().expr("to_timestamp_ltz(d)"),
        )
        return df_result(df, sort=True)


@case
def case_dtfmt_to_timestamp_numbers(spark):
    with zone(spark):
        df = spark.sql("SELECT to_timestamp(1230219000), to_timestamp(1.5), to_timestamp(-1)")
        return df_result(df)


@case
def case_dtfmt_to_timestamp_unparsed_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql(
            "SELECT to_timestamp('2016-12-31 00:12:00.1234', 'yyyy-MM-dd HH:mm:ss.SSS')").collect())


@case
def case_dtfmt_to_timestamp_range_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql(
            "SELECT to_timestamp('2024-03-05 60:00:00', 'yyyy-MM-dd HH:mm:ss')").collect())


@case
def case_dtfmt_to_timestamp_cast_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT to_timestamp('garbage')").collect())


@case
def case_dtfmt_try_to_timestamp(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT try_to_timestamp('garbage', 'yyyy') a, try_to_timestamp('2016-12-31', 'yyyy-MM-dd') b, "
            "try_to_timestamp('2024-03-05 13', 'yyyy-MM-dd hh') c, "
            "try_to_timestamp('2024-03-05 3 PM', 'yyyy-MM-dd H a') d, "
            "try_to_timestamp('2023-02-29', 'yyyy-MM-dd') e, try_to_timestamp('2023-366', 'yyyy-DDD') f, "
            "try_to_timestamp('2024-03-05 066', 'yyyy-MM-dd DDD') g, try_to_timestamp('12024-03-05', 'yyyy-MM-dd') h, "
            "try_to_timestamp('2024035', 'yyyyMMdd') i, try_to_timestamp(' 2024-03-05', 'yyyy-MM-dd') j"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_dtfmt_try_to_timestamp_api(spark):
    with zone(spark):
        df = stamps(spark).select("id", F().try_to_timestamp("s"), F().try_to_timestamp("s", F().lit("yyyy-MM-dd")))
        return df_result(df, sort=True)


@case
def case_dtfmt_to_timestamp_columns(spark):
    with zone(spark):
        df = spark.createDataFrame(
            [("2024-03-05", "yyyy-MM-dd"), ("05/03/2024", "dd/MM/yyyy"), (None, "yyyy"), ("2024", None)],
            "s STRING, f STRING",
        )
        out = df.select("s", F().expr("try_to_timestamp(s, 'yyyy-MM-dd')").alias("lit"), F().expr("to_timestamp(s, f)"),
                        F().expr("to_date(s, f)"), F().expr("date_format(to_timestamp(s, f), f)"))
        return df_result(out, sort=True)


@case
def case_dtfmt_unix_timestamp(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT unix_timestamp('2016-04-08', 'yyyy-MM-dd'), unix_timestamp('2016-04-08 10:00:00'), "
            "to_unix_timestamp('2016-04-08', 'yyyy-MM-dd'), unix_timestamp(TIMESTAMP'2016-04-08 10:00:00.9') ts, "
            "unix_timestamp(DATE'2016-04-08'), unix_timestamp(TIMESTAMP_NTZ'2016-04-08 10:00:00'), "
            "unix_timestamp(NULL), unix_timestamp() > 0"
        )
        return df_result(df)


@case
def case_dtfmt_unix_timestamp_api(spark):
    with zone(spark):
        df = stamps(spark).where("id <> 3").select(
            "id", F().unix_timestamp("s"), F().unix_timestamp("s", "yyyy-MM-dd"), F().unix_timestamp("ts"), F().unix_timestamp("d")
        )
        with conf(spark, spark_sql_ansi_enabled="false"):
            return df_result(df, sort=True)


@case
def case_dtfmt_unix_timestamp_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT unix_timestamp('garbage')").collect())


@case
def case_dtfmt_from_unixtime(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT from_unixtime(0, 'yyyy-MM-dd HH:mm:ss'), from_unixtime(0), from_unixtime(1.9), "
            "from_unixtime(-1), from_unixtime(NULL), from_unixtime(9223372036854775807), "
            "from_unixtime(1700000000, 'EEE, d MMM yyyy HH:mm:ss Z')"
        )
        return df_result(df)


@case
def case_dtfmt_from_unixtime_api(spark):
    with zone(spark, "UTC"):
        df = spark.createDataFrame([(0,), (1460098800,), (None,)], "t LONG")
        return df_result(df.select("t", F().from_unixtime("t"), F().from_unixtime("t", "yyyy/MM/dd HH")), sort=True)


@case
def case_dtfmt_from_unixtime_pattern_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT from_unixtime(0, 'YYYY')").collect())


@case
def case_dtfmt_utc_shifts(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT from_utc_timestamp('2017-07-14 02:40:00.0', 'GMT+1') a, "
            "from_utc_timestamp(TIMESTAMP'2017-07-14 02:40:00', 'Asia/Seoul') b, "
            "to_utc_timestamp('2017-07-14 02:40:00.0', 'GMT+1') c, "
            "to_utc_timestamp(TIMESTAMP'2017-07-14 02:40:00', 'Asia/Seoul') d, "
            "to_utc_timestamp(TIMESTAMP'2017-07-14 02:40:00', '+05:30') e, "
            "from_utc_timestamp(DATE'2017-07-14', 'UTC') f, from_utc_timestamp(NULL, 'UTC') g"
        )
        return df_result(df)


@case
def case_dtfmt_utc_shifts_api(spark):
    with zone(spark):
        df = stamps(spark).select(
            "id", F().from_utc_timestamp("ts", "Europe/Paris"), F().to_utc_timestamp("ts", F().lit("Asia/Tokyo"))
        )
        return df_result(df.where("id <> 3"), sort=True)


@case
def case_dtfmt_invalid_timezone_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT from_utc_timestamp(TIMESTAMP'2017-07-14 02:40:00', 'bogus')").collect())


@case
def case_dtfmt_convert_timezone(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT convert_timezone('Europe/Brussels', 'America/Los_Angeles', TIMESTAMP_NTZ'2021-12-06 00:00:00') a, "
            "convert_timezone('Europe/Brussels', TIMESTAMP_NTZ'2021-12-06 00:00:00') b, "
            "convert_timezone('Europe/Brussels', '2021-12-06 00:00:00') c, "
            "convert_timezone('UTC', '+08:00', TIMESTAMP_NTZ'2021-12-06 20:00:00') d, current_timezone() e"
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_dtfmt_convert_timezone_api(spark):
    with zone(spark):
        df = spark.sql("SELECT TIMESTAMP_NTZ'2021-12-06 00:00:00' t")
        return df_result(df.select(F().convert_timezone(F().lit("UTC"), F().lit("Asia/Seoul"), "t"),
                                   F().current_timezone()))


@case
def case_dtfmt_convert_timezone_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT convert_timezone('bogus', TIMESTAMP_NTZ'2021-12-06 00:00:00')").collect())


@case
def case_dtfmt_date_trunc(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT date_trunc('YEAR', '2015-03-05T09:32:05.359') a, date_trunc('MM', '2015-03-05T09:32:05.359') b, "
            "date_trunc('DD', '2015-03-05T09:32:05.359') c, date_trunc('HOUR', '2015-03-05T09:32:05.359') d, "
            "date_trunc('MILLISECOND', '2015-03-05T09:32:05.123456') e, "
            "date_trunc('MICROSECOND', '2015-03-05T09:32:05.123456') f, date_trunc('WEEK', '2015-03-05T09:32:05.359') g, "
            "date_trunc('QUARTER', '2015-08-05T09:32:05.359') h, "
            "date_trunc('minute', TIMESTAMP_NTZ'2015-03-05 09:32:05.359') i, "
            "date_trunc('bogus', '2015-03-05T09:32:05.359') j, date_trunc('SECOND', DATE'2015-03-05') k"
        )
        return df_result(df)


@case
def case_dtfmt_date_trunc_api(spark):
    with zone(spark):
        df = stamps(spark).select("id", F().date_trunc("year", "ts"), F().date_trunc("mon", "ts"), F().date_trunc("hour", "ts"))
        return df_result(df, sort=True)


@case
def case_dtfmt_trunc(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT trunc('2019-08-04', 'week') a, trunc('2019-08-04', 'quarter') b, trunc(DATE'2009-02-12', 'MM') c, "
            "trunc('2015-10-27', 'YEAR') d, trunc('2015-10-27', 'yy') e, trunc('2015-10-27', 'day') f, "
            "trunc('2015-10-27', 'bogus') g, trunc(TIMESTAMP'2015-10-27 10:00:00', 'MON') h"
        )
        return df_result(df)


@case
def case_dtfmt_trunc_api(spark):
    with zone(spark):
        df = stamps(spark).select("id", F().trunc("d", "year"), F().trunc("d", "month"), F().trunc("ts", "week"))
        return df_result(df, sort=True)


@case
def case_dtfmt_epoch(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT timestamp_seconds(1230219000) a, timestamp_seconds(1230219000.123) b, "
            "timestamp_millis(1230219000123) c, timestamp_micros(1230219000123123) d, "
            "unix_seconds(TIMESTAMP'1970-01-01 00:00:01Z') e, unix_millis(TIMESTAMP'1970-01-01 00:00:01.999Z') f, "
            "unix_micros(TIMESTAMP'1970-01-01 00:00:01Z') g, unix_seconds(TIMESTAMP'1969-12-31 23:59:59.5Z') h, "
            "unix_date(DATE'1970-01-02') i, date_from_unix_date(1) j, unix_date(DATE'1969-12-31') k, "
            "timestamp_seconds(NULL) l, unix_millis(TIMESTAMP'1969-12-31 23:59:59.9995Z') m"
        )
        return df_result(df)


@case
def case_dtfmt_epoch_api(spark):
    with zone(spark):
        df = spark.createDataFrame([(0,), (1230219000,), (-1,), (None,)], "t LONG")
        out = df.select(
            "t", F().timestamp_seconds("t"), F().expr("timestamp_millis(t)"), F().expr("timestamp_micros(t)"),
            F().expr("unix_seconds(timestamp_seconds(t))"), F().expr("unix_millis(timestamp_millis(t))"),
            F().expr("unix_micros(timestamp_micros(t))"),
        )
        return df_result(out, sort=True)


@case
def case_dtfmt_epoch_overflow_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT timestamp_seconds(9223372036854775807)").collect())


@case
def case_dtfmt_local_now(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT localtimestamp() IS NOT NULL, curdate() IS NOT NULL, "
            "abs(unix_timestamp() - unix_seconds(current_timestamp())) < 60"
        )
        types = spark.sql("SELECT localtimestamp(), curdate(), current_timezone()").limit(0)
        return {"values": df_result(df), "types": df_result(types)}


@case(min_client=(4, 0))
def case_dtfmt_local_now_api(spark):
    with zone(spark):
        df = spark.range(1).select(F().localtimestamp().isNotNull(), F().curdate().isNotNull())
        return df_result(df)


@case
def case_dtfmt_api_names(spark):
    with zone(spark):
        df = stamps(spark).where("id = 1").select(
            F().date_format("ts", "yyyy"), F().to_date("s"), F().to_timestamp("s"),
            F().unix_timestamp("s"), F().from_unixtime(F().lit(0)), F().date_trunc("DD", "ts"),
            F().trunc("d", "MM"), F().from_utc_timestamp("ts", "UTC"), F().to_utc_timestamp("ts", "UTC"),
            F().timestamp_seconds(F().lit(1)), F().to_date("s", "yyyy-MM-dd HH:mm:ss"),
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_dtfmt_api_names_4(spark):
    with zone(spark):
        df = stamps(spark).where("id = 1").select(
            F().to_timestamp_ltz("s"), F().to_timestamp_ntz("s"), F().unix_seconds("ts"), F().unix_millis("ts"),
            F().unix_micros("ts"), F().unix_date("d"), F().date_from_unix_date(F().lit(5)),
            F().timestamp_millis(F().lit(5)), F().timestamp_micros(F().lit(5)), F().try_to_timestamp("s"),
            F().to_unix_timestamp("s"),
        )
        return df_result(df)


@case
def case_dtfmt_to_char_numbers(spark):
    df = spark.sql(
        "SELECT to_char(454, '999'), to_char(454.00, '000D00'), to_char(12454, '99G999'), "
        "to_char(78.12, '$99.99'), to_char(-12454.8, '99G999D9S'), to_char(12454.8, 'S99G999D9'), "
        "to_char(-12454.8, 'MI99G999D9'), to_char(-12454.8, '99G999D9PR'), to_char(12454.8, '99G999D9PR'), "
        "to_char(454, '9'), to_char(454, '9999'), to_char(0.5, '9.99'), to_char(0, '9'), to_char(0, '0'), "
        "to_char(1234567.891, '999,999,999.99'), to_char(454, '999.99'), to_char(-5, '999'), "
        "to_char(5, 'S999'), to_char(-5, '999PR'), to_char(454, '999.'), to_char(4, '0G999'), "
        "to_char(-5.5, '$99.99PR'), to_char(0.05, '.99'), to_varchar(454, '999'), to_char(1.5D, '9.9'), "
        "to_char(2.5D, '9'), to_char(CAST(NULL AS INT), '999'), to_char(5.5, 'mi9.9')"
    )
    return df_result(df)


@case
def case_dtfmt_to_char_columns(spark):
    with zone(spark):
        df = spark.createDataFrame(
            [(1, 1234.5, 7, "2024-03-05"), (2, -0.25, -12, "1999-12-31"), (3, None, None, None)],
            "id INT, x DOUBLE, n BIGINT, s STRING",
        ).selectExpr("id", "x", "n", "CAST(x AS DECIMAL(10, 2)) dec", "to_date(s) d")
        out = df.select(
            "id", F().expr("to_char(dec, 'S9,999.99')"), F().expr("to_char(n, '000PR')"),
            F().expr("to_char(x, '9999.9999')"), F().expr("to_char(d, 'yyyy/MM/dd') AS dstr"),
            F().expr("to_varchar(d, 'dd MMM yyyy') AS vstr"),
        )
        return df_result(out, sort=True)


@case
def case_dtfmt_to_char_api(spark):
    df = spark.createDataFrame([(1, 78.12), (2, -5.0), (3, None)], "id INT, x DOUBLE")
    out = df.select("id", F().to_char("x", F().lit("$99.99")), F().to_varchar("x", F().lit("99.9S")))
    return df_result(out, sort=True)


@case
def case_dtfmt_to_char_format_error(spark):
    return expect_error(lambda: spark.sql("SELECT to_char(454, 'abc')").collect())


@case
def case_dtfmt_to_char_separator_error(spark):
    return expect_error(lambda: spark.sql("SELECT to_char(454, '9,')").collect())


@case
def case_dtfmt_to_char_token_error(spark):
    return expect_error(lambda: spark.sql("SELECT to_char(454, '99.9.9')").collect())


@case
def case_dtfmt_to_char_order_error(spark):
    return expect_error(lambda: spark.sql("SELECT to_char(454, '9PRS')").collect())


@case
def case_dtfmt_to_char_currency_error(spark):
    return expect_error(lambda: spark.sql("SELECT to_char(5, '999$')").collect())


@case
def case_dtfmt_to_char_empty_error(spark):
    return expect_error(lambda: spark.sql("SELECT to_char(5, '')").collect())


@case
def case_dtfmt_to_number(spark):
    df = spark.sql(
        "SELECT to_number('454', '999'), to_number('454.00', '000.00'), to_number('12,454', '99,999'), "
        "to_number('$78.12', '$99.99'), to_number('12,454.8-', '99,999.9S'), to_number('-12,454.8', 'S99,999.9'), "
        "to_number('<12>', '99PR'), to_number('12-', '99MI'), to_number('4', '999'), to_number('0454', '0000'), "
        "to_number('1,234', '9,999,999'), to_number(' 454', '999'), to_number('4 54', '999'), "
        "to_number('.5', '9.99'), to_number('454.', '999.99'), to_number('4.5', '9D9'), to_number(NULL, '999'), "
        "to_number('5', '9pr')"
    )
    return df_result(df)


@case
def case_dtfmt_try_to_number(spark):
    df = spark.sql(
        "SELECT try_to_number('abc', '999'), try_to_number('454', '999'), try_to_number('454', '99'), "
        "try_to_number('1234,567', '9,999,999'), try_to_number('454', '0000'), try_to_number('5.55', '9.9'), "
        "try_to_number('', '9'), try_to_number('-5', '9'), try_to_number('78.12', '$99.99')"
    )
    return df_result(df)


@case
def case_dtfmt_to_number_api(spark):
    df = spark.createDataFrame([(1, "1,234.5"), (2, "-0.5"), (3, None), (4, "x")], "id INT, s STRING")
    out = df.select("id", F().try_to_number("s", F().lit("S9,999.99")))
    return df_result(out, sort=True)


@case
def case_dtfmt_to_number_mismatch_error(spark):
    return expect_error(lambda: spark.sql("SELECT to_number('454', '99')").collect())


@case
def case_dtfmt_to_number_format_error(spark):
    return expect_error(lambda: spark.sql("SELECT try_to_number('454', 'abc')").collect())


@case
def case_dtfmt_parse_nullability_ansi_off(spark):
    with zone(spark, ansi="false"):
        df = spark.createDataFrame([("2024-03-05",)], "s STRING").selectExpr(
            "to_timestamp('2024-03-05', 'yyyy-MM-dd') a", "to_date(s, 'yyyy-MM-dd') b", "unix_timestamp('2024', 'yyyy') c",
            "date_format(TIMESTAMP_NTZ'2024-03-05 10:00:00', 'HH') d", "to_timestamp_ntz('2024', 'yyyy') e",
        )
        return df_result(df)


@case
def case_dtfmt_pattern_column_error(spark):
    with zone(spark):
        df = spark.createDataFrame([("2024-03-05", "YYYY")], "s STRING, f STRING")
        return expect_error(lambda: df.selectExpr("to_timestamp(s, f)").collect())


@case
def case_dtfmt_try_to_timestamp_bad_pattern(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT try_to_timestamp('2024', 'YYYY')").collect())


@case
def case_dtfmt_implicit_casts(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT try_to_date(1) a, to_timestamp_ltz(1) b, to_timestamp(CAST(1.5 AS DECIMAL(3,1))) c, "
            "date_from_unix_date(CAST(1 AS BIGINT)) d, to_utc_timestamp(TIMESTAMP_NTZ'2017-07-14 02:40:00', 'UTC') e, "
            "convert_timezone('UTC', 'Asia/Seoul', TIMESTAMP'2021-12-06 00:00:00') f, "
            "timestamp_seconds(CAST('NaN' AS DOUBLE)) g"
        )
        return df_result(df)


@case
def case_dtfmt_to_date_number_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT to_date(20240305)").collect())


@case
def case_dtfmt_unix_seconds_type_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT unix_seconds(DATE'2024-01-01')").collect())


@case
def case_dtfmt_unix_date_type_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT unix_date('2024-01-01')").collect())


@case
def case_dtfmt_date_format_type_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT date_format(123, 'yyyy')").collect())


@case
def case_dtfmt_dst_transitions(spark):
    with zone(spark, "America/Sao_Paulo"):
        df = spark.sql(
            "SELECT date_trunc('DAY', ts) a, date_format(ts, 'yyyy-MM-dd HH:mm XXX') b, "
            "to_timestamp('2018-11-04 00:30', 'yyyy-MM-dd HH:mm') c, trunc(ts, 'MM') d, "
            "from_utc_timestamp(ts, 'Europe/London') e, unix_timestamp('2018-11-04', 'yyyy-MM-dd') f "
            "FROM (SELECT TIMESTAMP'2018-11-04 12:00:00' ts)"
        )
        return df_result(df)


@case
def case_dtfmt_year_widths(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT date_format(TIMESTAMP'2024-01-05 14:07:09', 'yyyyyy D DD DDD') a, "
            "to_timestamp('002024', 'yyyyyy') b, to_timestamp('2024-3', 'yyyy-D') c, "
            "to_timestamp('2024-33', 'yyyy-DD') d, try_to_timestamp('2024-3', 'yyyy-DD') e, "
            "date_format(TIMESTAMP'2024-03-05 14:07:09', 'SSSSSSSSS') f"
        )
        return df_result(df)


@case
def case_dtfmt_year_too_wide_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT date_format(TIMESTAMP'2024-03-05 14:07:09', 'yyyyyyy')").collect())


CAST_TEXTS = [
    "2024-03-05", "2024-3-5", "2024", "2024-03", " 2024-03-05 ", "2024-03-05T10:00:00Z",
    "2024-03-05 10:00:00 UTC", "2024-03-05 10:00:00+05:30", "2024-03-05T10:00:00.123456789",
    "2024-03-05 10", "2024-03-05 10:00", "2024-03-05T", "2024-03-05 ", "2024-03-05 25:00:00",
    "2024-02-30", "+2024-03-05", "-0044-03-15", "12024-03-05", "2024-03-05 10:00:00 America/New_York",
    "2024-03-05 10:00:00 GMT+01:00", "20240305", "2024/03/05", "",
    "2024-03-05 10:00:00.", "2024-03-05 1:2:3", "2024-03-05T10:00:00-0800",
]


@case
def case_dtfmt_cast_syntax(spark):
    with zone(spark, ansi="false"):
        df = spark.createDataFrame([(i, s) for i, s in enumerate(CAST_TEXTS)], "i INT, s STRING")
        out = df.select(
            "i", "s", F().expr("date_format(to_date(s), 'yyyy-MM-dd')"),
            F().expr("date_format(to_timestamp(s), 'yyyy-MM-dd HH:mm:ss.SSSSSS')"),
            F().expr("date_format(to_timestamp_ntz(s), 'yyyy-MM-dd HH:mm:ss.SSSSSS')"),
        )
        return df_result(out, sort=True)


@case
def case_dtfmt_cast_time_only(spark):
    with zone(spark, ansi="false"):
        df = spark.sql(
            "SELECT to_date(to_timestamp('T10:00:00')) = current_date() a, "
            "date_format(to_timestamp('10:11:12'), 'HH:mm:ss') b, to_timestamp_ntz('10:00:00') c"
        )
        return df_result(df)


PARSE_PAIRS = [
    ("2024-03-05", "yyyy-MM-dd"), ("2024-3-5", "yyyy-MM-dd"), ("2024-03-05", "yyyy-M-d"),
    ("24-3-5", "yy-M-d"), ("99-12-31", "yy-MM-dd"), ("2024/03/05 7:08", "yyyy/MM/dd H:mm"),
    ("2024/03/05 07:8", "yyyy/MM/dd HH:m"), ("20240305 070809", "yyyyMMdd HHmmss"),
    ("20240305070809123", "yyyyMMddHHmmssSSS"), ("2024-03-05 07:08:09.5", "yyyy-MM-dd HH:mm:ss.SSS"),
    ("2024-03-05 07:08:09.", "yyyy-MM-dd HH:mm:ss[.SSS]"), ("2024-03-05T07:08", "yyyy-MM-dd'T'HH:mm"),
    ("2024-03-05 'x'", "yyyy-MM-dd ''x''"), ("MAR", "MMM"), ("Mar", "LLL"),
    ("March", "MMM"), ("Mar", "MMMM"), ("12 AM", "hh a"), ("12 PM", "hh a"), ("0 AM", "K a"),
    ("11 PM", "K a"), ("1", "k"), ("0", "k"), ("2024 AD", "yyyy G"), ("2024 Anno Domini", "yyyy GGGG"),
    ("2024-03-05 +01", "yyyy-MM-dd X"), ("2024-03-05 +0130", "yyyy-MM-dd X"),
    ("2024-03-05 +01:30", "yyyy-MM-dd XXX"), ("2024-03-05 Z", "yyyy-MM-dd XXX"),
    ("2024-03-05 +00:00", "yyyy-MM-dd xxx"), ("2024-03-05 Z", "yyyy-MM-dd xxx"),
    ("2024-03-05 GMT", "yyyy-MM-dd O"), ("2024-03-05 GMT-08:00", "yyyy-MM-dd ZZZZ"),
    ("2024-03-05 -08:00", "yyyy-MM-dd ZZZZZ"), ("2024-03-05 UTC", "yyyy-MM-dd VV"),
    ("2024-03-05 Europe/Paris", "yyyy-MM-dd VV"), ("2024-03-05 EST", "yyyy-MM-dd z"),
    ("2024-03-05 10", "yyyy-MM-dd[ HH][:mm]"), ("2024-03-05:30", "yyyy-MM-dd[ HH][:mm]"),
    ("2024-03-05", "yyyy-MM-dd HH"), ("  2024", "yyyy"), ("2024  ", "yyyy"), ("2024-060", "yyyy-DDD"),
    ("060", "DDD"), ("2024-02", "yyyy-dd"), ("31", "dd"), ("2024-03-05 12:00 am", "yyyy-MM-dd hh:mm a"),
    ("0024-03-05", "yyyy-MM-dd"), ("024-03-05", "yyyy-MM-dd"), ("+2024-03-05", "yyyy-MM-dd"),
]


@case
def case_dtfmt_parse_matrix(spark):
    with zone(spark, "UTC"):
        df = spark.createDataFrame([(i, t, p) for i, (t, p) in enumerate(PARSE_PAIRS)], "i INT, t STRING, p STRING")
        out = df.select(
            "i", "t", "p", F().expr("date_format(try_to_timestamp(t, p), 'yyyy-MM-dd HH:mm:ss.SSSSSS')").alias("ts"),
            F().expr("CAST(try_to_timestamp(t, p) AS STRING) IS NULL").alias("isnull"),
        )
        return df_result(out, sort=True)


@case
def case_dtfmt_zone_matrix(spark):
    out = {}
    for tz in ["UTC", "Europe/London", "Asia/Kolkata", "Asia/Tokyo", "America/New_York", "Europe/Paris"]:
        with zone(spark, tz):
            df = spark.sql(
                "SELECT date_format(ts, 'yyyy-MM-dd HH:mm z zzzz O XXX VV') f, "
                "date_format(to_timestamp_ntz(ts), 'HH:mm') n, date_trunc('DAY', ts) d, "
                "from_utc_timestamp(ts, 'Asia/Kolkata') u, unix_timestamp(date_format(ts, 'yyyy-MM-dd HH:mm:ss')) s "
                "FROM VALUES (TIMESTAMP'2024-01-15 12:00:00Z'), (TIMESTAMP'2024-07-15 23:30:00Z') AS t(ts)"
            )
            out[tz] = df_result(df, sort=True)
    return out


@case
def case_dtfmt_zone_ids(spark):
    with zone(spark, "UTC"):
        df = spark.createDataFrame(
            [(i, z) for i, z in enumerate(["PST", "CTT", "EST", "Etc/GMT+8", "+8", "GMT+08:30", "UTC+1", "+08:00:30",
                                           "Z", "Asia/Kolkata", "-0530"])],
            "i INT, z STRING",
        )
        out = df.select(
            "i", "z", F().from_utc_timestamp(F().lit("2024-07-15 12:00:00"), col("z")),
            F().to_utc_timestamp(F().lit("2024-01-15 12:00:00"), col("z")),
        )
        return df_result(out, sort=True)


@case
def case_dtfmt_zone_case_sensitive_error(spark):
    with zone(spark, "UTC"):
        return expect_error(lambda: spark.sql("SELECT from_utc_timestamp(TIMESTAMP'2024-01-15 12:00:00', 'utc')").collect())


@case
def case_dtfmt_to_char_datetime_binary(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT to_char(DATE'2016-04-08', 'yyyy-MM-dd'), to_varchar(d, 'dd MMM'), to_char(ts, 'yyyy HH'), "
            "to_char(b, 'hex'), to_char(b, 'base64'), to_char(b, 'utf-8'), to_varchar(b, 'HEX') "
            "FROM (SELECT DATE'2016-04-08' d, TIMESTAMP_NTZ'2016-04-08 10:00:00' ts, X'537061726b2053514c' b)"
        )
        return df_result(df)


@case
def case_dtfmt_to_char_binary_format_error(spark):
    return expect_error(lambda: spark.sql("SELECT to_char(X'53', 'bogus')").collect())


@case
def case_dtfmt_to_varchar_binary_names(spark):
    df = spark.sql(
        "SELECT to_char(b, 'HEX'), to_varchar(b, 'hex'), to_varchar(b, 'base64'), to_varchar(b, 'utf-8'), "
        "to_char(b, 'Base64'), to_char(b, ' hex ') FROM (SELECT X'53' b)"
    )
    return df_result(df)


@case
def case_dtfmt_lmt_offsets_and_string_seconds(spark):
    with zone(spark):
        df = spark.sql(
            "SELECT date_format(to_timestamp('1800-01-01 00:00:00'), 'XXX|xxx|XXXXX|Z|O|X|XX|ZZZZ|xxxx|z') a, "
            "from_unixtime(' 100 ') b, from_unixtime('-5', 'HH:mm:ss') c"
        )
        return df_result(df)


@case
def case_dtfmt_from_unixtime_string_error(spark):
    with zone(spark):
        return expect_error(lambda: spark.sql("SELECT from_unixtime('1.9')").collect())


@case
def case_dtfmt_from_unixtime_string_ansi_off(spark):
    with zone(spark, ansi="false"):
        return df_result(spark.sql("SELECT from_unixtime('1.9') a, from_unixtime('x') b, from_unixtime('7') c"))
