//! `min` / `max` (Spark's `Min`, `Max`): the input type, NULL for no non-NULL rows.

use datafusion::functions_aggregate::expr_fn::{max, min};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::with_distinct;
use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_min(
    args: Vec<DfExpr>,
    distinct: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("min", args)?;
    with_distinct(min(x), distinct)
}

pub(crate) fn build_max(
    args: Vec<DfExpr>,
    distinct: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("max", args)?;
    with_distinct(max(x), distinct)
}
