//! `pi()` and `e()` (Spark's `Pi`, `EulerNumber`).

use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_pi(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [] = take_args("pi", args)?;
    Ok(lit(std::f64::consts::PI))
}

pub(crate) fn build_e(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [] = take_args("e", args)?;
    Ok(lit(std::f64::consts::E))
}
