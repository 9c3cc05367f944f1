//! `current_date()` and `current_timestamp()`/`now()` (Spark's `CurrentDate`,
//! `CurrentTimestamp`): fixed for the query; the timestamp is microseconds in the session
//! time zone (Spark's Arrow form of `TimestampType`).

use std::sync::Arc;

use datafusion::common::ScalarValue;
use datafusion::functions::datetime::expr_fn::current_date;
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_current_date(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("current_date", args)?;
    Ok(current_date())
}

pub(crate) fn build_current_timestamp(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("current_timestamp", args)?;
    // An instant in microseconds, shown in the session zone.
    Ok(lit(ScalarValue::TimestampMicrosecond(
        Some(ctx.now_micros),
        Some(Arc::from(ctx.time_zone)),
    )))
}
