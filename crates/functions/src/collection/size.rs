//! `size`/`cardinality` (Spark's `Size`): elements of an array or entries of a map, as an int.
//! A NULL input gives -1 (legacy `sizeOfNull`), or NULL when ANSI is on.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Case, Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{Renamed, null_of, take_args};

pub(crate) static SIZE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_size", datafusion_spark::function::collection::size()));

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("size", args)?;
    let size = SIZE.call(vec![x.clone()]);
    if !ctx.ansi {
        return Ok(size);
    }
    Ok(DfExpr::Case(Case::new(
        None,
        vec![(Box::new(x.is_null()), Box::new(null_of(&ArrowType::Int32)))],
        Some(Box::new(size)),
    )))
}
