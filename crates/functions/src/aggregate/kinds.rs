//! Which Spark aggregate a [`super::collected::Collected`] computes, and the dispatch from
//! the kind to the function that turns the group's rows into Spark's result.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result as DfResult, ScalarValue};

use super::collected::Rows;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    ApproxCountDistinct,
    ApproxPercentile,
    BitmapAnd,
    BitmapConstruct,
    BitmapOr,
    CountMinSketch,
    HistogramNumeric,
    Kurtosis,
    Listagg,
    MaxBy,
    MinBy,
    Mode,
    Percentile,
    Product,
    RegrR2,
    Skewness,
    TryAvg,
    TrySum,
    WithinGroup,
}

/// The (unique) DataFusion name of the UDAF.
pub(crate) fn udaf_name(kind: Kind) -> &'static str {
    match kind {
        Kind::ApproxCountDistinct => "spark_approx_count_distinct",
        Kind::ApproxPercentile => "spark_approx_percentile",
        Kind::BitmapAnd => "spark_bitmap_and_agg",
        Kind::BitmapConstruct => "spark_bitmap_construct_agg",
        Kind::BitmapOr => "spark_bitmap_or_agg",
        Kind::CountMinSketch => "spark_count_min_sketch",
        Kind::HistogramNumeric => "spark_histogram_numeric",
        Kind::Kurtosis => "spark_kurtosis",
        Kind::Listagg => "spark_listagg",
        Kind::MaxBy => "spark_max_by",
        Kind::MinBy => "spark_min_by",
        Kind::Mode => "spark_mode",
        Kind::Percentile => "spark_percentile",
        Kind::Product => "spark_product",
        Kind::RegrR2 => "spark_regr_r2",
        Kind::Skewness => "spark_skewness",
        Kind::TryAvg => "spark_try_avg",
        Kind::TrySum => "spark_try_sum",
        Kind::WithinGroup => "spark_within_group",
    }
}

/// Every kind, to register one UDAF per kind in a session.
pub(crate) const ALL: [Kind; 19] = [
    Kind::ApproxCountDistinct,
    Kind::ApproxPercentile,
    Kind::BitmapAnd,
    Kind::BitmapConstruct,
    Kind::BitmapOr,
    Kind::CountMinSketch,
    Kind::HistogramNumeric,
    Kind::Kurtosis,
    Kind::Listagg,
    Kind::MaxBy,
    Kind::MinBy,
    Kind::Mode,
    Kind::Percentile,
    Kind::Product,
    Kind::RegrR2,
    Kind::Skewness,
    Kind::TryAvg,
    Kind::TrySum,
    Kind::WithinGroup,
];

pub(crate) fn finish(
    kind: Kind,
    params: &[ScalarValue],
    ret: &DataType,
    rows: &Rows,
) -> DfResult<ScalarValue> {
    match kind {
        Kind::ApproxCountDistinct => super::hll::finish(params, rows),
        Kind::ApproxPercentile => super::approx_percentile::finish(params, ret, rows),
        Kind::BitmapAnd => super::bitmap::finish_and(rows),
        Kind::BitmapConstruct => super::bitmap::finish_construct(rows),
        Kind::BitmapOr => super::bitmap::finish_or(rows),
        Kind::CountMinSketch => super::count_min_sketch::finish(params, rows),
        Kind::HistogramNumeric => super::histogram_numeric::finish(params, ret, rows),
        Kind::Kurtosis => super::moments::finish_kurtosis(rows),
        Kind::Listagg => super::listagg::finish(ret, rows),
        Kind::MaxBy => super::min_max_by::finish(true, params, ret, rows),
        Kind::MinBy => super::min_max_by::finish(false, params, ret, rows),
        Kind::Mode => super::mode::finish(params, ret, rows),
        Kind::Percentile => super::percentile::finish(params, rows),
        Kind::Product => super::product::finish(rows),
        Kind::RegrR2 => super::stats::finish_r2(rows),
        Kind::Skewness => super::moments::finish_skewness(rows),
        Kind::TryAvg => super::try_sum_avg::finish_avg(ret, rows),
        Kind::TrySum => super::try_sum_avg::finish_sum(ret, rows),
        Kind::WithinGroup => super::within_group::finish(params, ret, rows),
    }
}

/// The non-NULL doubles of column `i`.
pub(crate) fn doubles(rows: &Rows, i: usize) -> impl Iterator<Item = f64> + '_ {
    rows.iter().filter_map(move |r| match r.get(i) {
        Some(ScalarValue::Float64(Some(v))) => Some(*v),
        _ => None,
    })
}

/// Spark's ordering of two non-NULL values of one type: NaN is the largest double and
/// `-0.0` equals `0.0`; other types use their natural order.
pub(crate) fn spark_cmp(a: &ScalarValue, b: &ScalarValue) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    fn floats(x: f64, y: f64) -> Ordering {
        match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        }
    }
    match (a, b) {
        (ScalarValue::Float64(Some(x)), ScalarValue::Float64(Some(y))) => floats(*x, *y),
        (ScalarValue::Float32(Some(x)), ScalarValue::Float32(Some(y))) => {
            floats(f64::from(*x), f64::from(*y))
        }
        _ => a.partial_cmp(b).unwrap_or(Ordering::Equal),
    }
}
