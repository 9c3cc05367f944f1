//! `space(n)` (Spark's `StringSpace`: `n` spaces, "" for `n <= 0`) and `luhn_check(str)`
//! (Spark's `Luhncheck`: whether the digits pass the Luhn checksum; false for "" or a
//! non-digit), both from `datafusion-spark`.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{Renamed, cast_to, take_args};

pub(crate) static SPACE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_space", datafusion_spark::function::string::space()));

pub(crate) static LUHN_CHECK: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    Renamed::udf(
        "spark_luhn_check",
        datafusion_spark::function::string::luhn_check(),
    )
});

pub(crate) fn build_space(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [n] = take_args("space", args)?;
    // `IntegerType` with an implicit cast: any number (a fraction truncated), nothing else.
    let t = ctx.arg_type(&n)?;
    if !(t.is_numeric() || t == ArrowType::Null) {
        return Err(unexpected_input_type(
            "space",
            format!("requires \"INT\" type, not {t}"),
        ));
    }
    Ok(SPACE.call(vec![cast_to(n, &t, &ArrowType::Int32)]))
}

pub(crate) fn build_luhn_check(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [s] = take_args("luhn_check", args)?;
    let t = ctx.arg_type(&s)?;
    Ok(LUHN_CHECK.call(vec![cast_to(s, &t, &ArrowType::Utf8)]))
}
