//! String functions.

mod case;
mod concat;
mod initcap;
mod instr;
mod length;
mod mask;
mod pad;
mod repeat;
mod replace;
mod reverse;
mod search;
mod substring;
mod trim;

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

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("char_length", length::build, display_call),
    scalar("character_length", length::build, display_call),
    scalar("concat", concat::build_concat, display_call),
    scalar("concat_ws", concat::build_concat_ws, display_call),
    scalar("contains", search::build_contains, display_call),
    scalar("endswith", search::build_endswith, display_call),
    scalar("initcap", initcap::build, display_call),
    scalar("instr", instr::build, display_call),
    scalar("lcase", case::build_lower, display_call),
    scalar("len", length::build, display_call),
    scalar("length", length::build, display_call),
    scalar("lower", case::build_lower, display_call),
    scalar("lpad", pad::build_lpad, pad::display),
    scalar("ltrim", trim::build_ltrim, trim::display),
    scalar("mask", mask::build, mask::display),
    scalar("repeat", repeat::build, display_call),
    scalar("replace", replace::build, replace::display),
    scalar("reverse", reverse::build, display_call),
    scalar("rpad", pad::build_rpad, pad::display),
    scalar("rtrim", trim::build_rtrim, trim::display),
    scalar("startswith", search::build_startswith, display_call),
    scalar("substr", substring::build, substring::display),
    scalar("substring", substring::build, substring::display),
    scalar("trim", trim::build_trim, trim::display),
    scalar("ucase", case::build_upper, display_call),
    scalar("upper", case::build_upper, display_call),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut udfs = vec![
        Arc::clone(&concat::CONCAT),
        Arc::clone(&concat::CONCAT_WS),
        Arc::clone(&initcap::INITCAP),
        Arc::clone(&length::LENGTH),
        Arc::clone(&substring::SUBSTRING),
    ];
    udfs.extend(mask::udfs());
    udfs
}

#[cfg(test)]
mod tests;
