//! `bit_get`/`getbit` (Spark's `BitwiseGet`): bit `pos` (from the least significant) of an
//! integral value, as TINYINT. A position outside `[0, bit width)` is
//! `INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE`; a literal position is checked here, a
//! computed one by `datafusion-spark`'s kernel.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::utils::{Renamed, cast_to, is_integral, take_args};

pub(crate) static BIT_GET: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    Renamed::udf(
        "spark_bit_get",
        datafusion_spark::function::bitwise::bit_get(),
    )
});

fn width(t: &ArrowType) -> i64 {
    match t {
        ArrowType::Int8 => 8,
        ArrowType::Int16 => 16,
        ArrowType::Int32 => 32,
        _ => 64,
    }
}

/// Mirrors Spark's `QueryExecutionErrors.bitPositionRangeError`.
fn range_error(name: &str, pos: i64, width: i64) -> SparkError {
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE",
        "22023",
        format!(
            "The value of parameter(s) `pos` in `{name}` is invalid: expects an integer value in [0, {width}), but got {pos}."
        ),
    )
    .param("parameter", "`pos`")
    .param("functionName", format!("`{name}`"))
    .param("upper", width.to_string())
    .param("invalidValue", pos.to_string())
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x, pos] = take_args("bit_get", args)?;
    let (xt, pt) = (ctx.arg_type(&x)?, ctx.arg_type(&pos)?);
    if !(is_integral(&xt) || xt == ArrowType::Null) || !(is_integral(&pt) || pt == ArrowType::Null)
    {
        return Err(crate::errors::unexpected_input_type(
            "bit_get",
            format!("`bit_get` requires integral arguments, got {xt} and {pt}"),
        ));
    }
    if let DfExpr::Literal(v, _) = &pos
        && let Ok(ScalarValue::Int64(Some(p))) = v.cast_to(&ArrowType::Int64)
        && !(0..width(&xt)).contains(&p)
    {
        return Err(range_error("bit_get", p, width(&xt)));
    }
    let xt2 = if xt == ArrowType::Null {
        ArrowType::Int32
    } else {
        xt.clone()
    };
    Ok(BIT_GET.call(vec![
        cast_to(x, &xt, &xt2),
        cast_to(pos, &pt, &ArrowType::Int32),
    ]))
}
