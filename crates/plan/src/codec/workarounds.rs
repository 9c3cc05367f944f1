//! Plan shapes datafusion-proto 55 encodes wrongly, rewritten into equivalent ones first.
//!
//! - A `range` scan (`LazyMemoryExec` over an `i64` series) with a projection pushed into it
//!   (`count()` projects no columns) is encoded with the projected schema but an unprojected
//!   generator, so the rebuilt scan fails ("number of columns(1) must match number of
//!   fields(0)"). It is encoded as a projection over the whole series instead.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::Result as DfResult;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::functions_table::generate_series::GenericSeriesState;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::memory::LazyMemoryExec;
use datafusion::physical_plan::projection::{ProjectionExec, ProjectionExpr};

pub(super) fn before_encoding(plan: Arc<dyn ExecutionPlan>) -> DfResult<Arc<dyn ExecutionPlan>> {
    plan.transform_up(|node| {
        let Some(lazy) = node.downcast_ref::<LazyMemoryExec>() else {
            return Ok(Transformed::no(node));
        };
        let series = match lazy.generators().as_slice() {
            [g] => g.read().as_any().is::<GenericSeriesState<i64>>(),
            _ => false,
        };
        let schema = lazy.schema();
        if !series || !schema.fields().is_empty() {
            return Ok(Transformed::no(node));
        }
        // The series' one column, as `GenerateSeriesTable` declares it.
        let full = Arc::new(Schema::new(vec![Field::new(
            "value",
            DataType::Int64,
            false,
        )]));
        let whole = Arc::new(LazyMemoryExec::try_new(full, lazy.generators().clone())?);
        let none: Vec<ProjectionExpr> = Vec::new();
        Ok(Transformed::yes(Arc::new(ProjectionExec::try_new(
            none, whole,
        )?)))
    })
    .map(|t| t.data)
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{AsArray, Int64Array};
    use datafusion::arrow::datatypes::Int64Type;
    use datafusion::prelude::SessionContext;

    #[tokio::test]
    async fn a_range_projected_to_no_columns_round_trips() {
        let ctx = SessionContext::new();
        for sql in [
            "SELECT count(*) FROM range(10)",
            "SELECT 1 FROM range(3) UNION ALL SELECT 2 FROM range(4)",
        ] {
            let plan = ctx
                .sql(sql)
                .await
                .unwrap()
                .create_physical_plan()
                .await
                .unwrap();
            let back = super::super::round_trip(plan, &ctx.task_ctx()).unwrap();
            let batches = datafusion::physical_plan::collect(back, ctx.task_ctx())
                .await
                .unwrap();
            let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
            if sql.contains("count") {
                let c = batches[0].column(0).as_primitive::<Int64Type>();
                assert_eq!(c, &Int64Array::from(vec![10]));
            } else {
                assert_eq!(rows, 7);
            }
        }
    }
}
