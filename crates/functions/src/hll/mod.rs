//! Spark's HyperLogLog sketch functions over Apache DataSketches (`hll_sketch_agg`,
//! `hll_union_agg`, `hll_sketch_estimate`, `hll_union`), byte-compatible with Spark's
//! (Java DataSketches) sketch images.

mod coupon;
mod errors;
mod estimate;
mod sketch_agg;
mod state;
pub(crate) mod udaf;
mod union;
mod union_agg;

pub(crate) use union_agg::binary_arg;

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{AggregateUDF, ScalarUDF};

use crate::{FunctionEntry, FunctionKind, display_call, scalar};

const fn agg(
    name: &'static str,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: FunctionKind::Aggregate,
        build,
        display,
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    agg("hll_sketch_agg", sketch_agg::build, sketch_agg::display),
    scalar("hll_sketch_estimate", estimate::build, display_call),
    scalar("hll_union", union::build, union::display),
    agg("hll_union_agg", union_agg::build, union_agg::display),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut v = estimate::udfs();
    v.extend(union::udfs());
    v
}

pub(crate) fn udafs() -> Vec<Arc<AggregateUDF>> {
    vec![
        udaf::SketchAgg::udaf(udaf::Spec::HllSketch(12), ArrowType::Binary),
        udaf::SketchAgg::udaf(udaf::Spec::HllUnion(false), ArrowType::Binary),
    ]
}

#[cfg(test)]
mod tests;
