//! `is_valid_variant(v)`: whether a variant's binaries are well formed (NULL for NULL).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::encoding::VariantRef;
use super::row_udf::call;
use super::variant_get::variant_arg;
use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("is_valid_variant", &args, 1, 1)?;
    let v = variant_arg("is_valid_variant", &args, ctx)?;
    Ok(call("spark_is_valid_variant", ArrowType::Boolean, row, v))
}

pub(crate) fn row(v: Option<VariantRef<'_>>) -> DfResult<ScalarValue> {
    Ok(ScalarValue::Boolean(v.map(|v| v.validate().is_ok())))
}
