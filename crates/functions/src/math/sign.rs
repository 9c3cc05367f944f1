//! `sign`/`signum` (Spark's `Signum`): -1.0, 0.0 or 1.0 as a double.

use datafusion::functions::math::expr_fn::signum;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::sqrt_exp::to_double;
use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("signum", args)?;
    Ok(signum(to_double(x, ctx)?))
}
