//! Window-only functions (`FunctionKind::Window`): ranking (`row_number`, `rank`, ...) and
//! offset functions (`lag`, `lead`, `nth_value`). They build DataFusion window calls without a
//! partition, order or frame; the resolver of `OVER (...)` fills those in, and rejects a call
//! without `OVER` (`WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE`).

mod offset;
mod ranking;

use crate::{FunctionEntry, FunctionKind::Window};

const fn win(
    name: &'static str,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Window,
        build,
        display,
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    win("cume_dist", ranking::build_cume_dist, ranking::display),
    win("dense_rank", ranking::build_dense_rank, ranking::display),
    win("lag", offset::build_lag, offset::display_lag_lead),
    win("lead", offset::build_lead, offset::display_lag_lead),
    win(
        "nth_value",
        offset::build_nth_value,
        offset::display_nth_value,
    ),
    win("ntile", ranking::build_ntile, ranking::display),
    win(
        "percent_rank",
        ranking::build_percent_rank,
        ranking::display,
    ),
    win("rank", ranking::build_rank, ranking::display),
    win("row_number", ranking::build_row_number, ranking::display),
];

/// Whether a window function needs an ordered window (Spark's `ResolveWindowOrder`: ranking
/// functions, `ntile`, `lag` and `lead`).
pub fn requires_order(name: &str) -> bool {
    matches!(
        name,
        "cume_dist"
            | "dense_rank"
            | "lag"
            | "lead"
            | "ntile"
            | "percent_rank"
            | "rank"
            | "row_number"
    )
}

#[cfg(test)]
mod tests;
