//! Execution progress (Spark Connect's `ExecutionProgress`): a physical plan split into stages
//! as Spark's `DAGScheduler` splits a job at its shuffles.
//!
//! A stage is the part of the plan between exchanges: each `RepartitionExec`,
//! `CoalescePartitionsExec`, `SortPreservingMergeExec`, `BroadcastExchangeExec` or `ShuffleExchangeExec` reads the
//! partitions of the stage below it, as a Spark shuffle (or broadcast) reads the map outputs of
//! the stage below. A stage's tasks are the output partitions of its top node, counted as they
//! start and end by a [`TaskCountingExec`] put there before execution; its input bytes are the
//! `bytes_scanned` metrics of the scans inside it (Parquet reports them; other sources read
//! none, as Spark's in-memory relations read no input bytes). Stage ids follow submission
//! order: the stages a stage reads come first, the result stage is last.

mod exec;
mod portable;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use datafusion::common::Result as DfResult;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::execution_plan::replace_children_if_necessary;

pub use exec::{TaskCounters, TaskCountingExec};

/// The scan metric that counts the bytes read from files.
const BYTES_SCANNED: &str = "bytes_scanned";

/// The progress of one stage at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageProgress {
    pub stage_id: i64,
    pub num_tasks: i64,
    pub num_completed_tasks: i64,
    pub input_bytes_read: i64,
    pub done: bool,
}

struct Stage {
    tasks: usize,
    counters: Arc<TaskCounters>,
    /// The stage's nodes that may report [`BYTES_SCANNED`].
    scans: Vec<Arc<dyn ExecutionPlan>>,
}

/// The stages of one execution, read while it runs.
#[derive(Default)]
pub struct ProgressTracker {
    stages: Vec<Stage>,
}

impl ProgressTracker {
    /// `plan` with a task counter at the top of every stage, and the tracker reading them.
    pub fn instrument(plan: Arc<dyn ExecutionPlan>) -> DfResult<(Arc<dyn ExecutionPlan>, Self)> {
        let mut tracker = Self::default();
        let plan = tracker.stage(plan)?;
        Ok((plan, tracker))
    }

    /// Registers the stage topped by `plan` (after the stages below it).
    fn stage(&mut self, plan: Arc<dyn ExecutionPlan>) -> DfResult<Arc<dyn ExecutionPlan>> {
        let tasks = plan.properties().partitioning.partition_count();
        let mut scans = Vec::new();
        let plan = self.within(plan, &mut scans)?;
        let counters = Arc::new(TaskCounters::default());
        self.stages.push(Stage {
            tasks,
            counters: Arc::clone(&counters),
            scans,
        });
        Ok(Arc::new(TaskCountingExec::new(plan, counters)))
    }

    /// `plan`, part of the current stage, with the stages under its exchanges registered.
    fn within(
        &mut self,
        plan: Arc<dyn ExecutionPlan>,
        scans: &mut Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        if plan.children().is_empty() {
            scans.push(Arc::clone(&plan));
            return Ok(plan);
        }
        let exchange = is_exchange(plan.as_ref());
        let children = plan
            .children()
            .into_iter()
            .map(|c| {
                if exchange {
                    self.stage(Arc::clone(c))
                } else {
                    self.within(Arc::clone(c), scans)
                }
            })
            .collect::<DfResult<Vec<_>>>()?;
        replace_children_if_necessary(plan, children)
    }

    /// Every stage's progress; `finished` marks all stages done (the execution ended, possibly
    /// before a limit let every task run).
    pub fn snapshot(&self, finished: bool) -> Vec<StageProgress> {
        self.stages
            .iter()
            .enumerate()
            .map(|(id, s)| {
                let completed = s.counters.completed.load(Ordering::Relaxed);
                StageProgress {
                    stage_id: id as i64,
                    num_tasks: s.tasks as i64,
                    num_completed_tasks: completed.min(s.tasks) as i64,
                    input_bytes_read: s.scans.iter().map(|p| bytes_scanned(p.as_ref())).sum(),
                    done: finished || completed >= s.tasks,
                }
            })
            .collect()
    }

    /// Tasks started and not yet ended.
    pub fn inflight_tasks(&self) -> i64 {
        self.stages
            .iter()
            .map(|s| {
                let started = s.counters.started.load(Ordering::Relaxed);
                let completed = s.counters.completed.load(Ordering::Relaxed);
                started.saturating_sub(completed) as i64
            })
            .sum()
    }
}

/// Whether `plan` reads its children's partitions in a new stage.
fn is_exchange(plan: &dyn ExecutionPlan) -> bool {
    matches!(
        plan.name(),
        "RepartitionExec"
            | "CoalescePartitionsExec"
            | "SortPreservingMergeExec"
            | "BroadcastExchangeExec"
            | "ShuffleExchangeExec"
    )
}

fn bytes_scanned(plan: &dyn ExecutionPlan) -> i64 {
    plan.metrics()
        .and_then(|m| m.sum_by_name(BYTES_SCANNED))
        .map(|v| v.as_usize() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
