//! `array(...)` (Spark's `CreateArray`): elements coerced to a common type (from
//! `datafusion-spark`).

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::Renamed;

pub(crate) static ARRAY: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_array", datafusion_spark::function::array::array()));

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(ARRAY.call(args))
}
