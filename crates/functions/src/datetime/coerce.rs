//! Implicit casts of calendar-function arguments (Spark's `ImplicitCastInputTypes` for
//! `DateType`/`TimestampType` inputs): strings are parsed with Spark's `stringToDate` /
//! `stringToTimestamp` rules (`CAST_INVALID_INPUT` under ANSI, NULL otherwise); dates and
//! timestamps pass through (kernels read either); anything else is a type mismatch.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Date32Array, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::civil::{days_of_date, micros_of_naive, parse_zone};
use super::kernel::{KernelCtx, make};
use crate::FunctionContext;
use crate::errors::{to_df, unexpected_input_type};
use crate::utils::is_string;

/// Digits at the start of `s` (count, value).
fn digits(s: &[u8]) -> (usize, i64) {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    let v = s[..n.min(9)]
        .iter()
        .fold(0i64, |a, c| a * 10 + i64::from(c - b'0'));
    (n, v)
}

/// Spark's `stringToDate` date prefix: `[+-]yyyy[y..]`, `-[m]m`, `-[d]d`; returns the date and
/// the unparsed rest (empty, or starting with ' ' or 'T').
fn date_prefix(s: &str) -> Option<(NaiveDate, &str)> {
    let b = s.as_bytes();
    let (neg, mut i) = match b.first()? {
        b'-' => (true, 1),
        b'+' => (false, 1),
        _ => (false, 0),
    };
    let (n, y) = digits(&b[i..]);
    if !(4..=7).contains(&n) {
        return None;
    }
    i += n;
    let mut parts = [1i64, 1i64];
    for p in &mut parts {
        if b.get(i) != Some(&b'-') {
            break;
        }
        let (n, v) = digits(&b[i + 1..]);
        if !(1..=2).contains(&n) {
            return None;
        }
        *p = v;
        i += 1 + n;
    }
    let rest = &s[i..];
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('T')) {
        return None;
    }
    let year = i32::try_from(if neg { -y } else { y }).ok()?;
    let date = NaiveDate::from_ymd_opt(
        year,
        u32::try_from(parts[0]).ok()?,
        u32::try_from(parts[1]).ok()?,
    )?;
    Some((date, rest))
}

/// Spark's `stringToDate`.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    date_prefix(s.trim()).map(|(d, _)| d)
}

/// Spark's `stringToTimestamp` for date-first strings: the wall-clock time and its zone text.
pub(crate) fn parse_timestamp(s: &str) -> Option<(NaiveDateTime, Option<&str>)> {
    let (date, rest) = date_prefix(s.trim())?;
    if rest.is_empty() {
        return Some((date.and_hms_opt(0, 0, 0)?, None));
    }
    let b = &rest.as_bytes()[1..];
    let mut i = 0;
    let mut hms = [0i64; 3];
    for (k, v) in hms.iter_mut().enumerate() {
        if k > 0 {
            if b.get(i) != Some(&b':') {
                if k == 1 {
                    return None;
                }
                break;
            }
            i += 1;
        }
        let (n, x) = digits(&b[i..]);
        if !(1..=2).contains(&n) {
            return None;
        }
        *v = x;
        i += n;
    }
    let mut nanos = 0i64;
    if b.get(i) == Some(&b'.') {
        let (n, _) = digits(&b[i + 1..]);
        let frac = &rest[1 + i + 1..1 + i + 1 + n];
        // Spark keeps microseconds and truncates the rest.
        let kept: String = frac.chars().take(6).collect();
        let micros: i64 = format!("{kept:0<6}").parse().ok()?;
        nanos = micros * 1000;
        i += 1 + n;
    }
    let time = NaiveTime::from_hms_nano_opt(
        u32::try_from(hms[0]).ok()?,
        u32::try_from(hms[1]).ok()?,
        u32::try_from(hms[2]).ok()?,
        u32::try_from(nanos).ok()?,
    )?;
    let zone = rest[1 + i..].trim();
    Some((date.and_time(time), (!zone.is_empty()).then_some(zone)))
}

fn invalid_cast(value: &str, target: &str) -> SparkError {
    let expression = format!("'{}'", value.replace('\'', "\\'"));
    SparkError::with_class(
        ExceptionKind::DateTime,
        "CAST_INVALID_INPUT",
        "22018",
        format!(
            "The value {expression} of the type \"STRING\" cannot be cast to \"{target}\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead."
        ),
    )
    .param("expression", expression)
    .param("sourceType", "\"STRING\"")
    .param("targetType", format!("\"{target}\""))
    .param("ansiConfig", "\"spark.sql.ansi.enabled\"")
}

fn strings(a: &ArrayRef) -> Vec<Option<&str>> {
    match a.data_type() {
        ArrowType::LargeUtf8 => a.as_string::<i64>().iter().collect(),
        ArrowType::Utf8View => a.as_string_view().iter().collect(),
        _ => a.as_string::<i32>().iter().collect(),
    }
}

pub(crate) fn string_to_date(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let out = strings(&args[0])
        .into_iter()
        .map(|v| {
            let Some(s) = v else { return Ok(None) };
            match parse_date(s) {
                Some(d) => Ok(Some(days_of_date(d))),
                None if k.ansi => Err(to_df(invalid_cast(s, "DATE"))),
                None => Ok(None),
            }
        })
        .collect::<DfResult<Date32Array>>()?;
    Ok(Arc::new(out))
}

