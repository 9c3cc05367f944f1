//! `reverse(x)` (Spark's `Reverse`): the characters of a string or the elements of an array.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions::unicode::expr_fn::reverse;
use datafusion::functions_nested::expr_fn::array_reverse;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("reverse", args)?;
    Ok(match ctx.arg_type(&x)? {
        ArrowType::List(_) | ArrowType::LargeList(_) => array_reverse(x),
        // Spark reverses a binary's bytes, keeping it binary.
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView => {
            return Err(sabot_common::SparkError::unsupported("reverse of a binary"));
        }
        _ => reverse(x),
    })
}
