//! `pmod(a, n)` (Spark's `Pmod`): the remainder moved into `[0, |n|)` when `n > 0`, computed as
//! Spark does (`r = a % n; if (r < 0) (r + n) % n else r`, wrapping in the inner step). The
//! operands widen as for `%`; a zero divisor gives NULL, or `REMAINDER_BY_ZERO` under ANSI.

use datafusion::logical_expr::{Case, Expr as DfExpr, Operator, binary_expr, lit};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::operators::divisor::guard;
use crate::operators::int_kernel::{IntOp, int_udf};
use crate::operators::numeric::{Operands, resolve};
use crate::utils::{null_of, take_args};

/// `CASE WHEN r < 0 THEN fix ELSE r END`.
fn non_negative(r: DfExpr, zero: DfExpr, fix: DfExpr) -> DfExpr {
    DfExpr::Case(Case::new(
        None,
        vec![(
            Box::new(binary_expr(r.clone(), Operator::Lt, zero)),
            Box::new(fix),
        )],
        Some(Box::new(r)),
    ))
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a, n] = take_args("pmod", args)?;
    match resolve("pmod", a, n, ctx)? {
        Operands::Integral(a, n, t) => {
            let r = int_udf(IntOp::Rem, ctx.ansi).call(vec![a, n.clone()]);
            let sum = int_udf(IntOp::Add, false).call(vec![r.clone(), n.clone()]);
            let fix = int_udf(IntOp::Rem, false).call(vec![sum, n]);
            let zero = datafusion::common::ScalarValue::new_zero(&t)
                .map(lit)
                .unwrap_or_else(|_| null_of(&t));
            Ok(non_negative(r, zero, fix))
        }
        Operands::Floating(a, n, t) => {
            let r = binary_expr(a, Operator::Modulo, guard(n.clone(), true, ctx.ansi));
            let sum = binary_expr(r.clone(), Operator::Plus, n.clone());
            let fix = binary_expr(sum, Operator::Modulo, n);
            let zero = datafusion::common::ScalarValue::new_zero(&t)
                .map(lit)
                .unwrap_or_else(|_| null_of(&t));
            Ok(non_negative(r, zero, fix))
        }
        Operands::Decimal(..) => Err(SparkError::unsupported("pmod of decimals")),
    }
}
