//! `nullif(a, b)` (Spark's `NullIf`, replaced by `if(a = b, NULL, a)`): NULL if `a = b`,
//! else `a`, of `a`'s type (`nullif('10', 10)` is a STRING).

use datafusion::logical_expr::{Case, Expr as DfExpr};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{null_of, take_args};

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a, b] = take_args("nullif", args)?;
    let t = ctx.arg_type(&a)?;
    let equal = crate::operators::comparison::build_eq(vec![a.clone(), b], false, ctx)?;
    Ok(DfExpr::Case(Case::new(
        None,
        vec![(Box::new(equal), Box::new(null_of(&t)))],
        Some(Box::new(a)),
    )))
}
