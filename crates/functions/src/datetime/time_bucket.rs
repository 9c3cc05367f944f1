//! `time_bucket(bucket_size, ts[, origin])` (Spark 4.2's `TimeBucket`): the start of the
//! fixed-size bucket, aligned to `origin` (default `1970-01-01 00:00:00`), that `ts` falls
//! into. `TIMESTAMP_NTZ` buckets in plain microseconds; for `TIMESTAMP`, year-month buckets
//! and buckets of a day or more align to the session time zone's wall clock.

use chrono::{Months, NaiveDateTime};
use datafusion::arrow::array::{ArrayRef, AsArray, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, IntervalUnit, TimeUnit, TimestampMicrosecondType,
};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::kernel::{KernelCtx, call_strict};
use super::zone::{Zone, micros_to_naive, naive_to_micros};
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{check_args, constant_value};

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// The bucket size: microseconds (day-time) or months (year-month).
#[derive(Debug, Clone, Copy)]
enum Size {
    Micros(i64),
    Months(i32),
}

pub(crate) fn build_time_bucket(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("time_bucket", &args, 2, 3)?;
    let mut args = args.into_iter();
    let (Some(size), Some(ts)) = (args.next(), args.next()) else {
        return Err(SparkError::internal("time_bucket: missing arguments"));
    };
    let origin = args.next();
    let size = bucket_size(&size, ctx)?;
    let ts_type = match ctx.arg_type(&ts)? {
        ArrowType::Null => ArrowType::Timestamp(TimeUnit::Microsecond, Some(ctx.time_zone.into())),
        t @ ArrowType::Timestamp(TimeUnit::Microsecond, _) => t,
        t => {
            return Err(unexpected_input_type(
                "time_bucket",
                format!(
                    "The second parameter requires the \"(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)\" type, however the argument has the type {t}"
                ),
            ));
        }
    };
    let ltz = matches!(ts_type, ArrowType::Timestamp(_, Some(_)));
    let origin_micros = match origin {
        None if ltz => local_epoch(ctx.time_zone),
        None => 0,
        Some(o) => origin_value(&o, &ts_type, ctx)?,
    };
    let ts = cast(ts, ts_type.clone());
    let (kind, n) = match size {
        Size::Micros(m) => ("dt", m),
        Size::Months(m) => ("ym", i64::from(m)),
    };
    let zone = if ltz { ctx.time_zone } else { "" };
    let param = format!("{kind}|{n}|{origin_micros}|{zone}");
    Ok(call_strict(
        "time_bucket",
        &param,
        ts_type,
        false,
        kernel,
        vec![ts],
    ))
}

/// The instant of `1970-01-01 00:00:00` on the session zone's wall clock.
fn local_epoch(zone: &str) -> i64 {
    let epoch = chrono::DateTime::UNIX_EPOCH.naive_utc();
    Zone::parse(zone)
        .and_then(|z| naive_to_micros(&z.utc_of(&epoch)))
        .unwrap_or(0)
}

fn bucket_size(e: &DfExpr, ctx: &FunctionContext<'_>) -> Result<Size> {
    let t = ctx.arg_type(e)?;
    if !matches!(
        t,
        ArrowType::Duration(_) | ArrowType::Interval(IntervalUnit::YearMonth)
    ) {
        return Err(unexpected_input_type(
            "time_bucket",
            format!(
                "The first parameter requires the (\"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\") type, however the argument has the type {t}"
            ),
        ));
    }
    let size = match constant_value(e) {
        Some(ScalarValue::DurationMicrosecond(Some(v))) => Size::Micros(v),
        Some(ScalarValue::IntervalYearMonth(Some(v))) => Size::Months(v),
        _ => {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
                "42K09",
                "Cannot resolve \"time_bucket\" due to data type mismatch: the input `bucketSize` should be a foldable interval expression.",
            )
            .param("inputName", "`bucketSize`"));
        }
    };
    if matches!(size, Size::Micros(v) if v <= 0) || matches!(size, Size::Months(v) if v <= 0) {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
            "42K09",
            "Cannot resolve \"time_bucket\" due to data type mismatch: The `bucketSize` must be between (0, inf).",
        )
        .param("exprName", "`bucketSize`"));
    }
    Ok(size)
}

