//! `instr(str, substr)` (Spark's `StringInstr`): the 1-based position of the first
//! occurrence, 0 if absent, 1 for an empty `substr`.

use datafusion::functions::unicode::expr_fn::strpos;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, sub] = take_args("instr", args)?;
    Ok(strpos(s, sub))
}
