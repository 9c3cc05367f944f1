//! Spark's casts to and from `TIME(p)` (`Cast.castToTime`, `Cast.castToString` of times):
//! strings with the cast syntax (invalid text fails under ANSI, else NULL), timestamps give
//! their time of day (in the session zone for `TIMESTAMP`), a time is truncated to the target
//! precision; a time becomes a string (`HH:mm:ss[.f]`), whole seconds, or a timestamp on the
//! current date.

use std::sync::Arc;

use chrono::Utc;
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Int64Array, StringArray, TimestampMicrosecondArray,
};
use datafusion::arrow::compute::cast as cast_array;
use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit, TimestampMicrosecondType};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::time_of_day::{format_time, parse_time, truncate_to_precision};
use sabot_common::{Result, SparkError};

use super::errors::cast_invalid_input;
use super::values::{TIME, time_array, times};
use crate::datetime::kernel::{KernelCtx, call_strict, make};
use crate::datetime::zone::{Zone, micros_to_naive, naive_to_micros};
use crate::errors::to_df;

pub use super::errors::unsupported_time_type;

const NANOS_PER_MICRO: i64 = 1_000;
const MICROS_PER_DAY: i64 = 86_400_000_000;

/// A string cast to `TIME(precision)`.
pub fn string_to_time(e: DfExpr, precision: u8, ansi: bool) -> DfExpr {
    make(
        "string_to_time",
        &precision.to_string(),
        TIME,
        ansi,
        false,
        string_kernel,
        vec![cast(e, ArrowType::Utf8)],
    )
}

pub(crate) fn string_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let precision: u8 = k.param.parse().unwrap_or(6);
    let a = cast_array(&args[0], &ArrowType::Utf8)?;
    let a = a
        .as_any()
        .downcast_ref::<StringArray>()
        .ok_or_else(|| to_df(SparkError::internal("string_to_time: not a string array")))?;
    let out = a
        .iter()
        .map(|s| match s {
            None => Ok(None),
            Some(s) => match parse_time(s) {
                Some(p) => Ok(Some(truncate_to_precision(p.nanos, precision))),
                None if k.ansi => Err(to_df(cast_invalid_input(s, precision))),
                None => Ok(None),
            },
        })
        .collect::<DfResult<Vec<_>>>()?;
    Ok(time_array(out))
}

/// A TIME value truncated to `precision` digits (a cast between precisions).
pub fn time_to_precision(e: DfExpr, precision: u8) -> DfExpr {
    call_strict(
        "time_precision",
        &precision.to_string(),
        TIME,
        false,
        |args, k| {
            let p: u8 = k.param.parse().unwrap_or(6);
            let v = times(&args[0])?;
            Ok(time_array(
                v.into_iter()
                    .map(|n| n.map(|n| truncate_to_precision(n, p)))
                    .collect(),
            ))
        },
        vec![e],
    )
}

/// A TIME value as Spark's string (`12:34:56.5`).
pub fn time_to_string(e: DfExpr) -> DfExpr {
    call_strict(
        "time_to_string",
        "",
        ArrowType::Utf8,
        false,
        time_to_string_kernel,
        vec![e],
    )
}

/// A TIME value as whole seconds since midnight (`BIGINT`, then narrowed by the caller).
pub fn time_to_seconds(e: DfExpr) -> DfExpr {
    call_strict(
        "time_to_whole_seconds",
        "",
        ArrowType::Int64,
        false,
        whole_seconds_kernel,
        vec![e],
    )
}

/// A timestamp's time of day: a `TIMESTAMP` (`zone` given) in that zone, a `TIMESTAMP_NTZ`
/// as written; truncated to `precision`.
pub fn timestamp_to_time(e: DfExpr, zone: Option<&str>, precision: u8) -> DfExpr {
    let param = format!("{precision}|{}", zone.unwrap_or(""));
    call_strict("timestamp_to_time", &param, TIME, false, ts_kernel, vec![e])
}

fn split_param(param: &str) -> (u8, &str) {
    let (p, z) = param.split_once('|').unwrap_or(("6", ""));
    (p.parse().unwrap_or(6), z)
}

