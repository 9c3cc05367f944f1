//! Spark's theta and tuple sketch functions (`ThetaSketchAgg`, `TupleSketchAggDouble` and
//! their set operations over Java DataSketches) over the Rust port of DataSketches, with
//! Java's key hashing and sketch images so that sketches move freely between Spark and Sabot.
//! Theta: `aggregates`, `scalars`, `build`; tuple: `tuple_aggs`, `tuple_scalars`,
//! `tuple_build`, summaries in `tuple_summary`; images in `sketch_io`/`tuple_io`.

pub(crate) mod aggregates;
mod build;
mod keys;
pub(crate) mod scalars;
mod sketch_io;
#[cfg(test)]
mod tests;
pub(crate) mod tuple_aggs;
mod tuple_build;
mod tuple_io;
pub(crate) mod tuple_scalars;
mod tuple_summary;

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
    scalar(
        "tuple_difference_double",
        tuple_build::difference_double,
        display_call,
    ),
    scalar(
        "tuple_difference_integer",
        tuple_build::difference_integer,
        display_call,
    ),
    scalar(
        "tuple_difference_theta_double",
        tuple_build::difference_theta_double,
        display_call,
    ),
    scalar(
        "tuple_difference_theta_integer",
        tuple_build::difference_theta_integer,
        display_call,
    ),
    agg(
        "tuple_intersection_agg_double",
        tuple_build::intersection_agg_double,
        |n, a, d| tuple_build::display_defaults(n, a, d, None, 1),
    ),
    agg(
        "tuple_intersection_agg_integer",
        tuple_build::intersection_agg_integer,
        |n, a, d| tuple_build::display_defaults(n, a, d, None, 1),
    ),
    scalar(
        "tuple_intersection_double",
        tuple_build::intersection_double,
        |n, a, d| tuple_build::display_defaults(n, a, d, None, 2),
    ),
    scalar(
        "tuple_intersection_integer",
        tuple_build::intersection_integer,
        |n, a, d| tuple_build::display_defaults(n, a, d, None, 2),
    ),
    scalar(
        "tuple_intersection_theta_double",
        tuple_build::intersection_theta_double,
        |n, a, d| tuple_build::display_defaults(n, a, d, None, 2),
    ),
    scalar(
        "tuple_intersection_theta_integer",
        tuple_build::intersection_theta_integer,
        |n, a, d| tuple_build::display_defaults(n, a, d, None, 2),
    ),
    agg(
        "tuple_sketch_agg_double",
        tuple_build::sketch_agg_double,
        |n, a, d| tuple_build::display_defaults(n, a, d, Some(2), 3),
    ),
    agg(
        "tuple_sketch_agg_integer",
        tuple_build::sketch_agg_integer,
        |n, a, d| tuple_build::display_defaults(n, a, d, Some(2), 3),
    ),
    scalar(
        "tuple_sketch_estimate_double",
        tuple_build::estimate_double,
        display_call,
    ),
    scalar(
        "tuple_sketch_estimate_integer",
        tuple_build::estimate_integer,
        display_call,
    ),
    scalar(
        "tuple_sketch_summary_double",
        tuple_build::summary_double,
        |n, a, d| tuple_build::display_defaults(n, a, d, None, 1),
    ),
    scalar(
        "tuple_sketch_summary_integer",
        tuple_build::summary_integer,
        |n, a, d| tuple_build::display_defaults(n, a, d, None, 1),
    ),
    scalar(
        "tuple_sketch_theta_double",
        tuple_build::theta_double,
        display_call,
    ),
    scalar(
        "tuple_sketch_theta_integer",
        tuple_build::theta_integer,
        display_call,
    ),
    agg(
        "tuple_union_agg_double",
        tuple_build::union_agg_double,
        |n, a, d| tuple_build::display_defaults(n, a, d, Some(1), 2),
    ),
    agg(
        "tuple_union_agg_integer",
        tuple_build::union_agg_integer,
        |n, a, d| tuple_build::display_defaults(n, a, d, Some(1), 2),
    ),
    scalar(
        "tuple_union_double",
        tuple_build::union_double,
        |n, a, d| tuple_build::display_defaults(n, a, d, Some(2), 3),
    ),
    scalar(
        "tuple_union_integer",
        tuple_build::union_integer,
        |n, a, d| tuple_build::display_defaults(n, a, d, Some(2), 3),
    ),
    scalar(
        "tuple_union_theta_double",
        tuple_build::union_theta_double,
        |n, a, d| tuple_build::display_defaults(n, a, d, Some(2), 3),
    ),
    scalar(
        "tuple_union_theta_integer",
        tuple_build::union_theta_integer,
        |n, a, d| tuple_build::display_defaults(n, a, d, Some(2), 3),
    ),
];

/// The UDFs with their default parameters (calls build their own instances).
pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    use scalars::{ThetaFn, ThetaUdf};
    use tuple_aggs::Kind;
    use tuple_scalars::{TupleFn, TupleUdf};
    let mut v = vec![
        ThetaUdf::udf(ThetaFn::Estimate),
        ThetaUdf::udf(ThetaFn::Union(Some(12))),
        ThetaUdf::udf(ThetaFn::Intersection),
        ThetaUdf::udf(ThetaFn::Difference),
    ];
    for kind in [Kind::Double, Kind::Integer] {
        v.extend(
            [
                TupleFn::Estimate,
                TupleFn::Theta,
                TupleFn::Difference,
                TupleFn::DifferenceTheta,
            ]
            .map(|f| TupleUdf::udf(f, kind)),
        );
    }
    v
}

pub(crate) fn udafs() -> Vec<Arc<AggregateUDF>> {
    use aggregates::{ThetaAgg, ThetaUdaf};
    use datafusion::arrow::datatypes::DataType;
    use sketch_io::LgNom;
    use tuple_aggs::{Kind, TupleAgg, TupleUdaf};
    use tuple_summary::Mode;
    vec![
        ThetaUdaf::udaf(ThetaAgg::Sketch(Some(12)), &DataType::Int64),
        ThetaUdaf::udaf(ThetaAgg::Union(Some(12)), &DataType::Binary),
        ThetaUdaf::udaf(ThetaAgg::Intersection, &DataType::Binary),
    ]
    .into_iter()
    .chain([Kind::Double, Kind::Integer].into_iter().flat_map(|kind| {
        [
            TupleAgg::Sketch(LgNom(12), Mode::Sum),
            TupleAgg::Union(LgNom(12), Mode::Sum),
            TupleAgg::Intersection(Mode::Sum),
        ]
        .map(|a| TupleUdaf::udaf(a, kind, &DataType::Int64))
    }))
    .collect()
}
