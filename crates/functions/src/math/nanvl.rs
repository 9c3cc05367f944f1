//! `nanvl(a, b)` (Spark's `NaNvl`): `b` when `a` is NaN, else `a`; both FLOAT stay FLOAT,
//! anything else numeric is compared as DOUBLE.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions::math::expr_fn::isnan;
use datafusion::logical_expr::{Case, Expr as DfExpr};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{cast_to, is_decimal, is_floating, is_integral, take_args};

fn numeric(t: &ArrowType) -> bool {
    is_integral(t) || is_floating(t) || is_decimal(t) || *t == ArrowType::Null
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a, b] = take_args("nanvl", args)?;
    let (at, bt) = (ctx.arg_type(&a)?, ctx.arg_type(&b)?);
    if !numeric(&at) || !numeric(&bt) {
        return Err(crate::errors::unexpected_input_type(
            "nanvl",
            format!("`nanvl` requires DOUBLE or FLOAT arguments, got {at} and {bt}"),
        ));
    }
    let t = if at == ArrowType::Float32 && bt == ArrowType::Float32 {
        ArrowType::Float32
    } else {
        ArrowType::Float64
    };
    let a = cast_to(a, &at, &t);
    let b = cast_to(b, &bt, &t);
    Ok(DfExpr::Case(Case::new(
        None,
        vec![(Box::new(isnan(a.clone())), Box::new(b))],
        Some(Box::new(a)),
    )))
}
