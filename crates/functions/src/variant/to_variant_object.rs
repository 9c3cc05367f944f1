//! `to_variant_object(expr)` (Spark's `ToVariantObject`): an array, map or struct as a
//! variant, structs and string-keyed maps becoming (unordered) variant objects.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::cast::type_sql;
use super::from_arrow::{call, convertible};
use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("to_variant_object", &args, 1, 1)?;
    let t = ctx.arg_type(&args[0])?;
    let nested = matches!(
        t,
        ArrowType::List(_) | ArrowType::LargeList(_) | ArrowType::Struct(_) | ArrowType::Map(..)
    );
    if !nested || !convertible(&t, true) || super::is_variant(&t) {
        let call_sql = format!("to_variant_object({})", args[0].schema_name());
        return Err(cast_without_suggestion(&call_sql, &t));
    }
    Ok(call("spark_to_variant_object", args[0].clone()))
}

/// `DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION` of a type that cannot become a variant.
pub(crate) fn cast_without_suggestion(call_sql: &str, t: &ArrowType) -> SparkError {
    let src = format!("\"{}\"", type_sql(t));
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
        "42K09",
        format!(
            "Cannot resolve \"{call_sql}\" due to data type mismatch: cannot cast {src} to \"VARIANT\"."
        ),
    )
    .param("sqlExpr", format!("\"{call_sql}\""))
    .param("srcType", src)
    .param("targetType", "\"VARIANT\"")
}
