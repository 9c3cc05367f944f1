//! `hex` (Spark's `Hex`: upper-case digits of a BIGINT's two's complement, or of the bytes of
//! a STRING/BINARY), `unhex` (Spark's `Unhex`: BINARY, NULL for a non-hex digit) and `bin`
//! (Spark's `Bin`: `Long.toBinaryString`), over `datafusion-spark`.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{Renamed, cast_to, is_binary, is_integral, is_string, take_args};
use datafusion_spark::function::math as ds;

pub(crate) static HEX: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| crate::utils::Renamed::strict("spark_hex", ds::hex()));
pub(crate) static UNHEX: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_unhex", ds::unhex()));
pub(crate) static BIN: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_bin", ds::bin()));

/// Spark's type error; fractional numbers (which Spark casts to BIGINT) are unsupported.
fn type_error(name: &str, expected: &str, t: &ArrowType) -> sabot_common::SparkError {
    if crate::utils::is_floating(t) || crate::utils::is_decimal(t) {
        return sabot_common::SparkError::unsupported(format!("`{name}` of {t}"));
    }
    crate::errors::unexpected_input_type(name, format!("`{name}` requires {expected}, got {t}"))
}

pub(crate) fn build_hex(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("hex", args)?;
    let t = ctx.arg_type(&x)?;
    let x = if is_integral(&t) || t == ArrowType::Null {
        cast_to(x, &t, &ArrowType::Int64)
    } else if is_string(&t) {
        cast_to(x, &t, &ArrowType::Utf8)
    } else if is_binary(&t) {
        cast_to(x, &t, &ArrowType::Binary)
    } else {
        return Err(type_error("hex", "a BIGINT, BINARY or STRING", &t));
    };
    Ok(HEX.call(vec![x]))
}

pub(crate) fn build_unhex(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("unhex", args)?;
    let t = ctx.arg_type(&x)?;
    if !(is_string(&t) || t == ArrowType::Null) {
        return Err(type_error("unhex", "a STRING", &t));
    }
    Ok(UNHEX.call(vec![cast_to(x, &t, &ArrowType::Utf8)]))
}

pub(crate) fn build_bin(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("bin", args)?;
    let t = ctx.arg_type(&x)?;
    if !(is_integral(&t) || t == ArrowType::Null) {
        return Err(type_error("bin", "a BIGINT", &t));
    }
    Ok(BIN.call(vec![cast_to(x, &t, &ArrowType::Int64)]))
}
