//! `pow`/`power` (Spark's `Pow`) on doubles; `pow(0, -1)` is `Infinity` (from
//! `datafusion-spark`).

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::sqrt_exp::to_double;
use crate::FunctionContext;
use crate::utils::{Renamed, take_args};

pub(crate) static POW: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_pow", datafusion_spark::function::math::pow()));

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [b, e] = take_args("pow", args)?;
    Ok(POW.call(vec![to_double(b, ctx)?, to_double(e, ctx)?]))
}
