//! [`SplitBatchesExec`]: cuts each input batch into `n` zero-copy slices, so that a
//! round-robin exchange of batches deals rows to all `n` partitions as Spark's
//! `RoundRobinPartitioning` deals rows.

use std::fmt;
use std::sync::Arc;

use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Result as DfResult, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use futures::StreamExt;

#[derive(Debug)]
pub struct SplitBatchesExec {
    input: Arc<dyn ExecutionPlan>,
    slices: usize,
    properties: Arc<PlanProperties>,
}

impl SplitBatchesExec {
    /// The slices each batch is cut into.
    pub fn slices(&self) -> usize {
        self.slices
    }

    pub fn new(input: Arc<dyn ExecutionPlan>, slices: usize) -> Self {
        let properties = Arc::clone(input.properties());
        Self {
            input,
            slices: slices.max(1),
            properties,
        }
    }

    pub fn input(&self) -> &Arc<dyn ExecutionPlan> {
        &self.input
    }
}

impl DisplayAs for SplitBatchesExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "SplitBatchesExec: slices={}", self.slices)
    }
}

impl ExecutionPlan for SplitBatchesExec {
    fn name(&self) -> &str {
        "SplitBatchesExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true]
    }

    fn apply_expressions(
        &self,
        _: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let (Some(input), true) = (children.pop(), children.is_empty()) else {
            return internal_err!("SplitBatchesExec has one input");
        };
        Ok(Arc::new(Self::new(input, self.slices)))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        let input = self.input.execute(partition, context)?;
        let schema = input.schema();
        let slices = self.slices;
        let stream = input.flat_map(move |batch| {
            let pieces = match batch {
                Ok(b) => {
                    let rows = b.num_rows();
                    let size = rows.div_ceil(slices).max(1);
                    (0..rows)
                        .step_by(size)
                        .map(|start| Ok(b.slice(start, size.min(rows - start))))
                        .collect()
                }
                Err(e) => vec![Err(e)],
            };
            futures::stream::iter(pieces)
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::physical_plan::collect;
    use datafusion::prelude::SessionContext;

    use super::*;

    #[tokio::test]
    async fn one_batch_becomes_one_slice_per_partition() {
        let ctx = SessionContext::new();
        let plan = ctx
            .sql("SELECT * FROM range(10)")
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let split = Arc::new(SplitBatchesExec::new(plan, 4));
        let sizes: Vec<usize> = collect(split, ctx.task_ctx())
            .await
            .unwrap()
            .iter()
            .map(|b| b.num_rows())
            .collect();
        assert_eq!(sizes, [3, 3, 3, 1]);
    }
}
