//! `encode(str, charset)` / `decode(bin, charset)` (Spark's `Encode`/`StringDecode`) for a
//! literal charset. UTF-8 is a plain cast between string and binary; Spark's other charsets
//! (US-ASCII, ISO-8859-1, UTF-16*, UTF-32) are not supported yet; an unknown charset fails with
//! `INVALID_PARAMETER_VALUE.CHARSET`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::{Result, SparkError, error::ExceptionKind};

use crate::FunctionContext;
use crate::utils::take_args;

/// The charsets Spark accepts (`CharsetProvider.VALID_CHARSETS`).
const VALID: [&str; 7] = [
    "us-ascii",
    "iso-8859-1",
    "utf-8",
    "utf-16be",
    "utf-16le",
    "utf-16",
    "utf-32",
];

fn invalid_charset(function: &str, charset: &str) -> SparkError {
    let list = VALID
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "INVALID_PARAMETER_VALUE.CHARSET",
        "22023",
        format!(
            "The value of parameter(s) `charset` in `{function}` is invalid: expects one of the charsets {list}, but got {charset}."
        ),
    )
    .param("parameter", "`charset`")
    .param("functionName", format!("`{function}`"))
    .param("charsets", list)
    .param("charset", charset)
}

/// Checks the literal charset argument; `Ok` only for UTF-8.
fn check_utf8(function: &str, charset: &DfExpr) -> Result<()> {
    let name = match charset {
        DfExpr::Literal(
            ScalarValue::Utf8(Some(c))
            | ScalarValue::Utf8View(Some(c))
            | ScalarValue::LargeUtf8(Some(c)),
            _,
        ) => c.clone(),
        _ => {
            return Err(SparkError::unsupported(format!(
                "{function} with a non-literal charset"
            )));
        }
    };
    let lower = name.to_lowercase();
    if lower == "utf-8" {
        Ok(())
    } else if VALID.contains(&lower.as_str()) {
        Err(SparkError::unsupported(format!(
            "{function} with charset {name}"
        )))
    } else {
        Err(invalid_charset(function, &name))
    }
}

pub(crate) fn build_encode(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, charset] = take_args("encode", args)?;
    check_utf8("encode", &charset)?;
    Ok(cast(s, ArrowType::Binary))
}

pub(crate) fn build_decode(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    // `decode(expr, search, result, ...)` is Spark's DECODE-as-CASE form.
    if args.len() > 2 {
        return Err(SparkError::unsupported("decode(expr, search, result, ...)"));
    }
    let [b, charset] = take_args("decode", args)?;
    check_utf8("decode", &charset)?;
    Ok(cast(b, ArrowType::Utf8))
}
