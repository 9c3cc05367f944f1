//! Predicates: NULL and NaN tests, `in`, `between`, and pattern matching.

mod between;
mod in_list;
mod isnan;
mod like;
mod null_checks;
mod rlike;

use crate::scalar;
use crate::{FunctionEntry, display_call};

pub(crate) static TABLE: &[FunctionEntry] = &[
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

#[cfg(test)]
mod tests;
