//! `concat(...)` (NULL if any argument is NULL, Spark's `Concat`) and `concat_ws(sep, ...)`
//! (NULL arguments skipped, Spark's `ConcatWs`), from `datafusion-spark`.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::datetime::time::time_as_string;
use crate::utils::check_args;

pub(crate) static CONCAT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_concat", datafusion_spark::function::string::concat()));
pub(crate) static CONCAT_WS: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    Renamed::udf(
        "spark_concat_ws",
        datafusion_spark::function::string::concat_ws(),
    )
});

use crate::utils::Renamed;

pub(crate) fn build_concat(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    for a in &args {
        if matches!(
            ctx.arg_type(a)?,
            datafusion::arrow::datatypes::DataType::List(_)
        ) {
            return Err(SparkError::unsupported("concat of arrays"));
        }
    }
    let args = args.into_iter().map(|a| time_as_string(a, ctx));
    Ok(CONCAT.call(args.collect::<Result<_>>()?))
}

pub(crate) fn build_concat_ws(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("concat_ws", &args, 1, usize::MAX)?;
    let args = args.into_iter().map(|a| time_as_string(a, ctx));
    Ok(CONCAT_WS.call(args.collect::<Result<_>>()?))
}
