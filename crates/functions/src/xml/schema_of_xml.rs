//! `schema_of_xml(xml[, options])` (Spark's `SchemaOfXml` over `XmlInferSchema`): the DDL of
//! the struct inferred from a constant XML record — attributes as `_name` fields, an
//! element's text next to attributes or children as `_VALUE`, repeated elements as arrays,
//! values `BIGINT`, `DOUBLE`, `BOOLEAN`, `DATE`, `TIMESTAMP` or `STRING`, fields sorted.

use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use super::tree::{Elem, parse};
use crate::FunctionContext;
use crate::json::from_json::malformed;
use crate::json::schema::{literal_str, options_arg};
use crate::json::schema_of_json::{Inferred, ddl, merge, non_foldable};
use crate::utils::check_args;

/// Spark's `XmlInferSchema.inferFrom` for a text value.
pub(crate) fn infer_text(s: &str) -> Inferred {
    if s.is_empty() {
        Inferred::Null
    } else if s.parse::<i64>().is_ok() {
        Inferred::Long
    } else if crate::csv_is_double(s) {
        Inferred::Double
    } else if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") {
        Inferred::Bool
    } else if crate::json::datetime::default_date(s).is_some() && !s.contains([' ', 'T', ':']) {
        Inferred::Date
    } else if crate::json::datetime::default_timestamp(s, "UTC", false).is_some() {
        Inferred::Timestamp
    } else {
        Inferred::Str
    }
}

/// The type of an element: its text's type when it has neither attributes nor children,
/// else a struct.
fn infer_elem(e: &Elem) -> Inferred {
    if e.attrs.is_empty() && e.children.is_empty() {
        return infer_text(e.value());
    }
    Inferred::Struct(fields(e))
}

/// The fields of an element's struct, sorted by name (stable), repeated children as arrays.
fn fields(e: &Elem) -> Vec<(String, Inferred)> {
    let mut out: Vec<(String, Inferred)> = e
        .attrs
        .iter()
        .map(|(n, v)| (format!("_{n}"), infer_text(v.trim())))
        .collect();
    let mut children: Vec<(String, Inferred, usize)> = Vec::new();
    for c in &e.children {
        let t = infer_elem(c);
        match children.iter_mut().find(|(n, _, _)| *n == c.name) {
            Some(x) => {
                x.1 = merge_value(&x.1, &t);
                x.2 += 1;
            }
            None => children.push((c.name.clone(), t, 1)),
        }
    }
    out.extend(children.into_iter().map(|(n, t, count)| {
        if count > 1 {
            (n, Inferred::Array(Box::new(t)))
        } else {
            (n, t)
        }
    }));
    if !e.value().is_empty() && (!e.children.is_empty() || !e.attrs.is_empty()) {
        out.push(("_VALUE".to_string(), infer_text(e.value())));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Merges two values of one element name; a struct absorbs a primitive as its `_VALUE`.
fn merge_value(a: &Inferred, b: &Inferred) -> Inferred {
    match (a, b) {
        (Inferred::Struct(f), p) | (p, Inferred::Struct(f))
            if !matches!(p, Inferred::Struct(_) | Inferred::Null) =>
        {
            let mut f = f.clone();
            match f.iter_mut().find(|(n, _)| n == "_VALUE") {
                Some(v) => v.1 = merge(&v.1, p),
                None => {
                    f.push(("_VALUE".to_string(), p.clone()));
                    f.sort_by(|x, y| x.0.cmp(&y.0));
                }
            }
            Inferred::Struct(f)
        }
        _ => merge(a, b),
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("schema_of_xml", &args, 1, 2)?;
    let text = match literal_str(&args[0]) {
        Some(Some(s)) => s,
        _ => return Err(non_foldable("schema_of_xml", &args[0], "xml")),
    };
    let _ = options_arg(args.get(1))?;
    let Some(root) = parse(&text) else {
        return Err(malformed("[null]"));
    };
    Ok(lit(ddl(&Inferred::Struct(fields(&root)))))
}
