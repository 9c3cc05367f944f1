//! `is_variant_null(v)` (Spark's `IsVariantNull`): true only for a variant null; false for
//! other values and for SQL NULL.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::encoding::{VType, VariantRef};
use super::malformed;
use super::row_udf::call;
use super::variant_get::variant_arg;
use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("is_variant_null", &args, 1, 1)?;
    let v = variant_arg("is_variant_null", &args, ctx)?;
    Ok(call("spark_is_variant_null", ArrowType::Boolean, row, v))
}

pub(crate) fn row(v: Option<VariantRef<'_>>) -> DfResult<ScalarValue> {
    let is_null = match v {
        Some(v) => v.vtype().map_err(|_| malformed())? == VType::Null,
        None => false,
    };
    Ok(ScalarValue::Boolean(Some(is_null)))
}
