//! Spark's operand typing for arithmetic (`BinaryArithmetic` with the `ImplicitTypeCasts` and
//! `DecimalPrecision` rules): which common type `a op b` is computed in.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{
    cast_to, decimal_for_integral, is_decimal, is_floating, is_integral, is_string, wider_integral,
};

/// The arithmetic operators, for decimal result typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// How two operands are computed, after casting both.
pub(crate) enum Operands {
    /// Both cast to this integral type.
    Integral(DfExpr, DfExpr, ArrowType),
    /// Both cast to this floating type.
    Floating(DfExpr, DfExpr, ArrowType),
    /// Both decimals (integral operands converted); the inputs' `(precision, scale)`.
    Decimal(DfExpr, (u8, i8), DfExpr, (u8, i8)),
}

/// Resolves the operand types of `l op r` as Spark does.
pub(crate) fn resolve(
    symbol: &str,
    l: DfExpr,
    r: DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<Operands> {
    let lt = ctx.arg_type(&l)?;
    let rt = ctx.arg_type(&r)?;
    if ctx.ansi && is_string(&lt) && is_string(&rt) {
        return Err(super::type_mismatch::binary_op_wrong_type(symbol, &lt));
    }
    // ANSI reads text as a number only beside a number: text with an untyped NULL is two
    // strings to Spark.
    if ctx.ansi
        && ((is_string(&lt) && rt == ArrowType::Null) || (lt == ArrowType::Null && is_string(&rt)))
    {
        let text = if is_string(&lt) { &lt } else { &rt };
        return Err(super::type_mismatch::binary_op_wrong_type(symbol, text));
    }
    let lt2 = implicit_type(&lt, &rt, ctx.ansi);
    let rt2 = implicit_type(&rt, &lt2, ctx.ansi);
    let (l, r) = (
        implicit_cast(l, &lt, &lt2, ctx.ansi),
        implicit_cast(r, &rt, &rt2, ctx.ansi),
    );
    let (lt, rt) = (lt2, rt2);
    if is_integral(&lt) && is_integral(&rt) {
        let t = wider_integral(&lt, &rt);
        return Ok(Operands::Integral(
            cast_to(l, &lt, &t),
            cast_to(r, &rt, &t),
            t,
        ));
    }
    if (is_floating(&lt) || is_floating(&rt))
        && (is_floating(&lt) || is_integral(&lt) || is_decimal(&lt))
        && (is_floating(&rt) || is_integral(&rt) || is_decimal(&rt))
    {
        // float op float/integral stays float; anything with a double or a decimal is double.
        // Under ANSI a float next to any integral type widens to double
        // (`AnsiTypeCoercion.findTightestCommonType`: no digits are lost).
        let t = if matches!(lt, ArrowType::Float64 | ArrowType::Decimal128(_, _))
            || matches!(rt, ArrowType::Float64 | ArrowType::Decimal128(_, _))
            || (ctx.ansi && (is_integral(&lt) || is_integral(&rt)))
        {
            ArrowType::Float64
        } else {
            ArrowType::Float32
        };
        return Ok(Operands::Floating(
            cast_to(l, &lt, &t),
            cast_to(r, &rt, &t),
            t,
        ));
    }
    if let (Some(ld), Some(rd)) = (decimal_for_operand(&l, &lt), decimal_for_operand(&r, &rt)) {
        let l = cast_to(l, &lt, &ArrowType::Decimal128(ld.0, ld.1));
        let r = cast_to(r, &rt, &ArrowType::Decimal128(rd.0, rd.1));
        return Ok(Operands::Decimal(l, ld, r, rd));
    }
    if (is_other_type(&lt) || is_other_type(&rt)) && !is_string(&lt) && !is_string(&rt) {
        return Err(super::type_mismatch::binary_op_diff_types(symbol, &lt, &rt));
    }
    Err(super::type_mismatch::arithmetic_type_error(
        symbol, &lt, &rt,
    ))
}

/// Types no arithmetic accepts (Spark rejects them with `BINARY_OP_DIFF_TYPES`); dates,
/// timestamps and intervals have their own arithmetic, not handled here.
fn is_other_type(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Boolean
            | ArrowType::Binary
            | ArrowType::LargeBinary
            | ArrowType::BinaryView
            | ArrowType::List(_)
            | ArrowType::LargeList(_)
            | ArrowType::Struct(_)
            | ArrowType::Map(..)
    )
}

/// The implicit cast of an operand: a string that is not a number fails under ANSI and is
/// NULL otherwise, as Spark's implicit `Cast` does.
fn implicit_cast(e: DfExpr, from: &ArrowType, to: &ArrowType, ansi: bool) -> DfExpr {
    if !ansi && is_string(from) && from != to {
        datafusion::logical_expr::try_cast(e, to.clone())
    } else {
        cast_to(e, from, to)
    }
}

