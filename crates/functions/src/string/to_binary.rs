//! `to_binary(str[, fmt])` / `try_to_binary` (Spark's `ToBinary`) for a literal format:
//! `hex` (the default; an odd digit count gets a leading 0 nibble, as Spark's `Hex.unhex`)
//! and `utf-8`/`utf8`. Malformed hex fails with `CONVERSION_INVALID_INPUT` (NULL for
//! `try_to_binary`). The `base64` format is not supported yet.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, cast};
use sabot_common::{Result, SparkError, error::ExceptionKind};

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::utils::check_args;

static UNHEX: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_to_binary_hex",
        &[Kind::Str],
        Kind::Binary,
        |v| match v {
            [Val::Str(s)] => match unhex(s) {
                Some(b) => Ok(Out::Bytes(b)),
                None => Err(to_df(invalid_input(s))),
            },
            _ => Ok(Out::Null),
        },
    )
});

static TRY_UNHEX: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf("spark_try_to_binary_hex", &[Kind::Str], Kind::Binary, |v| {
        Ok(match v {
            [Val::Str(s)] => unhex(s).map_or(Out::Null, Out::Bytes),
            _ => Out::Null,
        })
    })
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&UNHEX), Arc::clone(&TRY_UNHEX)]
}

/// `CONVERSION_INVALID_INPUT` (Spark's `QueryExecutionErrors.invalidInputInConversionError`).
fn invalid_input(s: &str) -> SparkError {
    let suggestion = "`try_to_binary`";
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "CONVERSION_INVALID_INPUT",
        "22018",
        format!(
            "The value '{s}' (\"STRING\") cannot be converted to \"BINARY\" because it is malformed. Correct the value as per the syntax, or change its format. Use {suggestion} to tolerate malformed input and return NULL instead."
        ),
    )
    .param("str", format!("'{s}'"))
    .param("fmt", "\"HEX\"")
    .param("targetType", "\"BINARY\"")
    .param("suggestion", suggestion)
}

/// Mirrors `Hex.unhex`: pairs of hex digits, a leading single digit for an odd count.
pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = s
        .chars()
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(digits.len() / 2 + 1);
    let rest = if digits.len() % 2 == 1 {
        out.push(digits[0]);
        &digits[1..]
    } else {
        &digits[..]
    };
    out.extend(rest.chunks(2).map(|p| p[0] * 16 + p[1]));
    Some(out)
}

fn build_with(name: &str, args: Vec<DfExpr>, tolerant: bool) -> Result<DfExpr> {
    check_args(name, &args, 1, 2)?;
    let mut args = args.into_iter();
    let Some(s) = args.next() else {
        return Err(SparkError::internal("to_binary arguments"));
    };
    let fmt = match args.next() {
        None => "hex".to_string(),
        Some(DfExpr::Literal(
            ScalarValue::Utf8(Some(f))
            | ScalarValue::Utf8View(Some(f))
            | ScalarValue::LargeUtf8(Some(f)),
            _,
        )) => f.to_lowercase(),
        Some(_) => {
            return Err(SparkError::unsupported(format!(
                "{name} with a non-literal or NULL format"
            )));
        }
    };
    match fmt.as_str() {
        "hex" if tolerant => Ok(TRY_UNHEX.call(vec![s])),
        "hex" => Ok(UNHEX.call(vec![s])),
        "utf-8" | "utf8" => Ok(cast(s, ArrowType::Binary)),
        other => Err(SparkError::unsupported(format!(
            "{name} with format '{other}'"
        ))),
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build_with("to_binary", args, false)
}

pub(crate) fn build_try(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build_with("try_to_binary", args, true)
}

/// A result type check for the unit tests.
#[cfg(test)]
pub(crate) fn unhex_ok(s: &str) -> datafusion::common::Result<Vec<u8>> {
    unhex(s).ok_or_else(|| to_df(invalid_input(s)))
}
