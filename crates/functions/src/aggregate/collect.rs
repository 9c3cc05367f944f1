//! `collect_list` / `collect_set` (Spark's `CollectList`, `CollectSet`): NULLs are skipped and
//! an empty group gives an empty array (from `datafusion-spark`).

use std::sync::Arc;

use datafusion::logical_expr::{AggregateUDF, Expr as DfExpr};
use sabot_common::Result;

use super::with_distinct;
use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn collect_list() -> Arc<AggregateUDF> {
    datafusion_spark::function::aggregate::collect_list()
}

pub(crate) fn collect_set() -> Arc<AggregateUDF> {
    datafusion_spark::function::aggregate::collect_set()
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
