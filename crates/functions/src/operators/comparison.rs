//! Comparisons `==`/`=`, `!=`/`<>`, `<`, `<=`, `>`, `>=` and the null-safe `<=>`
//! (Spark's `EqualTo`, `EqualNullSafe`, `LessThan`, ...).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr, cast, not, try_cast};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{is_decimal, is_floating, is_integral, is_string, take_args};

fn compare(
    name: &str,
    op: Operator,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [l, r] = take_args(name, args)?;
    let (lt, rt) = (ctx.arg_type(&l)?, ctx.arg_type(&r)?);
    if let Some(map) = [&lt, &rt]
        .into_iter()
        .find(|t| matches!(t, ArrowType::Map(..)) || crate::variant::is_variant(t))
    {
        let symbol = if name == "==" { "=" } else { name };
        return Err(super::type_mismatch::invalid_ordering_type(symbol, map));
    }
    let (l, r) = crate::datetime::time::string_operands(l, &lt, r, &rt, ctx)?;
    let (l, r) = match (
        string_target(&lt, &rt, ctx.ansi),
        string_target(&rt, &lt, ctx.ansi),
    ) {
        (Some(t), _) => (implicit(l, t, ctx.ansi), r),
        (_, Some(t)) => (l, implicit(r, t, ctx.ansi)),
        _ => (l, r),
    };
    Ok(binary_expr(l, op, r))
}

/// The type a string operand compared with a number or a boolean takes (Spark's
/// `findCommonTypeForBinaryComparison`: the number's type; a `bigint` for any integral type
/// under ANSI).
fn string_target(t: &ArrowType, other: &ArrowType, ansi: bool) -> Option<ArrowType> {
    if !is_string(t) {
        return None;
    }
    if is_integral(other) {
        Some(if ansi {
            ArrowType::Int64
        } else {
            other.clone()
        })
    } else if is_floating(other) || is_decimal(other) || *other == ArrowType::Boolean {
        Some(other.clone())
    } else {
        None
    }
}

/// Invalid text fails under ANSI (`CAST_INVALID_INPUT`) and is NULL otherwise.
fn implicit(e: DfExpr, t: ArrowType, ansi: bool) -> DfExpr {
    if ansi { cast(e, t) } else { try_cast(e, t) }
}

pub(crate) fn build_eq(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare("==", Operator::Eq, args, ctx)
}

/// `a != b` is `NOT (a = b)` in Spark, which is also how it is named.
pub(crate) fn build_not_eq(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    Ok(not(compare("!=", Operator::Eq, args, ctx)?))
}

pub(crate) fn build_eq_null_safe(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    compare("<=>", Operator::IsNotDistinctFrom, args, ctx)
}

pub(crate) fn build_lt(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare("<", Operator::Lt, args, ctx)
}

pub(crate) fn build_lt_eq(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare("<=", Operator::LtEq, args, ctx)
}

pub(crate) fn build_gt(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare(">", Operator::Gt, args, ctx)
}

pub(crate) fn build_gt_eq(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare(">=", Operator::GtEq, args, ctx)
}
