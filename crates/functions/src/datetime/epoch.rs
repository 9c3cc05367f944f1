//! Epoch conversions: `timestamp_seconds`/`_millis`/`_micros`, `unix_seconds`/`_millis`/
//! `_micros` (rounded down, Spark's `Math.floorDiv`), `unix_date` and `date_from_unix_date`.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, cast};
use sabot_common::Result;

use super::args::{date_arg, ltz_type};
use super::dt_udf::{Op, Unit, call, dt_udf};
use super::to_timestamp::FROM_SECONDS;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{is_decimal, is_floating, is_integral, null_of, take_args};

static FROM_MILLIS: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_timestamp_millis", Op::FromEpoch(Unit::Millis)));
static FROM_MICROS: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_timestamp_micros", Op::FromEpoch(Unit::Micros)));
static TO_SECONDS: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_unix_seconds", Op::ToEpoch(Unit::Seconds)));
static TO_MILLIS: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_unix_millis", Op::ToEpoch(Unit::Millis)));
static TO_MICROS: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_unix_micros", Op::ToEpoch(Unit::Micros)));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    [
        &FROM_MILLIS,
        &FROM_MICROS,
        &TO_SECONDS,
        &TO_MILLIS,
        &TO_MICROS,
    ]
    .into_iter()
    .map(|u| Arc::clone(u))
    .collect()
}

fn from_epoch(
    name: &str,
    udf: &ScalarUDF,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
    fractional: bool,
) -> Result<DfExpr> {
    let [x] = take_args(name, args)?;
    let t = ctx.arg_type(&x)?;
    if t == ArrowType::Null {
        return Ok(null_of(&ltz_type(ctx)));
    }
    let ok = is_integral(&t) || (fractional && (is_floating(&t) || is_decimal(&t)));
    if !ok {
        let expected = if fractional {
            "\"NUMERIC\""
        } else {
            "\"INTEGRAL\""
        };
        return Err(unexpected_input_type(
            name,
            format!("the first argument requires the {expected} type, not {t}"),
        ));
    }
    Ok(call(udf, vec![x], ctx.time_zone, ctx.ansi))
}

pub(crate) fn build_timestamp_seconds(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    from_epoch("timestamp_seconds", &FROM_SECONDS, a, ctx, true)
}

pub(crate) fn build_timestamp_millis(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    from_epoch("timestamp_millis", &FROM_MILLIS, a, ctx, false)
}

pub(crate) fn build_timestamp_micros(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    from_epoch("timestamp_micros", &FROM_MICROS, a, ctx, false)
}

fn to_epoch(
    name: &str,
    udf: &ScalarUDF,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args(name, args)?;
    let t = ctx.arg_type(&x)?;
    // Spark accepts timestamps only (no implicit cast from strings or dates).
    let x = match t {
        ArrowType::Timestamp(_, Some(_)) => x,
        ArrowType::Timestamp(_, None) => super::args::ltz_arg(name, x, ctx)?,
        ArrowType::Null => null_of(&ltz_type(ctx)),
        t => {
            return Err(unexpected_input_type(
                name,
                format!("the first parameter requires the \"TIMESTAMP\" type, not {t}"),
            ));
        }
    };
    Ok(call(udf, vec![x], ctx.time_zone, ctx.ansi))
}

pub(crate) fn build_unix_seconds(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    to_epoch("unix_seconds", &TO_SECONDS, a, ctx)
}

pub(crate) fn build_unix_millis(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    to_epoch("unix_millis", &TO_MILLIS, a, ctx)
}

pub(crate) fn build_unix_micros(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    to_epoch("unix_micros", &TO_MICROS, a, ctx)
}

pub(crate) fn build_unix_date(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("unix_date", a)?;
    let t = ctx.arg_type(&x)?;
    if !matches!(t, ArrowType::Date32 | ArrowType::Null) {
        return Err(unexpected_input_type(
            "unix_date",
            format!("the first parameter requires the \"DATE\" type, not {t}"),
        ));
    }
    let x = date_arg("unix_date", x, ctx)?;
    Ok(cast(x, ArrowType::Int32))
}

pub(crate) fn build_date_from_unix_date(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("date_from_unix_date", a)?;
    let t = ctx.arg_type(&x)?;
    if !(is_integral(&t) || t == ArrowType::Null) {
        return Err(unexpected_input_type(
            "date_from_unix_date",
            format!("the first argument requires the \"INT\" type, not {t}"),
        ));
    }
    Ok(cast(cast(x, ArrowType::Int32), ArrowType::Date32))
}
