//! Casts to and from `TIME(p)` (Spark's `Cast.canCast` rules for the TIME type): strings,
//! timestamps and times become times (only while `spark.sql.timeType.enabled` is on, as Spark's
//! `UNSUPPORTED_TIME_TYPE` check); a time becomes a string, an integral number of seconds or
//! a timestamp on the current date. Anything else is `CAST_WITHOUT_SUGGESTION`.

use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::Result;
use sabot_common::spec::DataType;
use sabot_functions::time_cast;

use super::casts::{cast_expr, cast_without_suggestion};

/// The cast of `e` (of Arrow type `from`) to `to`, if either side is a TIME; `None` otherwise.
pub(crate) fn time_cast(
    e: DfExpr,
    from: &ArrowType,
    to: &DataType,
    target: &ArrowType,
    ansi: bool,
    enabled: bool,
    time_zone: &str,
) -> Result<Option<DfExpr>> {
    if let DataType::Time(p) = to {
        time_cast::check_enabled(enabled)?;
        let p = *p;
        return Ok(Some(time_cast::with_precision(
            match from {
                ArrowType::Null => cast(e, target.clone()),
                t if time_cast::is_time(t) => time_cast::time_to_precision(e, p),
                ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View => {
                    time_cast::string_to_time(e, p, ansi)
                }
                ArrowType::Timestamp(TimeUnit::Microsecond, zone) => {
                    time_cast::timestamp_to_time(e, zone.as_deref(), p)
                }
                _ => return Err(cast_without_suggestion(from, target)),
            },
            p,
        )));
    }
    if !time_cast::is_time(from) {
        return Ok(None);
    }
    Ok(Some(match to {
        DataType::String => time_cast::time_to_string(e),
        DataType::Byte | DataType::Short | DataType::Integer | DataType::Long => {
            let seconds = time_cast::time_to_seconds(e);
            cast_expr(seconds, &ArrowType::Int64, target, ansi)?
        }
        DataType::Timestamp => time_cast::time_to_timestamp(e, time_zone, true),
        DataType::TimestampNtz => time_cast::time_to_timestamp(e, time_zone, false),
        _ => return Err(cast_without_suggestion(from, target)),
    }))
}
