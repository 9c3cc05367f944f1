//! `ceil`/`ceiling` and `floor` (Spark's `Ceil`, `Floor`): bigint for integral and floating
//! input, `decimal(p - s + 1, 0)` for decimals (from `datafusion-spark`).

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::utils::{Renamed, check_args};

pub(crate) static CEIL: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_ceil", datafusion_spark::function::math::ceil()));
pub(crate) static FLOOR: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_floor", datafusion_spark::function::math::floor()));

fn build(name: &str, f: &Arc<ScalarUDF>, args: Vec<DfExpr>) -> Result<DfExpr> {
    check_args(name, &args, 1, 2)?;
    if args.len() == 2 {
        return Err(SparkError::unsupported(format!("{name} with a scale")));
    }
    Ok(f.call(args))
}

pub(crate) fn build_ceil(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build("ceil", &CEIL, args)
}

pub(crate) fn build_floor(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build("floor", &FLOOR, args)
}
