//! Predicates: NULL and NaN tests, `in`, `between`, and pattern matching.

mod between;
mod in_list;
mod isnan;
mod like;
mod like_match;
mod like_quantified;
mod null_checks;
mod rlike;
mod tuple_in;

use crate::scalar;
use crate::{FunctionEntry, display_call};

pub(crate) static TABLE: &[FunctionEntry] = &[
    // grammar area: the SQL parser's `LIKE ANY|ALL` calls (internal names).
    scalar(
        "__likeall",
        like_quantified::build_like_all,
        like_quantified::display,
    ),
    scalar(
        "__likeany",
        like_quantified::build_like_any,
        like_quantified::display,
    ),
    scalar(
        "__notlikeall",
        like_quantified::build_not_like_all,
        like_quantified::display,
    ),
    scalar(
        "__notlikeany",
        like_quantified::build_not_like_any,
        like_quantified::display,
    ),
    scalar(
        "__qualify_requires_window",
        qualify_requires_window,
        display_call,
    ),
    scalar("__tuple_in", tuple_in::build, tuple_in::display),
    scalar("between", between::build, display_call),
    scalar("ilike", like::build_ilike, display_call),
    scalar("in", in_list::build, in_list::display),
    scalar("isnan", isnan::build, display_call),
    scalar(
        "isnotnull",
        null_checks::build_is_not_null,
        null_checks::display_is_not_null,
    ),
    scalar(
        "isnull",
        null_checks::build_is_null,
        null_checks::display_is_null,
    ),
    scalar("like", like::build_like, like::display_like),
    scalar("regexp", rlike::build, rlike::display),
    scalar("regexp_like", rlike::build, rlike::display_regexp_like),
    scalar("rlike", rlike::build, rlike::display),
];

/// SQL `QUALIFY` without a window function anywhere (Spark's
/// `QUALIFY_REQUIRES_WINDOW_FUNCTION`), raised once the condition resolved.
fn qualify_requires_window(
    _: Vec<datafusion::logical_expr::Expr>,
    _: bool,
    _: &crate::FunctionContext<'_>,
) -> sabot_common::Result<datafusion::logical_expr::Expr> {
    Err(sabot_common::SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "QUALIFY_REQUIRES_WINDOW_FUNCTION",
        "42903",
        "The QUALIFY clause requires at least one window function in the current SELECT list or the QUALIFY condition.",
    ))
}

/// The predicates' own scalar UDFs.
pub(crate) fn udfs() -> Vec<std::sync::Arc<datafusion::logical_expr::ScalarUDF>> {
    like_match::udfs()
}

#[cfg(test)]
mod tests;
