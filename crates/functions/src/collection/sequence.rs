//! `sequence(start, stop[, step])` (Spark's `Sequence`): integers, dates and timestamps. The
//! default step is 1 (or -1), one day for dates; the i-th element of a date/timestamp sequence
//! is `start + i * step` computed in the session time zone, as Spark's `TemporalSequenceImpl`.

use std::str::FromStr;
use std::sync::{Arc, LazyLock};

use chrono::{
    DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;
use datafusion::arrow::datatypes::{DataType as ArrowType, IntervalUnit, TimeUnit};
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use sabot_common::Result;

use super::coerce::common;
use super::errors::illegal_argument;
use super::rowwise::{int_arg, make_list, null, ret_list_of_first, row_udf};
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, check_args, is_integral};

/// Spark's `ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH`.
const MAX_LENGTH: i64 = i32::MAX as i64 - 15;
const MICROS_PER_DAY: i64 = 86_400_000_000;

/// (months, days, micros).
type Step = (i64, i64, i64);

/// The session time zone (UTC if unknown).
fn zone(tz: &ScalarValue) -> Tz {
    match tz {
        ScalarValue::Utf8(Some(s)) => Tz::from_str(s).unwrap_or(Tz::UTC),
        _ => Tz::UTC,
    }
}

static SEQUENCE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_sequence", Some(4), ret_list_of_first, sequence));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&SEQUENCE)]
}

fn boundaries(
    start: &ScalarValue,
    stop: &ScalarValue,
    step: &str,
) -> datafusion::common::DataFusionError {
    illegal_argument(format!(
        "Illegal sequence boundaries: {start} to {stop} by {step}"
    ))
}

fn too_long(len: i64) -> datafusion::common::DataFusionError {
    illegal_argument(format!(
        "Too long sequence: {len}. Should be <= {MAX_LENGTH}"
    ))
}

/// A step as (months, days, micros), or `None` for NULL. Days are calendar days of the
/// session time zone (Spark's `CalendarInterval` days, and the whole days of a day-time
/// interval).
fn interval(v: &ScalarValue) -> DfResult<Option<Step>> {
    Ok(match v {
        ScalarValue::IntervalYearMonth(m) => m.map(|m| (i64::from(m), 0, 0)),
        // Spark splits a day-time interval into whole (calendar) days and the rest.
        ScalarValue::DurationMicrosecond(d) => {
            d.map(|d| (0, d / MICROS_PER_DAY, d % MICROS_PER_DAY))
        }
        ScalarValue::IntervalMonthDayNano(v) => {
            v.map(|v| (i64::from(v.months), i64::from(v.days), v.nanoseconds / 1000))
        }
        ScalarValue::IntervalDayTime(v) => {
            v.map(|v| (0, i64::from(v.days), i64::from(v.milliseconds) * 1000))
        }
        ScalarValue::Null => None,
        other => return exec_err!("sequence step must be an interval, got {other}"),
    })
}

/// Args: start, stop, step, whether a step was given, session time zone.
fn sequence(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let [start, stop, step, tz] = args else {
        return exec_err!("sequence expects 4 arguments");
    };
    if start.is_null() || stop.is_null() || (step.is_null() && !matches!(step, ScalarValue::Null)) {
        return null(ret);
    }
    match start {
        ScalarValue::Date32(Some(a)) => {
            let ScalarValue::Date32(Some(b)) = stop else {
                return null(ret);
            };
            let step = match interval(step)? {
                Some(s) => s,
                None if a <= b => (0, 1, 0),
                None => (0, -1, 0),
            };
            // Spark runs a date sequence over the dates' local midnights.
            let tz = zone(tz);
            let items = temporal(
                date_micros(*a, &tz)?,
                date_micros(*b, &tz)?,
                step,
                &tz,
                start,
                stop,
            )?;
            let items = items
                .into_iter()
                .map(|t| micros_date(t, &tz).map(|d| ScalarValue::Date32(Some(d))))
                .collect::<DfResult<Vec<_>>>()?;
            make_list(&items, ret)
        }
        ScalarValue::TimestampMicrosecond(Some(a), tz_field) => {
            let ScalarValue::TimestampMicrosecond(Some(b), _) = stop else {
                return null(ret);
            };
            let step = match interval(step)? {
                Some(s) => s,
                None if a <= b => (0, 1, 0),
                None => (0, -1, 0),
            };
            let items = temporal(*a, *b, step, &zone(tz), start, stop)?;
            let items: Vec<ScalarValue> = items
                .into_iter()
                .map(|t| ScalarValue::TimestampMicrosecond(Some(t), tz_field.clone()))
                .collect();
            make_list(&items, ret)
        }
        _ => integral(start, stop, step, ret),
    }
}

fn integral(
    start: &ScalarValue,
    stop: &ScalarValue,
    step: &ScalarValue,
    ret: &ArrowType,
) -> DfResult<ScalarValue> {
    let (Some(a), Some(b)) = (int_arg(start)?, int_arg(stop)?) else {
        return null(ret);
    };
    let s = match int_arg(step)? {
        Some(s) => s,
        None if a <= b => 1,
        None => -1,
    };
    let ok = (s > 0 && a <= b) || (s < 0 && a >= b) || (s == 0 && a == b);
    if !ok {
        return Err(boundaries(start, stop, &s.to_string()));
    }
    let len = if s == 0 {
        1
    } else {
        (i128::from(b) - i128::from(a)) / i128::from(s) + 1
    };
    if len > i128::from(MAX_LENGTH) {
        return Err(too_long(len as i64));
    }
    let t = start.data_type();
    let items = (0..len as i64)
        .map(|i| ScalarValue::Int64(Some(a + i * s)).cast_to(&t))
        .collect::<DfResult<Vec<_>>>()?;
    make_list(&items, ret)
}

