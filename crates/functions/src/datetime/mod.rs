//! Date and time functions.

mod arith;
mod civil;
mod coerce;
mod current;
mod extract;
mod fields;
mod interval;
mod interval_extract;
mod kernel;
mod make;
mod make_date_time;
mod months_between;
mod tsadd;
mod unsupported;
mod window_time;

use crate::{FunctionEntry, FunctionKind::Scalar, display_call};

const fn scalar(
    name: &'static str,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display,
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("add_months", arith::build_add_months, display_call),
    scalar(
        "bucket",
        unsupported::build_partition_transform,
        display_call,
    ),
    scalar("current_date", current::build_current_date, display_call),
    scalar(
        "current_time",
        unsupported::build_time_function,
        display_call,
    ),
    scalar(
        "current_timestamp",
        current::build_current_timestamp,
        display_call,
    ),
    scalar("date_add", arith::build_date_add, display_call),
    scalar("date_diff", arith::build_date_diff, arith::display_datediff),
    scalar("date_part", extract::build_date_part, display_call),
    scalar("date_sub", arith::build_date_sub, display_call),
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
    scalar("hour", fields::build_hour, display_call),
    scalar(
        "hours",
        unsupported::build_partition_transform,
        display_call,
    ),
    scalar("last_day", arith::build_last_day, display_call),
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
    scalar("make_time", unsupported::build_time_function, display_call),
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
    scalar(
        "time_bucket",
        unsupported::build_time_function,
        display_call,
    ),
    scalar("time_diff", unsupported::build_time_function, display_call),
    scalar(
        "time_from_micros",
        unsupported::build_time_function,
        display_call,
    ),
    scalar(
        "time_from_millis",
        unsupported::build_time_function,
        display_call,
    ),
    scalar(
        "time_from_seconds",
        unsupported::build_time_function,
        display_call,
    ),
    scalar(
        "time_to_micros",
        unsupported::build_time_function,
        display_call,
    ),
    scalar(
        "time_to_millis",
        unsupported::build_time_function,
        display_call,
    ),
    scalar(
        "time_to_seconds",
        unsupported::build_time_function,
        display_call,
    ),
    scalar("time_trunc", unsupported::build_time_function, display_call),
    scalar("timestampadd", tsadd::build_timestampadd, display_call),
    scalar("timestampdiff", tsadd::build_timestampdiff, display_call),
    scalar("to_time", unsupported::build_time_function, display_call),
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
    scalar(
        "try_to_time",
        unsupported::build_time_function,
        display_call,
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
