//! `between(x, low, high)` (Spark's `Between`: `low <= x AND x <= high`).

use datafusion::logical_expr::{Between, Expr as DfExpr};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x, low, high] = take_args("between", args)?;
    Ok(DfExpr::Between(Between::new(
        Box::new(x),
        false,
        Box::new(low),
        Box::new(high),
    )))
}
