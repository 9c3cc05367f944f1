//! `startswith`, `endswith`, `contains` (Spark's `StartsWith`, `EndsWith`, `Contains`).

use datafusion::functions::string::expr_fn::{contains, ends_with, starts_with};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_startswith(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [s, p] = take_args("startswith", args)?;
    Ok(starts_with(s, p))
}

pub(crate) fn build_endswith(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [s, p] = take_args("endswith", args)?;
    Ok(ends_with(s, p))
}

pub(crate) fn build_contains(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [s, p] = take_args("contains", args)?;
    Ok(contains(s, p))
}
