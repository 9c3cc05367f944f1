//! `coalesce(a, b, ...)` and its two-argument aliases `ifnull`/`nvl`: the first non-NULL
//! argument (Spark's `Coalesce`).

use datafusion::functions::expr_fn::coalesce;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{check_args, take_args};

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("coalesce", &args, 1, usize::MAX)?;
    Ok(coalesce(args))
}

pub(crate) fn build_two(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a, b] = take_args("nvl", args)?;
    Ok(coalesce(vec![a, b]))
}
