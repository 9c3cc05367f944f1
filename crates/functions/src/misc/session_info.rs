//! `current_user()`/`user()`/`session_user()`, `current_catalog()`,
//! `current_database()`/`current_schema()` (Spark's `CurrentUser`, `CurrentCatalog`,
//! `CurrentDatabase`): constants of the session, folded at analysis as Spark does.
//!
//! Sabot's only catalog is `spark_catalog` and, until databases land with the catalog,
//! the current database is always `default`.

use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_user(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [] = take_args("current_user", args)?;
    Ok(lit(ctx.user.to_string()))
}

pub(crate) fn build_catalog(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [] = take_args("current_catalog", args)?;
    Ok(lit("spark_catalog"))
}

pub(crate) fn build_database(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("current_database", args)?;
    Ok(lit("default"))
}
