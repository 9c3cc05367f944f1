//! `repeat(str, n)` (Spark's `StringRepeat`): empty for `n <= 0`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions::string::expr_fn::repeat;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{cast_to, take_args};

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, n] = take_args("repeat", args)?;
    let t = ctx.arg_type(&n)?;
    Ok(repeat(s, cast_to(n, &t, &ArrowType::Int64)))
}
