//! `timestampadd(unit, quantity, ts)` and `timestampdiff(unit, start, end)` (Spark's
//! `TimestampAdd`/`TimestampDiff` over `DateTimeUtils.timestampAdd`/`timestampDiff`; SQL's
//! `dateadd`/`date_add`/`datediff`/`date_diff` with a unit keyword). Units up to HOUR move the
//! instant; DAY and WEEK move the wall clock; MONTH, QUARTER and YEAR add calendar months.
//! The difference follows `java.time`'s `ChronoUnit.between` on wall-clock values.

use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDateTime};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Date32Type, Int64Type, TimeUnit, TimestampMicrosecondType,
};
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::civil::{
    Zone, add_months, date_of_days, local_values, micros_of_naive, naive_of_micros, zone_of,
};
use super::coerce::{implicit, session_ts, timestamp_input};
use super::extract::literal_string;
use super::kernel::{KernelCtx, call_strict};
use crate::FunctionContext;
use crate::errors::{arithmetic_overflow, to_df, unexpected_input_type};
use crate::utils::{is_decimal, is_floating, is_integral, is_string, take_args};

const UNITS: [&str; 11] = [
    "YEAR",
    "QUARTER",
    "MONTH",
    "WEEK",
    "DAY",
    "DAYOFYEAR",
    "HOUR",
    "MINUTE",
    "SECOND",
    "MILLISECOND",
    "MICROSECOND",
];

fn invalid_unit(name: &str, unit: &str) -> SparkError {
    let expects = UNITS.join(", ");
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INVALID_PARAMETER_VALUE.DATETIME_UNIT",
        "22023",
        format!(
            "The value of parameter(s) `unit` in `{name}` is invalid: expects one of the units without quotes {expects}, but got the string literal '{unit}'."
        ),
    )
    .param("parameter", "`unit`")
    .param("functionName", format!("`{name}`"))
    .param("invalidValue", format!("'{unit}'"))
}

fn unit_arg(name: &str, e: &DfExpr) -> Result<String> {
    let Some(Some(u)) = literal_string(e) else {
        return Err(unexpected_input_type(
            name,
            "The unit must be a string literal",
        ));
    };
    let upper = u.to_ascii_uppercase();
    if !UNITS.contains(&upper.as_str()) {
        return Err(invalid_unit(name, &u));
    }
    Ok(upper)
}

/// Microseconds per unit for the units that move the instant.
fn micros_per(unit: &str) -> Option<i64> {
    Some(match unit {
        "MICROSECOND" => 1,
        "MILLISECOND" => 1_000,
        "SECOND" => 1_000_000,
        "MINUTE" => 60_000_000,
        "HOUR" => 3_600_000_000,
        _ => return None,
    })
}

/// Instants (UTC micros) of a date or timestamp column; dates are midnight in `zone`.
fn instants(a: &ArrayRef, zone: Option<Zone>) -> DfResult<Vec<Option<i64>>> {
    Ok(match a.data_type() {
        ArrowType::Date32 => a
            .as_primitive::<Date32Type>()
            .iter()
            .map(|d| {
                let local = date_of_days(d?)?.and_hms_opt(0, 0, 0)?;
                Some(micros_of_naive(zone.map_or(local, |z| z.utc_of(local))))
            })
            .collect(),
        ArrowType::Timestamp(TimeUnit::Microsecond, _) => a
            .as_primitive::<TimestampMicrosecondType>()
            .iter()
            .collect(),
        other => return exec_err!("timestampadd over {other}"),
    })
}

fn add_one(
    unit: &str,
    q: i64,
    instant: i64,
    zone: Option<Zone>,
) -> Option<std::result::Result<i64, ()>> {
    if let Some(per) = micros_per(unit) {
        return Some(
            q.checked_mul(per)
                .and_then(|d| instant.checked_add(d))
                .ok_or(()),
        );
    }
    let utc = naive_of_micros(instant)?;
    let local = zone.map_or(utc, |z| z.local(utc));
    let moved: NaiveDateTime = match unit {
        "DAY" | "DAYOFYEAR" | "WEEK" => {
            let days = if unit == "WEEK" {
                q.checked_mul(7)
            } else {
                Some(q)
            };
            let Some(days) = days else {
                return Some(Err(()));
            };
            local.checked_add_signed(Duration::try_days(days)?)?
        }
        _ => {
            let months = match unit {
                "MONTH" => Some(q),
                "QUARTER" => q.checked_mul(3),
                _ => q.checked_mul(12),
            };
            let Some(months) = months.and_then(|m| i32::try_from(m).ok()) else {
                return Some(Err(()));
            };
            add_months(local.date(), months)?.and_time(local.time())
        }
    };
    Some(Ok(micros_of_naive(zone.map_or(moved, |z| z.utc_of(moved)))))
}

