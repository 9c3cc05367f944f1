//! `stddev`/`stddev_samp`/`std`, `stddev_pop`, `variance`/`var_samp`, `var_pop` (Spark's
//! `CentralMomentAgg` family): doubles; the sample forms are NULL for a single row.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions_aggregate::expr_fn::{stddev, stddev_pop, var_pop, var_sample};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::with_distinct;
use crate::FunctionContext;
use crate::utils::{cast_to, take_args};

fn build(
    name: &str,
    f: fn(DfExpr) -> DfExpr,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args(name, args)?;
    let t = ctx.arg_type(&x)?;
    with_distinct(f(cast_to(x, &t, &ArrowType::Float64)), distinct)
}

pub(crate) fn build_stddev(
    args: Vec<DfExpr>,
    d: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("stddev", stddev, args, d, ctx)
}

pub(crate) fn build_stddev_pop(
    args: Vec<DfExpr>,
    d: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("stddev_pop", stddev_pop, args, d, ctx)
}

pub(crate) fn build_variance(
    args: Vec<DfExpr>,
    d: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("variance", var_sample, args, d, ctx)
}

pub(crate) fn build_var_pop(
    args: Vec<DfExpr>,
    d: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("var_pop", var_pop, args, d, ctx)
}
