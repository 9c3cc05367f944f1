//! `make_time(hour, minute, second)` (Spark's `MakeTime`): `second` is a `DECIMAL(16,6)`
//! whose fraction gives the microseconds; fields out of range fail as `java.time.LocalTime.of`
//! does, whatever `spark.sql.ansi.enabled` says.

use datafusion::arrow::array::{ArrayRef, AsArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Decimal128Type, Int32Type};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::check_enabled;
use super::errors::field_range;
use super::values::{TIME, time_array};
use crate::FunctionContext;
use crate::datetime::kernel::{KernelCtx, call_strict};
use crate::errors::to_df;
use crate::utils::{cast_to, take_args};

const SECONDS: ArrowType = ArrowType::Decimal128(16, 6);

pub(crate) fn build_make_time(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_enabled(ctx)?;
    let [h, m, s] = take_args("make_time", args)?;
    let h = cast_to(h.clone(), &ctx.arg_type(&h)?, &ArrowType::Int32);
    let m = cast_to(m.clone(), &ctx.arg_type(&m)?, &ArrowType::Int32);
    let s = cast_to(s.clone(), &ctx.arg_type(&s)?, &SECONDS);
    Ok(call_strict(
        "make_time",
        "",
        TIME,
        true,
        kernel,
        vec![h, m, s],
    ))
}

pub(crate) fn kernel(args: &[ArrayRef], _: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let h = args[0].as_primitive::<Int32Type>();
    let m = args[1].as_primitive::<Int32Type>();
    let s = args[2].as_primitive::<Decimal128Type>();
    let out = h
        .iter()
        .zip(m.iter())
        .zip(s.iter())
        .map(|((h, m), s)| match (h, m, s) {
            (Some(h), Some(m), Some(s)) => make(h, m, s).map(Some).map_err(to_df),
            _ => Ok(None),
        })
        .collect::<DfResult<Vec<_>>>()?;
    Ok(time_array(out))
}

/// Nanoseconds of `h:m:s` where `s` holds microseconds (scale 6).
pub(crate) fn make(h: i32, m: i32, s_micros: i128) -> sabot_common::Result<i64> {
    if !(0..=23).contains(&h) {
        return Err(field_range("HourOfDay", 23, h));
    }
    if !(0..=59).contains(&m) {
        return Err(field_range("MinuteOfHour", 59, m));
    }
    let secs = s_micros.div_euclid(1_000_000);
    let micros = s_micros.rem_euclid(1_000_000);
    let whole = if s_micros < 0 && micros != 0 {
        secs + 1
    } else {
        secs
    };
    if !(0..=59).contains(&whole) || s_micros < 0 {
        return Err(field_range("SecondOfMinute", 59, whole));
    }
    let nanos = ((i64::from(h) * 60 + i64::from(m)) * 60 + secs as i64) * 1_000_000_000
        + micros as i64 * 1_000;
    Ok(nanos)
}
