//! `time_trunc(unit, time)` and `time_diff(unit, start, end)` (Spark's `TimeTrunc`,
//! `TimeDiff`): units from `HOUR` down to `MICROSECOND`, case-insensitive; any other unit
//! raises `INVALID_PARAMETER_VALUE.TIME_UNIT` when a row reaches it.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Int64Array, StringArray};
use datafusion::arrow::compute::cast as cast_array;
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::{Result, SparkError};

use super::check_enabled;
use super::errors::invalid_unit;
use super::values::{TIME, mismatch, time_array, time_input, times};
use crate::FunctionContext;
use crate::datetime::kernel::{KernelCtx, call_strict};
use crate::errors::to_df;
use crate::utils::{is_string, take_args};

/// Nanoseconds per unit, for Spark's unit names.
fn unit_nanos(unit: &str) -> Option<i64> {
    Some(match unit.to_ascii_uppercase().as_str() {
        "HOUR" => 3_600_000_000_000,
        "MINUTE" => 60_000_000_000,
        "SECOND" => 1_000_000_000,
        "MILLISECOND" => 1_000_000,
        "MICROSECOND" => 1_000,
        _ => return None,
    })
}

fn unit_input(name: &str, e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    match ctx.arg_type(&e)? {
        ArrowType::Null => Ok(cast(e, ArrowType::Utf8)),
        t if is_string(&t) => Ok(e),
        t => Err(mismatch(name, &e, 0, "STRING", &t)),
    }
}

fn units(a: &ArrayRef) -> DfResult<Vec<Option<String>>> {
    let a = cast_array(a, &ArrowType::Utf8)?;
    let a = a
        .as_any()
        .downcast_ref::<StringArray>()
        .ok_or_else(|| to_df(SparkError::internal("time unit: not a string array")))?;
    Ok(a.iter().map(|v| v.map(str::to_string)).collect())
}

pub(crate) fn build_time_trunc(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_enabled(ctx)?;
    let [unit, time] = take_args("time_trunc", args)?;
    let unit = unit_input("time_trunc", unit, ctx)?;
    let time = time_input("time_trunc", 1, time, ctx)?;
    Ok(call_strict(
        "time_trunc",
        "",
        TIME,
        true,
        trunc_kernel,
        vec![unit, time],
    ))
}

pub(crate) fn trunc_kernel(args: &[ArrayRef], _: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let (u, t) = (units(&args[0])?, times(&args[1])?);
    let out = u
        .iter()
        .zip(t)
        .map(|(u, t)| match (u, t) {
            (Some(u), Some(t)) => {
                let n = unit_nanos(u).ok_or_else(|| to_df(invalid_unit("time_trunc", u)))?;
                Ok(Some(t - t % n))
            }
            _ => Ok(None),
        })
        .collect::<DfResult<Vec<_>>>()?;
    Ok(time_array(out))
}

pub(crate) fn build_time_diff(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_enabled(ctx)?;
    let [unit, start, end] = take_args("time_diff", args)?;
    let unit = unit_input("time_diff", unit, ctx)?;
    let start = time_input("time_diff", 1, start, ctx)?;
    let end = time_input("time_diff", 2, end, ctx)?;
    Ok(call_strict(
        "time_diff",
        "",
        ArrowType::Int64,
        true,
        diff_kernel,
        vec![unit, start, end],
    ))
}

/// Whole units from `start` to `end`, rounded toward zero (`ChronoUnit.between`).
pub(crate) fn diff_kernel(args: &[ArrayRef], _: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let (u, s, e) = (units(&args[0])?, times(&args[1])?, times(&args[2])?);
    let out = u
        .iter()
        .zip(s.into_iter().zip(e))
        .map(|(u, (s, e))| match (u, s, e) {
            (Some(u), Some(s), Some(e)) => {
                let n = unit_nanos(u).ok_or_else(|| to_df(invalid_unit("time_diff", u)))?;
                Ok(Some((e - s) / n))
            }
            _ => Ok(None),
        })
        .collect::<DfResult<Int64Array>>()?;
    Ok(Arc::new(out))
}
