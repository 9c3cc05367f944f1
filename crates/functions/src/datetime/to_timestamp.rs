//! `to_date`, `to_timestamp`, `to_timestamp_ltz`, `to_timestamp_ntz`, their `try_` forms,
//! `unix_timestamp` and `to_unix_timestamp` (Spark's `ParseToDate`, `ParseToTimestamp`,
//! `GetTimestamp`, `UnixTimestamp`): without a pattern a string is read as `CAST` reads it;
//! with one, by the pattern. Unparseable text raises `CANNOT_PARSE_TIMESTAMP` (or the cast's
//! `CAST_INVALID_INPUT`) under ANSI and gives NULL otherwise; the `try_` forms always NULL.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use sabot_common::Result;

use super::args::{
    CAST_DATE, CAST_LTZ, CAST_NTZ, TO_DATE, TO_LTZ, TO_NTZ, TO_UNIX, string_arg, timestamp_arg,
};
use super::dt_udf::{Op, Target, Unit, call, dt_udf};
use super::pattern::compile;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{check_args, is_decimal, is_floating, is_integral, is_string};

static PARSE_LTZ: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    dt_udf(
        "spark_to_timestamp_pattern",
        Op::Parse(Target::Ltz, "try_to_timestamp"),
    )
});
static PARSE_NTZ: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    dt_udf(
        "spark_to_timestamp_ntz_pattern",
        Op::Parse(Target::Ntz, "try_to_timestamp"),
    )
});
static PARSE_DATE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    dt_udf(
        "spark_to_date_pattern",
        Op::Parse(Target::Date, "try_to_date"),
    )
});
static PARSE_UNIX: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    dt_udf(
        "spark_unix_timestamp_pattern",
        Op::Parse(Target::Unix, "try_to_timestamp"),
    )
});
pub(crate) static FROM_SECONDS: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_timestamp_seconds", Op::FromEpoch(Unit::Seconds)));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    [
        &PARSE_LTZ,
        &PARSE_NTZ,
        &PARSE_DATE,
        &PARSE_UNIX,
        &FROM_SECONDS,
    ]
    .into_iter()
    .map(|u| Arc::clone(u))
    .collect()
}

/// Spark's default pattern of `unix_timestamp`/`from_unixtime`.
pub(crate) const DEFAULT_PATTERN: &str = "yyyy-MM-dd HH:mm:ss";

/// Raises a literal pattern's error when the query is planned, as Spark does.
pub(crate) fn check_literal_pattern(fmt: &DfExpr, parsing: bool) -> Result<()> {
    if let DfExpr::Literal(ScalarValue::Utf8(Some(p)), _) = fmt {
        compile(p, parsing)?;
    }
    Ok(())
}

fn build(
    name: &str,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
    target: Target,
    ansi: bool,
) -> Result<DfExpr> {
    check_args(name, &args, 1, 2)?;
    let mut it = args.into_iter();
    let (Some(x), fmt) = (it.next(), it.next()) else {
        return Err(sabot_common::SparkError::internal("argument count"));
    };
    let t = ctx.arg_type(&x)?;
    let tz = ctx.time_zone;
    if matches!(t, ArrowType::Date32 | ArrowType::Timestamp(..)) {
        // A date or timestamp converts directly; a pattern is not used.
        let udf = match target {
            Target::Ltz => &TO_LTZ,
            Target::Ntz => &TO_NTZ,
            Target::Date => &TO_DATE,
            Target::Unix => &TO_UNIX,
        };
        return Ok(call(udf, vec![x], tz, ansi));
    }
    let numeric = is_integral(&t) || is_floating(&t) || is_decimal(&t);
    if numeric && target == Target::Ltz && fmt.is_none() {
        return Ok(call(&FROM_SECONDS, vec![x], tz, ansi));
    }
    // Other targets read a number as its text (Spark's implicit cast to string).
    let x = if numeric && target != Target::Unix {
        datafusion::logical_expr::cast(x, ArrowType::Utf8)
    } else {
        x
    };
    if !(is_string(&t) || t == ArrowType::Null || (numeric && target != Target::Unix)) {
        return Err(unexpected_input_type(
            name,
            format!("the first argument requires a string, date or timestamp type, not {t}"),
        ));
    }
    let x = string_arg(name, x, ctx)?;
    match fmt {
        Some(fmt) => {
            let fmt = string_arg(name, fmt, ctx)?;
            check_literal_pattern(&fmt, true)?;
            let udf = match target {
                Target::Ltz => &PARSE_LTZ,
                Target::Ntz => &PARSE_NTZ,
                Target::Date => &PARSE_DATE,
                Target::Unix => &PARSE_UNIX,
            };
            Ok(call(udf, vec![x, fmt], tz, ansi))
        }
        None => {
            let udf = match target {
                Target::Ltz => &CAST_LTZ,
                Target::Ntz => &CAST_NTZ,
                Target::Date => &CAST_DATE,
                Target::Unix => &PARSE_UNIX,
            };
            let mut a = vec![x];
            if target == Target::Unix {
                a.push(lit(DEFAULT_PATTERN));
            }
            Ok(call(udf, a, tz, ansi))
        }
    }
}

pub(crate) fn build_to_date(a: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build("to_date", a, ctx, Target::Date, ctx.ansi)
}

pub(crate) fn build_try_to_date(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("try_to_date", a, ctx, Target::Date, false)
}

pub(crate) fn build_to_timestamp(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("to_timestamp", a, ctx, Target::Ltz, ctx.ansi)
}

pub(crate) fn build_try_to_timestamp(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("try_to_timestamp", a, ctx, Target::Ltz, false)
}

pub(crate) fn build_to_timestamp_ltz(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("to_timestamp_ltz", a, ctx, Target::Ltz, ctx.ansi)
}

pub(crate) fn build_to_timestamp_ntz(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("to_timestamp_ntz", a, ctx, Target::Ntz, ctx.ansi)
}

fn build_unix(name: &str, a: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    if a.is_empty() && name == "unix_timestamp" {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        return Ok(lit(secs));
    }
    if let Some(x) = a.first() {
        let t = ctx.arg_type(x)?;
        if is_string(&t)
            || t == ArrowType::Null
            || matches!(t, ArrowType::Date32 | ArrowType::Timestamp(..))
        {
            return build(name, a, ctx, Target::Unix, ctx.ansi);
        }
        let x = timestamp_arg(name, x.clone(), ctx)?;
        return Ok(call(&TO_UNIX, vec![x], ctx.time_zone, ctx.ansi));
    }
    check_args(name, &a, 1, 2).map(|()| lit(0i64))
}

pub(crate) fn build_unix_timestamp(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("unix_timestamp", &a, 0, 2)?;
    build_unix("unix_timestamp", a, ctx)
}

pub(crate) fn build_to_unix_timestamp(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("to_unix_timestamp", &a, 1, 2)?;
    build_unix("to_unix_timestamp", a, ctx)
}

/// `unix_timestamp(x)` is shown with its default pattern (`unix_timestamp(x, yyyy-MM-dd
/// HH:mm:ss)`), `unix_timestamp()` with `current_timestamp()` too.
pub(crate) fn display_unix(name: &str, args: &[String], _: bool) -> String {
    match args {
        [] => format!("{name}(current_timestamp(), {DEFAULT_PATTERN})"),
        [x] => format!("{name}({x}, {DEFAULT_PATTERN})"),
        _ => format!("{name}({})", args.join(", ")),
    }
}
