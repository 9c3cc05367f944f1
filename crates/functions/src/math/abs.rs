//! `abs(x)` (Spark's `Abs`): `abs` of the minimum integral value overflows — it wraps, or
//! fails under ANSI.

use datafusion::functions::math::expr_fn::abs;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::operators::int_kernel::{IntOp, int_udf};
use crate::utils::{is_decimal, is_floating, is_integral, take_args};

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("abs", args)?;
    let t = ctx.arg_type(&x)?;
    if is_integral(&t) {
        Ok(int_udf(IntOp::Abs, ctx.ansi).call(vec![x]))
    } else if is_floating(&t) || is_decimal(&t) {
        Ok(abs(x))
    } else {
        Err(unexpected_input_type(
            "abs",
            format!("`abs` requires a numeric input, got {t}"),
        ))
    }
}
