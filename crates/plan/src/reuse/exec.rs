//! [`ReusedSubplanExec`]: one place of a repeated subplan. The places share a [`ReuseState`]:
//! the first place to run computes the whole subplan once, every partition at the same time
//! in tasks of its own, and keeps the batches until every place has taken them (Spark's
//! `ReusedExchangeExec` reads the first exchange's finished shuffle output the same way).
//!
//! Why whole and apart from the consumers: DataFusion runs the partitions of a plan together
//! (a hash join's probe partitions wait for each other to report their dynamic filter), and a
//! consumer's parents may hold it back until the other places have rows (a join reading its
//! other side first). A computation driven by one consumer's partition could wait forever.
//!
//! Each place keeps its own copy of the input plan; the first one to run (the owner) computes
//! with its copy. A place whose copy differs from the owner's (another partition count, or a
//! rewrite only it got) computes its own, as do all places but the owner when the subplan is
//! over [`MAX_BYTES`] or the memory pool refuses it: the owner then reads on from where its
//! partitions stopped.
//!
//! Codec note: the state's process-wide key, its number and its consumer count, and the
//! place's index; decoded places with the same key share one state again.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, OnceLock, Weak};

use datafusion::arrow::array::RecordBatch;
use datafusion::common::runtime::SpawnedTask;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result as DfResult, Statistics, internal_err};
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryReservation};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_plan::statistics::{ChildStats, StatisticsArgs};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, ExecutionPlanProperties, PlanProperties,
    displayable,
};
use futures::{StreamExt, TryStreamExt};
use tokio::sync::watch;

/// At most this many bytes of one subplan's batches are kept (over all its partitions); past
/// it the subplan is not shared (see the module docs).
pub const MAX_BYTES: usize = 256 << 20;

/// A kept partition, until every place has taken it.
struct KeptPartition {
    batches: Vec<RecordBatch>,
    /// Places yet to take it.
    takers: usize,
    _reservation: MemoryReservation,
}

/// What computing the subplan once came to.
enum Outcome {
    /// Every partition, kept.
    Kept(Mutex<Vec<Option<KeptPartition>>>),
    /// Not kept: the owner reads on from the handed-off streams, the others compute their own.
    NotKept,
}

type Published = Option<Result<Arc<Outcome>, Arc<DataFusionError>>>;

/// How one place reads a partition.
enum Role {
    /// It started the computation with its copy.
    Owner,
    /// Another place computes; this one reads what it keeps.
    Reader,
    /// Its copy is not the owner's: it computes its own.
    Own,
}

/// What the places of one repeated subplan share.
pub struct ReuseState {
    /// Numbered from 1 in the query (for `explain`).
    number: usize,
    /// Unique in the process: decoded places find each other by it.
    key: u64,
    /// How many places the subplan has.
    consumers: AtomicUsize,
    /// The most bytes kept ([`MAX_BYTES`]; lower in tests).
    cap: AtomicUsize,
    /// The owner's place, partition count and plan text (to tell a differing copy).
    owner: OnceLock<(usize, usize, String)>,
    outcome: watch::Receiver<Published>,
    /// Taken by the owner, for the computing task.
    publish: Mutex<Option<watch::Sender<Published>>>,
    /// The computation; aborted when the state goes (the query ended or was dropped).
    task: Mutex<Option<SpawnedTask<()>>>,
    /// Per partition, the rest of a subplan that was not kept, for the owner.
    handoff: Arc<Mutex<Vec<Option<SendableRecordBatchStream>>>>,
}

impl fmt::Debug for ReuseState {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("ReuseState")
            .field("number", &self.number)
            .field("consumers", &self.consumers())
            .finish_non_exhaustive()
    }
}

/// Decoded states by key (weak: a state lives as long as its plans).
static DECODED: LazyLock<Mutex<HashMap<u64, Weak<ReuseState>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn lock<T>(m: &Mutex<T>) -> DfResult<MutexGuard<'_, T>> {
    m.lock()
        .map_err(|_| DataFusionError::Internal("a reused subplan's state is poisoned".into()))
}

impl ReuseState {
    pub fn new(number: usize) -> Self {
        Self::with_key(number, uuid::Uuid::new_v4().as_u64_pair().0, 0)
    }

