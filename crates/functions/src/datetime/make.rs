//! Constructors: `make_date`, `make_timestamp`, `make_timestamp_ltz`, `make_timestamp_ntz`
//! and their `try_` forms (Spark's `MakeDate`, `MakeTimestamp`): invalid fields raise
//! `DATETIME_FIELD_OUT_OF_BOUNDS` (with `java.time`'s message) under ANSI, else NULL; seconds
//! are `decimal(16,6)` and 60 is allowed only without a fraction (the next minute).

use std::sync::Arc;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Date32Array, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Decimal128Type, Int32Type, TimeUnit};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::civil::{days_of_date, micros_of_naive, parse_zone};
use super::coerce::{implicit, session_ts};
use super::kernel::{KernelCtx, make};
use crate::FunctionContext;
use crate::errors::{to_df, unexpected_input_type};
use crate::utils::{check_args, is_decimal, is_floating, is_integral, is_string};

const MONTHS: [&str; 12] = [
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
];

fn range(field: &str, lo: i64, hi: &str, v: i64) -> String {
    format!("Invalid value for {field} (valid values {lo} - {hi}): {v}")
}

/// `java.time.LocalDate.of`, with its exception message.
pub(crate) fn civil_date(y: i32, m: i32, d: i32) -> std::result::Result<NaiveDate, String> {
    if !(-999_999_999..=999_999_999).contains(&y) {
        return Err(range("Year", -999_999_999, "999999999", i64::from(y)));
    }
    if !(1..=12).contains(&m) {
        return Err(range("MonthOfYear", 1, "12", i64::from(m)));
    }
    if !(1..=31).contains(&d) {
        return Err(range("DayOfMonth", 1, "28/31", i64::from(d)));
    }
    NaiveDate::from_ymd_opt(y, m as u32, d as u32).ok_or_else(|| {
        if m == 2 && d == 29 {
            format!("Invalid date 'February 29' as '{y}' is not a leap year")
        } else {
            format!("Invalid date '{} {d}'", MONTHS[(m - 1) as usize])
        }
    })
}

fn out_of_bounds(message: String) -> SparkError {
    SparkError::with_class(
        ExceptionKind::DateTime,
        "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION",
        "22023",
        format!("{message}."),
    )
    .param("rangeMessage", message)
}

fn invalid_fraction(micros: i128) -> SparkError {
    let v = format!("{}.{:06}", micros / 1_000_000, (micros % 1_000_000).abs());
    SparkError::with_class(
        ExceptionKind::DateTime,
        "INVALID_FRACTION_OF_SECOND",
        "22023",
        format!(
            "Valid range for seconds is [0, 60] (inclusive), but the provided value is {v}. To avoid this error, use `try_make_timestamp`, which returns NULL on error. If you do not want to use the session default timestamp version of this function, use `try_make_timestamp_ntz` or `try_make_timestamp_ltz`."
        ),
    )
    .param("secAndMicros", v)
}

/// Spark's `INVALID_TIMEZONE` for a zone id `ZoneId.of` rejects.
fn invalid_timezone(zone: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::DateTime,
        "INVALID_TIMEZONE",
        "22009",
        format!("The timezone: {zone} is invalid. The timezone must be either a region-based zone ID or a zone offset. Region IDs must have the form 'area/city', such as 'America/Los_Angeles'. Zone offsets must be in the format '(+|-)HH', '(+|-)HH:mm' or '(+|-)HH:mm:ss', e.g '-08', '+01:00' or '-13:33:33', and must be in the range from -18:00 to +18:00. 'Z' and 'UTC' are accepted as synonyms for '+00:00'."),
    )
    .param("timeZone", zone)
}

/// A failed row: an error under ANSI, NULL otherwise.
fn fail<T>(ansi: bool, e: SparkError) -> DfResult<Option<T>> {
    if ansi { Err(to_df(e)) } else { Ok(None) }
}

