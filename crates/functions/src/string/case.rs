//! `upper`/`ucase` and `lower`/`lcase`: full Unicode case mapping (`ß` -> `SS`), as Java's
//! `String.toUpperCase`.

use datafusion::functions::string::expr_fn::{lower, upper};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_upper(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("upper", args)?;
    Ok(upper(s))
}

pub(crate) fn build_lower(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("lower", args)?;
    Ok(lower(s))
}
