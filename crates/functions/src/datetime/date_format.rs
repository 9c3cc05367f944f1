//! `date_format(ts, pattern)` and `from_unixtime(seconds[, pattern])` (Spark's `DateFormatClass`,
//! `FromUnixTime`): a timestamp printed with a Spark datetime pattern in the session zone.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, cast, lit};
use sabot_common::Result;

use super::args::{string_arg, timestamp_arg};
use super::dt_udf::{Op, call, dt_udf};
use super::to_timestamp::{DEFAULT_PATTERN, check_literal_pattern};
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{check_args, is_decimal, is_floating, is_integral, is_string, take_args};

static FORMAT: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| dt_udf("spark_date_format", Op::Format));
static FROM_UNIXTIME: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_from_unixtime", Op::FromUnixtime));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&FORMAT), Arc::clone(&FROM_UNIXTIME)]
}

pub(crate) fn build_date_format(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x, fmt] = take_args("date_format", args)?;
    let x = super::time::time_as_timestamp(x, ctx)?;
    let x = timestamp_arg("date_format", x, ctx)?;
    let fmt = string_arg("date_format", fmt, ctx)?;
    check_literal_pattern(&fmt, false)?;
    Ok(call(&FORMAT, vec![x, fmt], ctx.time_zone, ctx.ansi))
}

pub(crate) fn build_from_unixtime(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("from_unixtime", &args, 1, 2)?;
    let mut it = args.into_iter();
    let x = it.next().unwrap_or_else(|| lit(0i64));
    let fmt = it.next().unwrap_or_else(|| lit(DEFAULT_PATTERN));
    let t = ctx.arg_type(&x)?;
    let numeric = is_integral(&t) || is_floating(&t) || is_decimal(&t);
    // Strings are read as Spark casts them to `bigint` (in the UDF, for Spark's errors).
    let x = if is_string(&t) {
        x
    } else if numeric || t == ArrowType::Null {
        cast(x, ArrowType::Int64)
    } else {
        return Err(unexpected_input_type(
            "from_unixtime",
            format!("the first argument requires the \"BIGINT\" type, not {t}"),
        ));
    };
    let fmt = string_arg("from_unixtime", fmt, ctx)?;
    check_literal_pattern(&fmt, false)?;
    Ok(call(&FROM_UNIXTIME, vec![x, fmt], ctx.time_zone, ctx.ansi))
}

/// `from_unixtime(x)` is shown with its default pattern.
pub(crate) fn display_from_unixtime(name: &str, args: &[String], _: bool) -> String {
    match args {
        [x] => format!("{name}({x}, {DEFAULT_PATTERN})"),
        _ => format!("{name}({})", args.join(", ")),
    }
}
