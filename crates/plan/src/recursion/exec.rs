//! [`UnionLoopExec`]: runs a recursive CTE's loop (see the module docs).

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{DataFusionError, Result as DfResult, exec_err, internal_err};
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryReservation};
use datafusion::execution::{RecordBatchStream, SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, Partitioning, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, PlanProperties,
};
use futures::{Stream, StreamExt};

use super::LoopState;
use super::reference::UnionLoopRefExec;

#[derive(Debug)]
pub struct UnionLoopExec {
    anchor: Arc<dyn ExecutionPlan>,
    recursive: Arc<dyn ExecutionPlan>,
    id: String,
    level_limit: u64,
    row_limit: u64,
    /// The anchor's schema with every field nullable.
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl UnionLoopExec {
    pub fn new(
        anchor: Arc<dyn ExecutionPlan>,
        recursive: Arc<dyn ExecutionPlan>,
        id: String,
        level_limit: u64,
        row_limit: u64,
        schema: SchemaRef,
    ) -> Self {
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        ));
        Self {
            anchor,
            recursive,
            id,
            level_limit,
            row_limit,
            schema,
            properties,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn limits(&self) -> (u64, u64) {
        (self.level_limit, self.row_limit)
    }
}

impl DisplayAs for UnionLoopExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "UnionLoopExec: {}, level limit {}, row limit {}",
            self.id, self.level_limit, self.row_limit
        )
    }
}

impl ExecutionPlan for UnionLoopExec {
    fn name(&self) -> &str {
        "UnionLoopExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.anchor, &self.recursive]
    }

    /// Each term runs as one stream (the recursive term once per level).
    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::SinglePartition, Distribution::SinglePartition]
    }

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false, false]
    }

    fn apply_expressions(
        &self,
        _: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let Ok([anchor, recursive]) = <[Arc<dyn ExecutionPlan>; 2]>::try_from(children) else {
            return internal_err!("UnionLoopExec has two inputs");
        };
        Ok(Arc::new(Self::new(
            anchor,
            recursive,
            self.id.clone(),
            self.level_limit,
            self.row_limit,
            Arc::clone(&self.schema),
        )))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return exec_err!("UnionLoopExec has one partition, not {partition}");
        }
        let anchor = self.anchor.execute(0, Arc::clone(&context))?;
        let pool = context.memory_pool();
        let consumer = || MemoryConsumer::new(format!("UnionLoopExec[{}]", self.id));
        Ok(Box::pin(UnionLoopStream {
            id: self.id.clone(),
            recursive: Arc::clone(&self.recursive),
            context: Arc::clone(&context),
            schema: Arc::clone(&self.schema),
            current: Some(anchor),
            state: LoopState::new(self.level_limit, self.row_limit),
            level_rows: Vec::new(),
            level_memory: consumer().register(pool),
            read_memory: consumer().register(pool),
        }))
    }
}

struct UnionLoopStream {
    id: String,
    recursive: Arc<dyn ExecutionPlan>,
    context: Arc<TaskContext>,
    schema: SchemaRef,
    /// The running level's stream; `None` once the loop has ended.
    current: Option<SendableRecordBatchStream>,
    state: LoopState,
    /// The running level's rows so far: what the next level reads.
    level_rows: Vec<RecordBatch>,
    /// Accounts `level_rows`.
    level_memory: MemoryReservation,
    /// Accounts the rows the running level reads.
    read_memory: MemoryReservation,
}

impl UnionLoopStream {
    fn add(&mut self, batch: RecordBatch) -> DfResult<RecordBatch> {
        self.state
            .add_rows(batch.num_rows() as u64)
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        let batch = batch.with_schema(Arc::clone(&self.schema))?;
        self.level_memory.try_grow(batch.get_array_memory_size())?;
        self.level_rows.push(batch.clone());
        Ok(batch)
    }

    /// Starts the next level over the rows of the one that ended; `false` when it had none.
    fn next_level(&mut self) -> DfResult<bool> {
        if self.level_rows.is_empty() {
            return Ok(false);
        }
        let rows: Arc<[RecordBatch]> = std::mem::take(&mut self.level_rows).into();
        self.read_memory.free();
        self.read_memory = self.level_memory.take();
        self.state.next_level();
        let plan = bind(&self.recursive, &self.id, &rows)?;
        self.current = Some(plan.execute(0, Arc::clone(&self.context))?);
        Ok(true)
    }
}

/// `plan` with its references to loop `id` reading `rows`, and every node's execution state
/// fresh (a hash join's build side is rebuilt each level).
fn bind(
    plan: &Arc<dyn ExecutionPlan>,
    id: &str,
    rows: &Arc<[RecordBatch]>,
) -> DfResult<Arc<dyn ExecutionPlan>> {
    Arc::clone(plan)
        .transform_up(|p| {
            if let Some(r) = p.downcast_ref::<UnionLoopRefExec>()
                && r.id() == id
            {
                return Ok(Transformed::yes(
                    Arc::new(r.bound(Arc::clone(rows))) as Arc<dyn ExecutionPlan>
                ));
            }
            Ok(Transformed::yes(p.reset_state()?))
        })
        .map(|t| t.data)
}

impl Stream for UnionLoopStream {
    type Item = DfResult<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let Some(stream) = self.current.as_mut() else {
                return Poll::Ready(None);
            };
            match ready!(stream.poll_next_unpin(cx)) {
                Some(Ok(batch)) if batch.num_rows() == 0 => continue,
                Some(Ok(batch)) => {
                    let out = self.add(batch);
                    if out.is_err() {
                        self.current = None;
                    }
                    return Poll::Ready(Some(out));
                }
                Some(Err(e)) => {
                    self.current = None;
                    return Poll::Ready(Some(Err(e)));
                }
                None => {
                    self.current = None;
                    match self.next_level() {
                        Ok(true) => continue,
                        Ok(false) => return Poll::Ready(None),
                        Err(e) => return Poll::Ready(Some(Err(e))),
                    }
                }
            }
        }
    }
}

impl RecordBatchStream for UnionLoopStream {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }
}
