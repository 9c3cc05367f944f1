//! `in(value, v1, v2, ...)` (Spark's `In`): SQL semantics — NULL when there is no match and
//! the value or some list element is NULL.

use datafusion::logical_expr::{Expr as DfExpr, in_list};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(mut args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("in", &args, 1, usize::MAX)?;
    let value = args.remove(0);
    Ok(in_list(value, args, false))
}

/// `(a IN (1, 2))`.
pub(crate) fn display(_: &str, args: &[String], _: bool) -> String {
    match args.split_first() {
        Some((v, list)) => format!("({v} IN ({}))", list.join(", ")),
        None => "(IN ())".into(),
    }
}
