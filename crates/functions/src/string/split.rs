//! `split(str, regex[, limit])` (Spark's `StringSplit` over `UTF8String.split`): Java's
//! `Pattern.split` with trailing empty strings kept (`limit <= 0` means no limit); an empty
//! regex splits a non-empty string into its characters without a trailing "".

use std::sync::{Arc, LazyLock};

use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use sabot_common::Result;

use super::java_regex::compile;
use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::utils::check_args;

static SPLIT: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_split",
        &[Kind::Str, Kind::Str, Kind::Int],
        Kind::StrList,
        |v| match v {
            [Val::Str(s), Val::Str(p), Val::Int(n)] => split(s, p, *n).map(Out::List),
            _ => Ok(Out::Null),
        },
    )
});

pub(crate) fn udf() -> Arc<ScalarUDF> {
    Arc::clone(&SPLIT)
}

pub(crate) fn split(s: &str, pattern: &str, limit: i64) -> DfResult<Vec<String>> {
    let chars = s.chars().count();
    if !s.is_empty() && pattern.is_empty() {
        let n = match usize::try_from(limit) {
            Ok(l) if l > 0 && l <= chars => l,
            _ => chars,
        };
        let mut out: Vec<String> = s.chars().take(n - 1).map(String::from).collect();
        let rest: String = s.chars().skip(n - 1).collect();
        out.push(rest);
        return Ok(out);
    }
    let re = compile("split", pattern)?;
    let limited = limit > 0;
    let max = usize::try_from(limit).unwrap_or(0);
    let mut out = Vec::new();
    let mut index = 0;
    for m in re.find_iter(s) {
        if limited && out.len() + 1 >= max {
            break;
        }
        // Java drops the empty leading part of a zero-width match at the start.
        if m.start() == 0 && m.end() == 0 {
            continue;
        }
        out.push(s[index..m.start()].to_string());
        index = m.end();
    }
    if out.is_empty() && index == 0 {
        return Ok(vec![s.to_string()]);
    }
    out.push(s[index..].to_string());
    Ok(out)
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("split", &args, 2, 3)?;
    let mut args = args;
    if args.len() == 2 {
        args.push(lit(-1));
    }
    Ok(SPLIT.call(args))
}

/// `split(s, p, -1)`: Spark prints the default limit.
pub(crate) fn display(name: &str, args: &[String], _: bool) -> String {
    let mut all = args.to_vec();
    if all.len() == 2 {
        all.push("-1".to_string());
    }
    format!("{name}({})", all.join(", "))
}
