//! `char(n)` / `chr(n)` (Spark's `Chr`): "" for a negative `n`, else the character
//! `n % 256` (from `datafusion-spark`).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{Renamed, cast_to, take_args};

pub(crate) static CHR: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_chr", datafusion_spark::function::string::char()));

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [n] = take_args("chr", args)?;
    let t = ctx.arg_type(&n)?;
    Ok(CHR.call(vec![cast_to(n, &t, &ArrowType::Int64)]))
}