fn origin_value(e: &DfExpr, ts_type: &ArrowType, ctx: &FunctionContext<'_>) -> Result<i64> {
    let t = ctx.arg_type(e)?;
    if &t != ts_type {
        let want = if matches!(ts_type, ArrowType::Timestamp(_, Some(_))) {
            "TIMESTAMP"
        } else {
            "TIMESTAMP_NTZ"
        };
        return Err(unexpected_input_type(
            "time_bucket",
            format!(
                "The third parameter requires the \"{want}\" type, however the argument has the type {t}"
            ),
        ));
    }
    match constant_value(e) {
        Some(ScalarValue::TimestampMicrosecond(Some(v), _)) => Ok(v),
        _ => Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
            "42K09",
            "Cannot resolve \"time_bucket\" due to data type mismatch: the input `origin` should be a foldable non-NULL timestamp expression.",
        )
        .param("inputName", "`origin`")),
    }
}

pub(crate) fn kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let mut parts = k.param.split('|');
    let kind = parts.next().unwrap_or("dt");
    let n: i64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(1);
    let origin: i64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    let zone = parts.next().filter(|z| !z.is_empty()).and_then(Zone::parse);
    let a = args[0].as_primitive::<TimestampMicrosecondType>();
    let out: TimestampMicrosecondArray = a
        .iter()
        .map(|t| t.and_then(|t| bucket(kind, n, origin, zone.as_ref(), t)))
        .collect();
    let out = match k.ret {
        ArrowType::Timestamp(_, Some(tz)) => out.with_timezone(std::sync::Arc::clone(tz)),
        _ => out,
    };
    Ok(std::sync::Arc::new(out))
}

/// The bucket start of `t` (microseconds; an instant when `zone` is given).
fn bucket(kind: &str, n: i64, origin: i64, zone: Option<&Zone>, t: i64) -> Option<i64> {
    let to_local = |m: i64| -> Option<i64> {
        match zone {
            Some(z) => naive_to_micros(&z.local_of(&micros_to_naive(m)?)),
            None => Some(m),
        }
    };
    let to_instant = |m: i64| -> Option<i64> {
        match zone {
            Some(z) => naive_to_micros(&z.utc_of(&micros_to_naive(m)?)),
            None => Some(m),
        }
    };
    if kind == "dt" {
        if zone.is_none() || n < MICROS_PER_DAY {
            return Some(origin + (t - origin).div_euclid(n) * n);
        }
        let (lt, lo) = (to_local(t)?, to_local(origin)?);
        return to_instant(lo + (lt - lo).div_euclid(n) * n);
    }
    let (lt, lo) = (
        micros_to_naive(to_local(t)?)?,
        micros_to_naive(to_local(origin)?)?,
    );
    let add = |d: &NaiveDateTime, months: i64| -> Option<NaiveDateTime> {
        let m = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
        if months >= 0 {
            d.checked_add_months(m)
        } else {
            d.checked_sub_months(m)
        }
    };
    let mut months =
        (i64::from(chrono::Datelike::year(&lt)) - i64::from(chrono::Datelike::year(&lo))) * 12
            + i64::from(chrono::Datelike::month(&lt))
            - i64::from(chrono::Datelike::month(&lo));
    if add(&lo, months)? > lt {
        months -= 1;
    }
    let start = add(&lo, months.div_euclid(n) * n)?;
    to_instant(naive_to_micros(&start)?)
}

/// Spark names the call with its default origin: `time_bucket(size, ts, TIMESTAMP '1970-01-01 00:00:00')`.
pub(crate) fn typed_display(
    name: &str,
    types: &[Option<ArrowType>],
    names: &[String],
) -> Option<String> {
    if name != "time_bucket" || names.len() != 2 {
        return None;
    }
    let kind = match types.get(1) {
        Some(Some(ArrowType::Timestamp(_, None))) => "TIMESTAMP_NTZ",
        _ => "TIMESTAMP",
    };
    Some(format!(
        "time_bucket({}, {}, {kind} '1970-01-01 00:00:00')",
        names[0], names[1]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_align_to_the_origin() {
        let min = 60_000_000;
        // 11:27 in 15-minute buckets from the epoch is 11:15.
        assert_eq!(bucket("dt", 15 * min, 0, None, 687 * min), Some(675 * min));
        // Before the epoch, buckets still start at or before the value.
        assert_eq!(bucket("dt", 15 * min, 0, None, -min), Some(-15 * min));
        // 1969-11-17 in quarter buckets from 1970-01-01 is 1969-10-01.
        let nov17 = -45 * MICROS_PER_DAY;
        let oct1 = -92 * MICROS_PER_DAY;
        assert_eq!(bucket("ym", 3, 0, None, nov17), Some(oct1));
    }
}
