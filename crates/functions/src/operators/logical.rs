//! `and`, `or`, `not` with SQL's three-valued logic (Spark's `And`, `Or`, `Not`).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr, cast, not, try_cast};
use sabot_common::Result;

use super::type_mismatch::{binary_op_diff_types, binary_op_wrong_type, unexpected_type};
use crate::FunctionContext;
use crate::utils::{is_string, take_args};

pub(crate) fn build_and(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [l, r] = take_args("and", args)?;
    let (l, r) = boolean_operands("AND", l, r, ctx)?;
    Ok(binary_expr(l, Operator::And, r))
}

pub(crate) fn build_or(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [l, r] = take_args("or", args)?;
    let (l, r) = boolean_operands("OR", l, r, ctx)?;
    Ok(binary_expr(l, Operator::Or, r))
}

pub(crate) fn build_not(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("not", args)?;
    let x = boolean(x, ctx)?;
    let t = ctx.arg_type(&x)?;
    if !is_boolean(&t) {
        return Err(unexpected_type("NOT", "first", "BOOLEAN", &t));
    }
    Ok(not(x))
}

fn is_boolean(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Boolean | ArrowType::Null)
}

/// Both operands as booleans; other types are Spark's `BINARY_OP_DIFF_TYPES` (or
/// `BINARY_OP_WRONG_TYPE` when both have the same non-boolean type).
fn boolean_operands(
    symbol: &str,
    l: DfExpr,
    r: DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<(DfExpr, DfExpr)> {
    let (l, r) = (boolean(l, ctx)?, boolean(r, ctx)?);
    let (lt, rt) = (ctx.arg_type(&l)?, ctx.arg_type(&r)?);
    if is_boolean(&lt) && is_boolean(&rt) {
        return Ok((l, r));
    }
    if lt == rt {
        return Err(binary_op_wrong_type(symbol, &lt));
    }
    Err(binary_op_diff_types(symbol, &lt, &rt))
}

/// A string operand is implicitly cast to boolean (Spark's `ImplicitTypeCasts`): invalid text
/// fails under ANSI (`CAST_INVALID_INPUT`) and is NULL otherwise.
fn boolean(x: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    if !is_string(&ctx.arg_type(&x)?) {
        return Ok(x);
    }
    Ok(if ctx.ansi {
        cast(x, ArrowType::Boolean)
    } else {
        try_cast(x, ArrowType::Boolean)
    })
}
