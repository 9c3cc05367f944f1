//! `sqrt(x)` and `exp(x)` on doubles (`sqrt` of a negative number is NaN, as in Java, where
//! DataFusion's `sqrt` fails).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions::math::expr_fn::{exp, sqrt};
use datafusion::logical_expr::{Case, Expr as DfExpr, Operator, binary_expr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

/// The argument as a double (Spark's implicit cast for `DoubleType` inputs).
pub(crate) fn to_double(x: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&x)?;
    Ok(crate::utils::cast_to(x, &t, &ArrowType::Float64))
}

pub(crate) fn build_sqrt(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("sqrt", args)?;
    let x = to_double(x, ctx)?;
    // Arrow compares floats in total order, where only negative numbers sort below -0.0.
    let negative = binary_expr(x.clone(), Operator::Lt, lit(-0.0f64));
    Ok(DfExpr::Case(Case::new(
        None,
        vec![(Box::new(negative), Box::new(lit(f64::NAN)))],
        Some(Box::new(sqrt(x))),
    )))
}

pub(crate) fn build_exp(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("exp", args)?;
    Ok(exp(to_double(x, ctx)?))
}
