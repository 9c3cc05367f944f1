//! Date and time functions.

mod args;
mod cast_parse;
mod current;
mod date_format;
mod dt_udf;
#[cfg(test)]
mod dtfmt_tests;
mod epoch;
mod format;
mod number_format;
mod parse;
mod pattern;
pub(crate) mod to_char;
mod to_timestamp;
mod trunc;
mod zone;
mod zones;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::{FunctionEntry, FunctionKind::Scalar, display_call};

/// The UDFs of the datetime functions.
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
        "current_timestamp",
        current::build_current_timestamp,
        display_call,
    ),
    scalar(
        "current_timezone",
        zones::build_current_timezone,
        display_call,
    ),
    scalar("date_format", date_format::build_date_format, display_call),
    scalar(
        "date_from_unix_date",
        epoch::build_date_from_unix_date,
        display_call,
    ),
    scalar("date_trunc", trunc::build_date_trunc, display_call),
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
    scalar("localtimestamp", zones::build_localtimestamp, display_call),
    scalar("now", current::build_current_timestamp, display_call),
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
    scalar("to_char", to_char::build_to_char, to_char::display_to_char),
    scalar("to_date", to_timestamp::build_to_date, display_call),
    scalar("to_number", to_char::build_to_number, display_call),
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
    scalar("try_to_date", to_timestamp::build_try_to_date, display_call),
    scalar("try_to_number", to_char::build_try_to_number, display_call),
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
];

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};

    use crate::test_util::{eval, one_row};

    #[tokio::test]
    async fn current_date_and_timestamp_types() {
        let (_, f) = eval(one_row(), "current_date", vec![], false, true)
            .await
            .unwrap();
        assert_eq!(f.data_type(), &ArrowType::Date32);
        let (_, f) = eval(one_row(), "now", vec![], false, true).await.unwrap();
        assert_eq!(
            f.data_type(),
            &ArrowType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        );
    }
}
