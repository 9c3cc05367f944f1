//! `and`, `or`, `not` with SQL's three-valued logic (Spark's `And`, `Or`, `Not`).

use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr, not};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_and(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [l, r] = take_args("and", args)?;
    Ok(binary_expr(l, Operator::And, r))
}

pub(crate) fn build_or(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [l, r] = take_args("or", args)?;
    Ok(binary_expr(l, Operator::Or, r))
}

pub(crate) fn build_not(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("not", args)?;
    Ok(not(x))
}
