//! `to_char`/`to_varchar` and `to_number`/`try_to_number` (Spark's `ToCharacter`,
//! `ToNumber`, `TryToNumber`): numbers printed or read with a number format; `to_char` of a
//! date or timestamp is `date_format`, of a binary value `hex`/`base64`/`decode`.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, cast};
use sabot_common::{Result, SparkError};

use super::args::string_arg;
use super::date_format::build_date_format;
use super::dt_udf::{Op, call, dt_udf};
use super::number_format::NumberFormat;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{is_decimal, is_floating, is_integral, is_string, null_of, take_args};

static TO_CHAR: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| dt_udf("spark_to_char", Op::ToChar));
static TO_NUMBER: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_to_number", Op::ToNumber(false)));
static TRY_TO_NUMBER: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| dt_udf("spark_try_to_number", Op::ToNumber(true)));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::clone(&TO_CHAR),
        Arc::clone(&TO_NUMBER),
        Arc::clone(&TRY_TO_NUMBER),
    ]
}

/// The format, which Spark requires to be a constant, parsed.
fn literal_format(name: &str, fmt: &DfExpr) -> Result<Option<NumberFormat>> {
    match fmt {
        DfExpr::Literal(ScalarValue::Utf8(Some(f)), _) => Ok(Some(NumberFormat::parse(f)?)),
        DfExpr::Literal(v, _) if v.is_null() => Ok(None),
        _ => Err(SparkError::unsupported(format!(
            "{name} with a format that is not a constant"
        ))),
    }
}

pub(crate) fn build_to_char(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x, fmt] = take_args("to_char", args)?;
    let t = ctx.arg_type(&x)?;
    if matches!(
        t,
        ArrowType::Date32 | ArrowType::Timestamp(..) | ArrowType::Time64(_)
    ) {
        return build_date_format(vec![x, fmt], distinct, ctx);
    }
    if matches!(
        t,
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView
    ) {
        return binary_to_char(x, &fmt, ctx);
    }
    if !(is_integral(&t) || is_floating(&t) || is_decimal(&t) || t == ArrowType::Null) {
        return Err(unexpected_input_type(
            "to_char",
            format!("the first argument requires a numeric, date or timestamp type, not {t}"),
        ));
    }
    let fmt = string_arg("to_char", fmt, ctx)?;
    if literal_format("to_char", &fmt)?.is_none() {
        return Ok(null_of(&ArrowType::Utf8));
    }
    Ok(call(&TO_CHAR, vec![x, fmt], ctx.time_zone, ctx.ansi))
}

/// `to_char(binary, 'hex' | 'base64' | 'utf-8')` is `hex`, `base64` or `decode`.
fn binary_to_char(x: DfExpr, fmt: &DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let DfExpr::Literal(ScalarValue::Utf8(Some(f)), _) = fmt else {
        return Err(SparkError::unsupported(
            "to_char of a binary value with a format that is not a constant",
        ));
    };
    let (name, args) = match f.trim().to_lowercase().as_str() {
        "hex" => ("hex", vec![x]),
        "base64" => ("base64", vec![x]),
        "utf-8" => ("decode", vec![x, fmt.clone()]),
        _ => {
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "INVALID_PARAMETER_VALUE.BINARY_FORMAT",
                "22023",
                format!(
                    "The value of parameter(s) `format` in `to_char` is invalid: expects one of binary formats 'base64', 'hex', 'utf-8', but got '{f}'."
                ),
            )
            .param("parameter", "`format`")
            .param("functionName", "`to_char`")
            .param("invalidFormat", format!("'{f}'")));
        }
    };
    let entry = crate::lookup(name).ok_or_else(|| SparkError::unresolved_routine(name))?;
    (entry.build)(args, false, ctx)
}

/// Spark's name of a `to_char` call that another function implements: `date_format(d, f)`
/// for dates and timestamps, `hex(b)`/`base64(b)`/`decode(b, utf-8)` for binary values.
pub(crate) fn typed_display(
    name: &str,
    types: &[Option<ArrowType>],
    names: &[String],
) -> Option<String> {
    if !matches!(name, "to_char" | "to_varchar") {
        return None;
    }
    match (types, names) {
        (
            [
                Some(ArrowType::Date32 | ArrowType::Timestamp(..) | ArrowType::Time64(_)),
                _,
            ],
            [x, f],
        ) => Some(format!("date_format({x}, {f})")),
        (
            [
                Some(ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView),
                _,
            ],
            [x, f],
        ) => {
            // `to_varchar` keeps its own name over the arguments of the function it becomes.
            let (inner, single) = match f.trim().to_lowercase().as_str() {
                "hex" => ("hex", true),
                "base64" => ("base64", true),
                _ => ("decode", false),
            };
            let shown = if name == "to_varchar" { name } else { inner };
            Some(if single {
                format!("{shown}({x})")
            } else {
                format!("{shown}({x}, {f})")
            })
        }
        _ => None,
    }
}

fn to_number(
    name: &str,
    udf: &ScalarUDF,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x, fmt] = take_args(name, args)?;
    let t = ctx.arg_type(&x)?;
    if !(is_string(&t) || t == ArrowType::Null) {
        return Err(unexpected_input_type(
            name,
            format!("the first argument requires the \"STRING\" type, not {t}"),
        ));
    }
    let x = string_arg(name, x, ctx)?;
    let fmt = string_arg(name, fmt, ctx)?;
    let Some(f) = literal_format(name, &fmt)? else {
        return Ok(null_of(&ArrowType::Decimal128(38, 18)));
    };
    let (p, s) = f.precision_scale();
    Ok(cast(
        call(udf, vec![x, fmt], ctx.time_zone, ctx.ansi),
        ArrowType::Decimal128(p, s),
    ))
}

pub(crate) fn build_to_number(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    to_number("to_number", &TO_NUMBER, a, ctx)
}

pub(crate) fn build_try_to_number(
    a: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    to_number("try_to_number", &TRY_TO_NUMBER, a, ctx)
}

/// `to_varchar` is shown as `to_char`.
pub(crate) fn display_to_char(_: &str, args: &[String], _: bool) -> String {
    format!("to_char({})", args.join(", "))
}
