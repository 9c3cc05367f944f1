//! Functions registered only to fail as Spark 4.3 does or with a specific message: the
//! partition transforms (`years`, `months`, `days`, `hours`, `bucket`), which Spark allows only
//! inside `partitionedBy`.

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;

/// Spark's `PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY`.
pub(crate) fn build_partition_transform(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let rendered = args
        .iter()
        .map(|a| a.schema_name().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let expression = format!("partition transform({rendered})");
    Err(SparkError::with_class(
        ExceptionKind::Internal,
        "PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY",
        "42S23",
        format!("The expression {expression} must be inside 'partitionedBy'."),
    )
    .param("expression", expression))
}

/// `window` and `session_window` are rewritten by the plan (`TimeWindowing`/`SessionWindowing`)
/// when they appear in a select list or a grouping; anywhere else (`withColumn`, a filter)
/// they reach the registry.
pub(crate) fn build_time_window(
    _: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    Err(SparkError::unsupported(
        "time windows (`window`, `session_window`) outside a select list or a grouping",
    ))
}
