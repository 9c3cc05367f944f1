//! Time-zone functions: `from_utc_timestamp`, `to_utc_timestamp` (Spark's
//! `DateTimeUtils.fromUTCTime`/`toUTCTime`), `convert_timezone`, `current_timezone()` and
//! `localtimestamp()` (the session zone's wall-clock time as a `TIMESTAMP_NTZ`).

use std::sync::{Arc, LazyLock};

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use sabot_common::Result;

use super::args::{CAST_NTZ, TO_NTZ, ltz_arg, string_arg};
use super::dt_udf::{Op, call, dt_udf};
use super::zone::{Zone, micros_to_naive, naive_to_micros};
use crate::FunctionContext;
use crate::utils::{check_args, is_string, take_args};

static FROM_UTC: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_from_utc_timestamp", Op::FromUtc));
static TO_UTC: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_to_utc_timestamp", Op::ToUtc));
static CONVERT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_convert_timezone", Op::ConvertTz));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::clone(&FROM_UTC),
        Arc::clone(&TO_UTC),
        Arc::clone(&CONVERT),
    ]
}

fn shift(
    name: &str,
    udf: &ScalarUDF,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [ts, zone] = take_args(name, args)?;
    let ts = ltz_arg(name, ts, ctx)?;
    let zone = string_arg(name, zone, ctx)?;
    if let DfExpr::Literal(ScalarValue::Utf8(Some(z)), _) = &zone {
        Zone::of(z)?;
    }
    Ok(call(udf, vec![ts, zone], ctx.time_zone, ctx.ansi))
}

pub(crate) fn build_from_utc_timestamp(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    shift("from_utc_timestamp", &FROM_UTC, args, ctx)
}

pub(crate) fn build_to_utc_timestamp(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    shift("to_utc_timestamp", &TO_UTC, args, ctx)
}

pub(crate) fn build_convert_timezone(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("convert_timezone", &args, 2, 3)?;
    let mut args = args;
    if args.len() == 2 {
        args.insert(0, lit(ctx.time_zone.to_string()));
    }
    let [from, to, ts] = take_args("convert_timezone", args)?;
    let from = string_arg("convert_timezone", from, ctx)?;
    let to = string_arg("convert_timezone", to, ctx)?;
    for z in [&from, &to] {
        if let DfExpr::Literal(ScalarValue::Utf8(Some(z)), _) = z {
            Zone::of(z)?;
        }
    }
    let t = ctx.arg_type(&ts)?;
    let ts = if is_string(&t) {
        call(&CAST_NTZ, vec![ts], ctx.time_zone, ctx.ansi)
    } else if matches!(
        t,
        datafusion::arrow::datatypes::DataType::Timestamp(_, None)
    ) {
        ts
    } else {
        call(&TO_NTZ, vec![ts], ctx.time_zone, ctx.ansi)
    };
    Ok(call(&CONVERT, vec![from, to, ts], ctx.time_zone, ctx.ansi))
}

/// `convert_timezone(to, ts)` is shown with `current_timezone()` as its source zone.
pub(crate) fn display_convert_timezone(name: &str, args: &[String], _: bool) -> String {
    if args.len() == 2 {
        format!("{name}(current_timezone(), {})", args.join(", "))
    } else {
        format!("{name}({})", args.join(", "))
    }
}

pub(crate) fn build_current_timezone(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("current_timezone", args)?;
    Ok(lit(ctx.time_zone.to_string()))
}

pub(crate) fn build_localtimestamp(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("localtimestamp", args)?;
    Ok(lit(ScalarValue::TimestampMicrosecond(
        local_now(ctx)?,
        None,
    )))
}

/// The session zone's wall-clock time at the query's instant, in microseconds.
pub(crate) fn local_now(ctx: &FunctionContext<'_>) -> Result<Option<i64>> {
    let zone = Zone::of(ctx.time_zone)?;
    Ok(micros_to_naive(ctx.now_micros)
        .map(|t| zone.local_of(&t))
        .as_ref()
        .and_then(naive_to_micros))
}

/// `curdate()` is `current_date()` under another name.
pub(crate) fn display_curdate(_: &str, args: &[String], _: bool) -> String {
    format!("current_date({})", args.join(", "))
}
