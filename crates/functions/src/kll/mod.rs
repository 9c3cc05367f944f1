//! Spark's KLL quantile sketch functions over Apache DataSketches (`kll_sketch_agg_*`,
//! `kll_merge_agg_*`, `kll_sketch_get_n_*`, `kll_sketch_get_quantile_*`,
//! `kll_sketch_get_rank_*`, `kll_sketch_merge_*`, `kll_sketch_to_string_*` for bigint, double
//! and float), with Java DataSketches' compact sketch images.

pub(crate) mod agg;
pub(crate) mod distinct;
mod errors;
mod item;
mod scalars;
mod sketch;

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{AggregateUDF, ScalarUDF};

pub(crate) use item::Ty;

use crate::hll::udaf::{SketchAgg, Spec};
use crate::{FunctionEntry, FunctionKind, display_call, scalar};

const fn agg(name: &'static str, build: crate::BuildFn) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: FunctionKind::Aggregate,
        build,
        display: display_call,
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    agg("kll_merge_agg_bigint", agg::merge_bigint),
    agg("kll_merge_agg_double", agg::merge_double),
    agg("kll_merge_agg_float", agg::merge_float),
    agg("kll_sketch_agg_bigint", agg::sketch_bigint),
    agg("kll_sketch_agg_double", agg::sketch_double),
    agg("kll_sketch_agg_float", agg::sketch_float),
    scalar(
        "kll_sketch_get_n_bigint",
        scalars::get_n_bigint,
        display_call,
    ),
    scalar(
        "kll_sketch_get_n_double",
        scalars::get_n_double,
        display_call,
    ),
    scalar("kll_sketch_get_n_float", scalars::get_n_float, display_call),
    scalar(
        "kll_sketch_get_quantile_bigint",
        scalars::quantile_bigint,
        display_call,
    ),
    scalar(
        "kll_sketch_get_quantile_double",
        scalars::quantile_double,
        display_call,
    ),
    scalar(
        "kll_sketch_get_quantile_float",
        scalars::quantile_float,
        display_call,
    ),
    scalar(
        "kll_sketch_get_rank_bigint",
        scalars::rank_bigint,
        display_call,
    ),
    scalar(
        "kll_sketch_get_rank_double",
        scalars::rank_double,
        display_call,
    ),
    scalar(
        "kll_sketch_get_rank_float",
        scalars::rank_float,
        display_call,
    ),
    scalar(
        "kll_sketch_merge_bigint",
        scalars::merge_bigint,
        display_call,
    ),
    scalar(
        "kll_sketch_merge_double",
        scalars::merge_double,
        display_call,
    ),
    scalar("kll_sketch_merge_float", scalars::merge_float, display_call),
    scalar(
        "kll_sketch_to_string_bigint",
        scalars::to_string_bigint,
        display_call,
    ),
    scalar(
        "kll_sketch_to_string_double",
        scalars::to_string_double,
        display_call,
    ),
    scalar(
        "kll_sketch_to_string_float",
        scalars::to_string_float,
        display_call,
    ),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    scalars::udfs()
}

pub(crate) fn udafs() -> Vec<Arc<AggregateUDF>> {
    [Ty::Bigint, Ty::Double, Ty::Float]
        .into_iter()
        .flat_map(|t| {
            [
                SketchAgg::udaf(Spec::KllSketch(t, 200), ArrowType::Binary),
                SketchAgg::udaf(Spec::KllMerge(t, None), ArrowType::Binary),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests;
