//! [`ShuffleExchangeExec`]: a `RepartitionExec` that DataFusion's optimizers neither drop nor
//! replace (Spark's `ShuffleExchangeExec` for `REPARTITION_BY_NUM`/`REPARTITION_BY_COL`). Its
//! output has exactly the requested partitions; their hash placement is DataFusion's (the
//! Spark partition numbers `spark_partition_id()` sees are computed by `crate::partition`).

use std::fmt;
use std::sync::Arc;

use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Result as DfResult, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{Partitioning, PhysicalExpr};
use datafusion::physical_plan::repartition::RepartitionExec;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, ExecutionPlanProperties, PlanProperties,
};

#[derive(Debug)]
pub struct ShuffleExchangeExec {
    /// Does the work; its input is this node's child.
    inner: Arc<RepartitionExec>,
    properties: Arc<PlanProperties>,
}

impl ShuffleExchangeExec {
    pub fn try_new(input: Arc<dyn ExecutionPlan>, partitioning: Partitioning) -> DfResult<Self> {
        // Spark deals rows, DataFusion batches, round robin: each batch is split into one
        // slice per output partition first, so every partition gets its share of the rows.
        let source = match &partitioning {
            Partitioning::RoundRobinBatch(n) if *n > 1 => {
                Arc::new(super::split::SplitBatchesExec::new(input, *n)) as Arc<dyn ExecutionPlan>
            }
            _ => input,
        };
        let inner = Arc::new(RepartitionExec::try_new(source, partitioning)?);
        // Only the partition count is promised: a parent needing a hash distribution
        // repartitions again rather than trust a count it did not choose.
        let count = inner.partitioning().partition_count();
        let properties = Arc::new(
            inner
                .properties()
                .as_ref()
                .clone()
                .with_partitioning(Partitioning::UnknownPartitioning(count)),
        );
        Ok(Self { inner, properties })
    }

    pub fn partitioning(&self) -> &Partitioning {
        self.inner.partitioning()
    }

    /// The exchange's input (below the batch splitting of a round robin).
    pub fn input(&self) -> &Arc<dyn ExecutionPlan> {
        let below = self.inner.input();
        match below.downcast_ref::<super::split::SplitBatchesExec>() {
            Some(split) => split.input(),
            None => below,
        }
    }
}

impl DisplayAs for ShuffleExchangeExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "ShuffleExchangeExec: partitioning={}, input_partitions={}",
            self.inner.partitioning(),
            self.input().output_partitioning().partition_count()
        )
    }
}

impl ExecutionPlan for ShuffleExchangeExec {
    fn name(&self) -> &str {
        "ShuffleExchangeExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![self.input()]
    }

    /// From one input partition each output partition receives its rows in input order (the
    /// batches, or their slices, are dealt in turn): a sorted input stays sorted in each
    /// partition, as Spark's `coalesce(1)` of a sorted DataFrame keeps its order. (Without
    /// this DataFusion drops a sort below the exchange as useless.)
    fn maintains_input_order(&self) -> Vec<bool> {
        vec![self.input().output_partitioning().partition_count() <= 1]
    }

    /// The exchange sets the parallelism itself.
    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }

    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        if let Partitioning::Hash(keys, _) = self.inner.partitioning() {
            for k in keys {
                if f(k)? == TreeNodeRecursion::Stop {
                    return Ok(TreeNodeRecursion::Stop);
                }
            }
        }
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let (Some(input), true) = (children.pop(), children.is_empty()) else {
            return internal_err!("ShuffleExchangeExec has one input");
        };
        Ok(Arc::new(Self::try_new(
            input,
            self.inner.partitioning().clone(),
        )?))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        self.inner.execute(partition, context)
    }

    fn metrics(&self) -> Option<datafusion::physical_plan::metrics::MetricsSet> {
        self.inner.metrics()
    }
}