/// `start + i * step` for i = 0, 1, ... while within `stop` (micros since the epoch).
fn temporal(
    a: i64,
    b: i64,
    (months, days, micros): Step,
    tz: &Tz,
    start: &ScalarValue,
    stop: &ScalarValue,
) -> DfResult<Vec<i64>> {
    // Spark's sign of the step: its estimated duration (only the direction matters).
    let estimate = months * 28 * MICROS_PER_DAY + days * MICROS_PER_DAY + micros;
    let sign = estimate.signum();
    let shown = format!("{months} months {days} days {micros} microseconds");
    if !((sign >= 0 && a <= b) || (sign <= 0 && a >= b)) || (sign == 0 && a != b) {
        return Err(boundaries(start, stop, &shown));
    }
    if sign == 0 {
        return Ok(vec![a]);
    }
    let mut out = Vec::new();
    let mut i: i64 = 0;
    loop {
        let t = add(a, months * i, days * i, micros * i, tz)?;
        if (sign > 0 && t > b) || (sign < 0 && t < b) {
            break;
        }
        out.push(t);
        i += 1;
        if i > MAX_LENGTH {
            return Err(too_long(i));
        }
    }
    Ok(out)
}

/// Spark's `timestampAddInterval`: months and days on the local calendar of `tz` (the day
/// clamped like `plusMonths`), then micros.
fn add(t: i64, months: i64, days: i64, micros: i64, tz: &Tz) -> DfResult<i64> {
    let t = if months == 0 && days == 0 {
        t
    } else {
        let Some(utc) = DateTime::<Utc>::from_timestamp_micros(t) else {
            return exec_err!("timestamp out of range");
        };
        let local = utc.with_timezone(tz).naive_local();
        let shifted = if months >= 0 {
            local.checked_add_months(Months::new(months as u32))
        } else {
            local.checked_sub_months(Months::new(months.unsigned_abs() as u32))
        };
        let Some(shifted) = shifted.and_then(|l| l.checked_add_signed(TimeDelta::days(days)))
        else {
            return exec_err!("timestamp out of range");
        };
        local_micros(shifted, tz)?
    };
    Ok(t + micros)
}

/// A local date-time of `tz` as micros since the epoch; a time in a DST gap moves forward by
/// the gap, one in an overlap takes the earlier offset (`LocalDateTime.atZone`).
fn local_micros(local: NaiveDateTime, tz: &Tz) -> DfResult<i64> {
    if let Some(t) = tz.from_local_datetime(&local).earliest() {
        return Ok(t.timestamp_micros());
    }
    match tz
        .from_local_datetime(&(local + TimeDelta::hours(1)))
        .earliest()
    {
        Some(t) => Ok(t.timestamp_micros()),
        None => exec_err!("timestamp out of range"),
    }
}

/// A date's local midnight in `tz`.
fn date_micros(d: i32, tz: &Tz) -> DfResult<i64> {
    let Some(date) = NaiveDate::from_num_days_from_ce_opt(d + EPOCH_DAYS_FROM_CE) else {
        return exec_err!("date out of range");
    };
    local_micros(date.and_time(NaiveTime::MIN), tz)
}

/// The local date in `tz` of an instant.
fn micros_date(t: i64, tz: &Tz) -> DfResult<i32> {
    let Some(utc) = DateTime::<Utc>::from_timestamp_micros(t) else {
        return exec_err!("timestamp out of range");
    };
    Ok(utc.with_timezone(tz).date_naive().num_days_from_ce() - EPOCH_DAYS_FROM_CE)
}

/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn is_temporal(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Date32 | ArrowType::Timestamp(TimeUnit::Microsecond, _)
    )
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("sequence", &args, 2, 3)?;
    let types = ctx.arg_types(&args)?;
    let t = common("sequence", &types[0], &types[1])?;
    if !is_integral(&t) && !is_temporal(&t) {
        return Err(unexpected_input_type(
            "sequence",
            format!("start and stop must be integers, dates or timestamps, got {t}"),
        ));
    }
    let mut it = args.into_iter().zip(types);
    let mut call = Vec::with_capacity(4);
    for _ in 0..2 {
        if let Some((e, et)) = it.next() {
            call.push(cast_to(e, &et, &t));
        }
    }
    match it.next() {
        Some((step, st)) if is_integral(&t) => call.push(cast_to(step, &st, &t)),
        Some((step, st)) => {
            if !matches!(
                st,
                ArrowType::Duration(_) | ArrowType::Interval(_) | ArrowType::Null
            ) {
                return Err(unexpected_input_type(
                    "sequence",
                    format!(
                        "the step of a date or timestamp sequence must be an interval, got {st}"
                    ),
                ));
            }
            if matches!(st, ArrowType::Interval(IntervalUnit::DayTime)) {
                call.push(cast_to(
                    step,
                    &st,
                    &ArrowType::Duration(TimeUnit::Microsecond),
                ));
            } else {
                call.push(step);
            }
        }
        None => call.push(lit(ScalarValue::Null)),
    }
    call.push(lit(ctx.time_zone.to_string()));
    Ok(SEQUENCE.call(call))
}
