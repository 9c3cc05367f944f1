//! `degrees`/`radians` (Spark's `ToDegrees`/`ToRadians`, `java.lang.Math.toDegrees`), `cbrt`,
//! `expm1` and `hypot`: double-valued functions whose DataFusion (or `datafusion-spark`)
//! implementations compute what `java.lang.Math` does.

use std::sync::{Arc, LazyLock};

use datafusion::functions::math::expr_fn;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::sqrt_exp::to_double;
use crate::FunctionContext;
use crate::utils::{Renamed, take_args};

pub(crate) static EXPM1: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_expm1", datafusion_spark::function::math::expm1()));

pub(crate) static HYPOT: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    crate::utils::Renamed::strict("spark_hypot", datafusion_spark::function::math::hypot())
});

pub(crate) fn build_degrees(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("degrees", args)?;
    Ok(expr_fn::degrees(to_double(x, ctx)?))
}

pub(crate) fn build_radians(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("radians", args)?;
    Ok(expr_fn::radians(to_double(x, ctx)?))
}

pub(crate) fn build_cbrt(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("cbrt", args)?;
    Ok(expr_fn::cbrt(to_double(x, ctx)?))
}

pub(crate) fn build_expm1(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("expm1", args)?;
    Ok(EXPM1.call(vec![to_double(x, ctx)?]))
}

pub(crate) fn build_hypot(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a, b] = take_args("hypot", args)?;
    Ok(HYPOT.call(vec![to_double(a, ctx)?, to_double(b, ctx)?]))
}
