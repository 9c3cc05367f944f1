//! Math functions.

mod abs;
mod bit_agg;
mod bit_get;
mod ceil_floor;
mod constants;
mod conv;
mod degrees;
mod factorial_rint;
mod hex;
mod log;
mod log1p;
mod nanvl;
mod pmod;
mod pow;
pub(crate) mod round;
mod shift;
mod sign;
mod sqrt_exp;
mod trig;
mod try_arith;
mod width_bucket;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::scalar;
use crate::{FunctionEntry, display_call};

/// `NAME(args)`: the functions whose `prettyName` Spark prints in upper case.
/// An aggregate kept with its scalar family (the bitwise aggregates).
const fn aggregate(
    name: &'static str,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: crate::FunctionKind::Aggregate,
        build,
        display,
    }
}

pub(crate) fn display_upper(name: &str, args: &[String], _distinct: bool) -> String {
    format!("{}({})", name.to_ascii_uppercase(), args.join(", "))
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("abs", abs::build, display_call),
    scalar("acos", trig::build_acos, display_upper),
    scalar("acosh", trig::build_acosh, display_upper),
    scalar("asin", trig::build_asin, display_upper),
    scalar("asinh", trig::build_asinh, display_upper),
    scalar("atan", trig::build_atan, display_upper),
    scalar("atan2", trig::build_atan2, display_upper),
    scalar("atanh", trig::build_atanh, display_upper),
    scalar("bin", hex::build_bin, display_call),
    aggregate("bit_and", bit_agg::build_and, display_call),
    scalar("bit_count", shift::build_bit_count, display_call),
    scalar("bit_get", bit_get::build, display_call),
    aggregate("bit_or", bit_agg::build_or, display_call),
    aggregate("bit_xor", bit_agg::build_xor, display_call),
    scalar("bround", round::build_bround, round::display),
    scalar("cbrt", degrees::build_cbrt, display_upper),
    scalar("ceil", ceil_floor::build_ceil, ceil_floor::display),
    scalar("ceiling", ceil_floor::build_ceil, display_call),
    scalar("conv", conv::build, display_call),
    scalar("cos", trig::build_cos, display_upper),
    scalar("cosh", trig::build_cosh, display_upper),
    scalar("cot", trig::build_cot, display_upper),
    scalar("csc", trig::build_csc, display_upper),
    scalar("degrees", degrees::build_degrees, display_upper),
    scalar("e", constants::build_e, display_upper),
    scalar("exp", sqrt_exp::build_exp, display_upper),
    scalar("expm1", degrees::build_expm1, display_upper),
    scalar("factorial", factorial_rint::build_factorial, display_call),
    scalar("floor", ceil_floor::build_floor, ceil_floor::display),
    scalar("getbit", bit_get::build, display_call),
    scalar("hex", hex::build_hex, display_call),
    scalar("hypot", degrees::build_hypot, display_upper),
    scalar("ln", log::build_ln, display_call),
    scalar("log", log::build_log, log::display_log),
    scalar("log10", log::build_log10, display_upper),
    scalar("log1p", log1p::build, display_upper),
    scalar("log2", log::build_log2, display_upper),
    scalar("nanvl", nanvl::build, display_call),
    scalar("pi", constants::build_pi, display_upper),
    scalar("pmod", pmod::build, display_call),
    scalar("pow", pow::build, display_call),
    scalar("power", pow::build, display_upper),
    scalar("radians", degrees::build_radians, display_upper),
    scalar("rint", factorial_rint::build_rint, display_call),
    scalar("round", round::build_round, round::display),
    scalar("sec", trig::build_sec, display_upper),
    scalar("shiftleft", shift::build_left, display_call),
    scalar("shiftright", shift::build_right, display_call),
    scalar(
        "shiftrightunsigned",
        shift::build_right_unsigned,
        display_call,
    ),
    scalar("sign", sign::build, display_call),
    scalar("signum", sign::build, display_upper),
    scalar("sin", trig::build_sin, display_upper),
    scalar("sinh", trig::build_sinh, display_upper),
    scalar("sqrt", sqrt_exp::build_sqrt, display_upper),
    scalar("tan", trig::build_tan, display_upper),
    scalar("tanh", trig::build_tanh, display_upper),
    scalar("try_add", try_arith::build_add, display_call),
    scalar("try_divide", try_arith::build_divide, display_call),
    scalar("try_mod", try_arith::build_mod, display_call),
    scalar("try_multiply", try_arith::build_multiply, display_call),
    scalar("try_subtract", try_arith::build_subtract, display_call),
    scalar("unhex", hex::build_unhex, display_call),
    scalar("width_bucket", width_bucket::build, display_call),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut v = round::all_udfs();
    v.push(Arc::clone(&ceil_floor::CEIL));
    v.push(Arc::clone(&ceil_floor::FLOOR));
    v.push(Arc::clone(&pow::POW));
    v.push(Arc::clone(&degrees::EXPM1));
    v.push(Arc::clone(&degrees::HYPOT));
    v.push(Arc::clone(&shift::SHIFT_LEFT));
    v.push(Arc::clone(&shift::SHIFT_RIGHT));
    v.push(Arc::clone(&shift::SHIFT_RIGHT_UNSIGNED));
    v.push(Arc::clone(&shift::BIT_COUNT));
    v.push(Arc::clone(&factorial_rint::FACTORIAL));
    v.push(Arc::clone(&factorial_rint::RINT));
    v.push(Arc::clone(&hex::HEX));
    v.push(Arc::clone(&hex::UNHEX));
    v.push(Arc::clone(&hex::BIN));
    v.push(Arc::clone(&bit_get::BIT_GET));
    v.push(Arc::clone(&log1p::LOG1P));
    v.push(Arc::clone(&conv::CONV));
    v.push(Arc::clone(&conv::CONV_ANSI));
    v.push(Arc::clone(&trig::ATAN2));
    v.push(Arc::clone(&width_bucket::WIDTH_BUCKET));
    v
}

#[cfg(test)]
mod tests;
