//! `greatest(...)` / `least(...)` (Spark's `Greatest`, `Least`): NULLs are skipped; NULL only
//! if every argument is NULL. At least two arguments.

use datafusion::functions::expr_fn::{greatest, least};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build_greatest(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("greatest", &args, 2, usize::MAX)?;
    Ok(greatest(args))
}

pub(crate) fn build_least(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("least", &args, 2, usize::MAX)?;
    Ok(least(args))
}