fn ints(a: &ArrayRef) -> Vec<Option<i32>> {
    a.as_primitive::<Int32Type>().iter().collect()
}

pub(crate) fn make_date_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let (y, m, d) = (ints(&args[0]), ints(&args[1]), ints(&args[2]));
    let out = (0..y.len())
        .map(|i| {
            let (Some(y), Some(m), Some(d)) = (y[i], m[i], d[i]) else {
                return Ok(None);
            };
            match civil_date(y, m, d) {
                Ok(date) => Ok(Some(days_of_date(date))),
                Err(msg) => fail(k.ansi, out_of_bounds(msg)),
            }
        })
        .collect::<DfResult<Date32Array>>()?;
    Ok(Arc::new(out))
}

/// Spark's `MakeTimestamp.toMicros` up to the wall-clock value.
fn local_timestamp(
    f: [i32; 5],
    sec_micros: i128,
) -> std::result::Result<NaiveDateTime, SparkError> {
    let date = civil_date(f[0], f[1], f[2]).map_err(out_of_bounds)?;
    let seconds = sec_micros.div_euclid(1_000_000);
    let micros = sec_micros.rem_euclid(1_000_000);
    let (h, mi) = (f[3], f[4]);
    if !(0..=23).contains(&h) {
        return Err(out_of_bounds(range("HourOfDay", 0, "23", i64::from(h))));
    }
    if !(0..=59).contains(&mi) {
        return Err(out_of_bounds(range("MinuteOfHour", 0, "59", i64::from(mi))));
    }
    if seconds == 60 {
        if micros != 0 {
            return Err(invalid_fraction(sec_micros));
        }
        let t = NaiveTime::from_hms_opt(h as u32, mi as u32, 0)
            .ok_or_else(|| out_of_bounds("Invalid time".into()))?;
        return Ok(date.and_time(t) + Duration::minutes(1));
    }
    if !(0..=59).contains(&seconds) {
        return Err(out_of_bounds(range(
            "SecondOfMinute",
            0,
            "59",
            i64::try_from(seconds).unwrap_or(i64::MAX),
        )));
    }
    let t = NaiveTime::from_hms_micro_opt(h as u32, mi as u32, seconds as u32, micros as u32)
        .ok_or_else(|| out_of_bounds("Invalid time".into()))?;
    Ok(date.and_time(t))
}

pub(crate) fn make_timestamp_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let fields: Vec<Vec<Option<i32>>> = args[..5].iter().map(ints).collect();
    let secs = args[5].as_primitive::<Decimal128Type>();
    let zones = args.get(6).map(|a| a.as_string::<i32>());
    let session = match k.ret {
        ArrowType::Timestamp(_, Some(tz)) => parse_zone(tz),
        _ => None,
    };
    let out = (0..secs.len())
        .map(|i| {
            let mut f = [0i32; 5];
            for (j, col) in fields.iter().enumerate() {
                let Some(v) = col[i] else { return Ok(None) };
                f[j] = v;
            }
            if secs.is_null(i) || zones.is_some_and(|z| z.is_null(i)) {
                return Ok(None);
            }
            let local = match local_timestamp(f, secs.value(i)) {
                Ok(t) => t,
                Err(e) => return fail(k.ansi, e),
            };
            if k.param == "ntz" {
                return Ok(Some(micros_of_naive(local)));
            }
            let zone = match zones {
                Some(z) => match parse_zone(z.value(i)) {
                    Some(zone) => Some(zone),
                    None => return fail(k.ansi, invalid_timezone(z.value(i))),
                },
                None => session,
            };
            Ok(zone.map(|z| micros_of_naive(z.utc_of(local))))
        })
        .collect::<DfResult<Vec<_>>>()?;
    let arr = TimestampMicrosecondArray::from(out);
    Ok(Arc::new(match k.ret {
        ArrowType::Timestamp(_, Some(tz)) => arr.with_timezone(Arc::clone(tz)),
        _ => arr,
    }))
}

