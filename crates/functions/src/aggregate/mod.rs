//! Aggregate functions (`FunctionKind::Aggregate`): each builds one DataFusion aggregate call,
//! honouring `DISTINCT`.

mod approx_percentile;
mod bitmap;
mod bool_and_or;
mod collect;
pub(crate) mod collected;
mod count;
mod count_if;
mod count_min_sketch;
mod first_last;
mod histogram_numeric;
mod hll;
mod java_random;
mod kinds;
mod listagg;
mod min_max;
mod min_max_by;
mod mode;
mod moments;
mod non_null;
pub(crate) mod params;
mod percentile;
mod product;
mod stats;
mod stddev_variance;
mod sum_avg;
mod try_sum_avg;
mod within_group; // issue 5: WITHIN GROUP (ORDER BY ...)

use std::sync::Arc;

use datafusion::logical_expr::{AggregateUDF, Expr as DfExpr, ExprFunctionExt, ScalarUDF};
use sabot_common::Result;

use crate::errors::from_df;
use crate::scalar;
use crate::{FunctionEntry, FunctionKind::Aggregate, display_call};

const fn agg(
    name: &'static str,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Aggregate,
        build,
        display,
    }
}

/// Marks an aggregate call `DISTINCT` when asked.
pub(crate) fn with_distinct(call: DfExpr, distinct: bool) -> Result<DfExpr> {
    if distinct {
        call.distinct().build().map_err(from_df)
    } else {
        Ok(call)
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    agg(
        "__percentile_cont",
        within_group::build_percentile_cont,
        display_call,
    ),
    agg("__within_group", within_group::build, display_call),
    agg("any", bool_and_or::build_or, display_call),
    agg("any_value", first_last::build_first, first_last::display),
    agg("approx_count_distinct", hll::build, hll::display),
    agg(
        "approx_percentile",
        approx_percentile::build,
        approx_percentile::display,
    ),
    agg("array_agg", collect::build_list, |_, a, d| {
        display_call("collect_list", a, d)
    }),
    agg("avg", sum_avg::build_avg, display_call),
    agg("bitmap_and_agg", bitmap::build_and_agg, display_call),
    scalar(
        "bitmap_bit_position",
        bitmap::build_bit_position,
        display_call,
    ),
    scalar(
        "bitmap_bucket_number",
        bitmap::build_bucket_number,
        display_call,
    ),
    agg(
        "bitmap_construct_agg",
        bitmap::build_construct_agg,
        display_call,
    ),
    scalar("bitmap_count", bitmap::build_count, display_call),
    agg("bitmap_or_agg", bitmap::build_or_agg, display_call),
    agg("bool_and", bool_and_or::build_and, display_call),
    agg("bool_or", bool_and_or::build_or, display_call),
    agg("collect_list", collect::build_list, display_call),
    agg("collect_set", collect::build_set, display_call),
    agg("corr", stats::build_corr, display_call),
    agg("count", count::build, display_call),
    agg("count_if", count_if::build, display_call),
    agg("count_min_sketch", count_min_sketch::build, display_call),
    agg("covar_pop", stats::build_covar_pop, display_call),
    agg("covar_samp", stats::build_covar_samp, display_call),
    agg("every", bool_and_or::build_and, display_call),
    agg("first", first_last::build_first, first_last::display),
    agg("first_value", first_last::build_first, first_last::display),
    agg("histogram_numeric", histogram_numeric::build, display_call),
    agg("kurtosis", moments::build_kurtosis, display_call),
    agg("last", first_last::build_last, first_last::display),
    agg("last_value", first_last::build_last, first_last::display),
    agg("listagg", listagg::build_listagg, listagg::display),
    agg("max", min_max::build_max, display_call),
    agg("max_by", min_max_by::build_max_by, display_call),
    agg("mean", sum_avg::build_avg, display_call),
    agg("median", percentile::build_median, display_call),
    agg("min", min_max::build_min, display_call),
    agg("min_by", min_max_by::build_min_by, display_call),
    agg("mode", mode::build, mode::display),
    agg("percentile", percentile::build, percentile::display),
    agg(
        "percentile_approx",
        approx_percentile::build,
        approx_percentile::display,
    ),
    agg("product", product::build, display_call),
    agg("regr_avgx", stats::build_regr_avgx, display_call),
    agg("regr_avgy", stats::build_regr_avgy, display_call),
    agg("regr_count", stats::build_regr_count, display_call),
    agg("regr_intercept", stats::build_regr_intercept, display_call),
    agg("regr_r2", stats::build_regr_r2, display_call),
    agg("regr_slope", stats::build_regr_slope, display_call),
    agg("regr_sxx", stats::build_regr_sxx, display_call),
    agg("regr_sxy", stats::build_regr_sxy, display_call),
    agg("regr_syy", stats::build_regr_syy, display_call),
    agg("skewness", moments::build_skewness, display_call),
    agg("some", bool_and_or::build_or, display_call),
    agg("std", stddev_variance::build_stddev, display_call),
    agg("stddev", stddev_variance::build_stddev, display_call),
    agg(
        "stddev_pop",
        stddev_variance::build_stddev_pop,
        display_call,
    ),
    agg("stddev_samp", stddev_variance::build_stddev, display_call),
    agg("string_agg", listagg::build_string_agg, listagg::display),
    agg("sum", sum_avg::build_sum, display_call),
    agg("try_avg", try_sum_avg::build_try_avg, display_call),
    agg("try_sum", try_sum_avg::build_try_sum, display_call),
    agg("var_pop", stddev_variance::build_var_pop, display_call),
    agg("var_samp", stddev_variance::build_variance, display_call),
    agg("variance", stddev_variance::build_variance, display_call),
];

pub(crate) fn udafs() -> Vec<Arc<AggregateUDF>> {
    let mut v = vec![collect::collect_list(), collect::collect_set()];
    v.extend(kinds::ALL.iter().map(|k| {
        collected::Collected::udaf(
            *k,
            vec![],
            datafusion::arrow::datatypes::DataType::Null,
            true,
        )
    }));
    v
}

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![bitmap::bitmap_count()]
}

#[cfg(test)]
mod tests;
