//! [`OrderedOutput`]: a query's sorted result reaches the client in order.
//!
//! Every query ends in a projection that casts its columns to the types Spark sends (string
//! views to strings, see `resolve::output`). DataFusion cannot tell that such a cast keeps the
//! order of its input, so it loses the sort order at the root and `EnforceDistribution` feels
//! free to spread the projection over several partitions with a round-robin repartition; the
//! result streams are then read in whatever order they finish, and an `ORDER BY` with more than
//! one batch comes back shuffled. Below the root's projections, a round-robin repartition of a
//! single ordered stream is removed again, so the root reads that one stream.

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::config::ConfigOptions;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::execution_plan::replace_children_if_necessary;
use datafusion::physical_plan::projection::ProjectionExec;
use datafusion::physical_plan::repartition::RepartitionExec;
use datafusion::physical_plan::{ExecutionPlan, ExecutionPlanProperties, Partitioning};

#[derive(Debug, Default)]
pub struct OrderedOutput;

/// `plan` without a round-robin repartition of one ordered stream under its top projections.
fn keep_order(plan: Arc<dyn ExecutionPlan>) -> DfResult<Arc<dyn ExecutionPlan>> {
    if let Some(r) = plan.downcast_ref::<RepartitionExec>() {
        let input = r.input();
        let spreads_one_ordered_stream =
            matches!(r.partitioning(), Partitioning::RoundRobinBatch(_))
                && input.output_partitioning().partition_count() == 1
                && input.output_ordering().is_some();
        return Ok(if spreads_one_ordered_stream {
            Arc::clone(input)
        } else {
            plan
        });
    }
    let Some(projection) = plan.downcast_ref::<ProjectionExec>() else {
        return Ok(plan);
    };
    let child = keep_order(Arc::clone(projection.input()))?;
    replace_children_if_necessary(plan, vec![child])
}

impl PhysicalOptimizerRule for OrderedOutput {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        keep_order(plan)
    }

    fn name(&self) -> &str {
        "OrderedOutput"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{AsArray, StringViewArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::arrow::record_batch::RecordBatch;
    use datafusion::datasource::MemTable;
    use datafusion::execution::SessionStateBuilder;
    use datafusion::physical_plan::{ExecutionPlanProperties, collect, displayable};
    use datafusion::prelude::{SessionConfig, SessionContext};

    /// A session with Sabot's physical rules, two partitions and small batches, over a table
    /// of view-typed strings in many batches.
    async fn session() -> SessionContext {
        let config = SessionConfig::new()
            .with_target_partitions(2)
            .with_batch_size(100);
        let state = SessionStateBuilder::new()
            .with_config(config)
            .with_default_features()
            .with_physical_optimizer_rules(super::super::physical_rules())
            .build();
        let ctx = SessionContext::new_with_state(state);
        let schema = std::sync::Arc::new(Schema::new(vec![Field::new(
            "s",
            DataType::Utf8View,
            false,
        )]));
        let batches: Vec<RecordBatch> = (0..20)
            .map(|b| {
                let values: Vec<String> = (0..100)
                    .map(|i| format!("v{:05}", (i * 37 + b * 11) % 2000))
                    .collect();
                RecordBatch::try_new(
                    std::sync::Arc::clone(&schema),
                    vec![std::sync::Arc::new(StringViewArray::from_iter_values(
                        values,
                    ))],
                )
                .unwrap()
            })
            .collect();
        let table = MemTable::try_new(schema, vec![batches[..10].to_vec(), batches[10..].to_vec()])
            .unwrap();
        ctx.register_table("t", std::sync::Arc::new(table)).unwrap();
        ctx
    }

    #[tokio::test]
    async fn a_cast_over_a_sorted_result_reads_one_ordered_stream() {
        let ctx = session().await;
        let plan = ctx
            .sql("SELECT arrow_cast(s, 'Utf8') AS s FROM (SELECT s FROM t ORDER BY s LIMIT 100000)")
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let shown = displayable(plan.as_ref()).indent(false).to_string();
        assert!(!shown.contains("RoundRobinBatch"), "{shown}");
        assert_eq!(plan.output_partitioning().partition_count(), 1, "{shown}");
        let batches = collect(plan, ctx.task_ctx()).await.unwrap();
        let values: Vec<String> = batches
            .iter()
            .flat_map(|b| {
                b.column(0)
                    .as_string::<i32>()
                    .iter()
                    .map(|v| v.unwrap().to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(values.len(), 2000);
        assert!(values.windows(2).all(|w| w[0] <= w[1]));
    }
}
