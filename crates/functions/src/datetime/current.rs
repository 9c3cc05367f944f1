//! `current_date()` and `current_timestamp()`/`now()` (Spark's `CurrentDate`,
//! `CurrentTimestamp`): fixed for the query; the timestamp is microseconds in the session
//! time zone (Spark's Arrow form of `TimestampType`).

use std::sync::Arc;

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_current_date(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("current_date", args)?;
    // The session zone's date at the query's instant, as the timestamp is fixed (not
    // DataFusion's `current_date()`, which reads the instant from the engine's state).
    let days = super::zones::local_now(ctx)?
        .and_then(|micros| i32::try_from(micros.div_euclid(86_400_000_000)).ok());
    Ok(lit(ScalarValue::Date32(days)))
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
