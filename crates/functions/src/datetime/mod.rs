//! Date and time functions.

pub(crate) mod args;
mod arith;
mod cast_parse;
mod civil;
pub(crate) mod coerce;
mod current;
mod date_format;
mod dt_udf;
#[cfg(test)]
mod dtfmt_tests;
mod epoch;
mod extract;
mod fields;
mod format;
mod interval;
mod interval_extract;
pub(crate) mod kernel;
mod make;
mod make_date_time;
mod months_between;
mod number_format;
mod parse;
mod pattern;
pub mod time;
mod time_bucket;
pub(crate) mod to_char;
mod to_timestamp;
mod trunc;
mod tsadd;
pub(crate) mod tz_cast;
mod unsupported;
mod window_time;
mod zone;
mod zones;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::scalar;
use crate::{FunctionEntry, display_call};

/// The UDFs of the datetime functions.
/// Spark's column name of calls whose name depends on argument types.
pub(crate) fn typed_display(
    name: &str,
    types: &[Option<datafusion::arrow::datatypes::DataType>],
    names: &[String],
) -> Option<String> {
    to_char::typed_display(name, types, names)
        .or_else(|| time_bucket::typed_display(name, types, names))
        .or_else(|| time::arith::typed_display(name, types, names))
}

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut v = args::udfs();
    v.extend(date_format::udfs());
    v.extend(epoch::udfs());
    v.extend(to_char::udfs());
    v.extend(to_timestamp::udfs());
    v.extend(trunc::udfs());
    v.extend(zones::udfs());
    v
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("add_months", arith::build_add_months, display_call),
    scalar(
        "bucket",
        unsupported::build_partition_transform,
        display_call,
    ),
    scalar(
        "convert_timezone",
        zones::build_convert_timezone,
        zones::display_convert_timezone,
    ),
    scalar(
        "curdate",
        current::build_current_date,
        zones::display_curdate,
    ),
    scalar("current_date", current::build_current_date, display_call),
    scalar(
        "current_time",
        time::build_current_time,
        time::display_current_time,
    ),
    scalar(
        "current_timestamp",
        current::build_current_timestamp,
        display_call,
    ),
    scalar(
        "current_timezone",
        zones::build_current_timezone,
        display_call,
    ),
    scalar("date_add", arith::build_date_add, display_call),
    scalar("date_diff", arith::build_date_diff, arith::display_datediff),
    scalar("date_format", date_format::build_date_format, display_call),
    scalar(
        "date_from_unix_date",
        epoch::build_date_from_unix_date,
        display_call,
    ),
    scalar("date_part", extract::build_date_part, display_call),
    scalar("date_sub", arith::build_date_sub, display_call),
    scalar("date_trunc", trunc::build_date_trunc, display_call),
    scalar("dateadd", arith::build_dateadd, arith::display_dateadd),
    scalar("datediff", arith::build_datediff, arith::display_datediff),
    scalar("datepart", extract::build_datepart, extract::display_from),
    scalar("day", fields::build_day, display_call),
    scalar("dayname", fields::build_dayname, display_call),
    scalar("dayofmonth", fields::build_dayofmonth, display_call),
    scalar("dayofweek", fields::build_dayofweek, display_call),
    scalar("dayofyear", fields::build_dayofyear, display_call),
    scalar("days", unsupported::build_partition_transform, display_call),
    scalar("extract", extract::build_extract, extract::display_from),
    scalar(
        "from_unixtime",
        date_format::build_from_unixtime,
        date_format::display_from_unixtime,
    ),
    scalar(
        "from_utc_timestamp",
        zones::build_from_utc_timestamp,
        display_call,
    ),
    scalar("hour", fields::build_hour, display_call),
    scalar(
        "hours",
        unsupported::build_partition_transform,
        display_call,
    ),
    scalar("last_day", arith::build_last_day, display_call),
    scalar("localtimestamp", zones::build_localtimestamp, display_call),
    scalar("make_date", make::build_make_date, display_call),
    scalar(
        "make_dt_interval",
        interval::build_make_dt_interval,
        interval::display_dt,
    ),
    scalar(
        "make_interval",
        interval::build_make_interval,
        interval::display_calendar,
    ),
    scalar("make_time", time::build_make_time, display_call),
    scalar("make_timestamp", make::build_make_timestamp, display_call),
    scalar(
        "make_timestamp_ltz",
        make::build_make_timestamp_ltz,
        make_date_time::display_ltz,
    ),
    scalar(
        "make_timestamp_ntz",
        make::build_make_timestamp_ntz,
        display_call,
    ),
    scalar(
        "make_ym_interval",
        interval::build_make_ym_interval,
        interval::display_ym,
    ),
    scalar("minute", fields::build_minute, display_call),
    scalar("month", fields::build_month, display_call),
    scalar("monthname", fields::build_monthname, display_call),
    scalar(
        "months",
        unsupported::build_partition_transform,
        display_call,
    ),
    scalar(
        "months_between",
        months_between::build,
        months_between::display,
    ),
    scalar("next_day", arith::build_next_day, display_call),
    scalar("now", current::build_current_timestamp, display_call),
    scalar("quarter", fields::build_quarter, display_call),
    scalar("second", fields::build_second, display_call),
    scalar(
        "session_window",
        unsupported::build_time_window,
        display_call,
    ),
    scalar("time_bucket", time_bucket::build_time_bucket, display_call),
    scalar("time_diff", time::build_time_diff, display_call),
    scalar(
        "time_from_micros",
        time::build_time_from_micros,
        display_call,
    ),
    scalar(
        "time_from_millis",
        time::build_time_from_millis,
        display_call,
    ),
    scalar(
        "time_from_seconds",
        time::build_time_from_seconds,
        display_call,
    ),
    scalar("time_to_micros", time::build_time_to_micros, display_call),
    scalar("time_to_millis", time::build_time_to_millis, display_call),
    scalar("time_to_seconds", time::build_time_to_seconds, display_call),
    scalar("time_trunc", time::build_time_trunc, display_call),
    scalar(
        "timestamp_micros",
        epoch::build_timestamp_micros,
        display_call,
    ),
    scalar(
        "timestamp_millis",
        epoch::build_timestamp_millis,
        display_call,
    ),
    scalar(
        "timestamp_seconds",
        epoch::build_timestamp_seconds,
        display_call,
    ),
    scalar("timestampadd", tsadd::build_timestampadd, display_call),
    scalar("timestampdiff", tsadd::build_timestampdiff, display_call),
    scalar("to_char", to_char::build_to_char, to_char::display_to_char),
    scalar("to_date", to_timestamp::build_to_date, display_call),
    scalar("to_number", to_char::build_to_number, display_call),
    scalar("to_time", time::build_to_time, display_call),
    scalar(
        "to_timestamp",
        to_timestamp::build_to_timestamp,
        display_call,
    ),
    scalar(
        "to_timestamp_ltz",
        to_timestamp::build_to_timestamp_ltz,
        display_call,
    ),
    scalar(
        "to_timestamp_ntz",
        to_timestamp::build_to_timestamp_ntz,
        display_call,
    ),
    scalar(
        "to_unix_timestamp",
        to_timestamp::build_to_unix_timestamp,
        to_timestamp::display_unix,
    ),
    scalar(
        "to_utc_timestamp",
        zones::build_to_utc_timestamp,
        display_call,
    ),
    scalar(
        "to_varchar",
        to_char::build_to_char,
        to_char::display_to_char,
    ),
    scalar("trunc", trunc::build_trunc, display_call),
    scalar(
        "try_make_interval",
        interval::build_try_make_interval,
        interval::display_calendar,
    ),
    scalar(
        "try_make_timestamp",
        make::build_try_make_timestamp,
        display_call,
    ),
    scalar(
        "try_make_timestamp_ltz",
        make::build_try_make_timestamp_ltz,
        make_date_time::display_ltz,
    ),
    scalar(
        "try_make_timestamp_ntz",
        make::build_try_make_timestamp_ntz,
        make_date_time::display_try_ntz,
    ),
    scalar("try_to_date", to_timestamp::build_try_to_date, display_call),
    scalar("try_to_number", to_char::build_try_to_number, display_call),
    scalar(
        "try_to_time",
        time::build_try_to_time,
        time::display_try_to_time,
    ),
    scalar(
        "try_to_timestamp",
        to_timestamp::build_try_to_timestamp,
        display_call,
    ),
    scalar("unix_date", epoch::build_unix_date, display_call),
    scalar("unix_micros", epoch::build_unix_micros, display_call),
    scalar("unix_millis", epoch::build_unix_millis, display_call),
    scalar("unix_seconds", epoch::build_unix_seconds, display_call),
    scalar(
        "unix_timestamp",
        to_timestamp::build_unix_timestamp,
        to_timestamp::display_unix,
    ),
    scalar("weekday", fields::build_weekday, display_call),
    scalar("weekofyear", fields::build_weekofyear, display_call),
    scalar("window", unsupported::build_time_window, display_call),
    scalar("window_time", window_time::build, display_call),
    scalar("year", fields::build_year, display_call),
    scalar(
        "years",
        unsupported::build_partition_transform,
        display_call,
    ),
];

#[cfg(test)]
mod tests;
