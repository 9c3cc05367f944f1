//! `isnan(x)` (Spark's `IsNaN`): never NULL — a NULL input is not NaN.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions::expr_fn::coalesce;
use datafusion::functions::math::expr_fn::isnan;
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{cast_to, is_floating, take_args};

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("isnan", args)?;
    let t = ctx.arg_type(&x)?;
    let x = if is_floating(&t) {
        x
    } else {
        cast_to(x, &t, &ArrowType::Float64)
    };
    Ok(coalesce(vec![isnan(x), lit(false)]))
}
