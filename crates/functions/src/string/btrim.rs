//! `btrim(str[, trimStr])` (Spark's `StringTrimBoth`): strips spaces, or the characters of
//! `trimStr`, from both ends; DataFusion's `btrim` has the same semantics.

use datafusion::functions::string::expr_fn::btrim;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("btrim", &args, 1, 2)?;
    Ok(btrim(args))
}
