//! `+`, `-`, `*` (and their unary forms): Spark's `Add`, `Subtract`, `Multiply`,
//! `UnaryMinus`, `UnaryPositive`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr, cast, try_cast};
use sabot_common::{Result, SparkError};

use super::int_kernel::{IntOp, int_udf};
use super::numeric::{ArithOp, Operands, decimal_result, resolve};
use crate::FunctionContext;
use crate::utils::{check_args, is_decimal, is_floating, is_integral, take_args};

pub(crate) fn build_plus(
    args: Vec<DfExpr>,
    _distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("+", &args, 1, 2)?;
    if args.len() == 1 {
        return build_positive(args, false, ctx);
    }
    build_binary(ArithOp::Add, args, ctx)
}

pub(crate) fn build_minus(
    args: Vec<DfExpr>,
    _distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("-", &args, 1, 2)?;
    if args.len() == 1 {
        return build_negative(args, false, ctx);
    }
    build_binary(ArithOp::Sub, args, ctx)
}

pub(crate) fn build_multiply(
    args: Vec<DfExpr>,
    _distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("*", &args, 2, 2)?;
    build_binary(ArithOp::Mul, args, ctx)
}

/// `negative(x)` / unary `-x`: overflow of the minimum integral value is an error under ANSI.
pub(crate) fn build_negative(
    args: Vec<DfExpr>,
    _distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("negative", args)?;
    let t = ctx.arg_type(&x)?;
    if is_integral(&t) {
        Ok(int_udf(IntOp::Neg, ctx.ansi).call(vec![x]))
    } else if is_floating(&t) || is_decimal(&t) {
        Ok(DfExpr::Negative(Box::new(x)))
    } else if t == ArrowType::Null {
        Ok(cast(x, ArrowType::Float64))
    } else {
        Err(SparkError::unsupported(format!("negative of {t}")))
    }
}

/// `positive(x)` / unary `+x`: the value itself, for numeric input.
pub(crate) fn build_positive(
    args: Vec<DfExpr>,
    _distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("positive", args)?;
    let t = ctx.arg_type(&x)?;
    if is_integral(&t) || is_floating(&t) || is_decimal(&t) {
        Ok(x)
    } else {
        Err(SparkError::unsupported(format!("positive of {t}")))
    }
}

fn build_binary(op: ArithOp, args: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let (symbol, int_op, df_op) = match op {
        ArithOp::Add => ("+", IntOp::Add, Operator::Plus),
        ArithOp::Sub => ("-", IntOp::Sub, Operator::Minus),
        _ => ("*", IntOp::Mul, Operator::Multiply),
    };
    let [l, r] = take_args(symbol, args)?;
    if let Some(e) = super::interval_arith::interval_arith(op, &l, &r, ctx)? {
        return Ok(e);
    }
    if let Some(e) = super::datetime_arith::temporal(op, &l, &r, ctx)? {
        return Ok(e);
    }
    match resolve(symbol, l, r, ctx)? {
        Operands::Integral(l, r, _) => Ok(int_udf(int_op, ctx.ansi).call(vec![l, r])),
        Operands::Floating(l, r, _) => Ok(binary_expr(l, df_op, r)),
        Operands::Decimal(l, lt, r, rt) => Ok(decimal_binary(op, l, lt, r, rt, ctx.ansi)),
    }
}

/// Whether `op` on decimals of these types has an exact result within Spark's unadjusted
/// result type of at most 38 digits (`DecimalPrecision`'s rules before `adjustPrecisionScale`),
/// so that 128-bit arithmetic is exact and cannot overflow.
fn fits_128(op: ArithOp, (p1, s1): (u8, i8), (p2, s2): (u8, i8)) -> bool {
    let (p1, s1, p2, s2) = (i32::from(p1), i32::from(s1), i32::from(p2), i32::from(s2));
    if s1 < 0 || s2 < 0 {
        return false;
    }
    let precision = match op {
        ArithOp::Add | ArithOp::Sub => (p1 - s1).max(p2 - s2) + s1.max(s2) + 1,
        ArithOp::Mul => p1 + p2 + 1,
        ArithOp::Div | ArithOp::Rem => return false,
    };
    precision <= 38
}

