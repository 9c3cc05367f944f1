//! `date_trunc(unit, ts)` and `trunc(date, unit)` (Spark's `TruncTimestamp`, `TruncDate`):
//! truncation in the session zone; an unknown unit gives NULL.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::args::{date_arg, ltz_arg, string_arg};
use super::dt_udf::{Op, call, dt_udf};
use crate::FunctionContext;
use crate::utils::take_args;

static DATE_TRUNC: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_date_trunc", Op::DateTrunc));
static TRUNC: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| dt_udf("spark_trunc", Op::Trunc));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&DATE_TRUNC), Arc::clone(&TRUNC)]
}

pub(crate) fn build_date_trunc(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [unit, ts] = take_args("date_trunc", args)?;
    let unit = string_arg("date_trunc", unit, ctx)?;
    let ts = ltz_arg("date_trunc", ts, ctx)?;
    Ok(call(&DATE_TRUNC, vec![unit, ts], ctx.time_zone, ctx.ansi))
}

pub(crate) fn build_trunc(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [date, unit] = take_args("trunc", args)?;
    let date = date_arg("trunc", date, ctx)?;
    let unit = string_arg("trunc", unit, ctx)?;
    Ok(call(&TRUNC, vec![date, unit], ctx.time_zone, ctx.ansi))
}
