//! `time_from_seconds/millis/micros` and `time_to_seconds/millis/micros` (Spark's
//! `TimeFromSeconds`, `TimeToSeconds`, ...): TIME values from and to a count since midnight.
//! Seconds may carry a fraction (a `DECIMAL(14,6)` result); values outside a day fail.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Decimal128Array, Int64Array};
use datafusion::arrow::datatypes::{DataType as ArrowType, Decimal128Type, Float64Type, Int64Type};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::time_of_day::NANOS_PER_DAY;
use sabot_common::{Result, SparkError};

use super::check_enabled;
use super::errors::{invalid_time_nanos, out_of_bounds};
use super::values::{TIME, mismatch, time_array, time_input, times};
use crate::FunctionContext;
use crate::datetime::kernel::{KernelCtx, call_strict};
use crate::errors::to_df;
use crate::utils::{is_decimal, is_floating, is_integral, is_string, take_args};

/// `time_to_seconds`' result type.
const SECONDS: ArrowType = ArrowType::Decimal128(14, 6);

pub(crate) fn build_time_from_seconds(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    from_count("time_from_seconds", args, ctx, true, 1_000_000_000)
}

pub(crate) fn build_time_from_millis(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    from_count("time_from_millis", args, ctx, false, 1_000_000)
}

pub(crate) fn build_time_from_micros(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    from_count("time_from_micros", args, ctx, false, 1_000)
}

/// `unit` is nanoseconds per input unit; only seconds accept fractions.
fn from_count(
    name: &str,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
    fractional: bool,
    unit: i64,
) -> Result<DfExpr> {
    check_enabled(ctx)?;
    let [e] = take_args(name, args)?;
    let t = ctx.arg_type(&e)?;
    let e = match &t {
        ArrowType::Null => cast(e, ArrowType::Int64),
        t if is_integral(t) => cast(e, ArrowType::Int64),
        t if fractional && is_decimal(t) => e,
        t if fractional && is_floating(t) => cast(e, ArrowType::Float64),
        t if fractional && is_string(t) => cast(e, ArrowType::Float64),
        t => {
            let want = if fractional { "NUMERIC" } else { "INTEGRAL" };
            return Err(mismatch(name, &e, 0, want, t));
        }
    };
    Ok(call_strict(
        name,
        &unit.to_string(),
        TIME,
        true,
        from_kernel,
        vec![e],
    ))
}

pub(crate) fn from_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let unit: i64 = k.param.parse().unwrap_or(1);
    let a = &args[0];
    let nanos: Vec<Option<std::result::Result<i64, SparkError>>> = match a.data_type() {
        ArrowType::Int64 => a
            .as_primitive::<Int64Type>()
            .iter()
            .map(|v| v.map(|v| i128_nanos(i128::from(v) * i128::from(unit))))
            .collect(),
        ArrowType::Float64 => a
            .as_primitive::<Float64Type>()
            .iter()
            .map(|v| v.map(double_seconds))
            .collect(),
        ArrowType::Decimal128(_, scale) => {
            let scale = i32::from(*scale);
            a.as_primitive::<Decimal128Type>()
                .iter()
                .map(|v| v.map(|v| i128_nanos(rescale(v, scale))))
                .collect()
        }
        other => {
            return Err(to_df(SparkError::internal(format!(
                "time_from_*: unexpected input {other}"
            ))));
        }
    };
    let out = nanos
        .into_iter()
        .map(|v| v.transpose().map_err(to_df))
        .collect::<DfResult<Vec<_>>>()?;
    Ok(time_array(out))
}

/// Seconds with `scale` fraction digits -> nanoseconds (digits past nanoseconds dropped).
fn rescale(v: i128, scale: i32) -> i128 {
    if scale <= 9 {
        v.saturating_mul(10i128.pow((9 - scale) as u32))
    } else {
        v / 10i128.pow((scale - 9) as u32)
    }
}

fn i128_nanos(n: i128) -> std::result::Result<i64, SparkError> {
    if (0..i128::from(NANOS_PER_DAY)).contains(&n) {
        Ok(n as i64)
    } else {
        Err(invalid_time_nanos(n))
    }
}

/// A double's seconds as Java's `BigDecimal.valueOf(double)` reads them (its shortest decimal
/// text), so `86399.999999` is exactly that many microseconds.
fn double_seconds(v: f64) -> std::result::Result<i64, SparkError> {
    if !v.is_finite() {
        return Err(out_of_bounds(
            "Cannot convert NaN or Infinite value to TIME".to_string(),
        ));
    }
    let text = format!("{v}");
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let negative = int.starts_with('-');
    let whole: i128 = int.trim_start_matches('-').parse().unwrap_or(i128::MAX / 4);
    let mut n = whole.saturating_mul(1_000_000_000);
    for (i, b) in frac.bytes().take(9).enumerate() {
        n += i128::from(b - b'0') * 10i128.pow(8 - i as u32);
    }
    i128_nanos(if negative { -n } else { n })
}

pub(crate) fn build_time_to_seconds(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    to_count("time_to_seconds", args, ctx, SECONDS)
}

pub(crate) fn build_time_to_millis(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    to_count("time_to_millis", args, ctx, ArrowType::Int64)
}

pub(crate) fn build_time_to_micros(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    to_count("time_to_micros", args, ctx, ArrowType::Int64)
}

fn to_count(
    name: &str,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
    ret: ArrowType,
) -> Result<DfExpr> {
    check_enabled(ctx)?;
    let [e] = take_args(name, args)?;
    let e = time_input(name, 0, e, ctx)?;
    Ok(call_strict(name, name, ret, true, to_kernel, vec![e]))
}

pub(crate) fn to_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let v = times(&args[0])?;
    Ok(match k.param {
        "time_to_seconds" => Arc::new(
            v.into_iter()
                .map(|n| n.map(|n| i128::from(n / 1_000)))
                .collect::<Decimal128Array>()
                .with_precision_and_scale(14, 6)?,
        ) as ArrayRef,
        "time_to_millis" => Arc::new(
            v.into_iter()
                .map(|n| n.map(|n| n / 1_000_000))
                .collect::<Int64Array>(),
        ),
        _ => Arc::new(
            v.into_iter()
                .map(|n| n.map(|n| n / 1_000))
                .collect::<Int64Array>(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_read_as_their_decimal_text() {
        assert_eq!(double_seconds(86399.999999).unwrap(), 86_399_999_999_000);
        assert_eq!(double_seconds(1.5).unwrap(), 1_500_000_000);
        assert!(double_seconds(-1.0).is_err());
        assert!(double_seconds(f64::NAN).is_err());
        assert_eq!(rescale(525, 1), 52_500_000_000);
    }
}
