//! `current_date()` and `current_timestamp()`/`now()` (Spark's `CurrentDate`,
//! `CurrentTimestamp`): fixed for the query; the timestamp is microseconds in the session
//! time zone (Spark's Arrow form of `TimestampType`).

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use datafusion::functions::datetime::expr_fn::{current_date, now};
use datafusion::logical_expr::{Expr as DfExpr, cast};
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
    Ok(cast(
        now(),
        ArrowType::Timestamp(TimeUnit::Microsecond, Some(Arc::from(ctx.time_zone))),
    ))
}
