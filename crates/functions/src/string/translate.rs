//! `translate(src, matching, replace)` (Spark's `StringTranslate`): each character of
//! `matching` becomes the character at the same index of `replace`, or is deleted when
//! `replace` is shorter; a repeated character keeps its first mapping.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::utils::take_args;

static TRANSLATE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_translate",
        &[Kind::Str, Kind::Str, Kind::Str],
        Kind::Str,
        |v| match v {
            [Val::Str(s), Val::Str(m), Val::Str(r)] => Ok(Out::Str(translate(s, m, r))),
            _ => Ok(Out::Null),
        },
    )
});

/// Mirrors `StringTranslate.buildDict` + `UTF8String.translate`.
pub(crate) fn translate(s: &str, matching: &str, replace: &str) -> String {
    let mut dict: HashMap<char, Option<char>> = HashMap::new();
    let mut rep = replace.chars();
    for m in matching.chars() {
        let to = rep.next();
        dict.entry(m).or_insert(to);
    }
    s.chars()
        .filter_map(|c| match dict.get(&c) {
            Some(to) => *to,
            None => Some(c),
        })
        .collect()
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, m, r] = take_args("translate", args)?;
    Ok(TRANSLATE.call(vec![s, m, r]))
}

pub(crate) fn udf() -> Arc<ScalarUDF> {
    Arc::clone(&TRANSLATE)
}
