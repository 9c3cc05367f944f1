//! `format_string(fmt, args...)` / `printf` (Spark's `FormatString`, Java's `Formatter`),
//! from `datafusion-spark`, which implements Java's conversions, flags and NULL rendering.
//! Its `%s` of a double differs from Java's `Double.toString` (`10000000000` for `1.0E10`),
//! so a floating-point argument is only accepted with a literal format without `%s`.

use std::sync::{Arc, LazyLock};

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::utils::{Renamed, cast_to, check_args, is_decimal, is_floating};

pub(crate) static FORMAT_STRING: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    Renamed::udf(
        "spark_format_string",
        datafusion_spark::function::string::format_string(),
    )
});

/// Whether a Java format string has a `%s`/`%S` conversion.
pub(crate) fn has_string_conversion(fmt: &str) -> bool {
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        let conv = chars.find(|c| {
            !matches!(
                c,
                '-' | '#' | '+' | ' ' | '0'..='9' | ',' | '(' | '.' | '<' | '$'
            )
        });
        if matches!(conv, Some('s' | 'S')) {
            return true;
        }
    }
    false
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("format_string", &args, 1, usize::MAX)?;
    // A decimal goes in as its text: Spark passes its `Decimal`, whose `%s` is `toString` and
    // which numeric conversions reject; the UDF would print the unscaled digits.
    let args = args
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let t = ctx.arg_type(&a)?;
            Ok(if i > 0 && is_decimal(&t) {
                cast_to(a, &t, &datafusion::arrow::datatypes::DataType::Utf8)
            } else {
                a
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let has_float = ctx
        .arg_types(args.get(1..).unwrap_or(&[]))?
        .iter()
        .any(is_floating);
    if has_float {
        let safe = match args.first() {
            Some(DfExpr::Literal(
                ScalarValue::Utf8(Some(f))
                | ScalarValue::Utf8View(Some(f))
                | ScalarValue::LargeUtf8(Some(f)),
                _,
            )) => !has_string_conversion(f),
            _ => false,
        };
        if !safe {
            return Err(SparkError::unsupported(
                "format_string with %s (or a non-literal format) over floating-point arguments",
            ));
        }
    }
    Ok(FORMAT_STRING.call(args))
}
