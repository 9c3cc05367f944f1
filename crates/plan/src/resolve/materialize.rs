//! Relations computed at planning time (`tail`, `_repr_html_`, `show`): run a plan to Arrow
//! batches, and turn batches back into a plan with Spark's column names (duplicates allowed).

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::common::Column;
use datafusion::datasource::{MemTable, provider_as_source};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder};
use datafusion::prelude::{DataFrame, SessionContext};
use sabot_common::{Result, SparkError};

use super::expressions::Named;
use super::output;
use super::relations::builder_build;
use crate::error::from_datafusion;

/// Runs `plan` and returns its batches.
pub(crate) async fn collect(ctx: &SessionContext, plan: LogicalPlan) -> Result<Vec<RecordBatch>> {
    DataFrame::new(ctx.state(), plan)
        .collect()
        .await
        .map_err(from_datafusion)
}

/// A scan of `batches` whose columns are named and typed as in `schema` (names may repeat).
pub(crate) fn batches_plan(
    schema: &SchemaRef,
    batches: Vec<RecordBatch>,
    qualifier: &str,
) -> Result<LogicalPlan> {
    // Internal unique names for the table; the projection restores the Spark names.
    let internal = Arc::new(Schema::new(
        schema
            .fields()
            .iter()
            .enumerate()
            .map(|(i, f)| Field::clone(f).with_name(format!("_c{i}")))
            .collect::<Vec<_>>(),
    ));
    let batches = batches
        .into_iter()
        .map(|b| {
            RecordBatch::try_new(Arc::clone(&internal), b.columns().to_vec())
                .map_err(|e| SparkError::internal(e.to_string()))
        })
        .collect::<Result<Vec<_>>>()?;
    let table = MemTable::try_new(Arc::clone(&internal), vec![batches]).map_err(from_datafusion)?;
    let scan = builder_build(LogicalPlanBuilder::scan(
        qualifier,
        provider_as_source(Arc::new(table)),
        None,
    ))?;
    let items = schema
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Named::new(
                DfExpr::Column(Column::new(Some(qualifier), format!("_c{i}"))),
                f.name().clone(),
            )
        })
        .collect();
    output::project(scan, items)
}

/// One row with one non-null string column `name` (`show_string`, `html_string`).
pub(crate) fn string_row_plan(name: &str, value: String, qualifier: &str) -> Result<LogicalPlan> {
    let schema = Arc::new(Schema::new(vec![Field::new(
        name,
        datafusion::arrow::datatypes::DataType::Utf8,
        false,
    )]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![Arc::new(datafusion::arrow::array::StringArray::from(vec![
            value,
        ]))],
    )
    .map_err(|e| SparkError::internal(e.to_string()))?;
    batches_plan(&schema, vec![batch], qualifier)
}
