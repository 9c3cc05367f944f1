//! [`AdaptiveCoalesceExec`]: Spark's `AQEShuffleReadExec` (coalesced) over a shuffle that
//! names no partition count. It reads every partition of the shuffle below (Spark's stage
//! boundary), sizes them ([`super::adaptive::shuffle_bytes`]) and hands the rows of each
//! coalesced group to one output partition: group `i` is output partition `i`, the partitions
//! after the last group are empty (a writer makes no file for them). The partition count it
//! promises is the shuffle's, as DataFusion fixes it before the data is seen.
//!
//! The shuffle's output is held in memory (accounted in the memory pool) up to the rule's
//! buffer limit; past it, or when the pool refuses more, the partitions pass through
//! uncoalesced (each its buffered rows, then the rest of its stream).
//!
//! Codec note: plain: the rule's four numbers; the run state is made afresh by
//! [`AdaptiveCoalesceExec::new`].

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use datafusion::arrow::array::RecordBatch;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result as DfResult, exec_err, internal_err};
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryReservation};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, ExecutionPlanProperties, PlanProperties,
};
use futures::{Stream, StreamExt, TryStreamExt};

use super::adaptive::{AdaptiveCoalesce, shuffle_bytes};
use super::shared_run::{SharedRun, take_part};

/// What each output partition reads, decided once per run.
enum Read {
    /// Coalesced: output partition `i` takes `groups[i]` (later partitions nothing).
    Groups(Mutex<Vec<Option<Vec<RecordBatch>>>>),
    /// Over the limit: each partition its buffered rows, then the rest of its stream.
    PassThrough(Mutex<Vec<Option<Passed>>>),
}

/// A partition passed through: its buffered rows and the rest of its stream (none when done).
type Passed = (Vec<RecordBatch>, Option<SendableRecordBatchStream>);

struct Run {
    read: Read,
    /// The coalesced rows' memory, held until the run's state is dropped with the plan.
    _reservation: Option<MemoryReservation>,
    /// How many coalesced partitions were made (for display after the run).
    groups: Option<usize>,
}

#[derive(Debug)]
pub struct AdaptiveCoalesceExec {
    input: Arc<dyn ExecutionPlan>,
    rule: AdaptiveCoalesce,
    properties: Arc<PlanProperties>,
    run: SharedRun<Run>,
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Run({:?} groups)", self.groups)
    }
}

impl AdaptiveCoalesceExec {
    pub fn new(input: Arc<dyn ExecutionPlan>, rule: AdaptiveCoalesce) -> Self {
        let count = input.output_partitioning().partition_count();
        let properties = Arc::new(input.properties().as_ref().clone().with_partitioning(
            datafusion::physical_expr::Partitioning::UnknownPartitioning(count),
        ));
        Self {
            input,
            rule,
            properties,
            run: SharedRun::default(),
        }
    }

    pub fn input(&self) -> &Arc<dyn ExecutionPlan> {
        &self.input
    }

    pub fn rule(&self) -> &AdaptiveCoalesce {
        &self.rule
    }
}

/// Reads every input partition, buffering up to the limit.
async fn read_all(
    input: Arc<dyn ExecutionPlan>,
    rule: AdaptiveCoalesce,
    context: Arc<TaskContext>,
) -> DfResult<Run> {
    let count = input.output_partitioning().partition_count();
    let mut streams = (0..count)
        .map(|p| input.execute(p, Arc::clone(&context)).map(Some))
        .collect::<DfResult<Vec<_>>>()?;
    let reservation = MemoryConsumer::new("AdaptiveCoalesceExec").register(context.memory_pool());
    let mut buffered: Vec<Vec<RecordBatch>> = vec![Vec::new(); count];
    let mut sizes = vec![0u64; count];
    let mut total = 0u64;
    let over = futures::future::poll_fn(|cx| {
        poll_all(
            cx,
            &mut streams,
            &mut buffered,
            &mut sizes,
            &mut total,
            &rule,
            &reservation,
        )
    })
    .await?;
    if over {
        // Pass through: the buffered rows go to their own partitions (their memory is then
        // the consumers', as in any stream).
        drop(reservation);
        let parts = buffered
            .into_iter()
            .zip(streams)
            .map(|(b, s)| Some((b, s)))
            .collect();
        return Ok(Run {
            read: Read::PassThrough(Mutex::new(parts)),
            _reservation: None,
            groups: None,
        });
    }
    let groups = rule.groups(&sizes);
    let made = groups.len();
    let mut outputs: Vec<Option<Vec<RecordBatch>>> = groups
        .into_iter()
        .map(|g| Some(buffered[g].iter_mut().flat_map(std::mem::take).collect()))
        .collect();
    outputs.resize_with(count, || Some(Vec::new()));
    Ok(Run {
        read: Read::Groups(Mutex::new(outputs)),
        _reservation: Some(reservation),
        groups: Some(made),
    })
}

