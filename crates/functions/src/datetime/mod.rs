//! Date and time functions.

mod current;

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
    scalar("current_date", current::build_current_date, display_call),
    scalar("current_timestamp", current::build_current_timestamp, display_call),
    scalar("now", current::build_current_timestamp, display_call),
];
