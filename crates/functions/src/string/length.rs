//! `length`/`len`/`char_length`/`character_length` (Spark's `Length`): characters of a string,
//! bytes of a binary, as an int (from `datafusion-spark`).

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{Renamed, take_args};

pub(crate) static LENGTH: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_length", datafusion_spark::function::string::length()));

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("length", args)?;
    Ok(LENGTH.call(vec![s]))
}
