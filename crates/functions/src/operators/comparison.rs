//! Comparisons `==`/`=`, `!=`/`<>`, `<`, `<=`, `>`, `>=` and the null-safe `<=>`
//! (Spark's `EqualTo`, `EqualNullSafe`, `LessThan`, ...).

use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr, not};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

fn compare(name: &str, op: Operator, args: Vec<DfExpr>) -> Result<DfExpr> {
    let [l, r] = take_args(name, args)?;
    Ok(binary_expr(l, op, r))
}

pub(crate) fn build_eq(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    compare("==", Operator::Eq, args)
}

/// `a != b` is `NOT (a = b)` in Spark, which is also how it is named.
pub(crate) fn build_not_eq(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(not(compare("!=", Operator::Eq, args)?))
}

pub(crate) fn build_eq_null_safe(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    compare("<=>", Operator::IsNotDistinctFrom, args)
}

pub(crate) fn build_lt(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    compare("<", Operator::Lt, args)
}

pub(crate) fn build_lt_eq(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    compare("<=", Operator::LtEq, args)
}

pub(crate) fn build_gt(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    compare(">", Operator::Gt, args)
}

pub(crate) fn build_gt_eq(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    compare(">=", Operator::GtEq, args)
}
