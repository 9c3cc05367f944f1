//! [`TaskCountingExec`]: a pass-through node at the top of a stage that counts its tasks (the
//! partition streams of the node below) as they start and end, for execution progress.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Result as DfResult, internal_err};
use datafusion::execution::{RecordBatchStream, SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use futures::Stream;

/// A stage's task counters, shared by its node and the progress reporter.
#[derive(Debug, Default)]
pub struct TaskCounters {
    pub started: AtomicUsize,
    pub completed: AtomicUsize,
}

#[derive(Debug)]
pub struct TaskCountingExec {
    input: Arc<dyn ExecutionPlan>,
    counters: Arc<TaskCounters>,
    properties: Arc<PlanProperties>,
}

impl TaskCountingExec {
    pub fn new(input: Arc<dyn ExecutionPlan>, counters: Arc<TaskCounters>) -> Self {
        let properties = Arc::clone(input.properties());
        Self {
            input,
            counters,
            properties,
        }
    }
}

impl DisplayAs for TaskCountingExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "TaskCountingExec")
    }
}

impl ExecutionPlan for TaskCountingExec {
    fn name(&self) -> &str {
        "TaskCountingExec"
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

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
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
            return internal_err!("TaskCountingExec has one input");
        };
        Ok(Arc::new(Self::new(input, Arc::clone(&self.counters))))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        let input = self.input.execute(partition, context)?;
        Ok(Box::pin(CountingStream {
            input,
            counters: Arc::clone(&self.counters),
            state: TaskState::Waiting,
        }))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TaskState {
    Waiting,
    Running,
    Ended,
}

/// A task: started at its first poll, ended at its last batch, error, or when dropped early
/// (a limit above stops it; Spark counts such tasks as ended too).
struct CountingStream {
    input: SendableRecordBatchStream,
    counters: Arc<TaskCounters>,
    state: TaskState,
}

impl CountingStream {
    fn end(&mut self) {
        if self.state == TaskState::Running {
            self.counters.completed.fetch_add(1, Ordering::Relaxed);
        }
        self.state = TaskState::Ended;
    }
}

impl Stream for CountingStream {
    type Item = DfResult<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.state == TaskState::Waiting {
            self.counters.started.fetch_add(1, Ordering::Relaxed);
            self.state = TaskState::Running;
        }
        let polled = self.input.as_mut().poll_next(cx);
        if matches!(polled, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
            self.end();
        }
        polled
    }
}

impl RecordBatchStream for CountingStream {
    fn schema(&self) -> SchemaRef {
        self.input.schema()
    }
}

impl Drop for CountingStream {
    fn drop(&mut self) {
        self.end();
    }
}
