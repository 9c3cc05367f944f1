//! `factorial(n)` (Spark's `Factorial`: BIGINT, NULL outside `[0, 20]`) and `rint(x)` (Spark's
//! `Rint`, Java's `Math.rint`: the nearest integer as a DOUBLE, ties to even), over
//! `datafusion-spark`.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::sqrt_exp::to_double;
use crate::FunctionContext;
use crate::utils::{Renamed, cast_to, is_integral, take_args};

pub(crate) static FACTORIAL: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    Renamed::udf(
        "spark_factorial",
        datafusion_spark::function::math::factorial(),
    )
});

pub(crate) static RINT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_rint", datafusion_spark::function::math::rint()));

pub(crate) fn build_factorial(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [n] = take_args("factorial", args)?;
    let t = ctx.arg_type(&n)?;
    if !(is_integral(&t) || t == ArrowType::Null) {
        return Err(crate::errors::unexpected_input_type(
            "factorial",
            format!("`factorial` requires an INT argument, got {t}"),
        ));
    }
    Ok(FACTORIAL.call(vec![cast_to(n, &t, &ArrowType::Int32)]))
}

pub(crate) fn build_rint(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("rint", args)?;
    Ok(RINT.call(vec![to_double(x, ctx)?]))
}
