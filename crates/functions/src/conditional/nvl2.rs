//! `nvl2(a, b, c)` (Spark's `Nvl2`): `b` if `a` is not NULL, else `c`.

use datafusion::logical_expr::{Case, Expr as DfExpr};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a, b, c] = take_args("nvl2", args)?;
    Ok(DfExpr::Case(Case::new(
        None,
        vec![(Box::new(a.is_not_null()), Box::new(b))],
        Some(Box::new(c)),
    )))
}