/// Polls every live stream until all are done (`false`) or the buffer is full (`true`).
fn poll_all(
    cx: &mut Context<'_>,
    streams: &mut [Option<SendableRecordBatchStream>],
    buffered: &mut [Vec<RecordBatch>],
    sizes: &mut [u64],
    total: &mut u64,
    rule: &AdaptiveCoalesce,
    reservation: &MemoryReservation,
) -> Poll<DfResult<bool>> {
    let mut pending = false;
    for (p, slot) in streams.iter_mut().enumerate() {
        let Some(stream) = slot else { continue };
        loop {
            match Pin::new(&mut *stream).poll_next(cx) {
                Poll::Ready(Some(Ok(batch))) => {
                    if batch.num_rows() == 0 {
                        continue;
                    }
                    let bytes = shuffle_bytes(&batch, None);
                    *total += bytes;
                    sizes[p] += bytes;
                    let fits = *total <= rule.buffer_limit
                        && reservation.try_grow(batch.get_array_memory_size()).is_ok();
                    buffered[p].push(batch);
                    if !fits {
                        return Poll::Ready(Ok(true));
                    }
                }
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(e)),
                Poll::Ready(None) => {
                    *slot = None;
                    break;
                }
                Poll::Pending => {
                    pending = true;
                    break;
                }
            }
        }
    }
    if pending {
        Poll::Pending
    } else {
        Poll::Ready(Ok(false))
    }
}

impl DisplayAs for AdaptiveCoalesceExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "AQEShuffleReadExec: coalesced")?;
        if let Some(n) = self.run.done().and_then(|run| run.groups) {
            write!(f, ", partitions={n}")?;
        }
        Ok(())
    }
}

impl ExecutionPlan for AdaptiveCoalesceExec {
    fn name(&self) -> &str {
        "AQEShuffleReadExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![false]
    }

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let (Some(input), true) = (children.pop(), children.is_empty()) else {
            return internal_err!("AQEShuffleReadExec has one input");
        };
        Ok(Arc::new(Self::new(input, self.rule)))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        let count = self.properties.partitioning.partition_count();
        if partition >= count {
            return exec_err!("AQEShuffleReadExec has {count} partitions, not {partition}");
        }
        let (input, rule, run) = (Arc::clone(&self.input), self.rule, self.run.clone());
        let stream = futures::stream::once(async move {
            let run = run.get(|| read_all(input, rule, context)).await?;
            let mine: futures::stream::BoxStream<'static, DfResult<RecordBatch>> = match &run.read {
                Read::Groups(outputs) => {
                    let rows = take_part(outputs, partition)?.unwrap_or_default();
                    futures::stream::iter(rows.into_iter().map(Ok)).boxed()
                }
                Read::PassThrough(parts) => {
                    let (rows, rest) = take_part(parts, partition)?.unwrap_or_default();
                    let head = futures::stream::iter(rows.into_iter().map(Ok));
                    match rest {
                        Some(rest) => head.chain(rest).boxed(),
                        None => head.boxed(),
                    }
                }
            };
            Ok::<_, DataFusionError>(mine)
        })
        .try_flatten();
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            self.input.schema(),
            stream,
        )))
    }
}
