//! `v [NOT] LIKE ANY|ALL (p1, ...)` (Spark's `LikeAny`, `LikeAll`, `NotLikeAny`,
//! `NotLikeAll`): three-valued `OR`/`AND` of single `LIKE`s, named `likeany(v)` and so on.
//! `ILIKE` forms arrive with the value and the patterns lower-cased, as Spark's parser builds
//! them. The SQL parser calls them by internal names that users do not write.

use datafusion::logical_expr::{Expr as DfExpr, Like};
use sabot_common::Result;

use crate::FunctionContext;
use crate::errors::wrong_num_args;

fn build(name: &str, args: Vec<DfExpr>, all: bool, negated: bool) -> Result<DfExpr> {
    let mut it = args.into_iter();
    let Some(value) = it.next() else {
        return Err(wrong_num_args(name, "> 0", 0));
    };
    let likes = it.map(|p| {
        DfExpr::Like(Like::new(
            negated,
            Box::new(value.clone()),
            Box::new(p),
            Some('\\'),
            false,
        ))
    });
    let combined = if all {
        likes.reduce(DfExpr::and)
    } else {
        likes.reduce(DfExpr::or)
    };
    combined.ok_or_else(|| wrong_num_args(name, "> 1", 1))
}

pub(crate) fn build_like_any(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("likeany", args, false, false)
}

pub(crate) fn build_like_all(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("likeall", args, true, false)
}

pub(crate) fn build_not_like_any(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("notlikeany", args, false, true)
}

pub(crate) fn build_not_like_all(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("notlikeall", args, true, true)
}

/// `likeany(v)`: Spark's `prettyName` over the value only (`LikeAllBase.sql`).
pub(crate) fn display(name: &str, args: &[String], _: bool) -> String {
    let pretty = name.trim_start_matches('_');
    format!(
        "{pretty}({})",
        args.first().map(String::as_str).unwrap_or("")
    )
}
