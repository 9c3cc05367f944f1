//! `%` (Spark's `Remainder`): the result has the dividend's sign (Java's `%`); a zero divisor
//! gives NULL, or `REMAINDER_BY_ZERO` under ANSI.

use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr};
use sabot_common::Result;

use super::arithmetic::decimal_binary;
use super::divisor::guard;
use super::int_kernel::{IntOp, int_udf};
use super::numeric::{ArithOp, Operands, resolve};
use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_remainder(
    args: Vec<DfExpr>,
    _distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [l, r] = take_args("%", args)?;
    match resolve("%", l, r, ctx)? {
        Operands::Integral(l, r, _) => Ok(int_udf(IntOp::Rem, ctx.ansi).call(vec![l, r])),
        // Rust's float `%` is C's fmod, like Java's: the sign of the dividend.
        Operands::Floating(l, r, _) => {
            Ok(binary_expr(l, Operator::Modulo, guard(r, true, ctx.ansi)))
        }
        Operands::Decimal(l, lt, r, rt) => Ok(decimal_binary(
            ArithOp::Rem,
            l,
            lt,
            guard(r, true, ctx.ansi),
            rt,
            ctx.ansi,
        )),
    }
}
