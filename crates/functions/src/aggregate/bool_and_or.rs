//! `bool_and`/`every` and `bool_or`/`some`/`any` (Spark's `BoolAnd`, `BoolOr`): NULLs are
//! ignored; NULL for no non-NULL rows.

use datafusion::functions_aggregate::expr_fn::{bool_and, bool_or};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::with_distinct;
use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_and(
    args: Vec<DfExpr>,
    distinct: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("bool_and", args)?;
    with_distinct(bool_and(x), distinct)
}

pub(crate) fn build_or(
    args: Vec<DfExpr>,
    distinct: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("bool_or", args)?;
    with_distinct(bool_or(x), distinct)
}
