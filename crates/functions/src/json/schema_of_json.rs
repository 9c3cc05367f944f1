//! `schema_of_json(json[, options])` (Spark's `SchemaOfJson` over `JsonInferSchema`): the
//! DDL of the type inferred from a constant JSON text — integers `BIGINT` (a wider integer
//! `DECIMAL(n,0)`), other numbers `DOUBLE`, struct fields sorted by name, conflicting types
//! `STRING`, NULL-only values `STRING`.

use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::from_json::malformed;
use super::schema::{flag, literal_str, options_arg, read_options};
use super::value::{Json, parse};
use crate::FunctionContext;
use crate::utils::check_args;

/// An inferred type.
#[derive(Debug, Clone, PartialEq)]
pub enum Inferred {
    Null,
    Bool,
    Long,
    Decimal(u32, u32),
    Double,
    Str,
    /// Only inferred from XML text.
    Date,
    /// Only inferred from XML text.
    Timestamp,
    Array(Box<Inferred>),
    Struct(Vec<(String, Inferred)>),
}

/// Spark's `JsonInferSchema.inferField`.
pub fn infer(v: &Json, prefers_decimal: bool, primitives_as_string: bool) -> Inferred {
    match v {
        Json::Null => Inferred::Null,
        _ if primitives_as_string && !matches!(v, Json::Array(_) | Json::Object(_)) => {
            Inferred::Str
        }
        Json::Bool(_) => Inferred::Bool,
        Json::Int(t) => {
            if t.parse::<i64>().is_ok() {
                Inferred::Long
            } else {
                let digits = t.trim_start_matches('-').len() as u32;
                Inferred::Decimal(digits, 0)
            }
        }
        Json::Float(t) => {
            if prefers_decimal {
                decimal_of(t).unwrap_or(Inferred::Double)
            } else {
                Inferred::Double
            }
        }
        Json::Str(_) => Inferred::Str,
        Json::Array(items) => Inferred::Array(Box::new(
            items
                .iter()
                .map(|i| infer(i, prefers_decimal, primitives_as_string))
                .fold(Inferred::Null, |a, b| merge(&a, &b)),
        )),
        Json::Object(fields) => {
            // Duplicate keys stay separate fields; the sort is stable.
            let mut out: Vec<(String, Inferred)> = fields
                .iter()
                .map(|(n, x)| (n.clone(), infer(x, prefers_decimal, primitives_as_string)))
                .collect();
            out.sort_by(|a, b| a.0.cmp(&b.0));
            Inferred::Struct(out)
        }
    }
}

/// `prefersDecimal`: a plain decimal literal's precision and scale.
fn decimal_of(t: &str) -> Option<Inferred> {
    if t.contains(['e', 'E', 'N', 'I']) {
        return None;
    }
    let body = t.trim_start_matches('-');
    let (i, f) = body.split_once('.').unwrap_or((body, ""));
    let int_digits = i.trim_start_matches('0').len() as u32;
    let scale = f.len() as u32;
    let precision = (int_digits + scale).max(scale).max(1);
    (precision <= 38).then_some(Inferred::Decimal(precision, scale))
}

/// Spark's `JsonInferSchema.compatibleType`.
pub fn merge(a: &Inferred, b: &Inferred) -> Inferred {
    use Inferred::*;
    match (a, b) {
        (x, y) if x == y => x.clone(),
        (Null, x) | (x, Null) => x.clone(),
        (Long, Double) | (Double, Long) => Double,
        (Decimal(..), Double) | (Double, Decimal(..)) => Double,
        (Long, Decimal(p, s)) | (Decimal(p, s), Long) => widen((20, 0), (*p, *s)),
        (Decimal(p1, s1), Decimal(p2, s2)) => widen((*p1, *s1), (*p2, *s2)),
        (Date, Timestamp) | (Timestamp, Date) => Timestamp,
        (Array(x), Array(y)) => Array(Box::new(merge(x, y))),
        (Struct(x), Struct(y)) => {
            let mut out = x.clone();
            for (n, t) in y {
                match out.iter_mut().find(|(m, _)| m == n) {
                    Some(e) => e.1 = merge(&e.1, t),
                    None => out.push((n.clone(), t.clone())),
                }
            }
            out.sort_by(|a, b| a.0.cmp(&b.0));
            Struct(out)
        }
        _ => Str,
    }
}

