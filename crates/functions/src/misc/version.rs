//! `version()` (Spark's `SparkVersion`): "<Spark version> <build>"; Sabot reports the Spark
//! version whose protocol it speaks and its own version as the build.

use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [] = take_args("version", args)?;
    Ok(lit(format!(
        "{} sabot-{}",
        spark_connect_proto::SPARK_PROTOCOL_VERSION.trim(),
        env!("CARGO_PKG_VERSION")
    )))
}
