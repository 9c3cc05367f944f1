//! Math functions.

mod abs;
mod ceil_floor;
mod constants;
mod log;
mod pow;
pub(crate) mod round;
mod sign;
mod sqrt_exp;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::{FunctionEntry, FunctionKind::Scalar, display_call};

const fn scalar(
    name: &'static str,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display,
    }
}

/// `NAME(args)`: the functions whose `prettyName` Spark prints in upper case.
pub(crate) fn display_upper(name: &str, args: &[String], _distinct: bool) -> String {
    format!("{}({})", name.to_ascii_uppercase(), args.join(", "))
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("abs", abs::build, display_call),
    scalar("bround", round::build_bround, round::display),
    scalar("ceil", ceil_floor::build_ceil, display_upper),
    scalar("ceiling", ceil_floor::build_ceil, display_call),
    scalar("e", constants::build_e, display_upper),
    scalar("exp", sqrt_exp::build_exp, display_upper),
    scalar("floor", ceil_floor::build_floor, display_upper),
    scalar("ln", log::build_ln, display_call),
    scalar("log", log::build_log, log::display_log),
    scalar("log10", log::build_log10, display_upper),
    scalar("log2", log::build_log2, display_upper),
    scalar("pi", constants::build_pi, display_upper),
    scalar("pow", pow::build, display_call),
    scalar("power", pow::build, display_upper),
    scalar("round", round::build_round, round::display),
    scalar("sign", sign::build, display_call),
    scalar("signum", sign::build, display_upper),
    scalar("sqrt", sqrt_exp::build_sqrt, display_upper),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut v = round::all_udfs();
    v.push(Arc::clone(&ceil_floor::CEIL));
    v.push(Arc::clone(&ceil_floor::FLOOR));
    v.push(Arc::clone(&pow::POW));
    v
}

#[cfg(test)]
mod tests;
