//! `isnull(x)` / `isnotnull(x)` (Spark's `IsNull`, `IsNotNull`), named `(x IS NULL)`.

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_is_null(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("isnull", args)?;
    Ok(x.is_null())
}

pub(crate) fn build_is_not_null(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("isnotnull", args)?;
    Ok(x.is_not_null())
}

pub(crate) fn display_is_null(_: &str, args: &[String], _: bool) -> String {
    format!("({} IS NULL)", args.join(", "))
}

pub(crate) fn display_is_not_null(_: &str, args: &[String], _: bool) -> String {
    format!("({} IS NOT NULL)", args.join(", "))
}
