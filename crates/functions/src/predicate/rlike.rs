//! `rlike(str, regex)` / `regexp` / `regexp_like` (Spark's `RLike`): true if the Java regex
//! matches anywhere in the string (`Matcher.find`). Patterns go through the string functions'
//! Java-regex translation, so Java-only constructs (look-around, back-references) fail as
//! unsupported and `\d`, `\w`, `\s` stay ASCII as in Java.

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::string::regexp::rlike;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, pattern] = take_args("rlike", args)?;
    Ok(rlike(s, pattern))
}

/// `RLIKE(s, p)`.
pub(crate) fn display(_: &str, args: &[String], _: bool) -> String {
    format!("RLIKE({})", args.join(", "))
}

/// `REGEXP_LIKE(s, p)`: Spark upper-cases this alias too.
pub(crate) fn display_regexp_like(_: &str, args: &[String], _: bool) -> String {
    format!("REGEXP_LIKE({})", args.join(", "))
}
