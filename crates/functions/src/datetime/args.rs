//! Spark's implicit casts of datetime function arguments: strings and dates become
//! `TIMESTAMP` (read in the session zone), as the expressions' `inputTypes` ask.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::dt_udf::{Op, Target, call, dt_udf};
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{is_string, null_of};

pub(crate) static CAST_LTZ: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_string_to_timestamp", Op::Cast(Target::Ltz)));
pub(crate) static CAST_NTZ: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_string_to_timestamp_ntz", Op::Cast(Target::Ntz)));
pub(crate) static CAST_DATE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_string_to_date", Op::Cast(Target::Date)));
pub(crate) static TO_LTZ: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_datetime_to_timestamp", Op::Convert(Target::Ltz)));
pub(crate) static TO_NTZ: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_datetime_to_timestamp_ntz", Op::Convert(Target::Ntz)));
pub(crate) static TO_DATE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_datetime_to_date", Op::Convert(Target::Date)));
pub(crate) static TO_UNIX: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_datetime_to_unix", Op::Convert(Target::Unix)));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    [
        &CAST_LTZ, &CAST_NTZ, &CAST_DATE, &TO_LTZ, &TO_NTZ, &TO_DATE, &TO_UNIX,
    ]
    .into_iter()
    .map(|u| Arc::clone(u))
    .collect()
}

/// Text as a `TIMESTAMP_NTZ` (failing under ANSI, else NULL).
pub(crate) fn ntz_from_text(e: DfExpr, ctx: &FunctionContext<'_>) -> DfExpr {
    call(&CAST_NTZ, vec![e], ctx.time_zone, ctx.ansi)
}

pub(crate) fn ltz_type(ctx: &FunctionContext<'_>) -> ArrowType {
    ArrowType::Timestamp(TimeUnit::Microsecond, Some(Arc::from(ctx.time_zone)))
}

/// A string/date/timestamp argument as a timestamp (an `TIMESTAMP_NTZ` stays one).
pub(crate) fn timestamp_arg(func: &str, e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    Ok(match t {
        ArrowType::Timestamp(..) => e,
        ArrowType::Date32 => call(&TO_LTZ, vec![e], ctx.time_zone, ctx.ansi),
        ArrowType::Null => null_of(&ltz_type(ctx)),
        t if is_string(&t) => call(&CAST_LTZ, vec![e], ctx.time_zone, ctx.ansi),
        t => return Err(type_error(func, "\"TIMESTAMP\"", &t)),
    })
}

/// A string/date/timestamp argument as a `TIMESTAMP` (an instant).
pub(crate) fn ltz_arg(func: &str, e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    if matches!(t, ArrowType::Timestamp(_, None)) {
        return Ok(call(&TO_LTZ, vec![e], ctx.time_zone, ctx.ansi));
    }
    timestamp_arg(func, e, ctx)
}

/// A string/date/timestamp argument as a `DATE`.
pub(crate) fn date_arg(func: &str, e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    Ok(match t {
        ArrowType::Date32 => e,
        ArrowType::Timestamp(..) => call(&TO_DATE, vec![e], ctx.time_zone, ctx.ansi),
        ArrowType::Null => null_of(&ArrowType::Date32),
        t if is_string(&t) => call(&CAST_DATE, vec![e], ctx.time_zone, ctx.ansi),
        t => return Err(type_error(func, "\"DATE\"", &t)),
    })
}

/// A string argument (`NULL` stays a string NULL).
pub(crate) fn string_arg(func: &str, e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    Ok(match t {
        ArrowType::Null => null_of(&ArrowType::Utf8),
        t if is_string(&t) => e,
        t => return Err(type_error(func, "\"STRING\"", &t)),
    })
}

fn type_error(func: &str, expected: &str, t: &ArrowType) -> sabot_common::SparkError {
    unexpected_input_type(func, format!("requires {expected} type, not {t}"))
}