/// Decimal arithmetic: computed exactly in 256 bits, then brought to Spark's result type
/// (rounding HALF_UP when scale is lost). An out-of-range result is NULL when ANSI is off
/// and an error when it is on.
pub(crate) fn decimal_binary(
    op: ArithOp,
    l: DfExpr,
    lt: (u8, i8),
    r: DfExpr,
    rt: (u8, i8),
    ansi: bool,
) -> DfExpr {
    let (p, s) = decimal_result(op, lt, rt);
    let df_op = match op {
        ArithOp::Add => Operator::Plus,
        ArithOp::Sub => Operator::Minus,
        ArithOp::Mul => Operator::Multiply,
        ArithOp::Div => Operator::Divide,
        ArithOp::Rem => Operator::Modulo,
    };
    if fits_128(op, lt, rt) {
        // The exact result has at most 38 digits, so 128-bit arithmetic cannot overflow and
        // already yields Spark's type: no 256-bit detour (several times slower) is needed.
        let narrow = |e: DfExpr, (p, s): (u8, i8)| cast(e, ArrowType::Decimal128(p, s));
        let result = binary_expr(narrow(l, lt), df_op, narrow(r, rt));
        return cast(result, ArrowType::Decimal128(p, s));
    }
    if op == ArithOp::Mul && super::decimal_mul::applies(lt, rt) {
        // Only the precision is capped: an overflow-checked 128-bit product is exact.
        let narrow = |e: DfExpr, (p, s): (u8, i8)| cast(e, ArrowType::Decimal128(p, s));
        return super::decimal_mul::decimal_mul_udf(ansi).call(vec![narrow(l, lt), narrow(r, rt)]);
    }
    let wide = |e: DfExpr, (p, s): (u8, i8)| cast(e, ArrowType::Decimal256(p, s));
    let (l, r) = if op == ArithOp::Div {
        // Scale the dividend so that the quotient has (at least) Spark's scale.
        let ls = i16::from(s) + i16::from(rt.1);
        let ls = i8::try_from(ls.clamp(0, 76)).unwrap_or(76);
        let lp = u8::try_from((i16::from(lt.0) - i16::from(lt.1) + i16::from(ls)).clamp(1, 76))
            .unwrap_or(76);
        (wide(l, (lp, ls)), wide(r, rt))
    } else {
        (wide(l, lt), wide(r, rt))
    };
    let result = binary_expr(l, df_op, r);
    let target = ArrowType::Decimal128(p, s);
    if ansi {
        cast(result, target)
    } else {
        try_cast(result, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::col;

    #[test]
    fn fits_128_only_without_precision_loss() {
        assert!(fits_128(ArithOp::Mul, (15, 2), (16, 2)));
        assert!(fits_128(ArithOp::Mul, (18, 2), (19, 2)));
        assert!(!fits_128(ArithOp::Mul, (19, 2), (19, 2)));
        assert!(fits_128(ArithOp::Add, (37, 0), (37, 0)));
        assert!(!fits_128(ArithOp::Add, (38, 0), (1, 0)));
        assert!(!fits_128(ArithOp::Sub, (20, 19), (20, 0)));
        assert!(!fits_128(ArithOp::Div, (5, 2), (5, 2)));
        assert!(!fits_128(ArithOp::Mul, (5, -2), (5, 2)));
    }

    #[test]
    fn narrow_operands_stay_in_128_bits() {
        let small = decimal_binary(ArithOp::Mul, col("a"), (15, 2), col("b"), (16, 2), true);
        assert!(!format!("{small:?}").contains("Decimal256"), "{small:?}");
        let capped = decimal_binary(ArithOp::Mul, col("a"), (32, 4), col("b"), (16, 2), true);
        assert!(format!("{capped:?}").contains("DecimalMul"), "{capped:?}");
        let wide = decimal_binary(ArithOp::Mul, col("a"), (38, 10), col("b"), (38, 10), true);
        assert!(format!("{wide:?}").contains("Decimal256"), "{wide:?}");
    }
}
