//! `if(cond, a, b)` (Spark's `If`): `a` when `cond` is true, else `b` (also for NULL).

use datafusion::logical_expr::{Case, Expr as DfExpr};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [c, a, b] = take_args("if", args)?;
    Ok(DfExpr::Case(Case::new(
        None,
        vec![(Box::new(c), Box::new(a))],
        Some(Box::new(b)),
    )))
}

/// `(IF(c, a, b))`.
pub(crate) fn display(_: &str, args: &[String], _: bool) -> String {
    format!("(IF({}))", args.join(", "))
}
