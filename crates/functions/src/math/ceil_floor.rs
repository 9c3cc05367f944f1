//! `ceil`/`ceiling` and `floor` (Spark's `Ceil`, `Floor`): bigint for integral and floating
//! input, `decimal(p - s + 1, 0)` for decimals (from `datafusion-spark`). With a scale they are
//! Spark's `RoundCeil`/`RoundFloor`: the input becomes a decimal (their `inputTypes` are
//! `DecimalType`, so Spark's implicit cast applies) and is rounded toward the infinity by the
//! shared rounding of `round`.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, cast, try_cast};
use sabot_common::{Result, SparkError};

use super::round::{self, Mode};
use crate::FunctionContext;
use crate::errors::{non_foldable_argument, unexpected_input_type};
use crate::utils::{Renamed, check_args, decimal_for_integral, is_string};

pub(crate) static CEIL: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_ceil", datafusion_spark::function::math::ceil()));
pub(crate) static FLOOR: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_floor", datafusion_spark::function::math::floor()));

fn build(
    name: &str,
    f: &Arc<ScalarUDF>,
    mode: Mode,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args(name, &args, 1, 2)?;
    let mut it = args.into_iter();
    let x = it
        .next()
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    let Some(scale) = it.next() else {
        return Ok(f.call(vec![x]));
    };
    // Spark's `CeilFloorExpressionBuilderBase`: the scale is an INT constant, nothing else
    // (not a bigint, not NULL).
    let DfExpr::Literal(ScalarValue::Int32(Some(scale)), _) = scale else {
        return Err(non_foldable_argument(name, "scale", "INT"));
    };
    let t = ctx.arg_type(&x)?;
    let target = match &t {
        ArrowType::Decimal128(..) => None,
        ArrowType::Float32 => Some(ArrowType::Decimal128(14, 7)),
        ArrowType::Float64 => Some(ArrowType::Decimal128(30, 15)),
        // A string becomes the system default decimal(38, 18).
        t if is_string(t) => Some(ArrowType::Decimal128(38, 18)),
        t => match decimal_for_integral(t) {
            Some((p, s)) => Some(ArrowType::Decimal128(p, s)),
            None => {
                return Err(unexpected_input_type(
                    name,
                    format!("`{name}` requires a numeric input, got {t}"),
                ));
            }
        },
    };
    let x = match target {
        None => x,
        // An out-of-range value fails under ANSI and is NULL otherwise, as Spark's Cast.
        Some(d) if ctx.ansi => cast(x, d),
        Some(d) => try_cast(x, d),
    };
    round::call(mode, ctx.ansi, x, scale)
}

pub(crate) fn build_ceil(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build("ceil", &CEIL, Mode::Ceiling, args, ctx)
}

pub(crate) fn build_floor(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build("floor", &FLOOR, Mode::Floor, args, ctx)
}

/// `CEIL(x)` but `ceil(x, 2)`: Spark names the one-argument forms by their SQL keyword.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    match args {
        [_] => super::display_upper(name, args, distinct),
        _ => crate::display_call(name, args, distinct),
    }
}