pub(crate) fn add_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let zone = zone_of(k.ret)?;
    let qs = args[0].as_primitive::<Int64Type>();
    let ts = instants(&args[1], zone)?;
    let out = ts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            if qs.is_null(i) {
                return Ok(None);
            }
            let Some(t) = t else { return Ok(None) };
            match add_one(k.param, qs.value(i), t, zone) {
                None => Ok(None),
                Some(Ok(v)) => Ok(Some(v)),
                Some(Err(())) => Err(to_df(arithmetic_overflow("long overflow", None))),
            }
        })
        .collect::<DfResult<Vec<_>>>()?;
    let arr = TimestampMicrosecondArray::from(out);
    Ok(Arc::new(match k.ret {
        ArrowType::Timestamp(_, Some(tz)) => arr.with_timezone(Arc::clone(tz)),
        _ => arr,
    }))
}

/// Java's `LocalDate.until` in months: `(packed2 - packed1) / 32`.
fn months_until(a: &NaiveDateTime, b: &NaiveDateTime) -> i64 {
    let packed = |d: chrono::NaiveDate| {
        (i64::from(d.year()) * 12 + i64::from(d.month0())) * 32 + i64::from(d.day())
    };
    (packed(b.date()) - packed(a.date())) / 32
}

/// `ChronoUnit.between(start, end)` on wall-clock values.
pub(crate) fn diff(unit: &str, a: &NaiveDateTime, b: &NaiveDateTime) -> Option<i64> {
    if let Some(per) = micros_per(unit) {
        let micros = (*b - *a).num_microseconds()?;
        return Some(micros / per);
    }
    // Date units count whole days: the end date moves one day back (or forward) when its time
    // has not reached the start's time.
    let mut end = b.date();
    if end > a.date() && b.time() < a.time() {
        end = end.pred_opt()?;
    } else if end < a.date() && b.time() > a.time() {
        end = end.succ_opt()?;
    }
    let end = end.and_time(a.time());
    let days = (end.date() - a.date()).num_days();
    Some(match unit {
        "DAY" | "DAYOFYEAR" => days,
        "WEEK" => days / 7,
        "MONTH" => months_until(a, &end),
        "QUARTER" => months_until(a, &end) / 3,
        _ => months_until(a, &end) / 12,
    })
}

pub(crate) fn diff_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let out: Int64Array = local_values(&args[0])?
        .into_iter()
        .zip(local_values(&args[1])?)
        .map(|(a, b)| diff(k.param, &a?, &b?))
        .collect();
    Ok(Arc::new(out))
}

/// The result type: `TIMESTAMP_NTZ` stays, anything else is the session's `TIMESTAMP`.
fn result_type(t: &ArrowType, ctx: &FunctionContext<'_>) -> ArrowType {
    match t {
        ArrowType::Timestamp(TimeUnit::Microsecond, None) => t.clone(),
        _ => session_ts(ctx),
    }
}

pub(crate) fn build_timestampadd(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [unit, q, ts] = take_args("timestampadd", args)?;
    let unit = unit_arg("timestampadd", &unit)?;
    let q = match ctx.arg_type(&q)? {
        ArrowType::Int64 => q,
        t if is_integral(&t) || t == ArrowType::Null => cast(q, ArrowType::Int64),
        // Spark casts other numbers and strings to `bigint` (truncating a fraction).
        t if is_decimal(&t) || is_floating(&t) || is_string(&t) => {
            implicit(q, ArrowType::Int64, ctx.ansi)
        }
        t => {
            return Err(unexpected_input_type(
                "timestampadd",
                format!(
                    "The second parameter requires the \"BIGINT\" type, however the argument has the type {t}"
                ),
            ));
        }
    };
    let ts = timestamp_input("timestampadd", 2, ts, ctx)?;
    let ret = result_type(&ctx.arg_type(&ts)?, ctx);
    Ok(call_strict(
        "timestampadd",
        &unit,
        ret,
        false,
        add_kernel,
        vec![q, ts],
    ))
}

pub(crate) fn build_timestampdiff(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [unit, a, b] = take_args("timestampdiff", args)?;
    let unit = unit_arg("timestampdiff", &unit)?;
    let a = timestamp_input("timestampdiff", 1, a, ctx)?;
    let b = timestamp_input("timestampdiff", 2, b, ctx)?;
    Ok(call_strict(
        "timestampdiff",
        &unit,
        ArrowType::Int64,
        false,
        diff_kernel,
        vec![a, b],
    ))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::diff;

    fn ts(y: i32, m: u32, d: u32, h: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn java_chrono_between() {
        assert_eq!(
            diff("MONTH", &ts(2024, 1, 31, 10), &ts(2024, 3, 30, 10)),
            Some(1)
        );
        assert_eq!(
            diff("DAY", &ts(2024, 1, 31, 10), &ts(2024, 1, 30, 9)),
            Some(-1)
        );
        assert_eq!(
            diff("YEAR", &ts(2020, 2, 29, 0), &ts(2021, 2, 28, 0)),
            Some(0)
        );
        assert_eq!(
            diff("WEEK", &ts(2024, 1, 1, 0), &ts(2024, 2, 1, 0)),
            Some(4)
        );
        assert_eq!(
            diff("SECOND", &ts(2024, 1, 1, 0), &ts(2024, 1, 2, 0)),
            Some(86400)
        );
        assert_eq!(
            diff("HOUR", &ts(2024, 1, 1, 0), &ts(2024, 1, 1, 23)),
            Some(23)
        );
    }
}
