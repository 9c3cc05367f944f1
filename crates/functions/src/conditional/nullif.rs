//! `nullif(a, b)` (Spark's `NullIf`): NULL if `a = b`, else `a`.

use datafusion::functions::expr_fn::nullif;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a, b] = take_args("nullif", args)?;
    Ok(nullif(a, b))
}
