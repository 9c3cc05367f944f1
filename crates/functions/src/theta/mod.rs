//! Spark's theta sketch functions (`ThetaSketchAgg` and friends over Apache DataSketches),
//! over the Rust port of DataSketches, with Java's key hashing and sketch images so that
//! sketches move freely between Spark and Sabot.

mod aggregates;
mod build;
mod keys;
mod scalars;
mod sketch_io;
#[cfg(test)]
mod tests;

use std::sync::Arc;

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
    scalar("theta_difference", build::difference, display_call),
    scalar("theta_intersection", build::intersection, display_call),
    agg(
        "theta_intersection_agg",
        build::intersection_agg,
        display_call,
    ),
    agg("theta_sketch_agg", build::sketch_agg, |n, a, d| {
        build::display_with_lg(n, a, d, 1)
    }),
    scalar("theta_sketch_estimate", build::estimate, display_call),
    scalar("theta_union", build::union, |n, a, d| {
        build::display_with_lg(n, a, d, 2)
    }),
    agg("theta_union_agg", build::union_agg, |n, a, d| {
        build::display_with_lg(n, a, d, 1)
    }),
];

/// The UDFs with their default parameters (calls build their own instances).
pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    use scalars::{ThetaFn, ThetaUdf};
    vec![
        ThetaUdf::udf(ThetaFn::Estimate),
        ThetaUdf::udf(ThetaFn::Union(Some(12))),
        ThetaUdf::udf(ThetaFn::Intersection),
        ThetaUdf::udf(ThetaFn::Difference),
    ]
}

pub(crate) fn udafs() -> Vec<Arc<AggregateUDF>> {
    use aggregates::{ThetaAgg, ThetaUdaf};
    use datafusion::arrow::datatypes::DataType;
    vec![
        ThetaUdaf::udaf(ThetaAgg::Sketch(Some(12)), &DataType::Int64),
        ThetaUdaf::udaf(ThetaAgg::Union(Some(12)), &DataType::Binary),
        ThetaUdaf::udaf(ThetaAgg::Intersection, &DataType::Binary),
    ]
}