fn widen((p1, s1): (u32, u32), (p2, s2): (u32, u32)) -> Inferred {
    let scale = s1.max(s2);
    let range = (p1 - s1).max(p2 - s2);
    if range + scale > 38 {
        Inferred::Double
    } else {
        Inferred::Decimal(range + scale, scale)
    }
}

/// Backquotes a field name unless it is a plain identifier (Spark's `quoteIfNeeded`).
pub(crate) fn quote_if_needed(n: &str) -> String {
    let plain = n
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        n.to_string()
    } else {
        format!("`{}`", n.replace('`', "``"))
    }
}

/// Spark's `DataType.sql` of the (canonicalized: NULL -> STRING) type.
pub(crate) fn ddl(t: &Inferred) -> String {
    match t {
        Inferred::Null | Inferred::Str => "STRING".into(),
        Inferred::Bool => "BOOLEAN".into(),
        Inferred::Long => "BIGINT".into(),
        Inferred::Decimal(p, s) => format!("DECIMAL({p},{s})"),
        Inferred::Double => "DOUBLE".into(),
        Inferred::Date => "DATE".into(),
        Inferred::Timestamp => "TIMESTAMP".into(),
        Inferred::Array(e) => format!("ARRAY<{}>", ddl(e)),
        Inferred::Struct(fields) => format!(
            "STRUCT<{}>",
            fields
                .iter()
                .map(|(n, t)| format!("{}: {}", quote_if_needed(n), ddl(t)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `DATATYPE_MISMATCH.NON_FOLDABLE_INPUT` for a non-constant argument.
pub(crate) fn non_foldable(func: &str, arg: &DfExpr, param: &str) -> SparkError {
    let input = arg.schema_name().to_string();
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
        "42K09",
        format!(
            "Cannot resolve \"{func}({input})\" due to data type mismatch: the input {param} should be a foldable \"STRING\" expression; however, got \"{input}\"."
        ),
    )
    .param("inputName", format!("`{param}`"))
    .param("inputType", "\"STRING\"")
    .param("inputExpr", format!("\"{input}\""))
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("schema_of_json", &args, 1, 2)?;
    let text = match literal_str(&args[0]) {
        Some(Some(s)) => s,
        _ => return Err(non_foldable("schema_of_json", &args[0], "json")),
    };
    let opts = options_arg(args.get(1))?;
    let Some(v) = parse(&text, &read_options(&opts)) else {
        return Err(malformed("[null]"));
    };
    let t = infer(
        &v,
        flag(&opts, "prefersDecimal", false),
        flag(&opts, "primitivesAsString", false),
    );
    Ok(lit(ddl(&t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::value::ReadOptions;

    fn schema(s: &str) -> String {
        ddl(&infer(
            &parse(s, &ReadOptions::default()).unwrap(),
            false,
            false,
        ))
    }

    #[test]
    fn inference_follows_spark() {
        assert_eq!(schema(r#"[{"col":0}]"#), "ARRAY<STRUCT<col: BIGINT>>");
        assert_eq!(schema("[1, 1.5]"), "ARRAY<DOUBLE>");
        assert_eq!(schema(r#"[1,"a"]"#), "ARRAY<STRING>");
        assert_eq!(
            schema(r#"{"b":[], "a":12345678901234567890, "c d":null}"#),
            "STRUCT<a: DECIMAL(20,0), b: ARRAY<STRING>, `c d`: STRING>"
        );
    }
}
