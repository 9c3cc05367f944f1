//! Plan shapes datafusion-proto 55 encodes wrongly, rewritten into equivalent ones first.
//!
//! - A `range` scan (`LazyMemoryExec` over an `i64` series) with a projection pushed into it
//!   (`count()` projects no columns) is encoded with the projected schema but an unprojected
//!   generator, so the rebuilt scan fails ("number of columns(1) must match number of
//!   fields(0)"). It is encoded as a projection over the whole series instead.
//! - Aggregate window functions with `FILTER (WHERE ...)`: datafusion-proto has no field for
//!   the filter, so a rebuilt plan would aggregate every row. Such plans are refused
//!   (`UNSUPPORTED_FEATURE`) rather than shipped wrong. The filter is private to DataFusion's
//!   types; their `Debug` form shows it. (`IGNORE NULLS`, also dropped by the encoder, is put
//!   back by [`super::SabotConverter`].)

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::functions_table::generate_series::GenericSeriesState;
use datafusion::physical_expr::window::{PlainAggregateWindowExpr, SlidingAggregateWindowExpr};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::memory::LazyMemoryExec;
use datafusion::physical_plan::projection::{ProjectionExec, ProjectionExpr};
use datafusion::physical_plan::windows::{BoundedWindowAggExec, WindowAggExec};

pub(super) fn before_encoding(plan: Arc<dyn ExecutionPlan>) -> DfResult<Arc<dyn ExecutionPlan>> {
    plan.transform_up(|node| {
        refuse_lossy_windows(&node)?;
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

/// Fails for a window node whose functions datafusion-proto would rebuild differently.
fn refuse_lossy_windows(node: &Arc<dyn ExecutionPlan>) -> DfResult<()> {
    let exprs = if let Some(w) = node.downcast_ref::<BoundedWindowAggExec>() {
        w.window_expr()
    } else if let Some(w) = node.downcast_ref::<WindowAggExec>() {
        w.window_expr()
    } else {
        return Ok(());
    };
    for e in exprs {
        let any = e.as_any();
        let shown = format!("{e:?}");
        let lossy = (any.is::<PlainAggregateWindowExpr>()
            || any.is::<SlidingAggregateWindowExpr>())
            && shown.contains("filter: Some(");
        if lossy {
            return Err(DataFusionError::NotImplemented(format!(
                "[UNSUPPORTED_FEATURE] The window function `{}` (with FILTER) cannot be serialised for distributed execution",
                e.name()
            )));
        }
    }
    Ok(())
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
