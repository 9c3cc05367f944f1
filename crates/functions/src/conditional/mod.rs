//! Conditional functions: `CASE WHEN`, `if`, `coalesce` and friends, `nullif`, `greatest`,
//! `least`.

mod coalesce;
mod greatest_least;
mod if_fn;
mod nullif;
mod nvl2;
mod when;

use crate::scalar;
use crate::{FunctionEntry, display_call};

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("coalesce", coalesce::build, display_call),
    scalar("greatest", greatest_least::build_greatest, display_call),
    scalar("if", if_fn::build, if_fn::display),
    scalar("ifnull", coalesce::build_two, display_call),
    scalar("least", greatest_least::build_least, display_call),
    scalar("nullif", nullif::build, display_call),
    scalar("nvl", coalesce::build_two, display_call),
    scalar("nvl2", nvl2::build, display_call),
    scalar("when", when::build, when::display),
];

#[cfg(test)]
mod tests;
