//! `and`, `or`, `not` with SQL's three-valued logic (Spark's `And`, `Or`, `Not`).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr, cast, not, try_cast};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{is_string, take_args};

pub(crate) fn build_and(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [l, r] = take_args("and", args)?;
    Ok(binary_expr(
        boolean(l, ctx)?,
        Operator::And,
        boolean(r, ctx)?,
    ))
}

pub(crate) fn build_or(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [l, r] = take_args("or", args)?;
    Ok(binary_expr(
        boolean(l, ctx)?,
        Operator::Or,
        boolean(r, ctx)?,
    ))
}

pub(crate) fn build_not(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("not", args)?;
    Ok(not(boolean(x, ctx)?))
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
