//! `count_if(cond)` (Spark's `CountIf`): rows where `cond` is true, as a non-NULL bigint.

use datafusion::functions_aggregate::expr_fn::count;
use datafusion::logical_expr::{Case, Expr as DfExpr, lit};
use sabot_common::Result;

use super::with_distinct;
use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, distinct: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [c] = take_args("count_if", args)?;
    // Only true counts (false and NULL do not): count the non-NULLs of `CASE WHEN c THEN 1`.
    with_distinct(
        count(DfExpr::Case(Case::new(
            None,
            vec![(Box::new(c), Box::new(lit(1i32)))],
            None,
        ))),
        distinct,
    )
}
