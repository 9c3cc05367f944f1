//! `extract(field FROM source)`, `date_part(field, source)` and `datepart` (Spark's `Extract`
//! and `DatePart.parseExtractField`): the field name is a string literal with Spark's
//! synonyms; `SECOND` keeps the fraction as `decimal(8,6)`.

use datafusion::common::ScalarValue;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::fields::field_expr;
use crate::FunctionContext;
use crate::utils::take_args;

/// Spark's canonical field for a user-written extract field name (case-insensitive).
pub(crate) fn parse_field(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_uppercase().as_str() {
        "YEAR" | "Y" | "YEARS" | "YR" | "YRS" => "year",
        "YEAROFWEEK" => "yearofweek",
        "QUARTER" | "QTR" => "quarter",
        "MONTH" | "MON" | "MONS" | "MONTHS" => "month",
        "WEEK" | "W" | "WEEKS" => "weekofyear",
        "DAY" | "D" | "DAYS" => "day",
        "DAYOFWEEK" | "DOW" => "dayofweek",
        "DAYOFWEEK_ISO" | "DOW_ISO" => "dayofweek_iso",
        "DOY" => "dayofyear",
        "HOUR" | "H" | "HOURS" | "HR" | "HRS" => "hour",
        "MINUTE" | "M" | "MIN" | "MINS" | "MINUTES" => "minute",
        "SECOND" | "S" | "SEC" | "SECONDS" | "SECS" => "second_fraction",
        _ => return None,
    })
}

/// The literal text of a string argument.
pub(crate) fn literal_string(e: &DfExpr) -> Option<Option<String>> {
    match e {
        DfExpr::Literal(v, _) => match v {
            ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s) => {
                Some(s.clone())
            }
            ScalarValue::Null => Some(None),
            _ => None,
        },
        DfExpr::Alias(a) => literal_string(&a.expr),
        _ => None,
    }
}

fn invalid_field(field: &str, source: &DfExpr) -> SparkError {
    let expr = source.schema_name().to_string();
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INVALID_EXTRACT_FIELD",
        "42601",
        format!("Cannot extract `{field}` from \"{expr}\"."),
    )
    .param("field", format!("`{field}`"))
    .param("expr", format!("\"{expr}\""))
}

fn build_named(name: &str, args: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [field, source] = take_args(name, args)?;
    let Some(Some(text)) = literal_string(&field) else {
        return Err(crate::errors::unexpected_input_type(
            name,
            "The field argument must be a non-NULL string literal",
        ));
    };
    let t = ctx.arg_type(&source)?;
    if matches!(
        t,
        datafusion::arrow::datatypes::DataType::Interval(_)
            | datafusion::arrow::datatypes::DataType::Duration(_)
    ) {
        return match super::interval_extract::part(&t, &text) {
            Some(p) => Ok(super::interval_extract::extract(p, source)),
            None => Err(invalid_field(&text, &source)),
        };
    }
    let Some(f) = parse_field(&text) else {
        return Err(invalid_field(&text, &source));
    };
    field_expr(name, f, source, ctx)
}

pub(crate) fn build_extract(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_named("extract", args, ctx)
}

pub(crate) fn build_date_part(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_named("date_part", args, ctx)
}

pub(crate) fn build_datepart(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_named("datepart", args, ctx)
}

/// `extract(FIELD FROM source)` (also `datepart`'s name in Spark).
pub(crate) fn display_from(name: &str, args: &[String], _: bool) -> String {
    match args {
        [field, source] => format!("{name}({field} FROM {source})"),
        _ => crate::display_call(name, args, false),
    }
}