/// An integral field argument as `INT`.
fn int_arg(name: &str, e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    match ctx.arg_type(&e)? {
        ArrowType::Int32 => Ok(e),
        t if is_integral(&t) || t == ArrowType::Null => Ok(cast(e, ArrowType::Int32)),
        t if is_string(&t) => Ok(implicit(e, ArrowType::Int32, ctx.ansi)),
        t => Err(unexpected_input_type(
            name,
            format!(
                "The parameters require the \"INT\" type, however an argument has the type {t}"
            ),
        )),
    }
}

pub(crate) fn build_make_date(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("make_date", &args, 3, 3)?;
    let args = args
        .into_iter()
        .map(|a| int_arg("make_date", a, ctx))
        .collect::<Result<Vec<_>>>()?;
    Ok(make(
        "make_date",
        "",
        ArrowType::Date32,
        ctx.ansi,
        ctx.ansi,
        make_date_kernel,
        args,
    ))
}

/// Which `make_timestamp` form: the result type and whether errors are raised.
fn build_ts(
    name: &str,
    ntz: bool,
    try_: bool,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    if super::make_date_time::check_count(name, args.len())? {
        return super::make_date_time::build(name, ntz, &args, ctx);
    }
    let mut out = Vec::with_capacity(args.len());
    for (i, a) in args.into_iter().enumerate() {
        let t = ctx.arg_type(&a)?;
        out.push(match i {
            0..=4 => int_arg(name, a, ctx)?,
            5 if is_integral(&t) || is_floating(&t) || is_decimal(&t) || t == ArrowType::Null => {
                cast(a, ArrowType::Decimal128(16, 6))
            }
            5 if is_string(&t) => implicit(a, ArrowType::Decimal128(16, 6), ctx.ansi),
            6 if is_string(&t) || t == ArrowType::Null => cast(a, ArrowType::Utf8),
            _ => {
                return Err(unexpected_input_type(
                    name,
                    format!("Parameter {} has the unexpected type {t}", i + 1),
                ));
            }
        });
    }
    let ret = if ntz {
        ArrowType::Timestamp(TimeUnit::Microsecond, None)
    } else {
        session_ts(ctx)
    };
    let param = if ntz { "ntz" } else { "ltz" };
    let fail = ctx.ansi && !try_;
    Ok(make(
        name,
        param,
        ret,
        fail,
        fail,
        make_timestamp_kernel,
        out,
    ))
}

macro_rules! ts_builders {
    ($($f:ident => $name:literal, $ntz:expr, $try_:expr;)*) => {
        $(
            pub(crate) fn $f(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
                build_ts($name, $ntz, $try_, args, ctx)
            }
        )*
    };
}

ts_builders! {
    build_make_timestamp => "make_timestamp", false, false;
    build_make_timestamp_ltz => "make_timestamp_ltz", false, false;
    build_make_timestamp_ntz => "make_timestamp_ntz", true, false;
    build_try_make_timestamp => "try_make_timestamp", false, true;
    build_try_make_timestamp_ltz => "try_make_timestamp_ltz", false, true;
    build_try_make_timestamp_ntz => "try_make_timestamp_ntz", true, true;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_time_messages() {
        assert_eq!(
            civil_date(2023, 2, 29).unwrap_err(),
            "Invalid date 'February 29' as '2023' is not a leap year"
        );
        assert_eq!(
            civil_date(2023, 13, 1).unwrap_err(),
            "Invalid value for MonthOfYear (valid values 1 - 12): 13"
        );
        assert_eq!(
            civil_date(2023, 4, 31).unwrap_err(),
            "Invalid date 'APRIL 31'"
        );
    }

    #[test]
    fn sixty_seconds_roll_over() {
        let t = local_timestamp([2019, 6, 30, 23, 59], 60_000_000).unwrap();
        assert_eq!(t.to_string(), "2019-07-01 00:00:00");
        assert!(local_timestamp([2019, 6, 30, 23, 59], 60_500_000).is_err());
    }
}
