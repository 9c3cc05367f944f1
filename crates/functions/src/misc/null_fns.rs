//! `equal_null(a, b)` (`a <=> b`), `nullifzero(x)` (`nullif(x, 0)`) and `zeroifnull(x)`
//! (`coalesce(x, 0)`) (Spark's `EqualNull`, `NullIfZero`, `ZeroIfNull`).

use datafusion::logical_expr::{Expr as DfExpr, lit, when};
use sabot_common::Result;

use crate::FunctionContext;
use crate::errors::from_df;
use crate::utils::{cast_to, null_of, take_args};

pub(crate) fn build_equal_null(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    crate::operators::comparison::build_eq_null_safe(args, distinct, ctx)
}

fn zero_of(
    ctx: &FunctionContext<'_>,
    x: &DfExpr,
) -> Result<(DfExpr, datafusion::arrow::datatypes::DataType)> {
    let t = ctx.arg_type(x)?;
    Ok((
        cast_to(lit(0), &datafusion::arrow::datatypes::DataType::Int32, &t),
        t,
    ))
}

pub(crate) fn build_nullifzero(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("nullifzero", args)?;
    let (zero, t) = zero_of(ctx, &x)?;
    when(x.clone().eq(zero), null_of(&t))
        .otherwise(x)
        .map_err(from_df)
}

pub(crate) fn build_zeroifnull(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("zeroifnull", args)?;
    let (zero, _) = zero_of(ctx, &x)?;
    Ok(datafusion::functions::core::expr_fn::coalesce(vec![
        x, zero,
    ]))
}
