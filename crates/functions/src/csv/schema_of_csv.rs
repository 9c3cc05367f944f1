//! `schema_of_csv(csv[, options])` (Spark's `SchemaOfCsv` over `CSVInferSchema`): the DDL of
//! the struct inferred from a constant CSV record, fields `_c0, _c1, ...`: `INT`, `BIGINT`,
//! `DECIMAL(n,0)`, `DOUBLE`, `DATE`, `TIMESTAMP`, `BOOLEAN`, else `STRING`.

use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use super::line::{Dialect, split};
use crate::FunctionContext;
use crate::json::schema::{literal_str, options_arg};
use crate::json::schema_of_json::non_foldable;
use crate::utils::check_args;

/// Spark's `CSVInferSchema.inferField` for one value.
fn infer(v: Option<&str>) -> &'static str {
    let Some(s) = v else {
        return "STRING";
    };
    if s.parse::<i32>().is_ok() {
        "INT"
    } else if s.parse::<i64>().is_ok() {
        "BIGINT"
    } else if big_integer_digits(s).is_some() {
        "DECIMAL"
    } else if is_double(s) {
        "DOUBLE"
    } else if crate::json::datetime::default_date(s).is_some() && !s.contains([' ', 'T', ':']) {
        "DATE"
    } else if crate::json::datetime::default_timestamp(s, "UTC", false).is_some() {
        "TIMESTAMP"
    } else if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") {
        "BOOLEAN"
    } else {
        "STRING"
    }
}

/// The digits of an integer that does not fit a long but fits a decimal (`BigDecimal` text
/// of scale 0: digits, optionally a sign and a trailing `.`).
fn big_integer_digits(s: &str) -> Option<usize> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let body = body.strip_suffix('.').unwrap_or(body);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = body.trim_start_matches('0').len().max(1);
    (digits <= 38).then_some(digits)
}

/// Java's `Double.parseDouble` plus Spark's `NaN`/`Inf`/`-Inf` values.
pub fn is_double(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(t);
    matches!(s, "NaN" | "Inf" | "-Inf")
        || (t.parse::<f64>().is_ok()
            && t.bytes().any(|b| b.is_ascii_digit())
            && !t.to_ascii_lowercase().contains("inf")
            && !t.to_ascii_lowercase().contains("nan"))
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("schema_of_csv", &args, 1, 2)?;
    let text = match literal_str(&args[0]) {
        Some(Some(s)) => s,
        _ => return Err(non_foldable("schema_of_csv", &args[0], "csv")),
    };
    let d = Dialect::new(&options_arg(args.get(1))?);
    let fields = split(&text, &d)
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let t = match infer(v.as_deref()) {
                "DECIMAL" => {
                    let digits = big_integer_digits(v.as_deref().unwrap_or("")).unwrap_or(1);
                    format!("DECIMAL({digits},0)")
                }
                other => other.to_string(),
            };
            format!("_c{i}: {t}")
        })
        .collect::<Vec<_>>();
    Ok(lit(format!("STRUCT<{}>", fields.join(", "))))
}
