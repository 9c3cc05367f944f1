//! `collect_list` / `collect_set` (Spark's `CollectList`, `CollectSet`): NULLs are skipped and
//! an empty group gives an empty array (from `datafusion-spark`).

use std::sync::Arc;

use datafusion::logical_expr::{AggregateUDF, Expr as DfExpr};
use sabot_common::Result;

use super::with_distinct;
use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn collect_list() -> Arc<AggregateUDF> {
    non_null(datafusion_spark::function::aggregate::collect_list())
}

pub(crate) fn collect_set() -> Arc<AggregateUDF> {
    non_null(datafusion_spark::function::aggregate::collect_set())
}

/// Spark's collect functions are not nullable (also over a window).
fn non_null(inner: Arc<AggregateUDF>) -> Arc<AggregateUDF> {
    Arc::new(AggregateUDF::new_from_impl(super::non_null::NonNull(inner)))
}

pub(crate) fn build_list(
    args: Vec<DfExpr>,
    distinct: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("collect_list", args)?;
    with_distinct(collect_list().call(vec![x]), distinct)
}

pub(crate) fn build_set(
    args: Vec<DfExpr>,
    distinct: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("collect_set", args)?;
    with_distinct(collect_set().call(vec![x]), distinct)
}
