//! `like(str, pattern[, escape])` and `ilike` (Spark's `Like`, `ILike`): `_` and `%`
//! wildcards, `\` as the default escape character.

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, Like};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::utils::check_args;

fn build(name: &str, args: Vec<DfExpr>, case_insensitive: bool) -> Result<DfExpr> {
    check_args(name, &args, 2, 3)?;
    let mut it = args.into_iter();
    let (Some(s), Some(pattern)) = (it.next(), it.next()) else {
        return Err(crate::errors::wrong_num_args(name, "[2, 3]", 0));
    };
    let escape = match it.next() {
        None => '\\',
        Some(DfExpr::Literal(ScalarValue::Utf8(Some(e)), _)) if e.chars().count() == 1 => {
            e.chars().next().unwrap_or('\\')
        }
        Some(other) => {
            return Err(SparkError::unsupported(format!(
                "{name} with escape {other}; the escape must be a one-character string literal"
            )));
        }
    };
    if let DfExpr::Literal(ScalarValue::Utf8(Some(p)), _) = &pattern
        && !case_insensitive
        && escape == '\\'
        && super::like_match::wants(p)
    {
        return Ok(super::like_match::call(s, pattern));
    }
    Ok(DfExpr::Like(Like::new(
        false,
        Box::new(s),
        Box::new(pattern),
        Some(escape),
        case_insensitive,
    )))
}

pub(crate) fn build_like(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build("like", args, false)
}

pub(crate) fn build_ilike(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build("ilike", args, true)
}

/// `s LIKE p` (Spark's `Like.sql`), with `ESCAPE 'c'` for a non-default escape.
pub(crate) fn display_like(name: &str, args: &[String], d: bool) -> String {
    match args {
        [s, p] => format!("{s} LIKE {p}"),
        [s, p, e] => format!("{s} LIKE {p} ESCAPE '{e}'"),
        _ => crate::display_call(name, args, d),
    }
}
