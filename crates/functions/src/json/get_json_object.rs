//! `get_json_object(json, path)` (Spark's `GetJsonObject`): Spark's JSONPath subset — `$`,
//! `.name`, `['name']`, `[n]`, `[*]`. A string result is unquoted, anything else is its
//! compact JSON text; a wildcard's matches form a JSON array unless there is only one.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::value::{Json, ReadOptions, parse, to_text};
use crate::FunctionContext;
use crate::string::rowwise::{Kind, Out, Val, row_udf};
use crate::utils::take_args;

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
    Wildcard,
}

/// Parses a path (Spark's `JsonPathParser`); `None` if it is not valid.
fn parse_path(p: &str) -> Option<Vec<Step>> {
    let rest = p.strip_prefix('$')?;
    let c: Vec<char> = rest.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '.' => {
                let start = i + 1;
                let mut j = start;
                while j < c.len() && c[j] != '.' && c[j] != '[' {
                    j += 1;
                }
                let name: String = c[start..j].iter().collect();
                if name.is_empty() {
                    return None;
                }
                // `.*` is a field named `*` (Spark's parser has no object wildcard).
                steps.push(Step::Key(name));
                i = j;
            }
            '[' => {
                let close = c[i..].iter().position(|x| *x == ']')? + i;
                let inner: String = c[i + 1..close].iter().collect();
                if inner == "*" {
                    steps.push(Step::Wildcard);
                } else if let Some(q) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))
                {
                    if q.is_empty() {
                        return None;
                    }
                    steps.push(Step::Key(q.to_string()));
                } else if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                    steps.push(Step::Index(inner.parse().ok()?));
                } else {
                    return None;
                }
                i = close + 1;
            }
            _ => return None,
        }
    }
    Some(steps)
}

/// Collects the values `path` reaches from `v`; nested arrays reached by successive
/// wildcards are flattened.
fn walk<'a>(v: &'a Json, path: &[Step], out: &mut Vec<&'a Json>) {
    let Some((step, rest)) = path.split_first() else {
        out.push(v);
        return;
    };
    match (step, v) {
        (Step::Key(k), Json::Object(fields)) => {
            // A named field holding `null` matches nothing (unlike a `null` array element).
            if let Some((_, x)) = fields.iter().find(|(n, _)| n == k)
                && !matches!(x, Json::Null)
            {
                walk(x, rest, out);
            }
        }
        (Step::Index(n), Json::Array(items)) => {
            if let Some(x) = items.get(*n) {
                walk(x, rest, out);
            }
        }
        (Step::Wildcard, Json::Array(items)) => {
            for x in items {
                walk(x, rest, out);
            }
        }
        _ => {}
    }
}

/// The result text for `json` at `path`.
pub(crate) fn get(json: &str, path: &str) -> Option<String> {
    let steps = parse_path(path)?;
    let v = parse(json, &ReadOptions::default())?;
    let mut found = Vec::new();
    walk(&v, &steps, &mut found);
    let wildcard = steps.contains(&Step::Wildcard);
    match found.as_slice() {
        [] => None,
        [Json::Str(s)] if !wildcard => Some(s.clone()),
        [one] => Some(to_text(one)),
        many => Some(to_text(&Json::Array(
            many.iter().map(|x| (*x).clone()).collect(),
        ))),
    }
}

static GET_JSON_OBJECT: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_get_json_object",
        &[Kind::Str, Kind::Str],
        Kind::Str,
        |v| match v {
            [Val::Str(j), Val::Str(p)] => Ok(get(j, p).map_or(Out::Null, Out::Str)),
            _ => Ok(Out::Null),
        },
    )
});

pub(crate) fn udf() -> Arc<ScalarUDF> {
    Arc::clone(&GET_JSON_OBJECT)
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [j, p] = take_args("get_json_object", args)?;
    super::from_json::require_string("get_json_object", &j, ctx)?;
    Ok(GET_JSON_OBJECT.call(vec![j, p]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_spark() {
        let j = r#"{"a":{"b":[1, 2.50, "x", null, {"c": 1}]}}"#;
        assert_eq!(
            get(j, "$.a.b").as_deref(),
            Some(r#"[1,2.5,"x",null,{"c":1}]"#)
        );
        assert_eq!(get(j, "$.a.b[2]").as_deref(), Some("x"));
        assert_eq!(get(j, "$.a.b[3]").as_deref(), Some("null"));
        assert_eq!(get(j, "$['a'].b[0]").as_deref(), Some("1"));
        assert_eq!(get(j, "$.a.z"), None);
        assert_eq!(get(j, "a"), None);
        assert_eq!(
            get(r#"[{"a":1},{"a":2}]"#, "$[*].a").as_deref(),
            Some("[1,2]")
        );
        assert_eq!(get(r#"[{"a":1}]"#, "$[*].a").as_deref(), Some("1"));
    }
}
