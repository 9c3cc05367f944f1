//! `bit_and`, `bit_or`, `bit_xor` aggregates (Spark's `BitAndAgg`, `BitOrAgg`, `BitXorAgg`):
//! over an integral column, of its type; NULLs are skipped and no non-NULL row gives NULL.

use datafusion::functions_aggregate::expr_fn::{bit_and, bit_or, bit_xor};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::aggregate::with_distinct;
use crate::utils::{is_integral, take_args};

fn build(
    name: &str,
    f: fn(DfExpr) -> DfExpr,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args(name, args)?;
    let t = ctx.arg_type(&x)?;
    if !is_integral(&t) {
        return Err(crate::errors::unexpected_input_type(
            name,
            format!("`{name}` requires an integral argument, got {t}"),
        ));
    }
    with_distinct(f(x), distinct)
}

pub(crate) fn build_and(args: Vec<DfExpr>, d: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build("bit_and", bit_and, args, d, ctx)
}

pub(crate) fn build_or(args: Vec<DfExpr>, d: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build("bit_or", bit_or, args, d, ctx)
}

pub(crate) fn build_xor(args: Vec<DfExpr>, d: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build("bit_xor", bit_xor, args, d, ctx)
}