/// The decimal an integral operand is widened to next to a decimal. An integer literal takes
/// only the digits it needs (Spark's `DecimalPrecision` with `DecimalType.fromLiteral`), so
/// `2 * 3.5` is `decimal(4,1)`, not `decimal(13,1)`.
fn decimal_for_operand(e: &DfExpr, t: &ArrowType) -> Option<(u8, i8)> {
    use datafusion::common::ScalarValue as S;
    let literal = match e {
        DfExpr::Literal(S::Int8(Some(v)), _) => Some(i64::from(*v)),
        DfExpr::Literal(S::Int16(Some(v)), _) => Some(i64::from(*v)),
        DfExpr::Literal(S::Int32(Some(v)), _) => Some(i64::from(*v)),
        DfExpr::Literal(S::Int64(Some(v)), _) => Some(*v),
        _ => None,
    };
    match literal {
        Some(v) => Some((v.unsigned_abs().to_string().len() as u8, 0)),
        None => decimal_for_integral(t),
    }
}

/// The type an operand takes before typing: NULL takes the other side's type and strings
/// become numbers (`bigint` under ANSI next to an integral, `double` otherwise), as Spark's
/// implicit casts do.
fn implicit_type(t: &ArrowType, other: &ArrowType, ansi: bool) -> ArrowType {
    match t {
        ArrowType::Null if is_integral(other) || is_floating(other) || is_decimal(other) => {
            other.clone()
        }
        ArrowType::Null => ArrowType::Float64,
        t if is_string(t) => {
            if ansi && (is_integral(other) || is_string(other)) {
                ArrowType::Int64
            } else {
                ArrowType::Float64
            }
        }
        t => t.clone(),
    }
}

/// Spark's decimal result type of `op` (`DecimalPrecision` with precision loss allowed).
pub(crate) fn decimal_result(op: ArithOp, (p1, s1): (u8, i8), (p2, s2): (u8, i8)) -> (u8, i8) {
    let (p1, s1, p2, s2) = (i32::from(p1), i32::from(s1), i32::from(p2), i32::from(s2));
    let (p, s) = match op {
        ArithOp::Add | ArithOp::Sub => {
            let s = s1.max(s2);
            ((p1 - s1).max(p2 - s2) + s + 1, s)
        }
        ArithOp::Mul => (p1 + p2 + 1, s1 + s2),
        ArithOp::Div => {
            let s = 6.max(s1 + p2 + 1);
            (p1 - s1 + s2 + s, s)
        }
        ArithOp::Rem => {
            let s = s1.max(s2);
            ((p1 - s1).min(p2 - s2) + s, s)
        }
    };
    adjust_precision_scale(p, s)
}

/// Spark's `DecimalType.adjustPrecisionScale`: keep the integral digits, give up scale down to
/// 6 digits when the precision exceeds 38.
fn adjust_precision_scale(p: i32, s: i32) -> (u8, i8) {
    const MAX: i32 = 38;
    const MIN_ADJUSTED_SCALE: i32 = 6;
    let (p, s) = if p <= MAX {
        (p, s)
    } else if s < 0 {
        (MAX, s)
    } else {
        let int_digits = p - s;
        let min_scale = s.min(MIN_ADJUSTED_SCALE);
        (MAX, (MAX - int_digits).max(min_scale))
    };
    (
        u8::try_from(p.clamp(1, MAX)).unwrap_or(38),
        i8::try_from(s.clamp(-38, MAX)).unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_types_match_spark() {
        assert_eq!(decimal_result(ArithOp::Add, (10, 0), (5, 2)), (13, 2));
        assert_eq!(decimal_result(ArithOp::Add, (5, 2), (5, 2)), (6, 2));
        assert_eq!(decimal_result(ArithOp::Mul, (5, 2), (5, 2)), (11, 4));
        assert_eq!(decimal_result(ArithOp::Div, (5, 2), (5, 2)), (13, 8));
        assert_eq!(decimal_result(ArithOp::Div, (10, 0), (5, 2)), (18, 6));
        assert_eq!(decimal_result(ArithOp::Rem, (5, 2), (10, 0)), (5, 2));
        assert_eq!(decimal_result(ArithOp::Mul, (38, 10), (38, 10)), (38, 6));
        assert_eq!(decimal_result(ArithOp::Div, (38, 10), (38, 10)), (38, 6));
        assert_eq!(decimal_result(ArithOp::Add, (38, 0), (10, 0)), (38, 0));
    }
}