pub(crate) fn string_to_timestamp(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let session = parse_zone(k.param);
    let out = strings(&args[0])
        .into_iter()
        .map(|v| {
            let Some(s) = v else { return Ok(None) };
            let parsed = parse_timestamp(s).and_then(|(local, zone)| {
                let z = match zone {
                    Some(z) => parse_zone(z)?,
                    None => session?,
                };
                Some(micros_of_naive(z.utc_of(local)))
            });
            match parsed {
                Some(m) => Ok(Some(m)),
                None if k.ansi => Err(to_df(invalid_cast(s, "TIMESTAMP"))),
                None => Ok(None),
            }
        })
        .collect::<DfResult<Vec<_>>>()?;
    Ok(Arc::new(
        TimestampMicrosecondArray::from(out).with_timezone(k.param),
    ))
}

/// A session TIMESTAMP as Spark's cast to STRING prints it (`yyyy-MM-dd HH:mm:ss[.fraction]`
/// in the session zone).
pub(crate) fn timestamp_to_string(e: DfExpr, ctx: &FunctionContext<'_>) -> DfExpr {
    make(
        "timestamp_to_string",
        ctx.time_zone,
        ArrowType::Utf8,
        false,
        false,
        timestamp_to_string_kernel,
        vec![e],
    )
}

pub(crate) fn timestamp_to_string_kernel(
    args: &[ArrayRef],
    k: &KernelCtx<'_>,
) -> DfResult<ArrayRef> {
    // The values are UTC microseconds whatever zone the type carries.
    let Some(micros) =
        args[0].as_primitive_opt::<datafusion::arrow::datatypes::TimestampMicrosecondType>()
    else {
        return Err(datafusion::error::DataFusionError::Internal(format!(
            "timestamp_to_string of {}",
            args[0].data_type()
        )));
    };
    let out: datafusion::arrow::array::StringArray = micros
        .iter()
        .map(|m| m.map(|m| crate::variant::cast::spark_timestamp_string(m, Some(k.param))))
        .collect();
    Ok(Arc::new(out))
}

/// Spark's implicit cast of an argument to `to`: failing on bad input under ANSI, NULL
/// otherwise (`Cast` with `EvalMode.ANSI` / `LEGACY`).
pub(crate) fn implicit(e: DfExpr, to: ArrowType, ansi: bool) -> DfExpr {
    if ansi {
        cast(e, to)
    } else {
        DfExpr::TryCast(datafusion::logical_expr::TryCast::new(Box::new(e), to))
    }
}

fn mismatch(name: &str, pos: usize, want: &str, t: &ArrowType) -> SparkError {
    let ordinal = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    ]
    .get(pos)
    .copied()
    .unwrap_or("next");
    unexpected_input_type(
        name,
        format!(
            "The {ordinal} parameter requires the \"{want}\" type, however the argument has the type {t}"
        ),
    )
}

/// Argument `pos` of `name` as a `DATE` or timestamp (kernels read both as wall-clock values).
pub(crate) fn date_input(
    name: &str,
    pos: usize,
    e: DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    match &t {
        ArrowType::Date32 | ArrowType::Timestamp(TimeUnit::Microsecond, _) => Ok(e),
        ArrowType::Null => Ok(cast(e, ArrowType::Date32)),
        t if is_string(t) => Ok(make(
            "string_to_date",
            "",
            ArrowType::Date32,
            ctx.ansi,
            false,
            string_to_date,
            vec![e],
        )),
        t => Err(mismatch(name, pos, "DATE", t)),
    }
}

/// The session's `TIMESTAMP` type.
pub(crate) fn session_ts(ctx: &FunctionContext<'_>) -> ArrowType {
    ArrowType::Timestamp(TimeUnit::Microsecond, Some(Arc::from(ctx.time_zone)))
}

/// Argument `pos` of `name` as a timestamp (a date stays a date: midnight, read by kernels).
pub(crate) fn timestamp_input(
    name: &str,
    pos: usize,
    e: DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    match &t {
        ArrowType::Date32 | ArrowType::Timestamp(TimeUnit::Microsecond, _) => Ok(e),
        ArrowType::Null => Ok(cast(e, session_ts(ctx))),
        t if is_string(t) => Ok(make(
            "string_to_timestamp",
            ctx.time_zone,
            session_ts(ctx),
            ctx.ansi,
            false,
            string_to_timestamp,
            vec![e],
        )),
        t => Err(mismatch(name, pos, "TIMESTAMP", t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_like_spark() {
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(
            parse_date(" 2021-1-5 10:11:12"),
            NaiveDate::from_ymd_opt(2021, 1, 5)
        );
        assert_eq!(parse_date("2021"), NaiveDate::from_ymd_opt(2021, 1, 1));
        assert_eq!(parse_date("2021-03"), NaiveDate::from_ymd_opt(2021, 3, 1));
        assert_eq!(parse_date("2021-02-30"), None);
        assert_eq!(parse_date("not a date"), None);
        assert_eq!(parse_date("2021-01-01x"), None);
    }

    #[test]
    fn timestamps_parse_like_spark() {
        let (t, z) = parse_timestamp("2021-01-01 10:11:12.1234567").unwrap();
        assert_eq!(t.to_string(), "2021-01-01 10:11:12.123456");
        assert_eq!(z, None);
        let (t, z) = parse_timestamp("2021-01-01T10:11Z").unwrap();
        assert_eq!(t.to_string(), "2021-01-01 10:11:00");
        assert_eq!(z, Some("Z"));
        assert!(parse_timestamp("2021-01-01 25:00:00").is_none());
    }
}
