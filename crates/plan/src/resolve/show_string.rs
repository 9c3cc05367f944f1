//! `df.show()` (Spark's `ShowString` relation): runs the input for `num_rows + 1` rows and
//! returns one row with one `show_string` column holding the rendered table.

use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema};
use datafusion::common::Column;
use datafusion::datasource::{MemTable, provider_as_source};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder};
use datafusion::prelude::{DataFrame, SessionContext};
use sabot_common::{Result, SparkError};

use super::PlanConfig;
use super::expressions::Named;
use super::output;
use super::relations::builder_build;
use crate::error::from_datafusion;

pub(crate) async fn show_string_plan(
    ctx: &SessionContext,
    conf: &PlanConfig,
    input: LogicalPlan,
    num_rows: i32,
    truncate: i32,
    vertical: bool,
) -> Result<LogicalPlan> {
    let input = output::with_spark_types(input, &conf.time_zone)?;
    let schema = Arc::new(input.schema().as_arrow().clone());
    let rows = usize::try_from(num_rows.max(0)).unwrap_or(0);
    let limited = builder_build(LogicalPlanBuilder::from(input).limit(0, Some(rows + 1)))?;
    let batches = DataFrame::new(ctx.state(), limited)
        .collect()
        .await
        .map_err(from_datafusion)?;
    let truncate = usize::try_from(truncate.max(0)).unwrap_or(0);
    let text = crate::show::show_string_with_schema(
        &schema,
        &batches,
        rows,
        truncate,
        vertical,
        &conf.time_zone,
    )?;
    let out_schema = Arc::new(Schema::new(vec![Field::new(
        "show_string",
        ArrowType::Utf8,
        false,
    )]));
    let batch = RecordBatch::try_new(
        Arc::clone(&out_schema),
        vec![Arc::new(StringArray::from(vec![text]))],
    )
    .map_err(|e| SparkError::internal(e.to_string()))?;
    let table = MemTable::try_new(out_schema, vec![vec![batch]]).map_err(from_datafusion)?;
    let scan = builder_build(LogicalPlanBuilder::scan(
        "__show",
        provider_as_source(Arc::new(table)),
        None,
    ))?;
    output::project(
        scan,
        vec![Named::new(
            DfExpr::Column(Column::new(Some("__show"), "show_string")),
            "show_string",
        )],
    )
}
