//! `when(c1, v1, c2, v2, ..., [else])`: Spark's `CaseWhen`, as Spark Connect sends
//! `F.when(...).when(...).otherwise(...)`. The resolver has cast the values to their common
//! type (`crate::common_type`).

use datafusion::logical_expr::{Case, Expr as DfExpr};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(mut args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("when", &args, 2, usize::MAX)?;
    let else_expr = if args.len() % 2 == 1 {
        args.pop().map(Box::new)
    } else {
        None
    };
    let mut pairs = Vec::with_capacity(args.len() / 2);
    let mut it = args.into_iter();
    while let (Some(c), Some(v)) = (it.next(), it.next()) {
        pairs.push((Box::new(c), Box::new(v)));
    }
    Ok(DfExpr::Case(Case::new(None, pairs, else_expr)))
}

/// `CASE WHEN c THEN v [WHEN ...] [ELSE e] END`.
pub(crate) fn display(_: &str, args: &[String], _: bool) -> String {
    let mut s = String::from("CASE");
    let mut chunks = args.chunks_exact(2);
    for pair in chunks.by_ref() {
        s.push_str(&format!(" WHEN {} THEN {}", pair[0], pair[1]));
    }
    if let [e] = chunks.remainder() {
        s.push_str(&format!(" ELSE {e}"));
    }
    s.push_str(" END");
    s
}
