//! `/` (Spark's `Divide`: double for non-decimal operands, decimal for decimals) and `div`
//! (Spark's `IntegralDivide`: bigint, truncating toward zero).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr, cast, try_cast};
use sabot_common::Result;

use super::arithmetic::decimal_binary;
use super::divisor::guard;
use super::int_kernel::{IntOp, int_udf};
use super::numeric::{ArithOp, Operands, resolve};
use crate::FunctionContext;
use crate::utils::{cast_to, take_args};

pub(crate) fn build_divide(
    args: Vec<DfExpr>,
    _distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [l, r] = take_args("/", args)?;
    if let Some(e) = super::interval_arith::interval_arith(ArithOp::Div, &l, &r, ctx)? {
        return Ok(e);
    }
    // Spark's `Divide` types a NULL dividend as a DOUBLE (a NULL divisor takes the dividend's
    // type: `1.25BD / NULL` stays a decimal).
    let (lt, rt) = (ctx.arg_type(&l)?, ctx.arg_type(&r)?);
    if lt == ArrowType::Null && (rt == ArrowType::Null || crate::utils::is_numeric(&rt)) {
        return Ok(crate::utils::null_of(&ArrowType::Float64));
    }
    match resolve("/", l, r, ctx)? {
        Operands::Integral(l, r, t) | Operands::Floating(l, r, t) => {
            let f = ArrowType::Float64;
            let (l, r) = (cast_to(l, &t, &f), cast_to(r, &t, &f));
            Ok(binary_expr(l, Operator::Divide, guard(r, false, ctx.ansi)))
        }
        Operands::Decimal(l, lt, r, rt) => Ok(decimal_binary(
            ArithOp::Div,
            l,
            lt,
            guard(r, false, ctx.ansi),
            rt,
            ctx.ansi,
        )),
    }
}

/// A double, a decimal or text (read as a double).
fn fractional(t: &ArrowType) -> bool {
    crate::utils::is_floating(t) || crate::utils::is_decimal(t) || crate::utils::is_string(t)
}

pub(crate) fn build_div(
    args: Vec<DfExpr>,
    _distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [l, r] = take_args("div", args)?;
    if let Some(e) = super::interval_arith::interval_int_div(&l, &r, ctx)? {
        return Ok(e);
    }
    if ctx.arg_type(&l)? == ArrowType::Null && ctx.arg_type(&r)? == ArrowType::Null {
        return Ok(DfExpr::Literal(
            datafusion::common::ScalarValue::Int64(None),
            None,
        ));
    }
    let long = ArrowType::Int64;
    let (lt, rt) = (ctx.arg_type(&l)?, ctx.arg_type(&r)?);
    match resolve("div", l, r, ctx)? {
        Operands::Integral(l, r, t) => {
            let (l, r) = (cast_to(l, &t, &long), cast_to(r, &t, &long));
            Ok(int_udf(IntOp::Div, ctx.ansi).call(vec![l, r]))
        }
        Operands::Decimal(l, lt, r, rt) => {
            // Spark's `IntegralDivide` on decimals is `a.quot(b)`, the exact quotient truncated
            // toward zero: divide at a common scale (truncating) and cast (truncating).
            let s = lt.1.max(rt.1);
            let wide = ArrowType::Decimal256(76, s);
            let l = cast(l, wide.clone());
            let r = guard(cast(r, wide), false, ctx.ansi);
            let q = binary_expr(l, Operator::Divide, r);
            Ok(if ctx.ansi {
                cast(q, long)
            } else {
                try_cast(q, long)
            })
        }
        // Spark's `IntegralDivide` takes integral and decimal operands only.
        // Doubles with doubles, decimals or text widen to one double type.
        Operands::Floating(..) if fractional(&lt) && fractional(&rt) => {
            Err(super::type_mismatch::binary_op_wrong_type("div", &lt))
        }
        Operands::Floating(..) => Err(super::type_mismatch::binary_op_diff_types("div", &lt, &rt)),
    }
}