    fn with_key(number: usize, key: u64, consumers: usize) -> Self {
        let (publish, outcome) = watch::channel(None);
        Self {
            number,
            key,
            consumers: AtomicUsize::new(consumers),
            cap: AtomicUsize::new(MAX_BYTES),
            owner: OnceLock::new(),
            outcome,
            publish: Mutex::new(Some(publish)),
            task: Mutex::new(None),
            handoff: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// The state of decoded places with this key: the first one's, or a new one.
    pub fn decoded(number: usize, key: u64, consumers: usize) -> DfResult<Arc<Self>> {
        let mut all = lock(&DECODED)?;
        if let Some(state) = all.get(&key).and_then(Weak::upgrade) {
            return Ok(state);
        }
        all.retain(|_, w| w.strong_count() > 0);
        let state = Arc::new(Self::with_key(number, key, consumers));
        all.insert(key, Arc::downgrade(&state));
        Ok(state)
    }

    pub fn number(&self) -> usize {
        self.number
    }

    pub fn key(&self) -> u64 {
        self.key
    }

    pub fn consumers(&self) -> usize {
        self.consumers.load(Ordering::Relaxed)
    }

    pub(super) fn set_consumers(&self, n: usize) {
        self.consumers.store(n, Ordering::Relaxed);
    }

    #[cfg(test)]
    pub(super) fn set_cap(&self, bytes: usize) {
        self.cap.store(bytes, Ordering::Relaxed);
    }

    /// This place's role; the first place to ask starts the computation with its copy.
    fn join(&self, place: &ReusedSubplanExec, context: &Arc<TaskContext>) -> DfResult<Role> {
        let input = &place.input;
        let partitions = input.output_partitioning().partition_count();
        let mut publish = lock(&self.publish)?;
        if let Some(sender) = publish.take() {
            let text = place.text().to_string();
            let _ = self.owner.set((place.place, partitions, text));
            let computing = compute(
                Arc::clone(input),
                Arc::clone(context),
                self.cap.load(Ordering::Relaxed),
                self.consumers().max(1),
                Arc::clone(&self.handoff),
            );
            *lock(&self.task)? = Some(SpawnedTask::spawn(async move {
                let outcome = computing.await.map(Arc::new).map_err(Arc::new);
                let _ = sender.send(Some(outcome));
            }));
            return Ok(Role::Owner);
        }
        drop(publish);
        Ok(match self.owner.get() {
            Some((owner, ..)) if *owner == place.place => Role::Owner,
            Some((_, n, text)) if *n == partitions && text == place.text() => Role::Reader,
            _ => Role::Own,
        })
    }
}

/// Computes every partition of `input` at once and keeps them, or, past the cap or the pool's
/// limit, stops each partition and hands its rows so far and the rest to the owner.
async fn compute(
    input: Arc<dyn ExecutionPlan>,
    context: Arc<TaskContext>,
    cap: usize,
    takers: usize,
    handoff: Arc<Mutex<Vec<Option<SendableRecordBatchStream>>>>,
) -> DfResult<Outcome> {
    let stop = Arc::new(AtomicBool::new(false));
    let bytes = Arc::new(AtomicUsize::new(0));
    let tasks = (0..input.output_partitioning().partition_count())
        .map(|partition| {
            SpawnedTask::spawn(keep(
                Arc::clone(&input),
                partition,
                Arc::clone(&context),
                Arc::clone(&bytes),
                cap,
                Arc::clone(&stop),
            ))
        })
        .collect::<Vec<_>>();
    let mut parts = Vec::with_capacity(tasks.len());
    for task in tasks {
        let part = task
            .join()
            .await
            .map_err(|e| DataFusionError::External(Box::new(e)).context("a reused subplan"))??;
        parts.push(part);
    }
    if !stop.load(Ordering::Relaxed) {
        let kept = parts
            .into_iter()
            .map(|p| match p {
                Part::Kept(batches, reservation) => Some(KeptPartition {
                    batches,
                    takers,
                    _reservation: reservation,
                }),
                Part::Stopped(_) => None,
            })
            .collect();
        return Ok(Outcome::Kept(Mutex::new(kept)));
    }
    let schema = input.schema();
    *lock(&handoff)? = parts
        .into_iter()
        .map(|p| {
            Some(match p {
                Part::Stopped(rest) => rest,
                Part::Kept(batches, _) => {
                    let rows = futures::stream::iter(batches.into_iter().map(Ok));
                    Box::pin(RecordBatchStreamAdapter::new(Arc::clone(&schema), rows))
                        as SendableRecordBatchStream
                }
            })
        })
        .collect();
    Ok(Outcome::NotKept)
}

/// One partition computed: whole, or stopped with its rows so far and the rest.
enum Part {
    Kept(Vec<RecordBatch>, MemoryReservation),
    Stopped(SendableRecordBatchStream),
}

async fn keep(
    input: Arc<dyn ExecutionPlan>,
    partition: usize,
    context: Arc<TaskContext>,
    bytes: Arc<AtomicUsize>,
    cap: usize,
    stop: Arc<AtomicBool>,
) -> DfResult<Part> {
    let mut stream = input.execute(partition, Arc::clone(&context))?;
    let reservation = MemoryConsumer::new(format!("ReusedSubplanExec[{partition}]"))
        .register(context.memory_pool());
    let mut batches = Vec::new();
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let size = batch.get_array_memory_size();
        let total = bytes.fetch_add(size, Ordering::Relaxed) + size;
        if total > cap || reservation.try_grow(size).is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        batches.push(batch);
        if stop.load(Ordering::Relaxed) {
            let rows = futures::stream::iter(batches.into_iter().map(Ok)).chain(stream);
            return Ok(Part::Stopped(Box::pin(RecordBatchStreamAdapter::new(
                input.schema(),
                rows,
            ))));
        }
    }
    Ok(Part::Kept(batches, reservation))
}

#[derive(Debug)]
pub struct ReusedSubplanExec {
    input: Arc<dyn ExecutionPlan>,
    state: Arc<ReuseState>,
    /// This place's index among the subplan's places.
    place: usize,
    /// The input plan's text, made when first needed.
    text: OnceLock<String>,
}

impl ReusedSubplanExec {
    pub fn new(input: Arc<dyn ExecutionPlan>, state: Arc<ReuseState>, place: usize) -> Self {
        Self {
            input,
            state,
            place,
            text: OnceLock::new(),
        }
    }

