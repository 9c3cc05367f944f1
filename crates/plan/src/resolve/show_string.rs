//! `df.show()` (Spark's `ShowString` relation): the input limited to `num_rows + 1` rows under a
//! [`ShowStringNode`], which renders them into one row with one `show_string` column.

use std::sync::Arc;

use datafusion::logical_expr::{Extension, LogicalPlan, LogicalPlanBuilder};
use sabot_common::Result;

use super::PlanConfig;
use super::output;
use super::relations::builder_build;
use crate::error::from_datafusion;
use crate::show::ShowStringNode;

pub(crate) fn show_string_plan(
    conf: &PlanConfig,
    input: LogicalPlan,
    num_rows: i32,
    truncate: i32,
    vertical: bool,
) -> Result<LogicalPlan> {
    let input = output::with_spark_types(input, &conf.time_zone)?;
    let rows = usize::try_from(num_rows.max(0)).unwrap_or(0);
    let limited = builder_build(LogicalPlanBuilder::from(input).limit(0, Some(rows + 1)))?;
    let truncate = usize::try_from(truncate.max(0)).unwrap_or(0);
    // engine: rendered when the query runs, so observations below are this execution's.
    let node = ShowStringNode::try_new(limited, rows, truncate, vertical, conf.time_zone.clone())
        .map_err(from_datafusion)?;
    Ok(LogicalPlan::Extension(Extension {
        node: Arc::new(node),
    }))
}
