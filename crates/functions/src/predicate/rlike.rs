//! `rlike(str, regex)` / `regexp` / `regexp_like` (Spark's `RLike`): true if the regex matches
//! anywhere in the string (Java's `Matcher.find`). Rust's `regex` covers the common Java
//! syntax; look-around and back-references are not supported and fail.

use datafusion::functions::regex::expr_fn::regexp_like;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, pattern] = take_args("rlike", args)?;
    Ok(regexp_like(s, pattern, None))
}

/// `RLIKE(s, p)`.
pub(crate) fn display(_: &str, args: &[String], _: bool) -> String {
    format!("RLIKE({})", args.join(", "))
}