    pub fn input(&self) -> &Arc<dyn ExecutionPlan> {
        &self.input
    }

    pub fn state(&self) -> &Arc<ReuseState> {
        &self.state
    }

    pub fn place(&self) -> usize {
        self.place
    }

    fn text(&self) -> &str {
        self.text
            .get_or_init(|| displayable(self.input.as_ref()).indent(true).to_string())
    }
}

impl DisplayAs for ReusedSubplanExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "ReusedSubplanExec: subplan={}, consumers={}",
            self.state.number(),
            self.state.consumers()
        )
    }
}

impl ExecutionPlan for ReusedSubplanExec {
    fn name(&self) -> &str {
        "ReusedSubplanExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        self.input.properties()
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true]
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
            return internal_err!("ReusedSubplanExec has one input");
        };
        Ok(Arc::new(Self::new(
            input,
            Arc::clone(&self.state),
            self.place,
        )))
    }

    fn child_stats_requests(&self, partition: Option<usize>) -> Vec<ChildStats> {
        vec![ChildStats::At(partition)]
    }

    /// The input's: every place has the statistics of the subplan it reads.
    fn statistics_from_inputs(
        &self,
        input_stats: &[Arc<Statistics>],
        _args: &StatisticsArgs,
    ) -> DfResult<Arc<Statistics>> {
        match input_stats {
            [stats] => Ok(Arc::clone(stats)),
            _ => internal_err!("ReusedSubplanExec has one input"),
        }
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        let role = self.state.join(self, &context)?;
        if let Role::Own = role {
            return self.input.execute(partition, context);
        }
        let (input, state) = (Arc::clone(&self.input), Arc::clone(&self.state));
        let stream = futures::stream::once(async move {
            let mut outcome = state.outcome.clone();
            let published = match outcome.wait_for(Option::is_some).await {
                Ok(done) => done.clone(),
                Err(_) => return internal_err!("a reused subplan's computation was dropped"),
            };
            let outcome = match published {
                Some(Ok(outcome)) => outcome,
                Some(Err(e)) => return Err(DataFusionError::Shared(e)),
                None => return internal_err!("a reused subplan's computation has no outcome"),
            };
            let rows: SendableRecordBatchStream = match (&*outcome, role) {
                (Outcome::Kept(parts), _) => {
                    let batches = {
                        let mut parts = lock(parts)?;
                        let Some(slot) = parts.get_mut(partition) else {
                            return internal_err!("a reused subplan has no partition {partition}");
                        };
                        let Some(kept) = slot.as_mut() else {
                            return internal_err!("a reused partition was taken by every place");
                        };
                        kept.takers = kept.takers.saturating_sub(1);
                        if kept.takers == 0 {
                            slot.take().map(|k| k.batches).unwrap_or_default()
                        } else {
                            kept.batches.clone()
                        }
                    };
                    let rows = futures::stream::iter(batches.into_iter().map(Ok));
                    Box::pin(RecordBatchStreamAdapter::new(input.schema(), rows))
                }
                (Outcome::NotKept, Role::Owner) => {
                    match lock(&state.handoff)?
                        .get_mut(partition)
                        .and_then(Option::take)
                    {
                        Some(rest) => rest,
                        None => return internal_err!("a reused partition was handed off twice"),
                    }
                }
                (Outcome::NotKept, _) => input.execute(partition, context)?,
            };
            Ok::<_, DataFusionError>(rows)
        })
        .try_flatten();
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            self.input.schema(),
            stream,
        )))
    }
}
