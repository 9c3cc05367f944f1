//! `substring_index(str, delim, count)` (Spark's `SubstringIndex`): the part before the
//! `count`-th `delim` (from the right for a negative count); empty for an empty `delim` or a
//! zero count; the whole string when there are fewer delimiters.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::utils::take_args;

static SUBSTRING_INDEX: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_substring_index",
        &[Kind::Str, Kind::Str, Kind::Int],
        Kind::Str,
        |v| match v {
            [Val::Str(s), Val::Str(d), Val::Int(n)] => Ok(Out::Str(substring_index(s, d, *n))),
            _ => Ok(Out::Null),
        },
    )
});

/// Mirrors `UTF8String.subStringIndex`: occurrences are searched one byte after the previous
/// one, so they may overlap.
pub(crate) fn substring_index(s: &str, delim: &str, count: i64) -> String {
    if delim.is_empty() || count == 0 {
        return String::new();
    }
    let (b, d) = (s.as_bytes(), delim.as_bytes());
    let find = |from: usize| {
        (from..=b.len().saturating_sub(d.len())).find(|&i| b.get(i..i + d.len()) == Some(d))
    };
    let rfind = |upto: usize| (0..=upto).rev().find(|&i| b.get(i..i + d.len()) == Some(d));
    if count > 0 {
        let mut idx: Option<usize> = None;
        for _ in 0..count {
            let from = idx.map_or(0, |i| i + 1);
            match find(from) {
                Some(i) => idx = Some(i),
                None => return s.to_string(),
            }
        }
        let end = idx.unwrap_or(0);
        String::from_utf8_lossy(&b[..end]).into_owned()
    } else {
        let mut idx = b.len();
        for _ in 0..count.unsigned_abs() {
            if idx == 0 {
                return s.to_string();
            }
            match rfind(idx - 1) {
                Some(i) => idx = i,
                None => return s.to_string(),
            }
        }
        String::from_utf8_lossy(&b[idx + d.len()..]).into_owned()
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, d, n] = take_args("substring_index", args)?;
    Ok(SUBSTRING_INDEX.call(vec![s, d, n]))
}

pub(crate) fn udf() -> Arc<ScalarUDF> {
    Arc::clone(&SUBSTRING_INDEX)
}