pub(crate) fn ts_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let (precision, zone) = split_param(k.param);
    let zone = if zone.is_empty() {
        None
    } else {
        Zone::parse(zone)
    };
    let a = args[0].as_primitive::<TimestampMicrosecondType>();
    let out = a
        .iter()
        .map(|m| {
            m.map(|m| {
                let local = match (&zone, micros_to_naive(m)) {
                    (Some(z), Some(utc)) => naive_to_micros(&z.local_of(&utc)).unwrap_or(m),
                    _ => m,
                };
                truncate_to_precision(
                    local.rem_euclid(MICROS_PER_DAY) * NANOS_PER_MICRO,
                    precision,
                )
            })
        })
        .collect();
    Ok(time_array(out))
}

/// A TIME value on the current date of the session zone, as a `TIMESTAMP` (`ltz`) or
/// `TIMESTAMP_NTZ` (Spark's `Cast` of `TIME` to timestamps).
pub fn time_to_timestamp(e: DfExpr, zone: &str, ltz: bool) -> DfExpr {
    let now = Utc::now().naive_utc();
    let z = Zone::parse(zone);
    let today = match &z {
        Some(z) => z.local_of(&now),
        None => now,
    }
    .date()
    .and_hms_opt(0, 0, 0)
    .and_then(|d| naive_to_micros(&d))
    .unwrap_or(0);
    let target = if ltz {
        ArrowType::Timestamp(TimeUnit::Microsecond, Some(Arc::from(zone)))
    } else {
        ArrowType::Timestamp(TimeUnit::Microsecond, None)
    };
    let param = format!("{today}|{}", if ltz { zone } else { "" });
    call_strict(
        "time_to_timestamp",
        &param,
        target,
        false,
        to_ts_kernel,
        vec![e],
    )
}

pub(crate) fn to_ts_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let (today, zone) = k.param.split_once('|').unwrap_or(("0", ""));
    let today: i64 = today.parse().unwrap_or(0);
    let z = if zone.is_empty() {
        None
    } else {
        Zone::parse(zone)
    };
    let v = times(&args[0])?;
    let out: TimestampMicrosecondArray = v
        .into_iter()
        .map(|n| {
            n.map(|n| {
                let local = today + n / NANOS_PER_MICRO;
                match (&z, micros_to_naive(local)) {
                    (Some(z), Some(l)) => naive_to_micros(&z.utc_of(&l)).unwrap_or(local),
                    _ => local,
                }
            })
        })
        .collect();
    let out = match k.ret {
        ArrowType::Timestamp(_, Some(tz)) => out.with_timezone(Arc::clone(tz)),
        _ => out,
    };
    Ok(Arc::new(out))
}

/// Whether an Arrow type is Spark's TIME.
pub fn is_time(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Time64(_) | ArrowType::Time32(_))
}

/// Spark's error when a TIME cast is used while the type is disabled.
pub fn check_enabled(enabled: bool) -> Result<()> {
    if enabled {
        Ok(())
    } else {
        Err(unsupported_time_type())
    }
}

/// `e` marked with a non-default TIME precision, so that the result schema says `time(p)`
/// (an alias whose field metadata the output projection keeps).
pub fn with_precision(e: DfExpr, precision: u8) -> DfExpr {
    if precision == sabot_common::time_of_day::DEFAULT_PRECISION {
        return e;
    }
    let name = e.schema_name().to_string();
    e.alias_with_metadata(name, Some(precision_metadata(precision)))
}

/// The field metadata of a `TIME(precision)` value (a literal carries it itself).
pub fn precision_metadata(precision: u8) -> datafusion::logical_expr::expr::FieldMetadata {
    std::collections::HashMap::from([(
        sabot_common::time_of_day::PRECISION_KEY.to_string(),
        precision.to_string(),
    )])
    .into()
}

/// The kernel of `time_to_string` (named, so that the plan codec can find it).
pub(crate) fn time_to_string_kernel(
    args: &[ArrayRef],
    _: &crate::datetime::kernel::KernelCtx<'_>,
) -> datafusion::common::Result<ArrayRef> {
    let v = times(&args[0])?;
    Ok(Arc::new(
        v.into_iter()
            .map(|n| n.map(format_time))
            .collect::<StringArray>(),
    ) as ArrayRef)
}

/// The kernel of `time_to_whole_seconds` (named, so that the plan codec can find it).
pub(crate) fn whole_seconds_kernel(
    args: &[ArrayRef],
    _: &crate::datetime::kernel::KernelCtx<'_>,
) -> datafusion::common::Result<ArrayRef> {
    let v = times(&args[0])?;
    Ok(Arc::new(
        v.into_iter()
            .map(|n| n.map(|n| n / 1_000_000_000))
            .collect::<Int64Array>(),
    ) as ArrayRef)
}
