//! `replace(str, search[, replacement])` (Spark's `StringReplace`): an empty `search` leaves
//! the string unchanged (DataFusion would insert between every character).

use datafusion::functions::string::expr_fn::replace;
use datafusion::logical_expr::{Case, Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("replace", &args, 2, 3)?;
    let mut it = args.into_iter();
    let (Some(s), Some(search)) = (it.next(), it.next()) else {
        return Err(crate::errors::wrong_num_args("replace", "[2, 3]", 0));
    };
    let replacement = it.next().unwrap_or_else(|| lit(""));
    let empty = search.clone().eq(lit(""));
    Ok(DfExpr::Case(Case::new(
        None,
        vec![(Box::new(empty), Box::new(s.clone()))],
        Some(Box::new(replace(s, search, replacement))),
    )))
}

/// Spark prints the default replacement: `replace(s, l, )`.
pub(crate) fn display(name: &str, args: &[String], d: bool) -> String {
    match args {
        [s, search] => crate::display_call(name, &[s.clone(), search.clone(), String::new()], d),
        _ => crate::display_call(name, args, d),
    }
}
