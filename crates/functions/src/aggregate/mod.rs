//! Aggregate functions (`FunctionKind::Aggregate`): each builds one DataFusion aggregate call,
//! honouring `DISTINCT`.

mod bool_and_or;
mod collect;
mod count;
mod count_if;
mod first_last;
mod min_max;
mod non_null;
mod stddev_variance;
mod sum_avg;

use std::sync::Arc;

use datafusion::logical_expr::{AggregateUDF, Expr as DfExpr, ExprFunctionExt};
use sabot_common::Result;

use crate::errors::from_df;
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
    agg("any", bool_and_or::build_or, display_call),
    agg("any_value", first_last::build_first, first_last::display),
    agg("array_agg", collect::build_list, |_, a, d| {
        display_call("collect_list", a, d)
    }),
    agg("avg", sum_avg::build_avg, display_call),
    agg("bool_and", bool_and_or::build_and, display_call),
    agg("bool_or", bool_and_or::build_or, display_call),
    agg("collect_list", collect::build_list, display_call),
    agg("collect_set", collect::build_set, display_call),
    agg("count", count::build, display_call),
    agg("count_if", count_if::build, display_call),
    agg("every", bool_and_or::build_and, display_call),
    agg("first", first_last::build_first, first_last::display),
    agg("first_value", first_last::build_first, first_last::display),
    agg("last", first_last::build_last, first_last::display),
    agg("last_value", first_last::build_last, first_last::display),
    agg("max", min_max::build_max, display_call),
    agg("mean", sum_avg::build_avg, display_call),
    agg("min", min_max::build_min, display_call),
    agg("some", bool_and_or::build_or, display_call),
    agg("std", stddev_variance::build_stddev, display_call),
    agg("stddev", stddev_variance::build_stddev, display_call),
    agg(
        "stddev_pop",
        stddev_variance::build_stddev_pop,
        display_call,
    ),
    agg("stddev_samp", stddev_variance::build_stddev, display_call),
    agg("sum", sum_avg::build_sum, display_call),
    agg("var_pop", stddev_variance::build_var_pop, display_call),
    agg("var_samp", stddev_variance::build_variance, display_call),
    agg("variance", stddev_variance::build_variance, display_call),
];

pub(crate) fn udafs() -> Vec<Arc<AggregateUDF>> {
    vec![collect::collect_list(), collect::collect_set()]
}

#[cfg(test)]
mod tests;
