//! [`CollectMetricsExec`]: passes its input through and sends every batch to the metrics plan,
//! which runs beside the query on the same rows (Spark's `CollectMetricsExec`: no second pass);
//! [`MetricsSourceExec`] is that plan's leaf, reading the forwarded batches.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Result as DfResult, exec_err, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, Partitioning, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use futures::StreamExt;
use tokio::sync::{mpsc, oneshot};

type Slot<T> = Arc<Mutex<Option<T>>>;

fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// One observation's values, as the client receives them.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedMetrics {
    pub name: String,
    pub plan_id: i64,
    /// One row; its column names are the metrics' names.
    pub values: RecordBatch,
}

/// The state one execution of the node shares between its partitions.
#[derive(Debug, Default)]
struct Shared {
    /// Cloned into each partition's stream; dropped by [`CollectMetricsExec::finish`], which
    /// (with the streams gone) ends the metrics plan's input.
    sender: Mutex<Option<mpsc::UnboundedSender<RecordBatch>>>,
    /// Set once the metrics plan runs; taken by `finish`.
    result: Mutex<Option<oneshot::Receiver<DfResult<Vec<RecordBatch>>>>>,
    started: Mutex<bool>,
}

#[derive(Debug)]
pub struct CollectMetricsExec {
    input: Arc<dyn ExecutionPlan>,
    name: String,
    plan_id: i64,
    metrics: Arc<dyn ExecutionPlan>,
    shared: Arc<Shared>,
    properties: Arc<PlanProperties>,
}

impl CollectMetricsExec {
    /// The observation's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The plan id of the observed relation.
    pub fn plan_id(&self) -> i64 {
        self.plan_id
    }

    /// The plan computing the metrics.
    pub fn metrics(&self) -> &Arc<dyn ExecutionPlan> {
        &self.metrics
    }

    /// `metrics` reads the rows through its [`MetricsSourceExec`] leaf (none when the
    /// optimizer found the rows unneeded, e.g. for constant metrics).
    pub fn try_new(
        input: Arc<dyn ExecutionPlan>,
        name: String,
        plan_id: i64,
        metrics: Arc<dyn ExecutionPlan>,
    ) -> DfResult<Self> {
        let (sender, receiver) = mpsc::unbounded_channel();
        if let Some(source) = find_source(&metrics) {
            *source
                .receiver
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(receiver);
        }
        let shared = Arc::new(Shared {
            sender: Mutex::new(Some(sender)),
            ..Shared::default()
        });
        Ok(Self::with_shared(input, name, plan_id, metrics, shared))
    }

    fn with_shared(
        input: Arc<dyn ExecutionPlan>,
        name: String,
        plan_id: i64,
        metrics: Arc<dyn ExecutionPlan>,
        shared: Arc<Shared>,
    ) -> Self {
        let properties = Arc::clone(input.properties());
        Self {
            input,
            name,
            plan_id,
            metrics,
            shared,
            properties,
        }
    }

    /// Starts the metrics plan (once per execution).
    fn start(&self, context: &Arc<TaskContext>) {
        let mut started = self
            .shared
            .started
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if *started {
            return;
        }
        *started = true;
        let (done, result) = oneshot::channel();
        let plan = Arc::clone(&self.metrics);
        let context = Arc::clone(context);
        tokio::spawn(async move {
            let values = datafusion::physical_plan::collect(plan, context).await;
            // The receiver is gone when the query was dropped: nobody wants the values.
            let _ = done.send(values);
        });
        *self
            .shared
            .result
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(result);
    }

    /// The metrics, once the query's streams are done (or dropped): ends the metrics plan's
    /// input and waits for its row. A node no partition ran reports its metrics over no rows.
    pub async fn finish(&self, context: &Arc<TaskContext>) -> DfResult<ObservedMetrics> {
        self.start(context);
        drop(take(&self.shared.sender));
        let Some(result) = take(&self.shared.result) else {
            return internal_err!("observation {} was already reported", self.name);
        };
        let batches = match result.await {
            Ok(values) => values?,
            Err(_) => return internal_err!("the metrics of observation {} stopped", self.name),
        };
        let schema = self.metrics.schema();
        let values = datafusion::arrow::compute::concat_batches(&schema, &batches)?;
        if values.num_rows() != 1 {
            return internal_err!(
                "observation {} computed {} rows of metrics",
                self.name,
                values.num_rows()
            );
        }
        Ok(ObservedMetrics {
            name: self.name.clone(),
            plan_id: self.plan_id,
            values,
        })
    }
}

impl DisplayAs for CollectMetricsExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let schema = self.metrics.schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        write!(
            f,
            "CollectMetricsExec: {}, [{}]",
            self.name,
            names.join(", ")
        )
    }
}

impl ExecutionPlan for CollectMetricsExec {
    fn name(&self) -> &str {
        "CollectMetricsExec"
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
            return internal_err!("CollectMetricsExec has one input");
        };
        // The same execution state: the rewritten node is the one that runs and reports.
        Ok(Arc::new(Self::with_shared(
            input,
            self.name.clone(),
            self.plan_id,
            Arc::clone(&self.metrics),
            Arc::clone(&self.shared),
        )))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        self.start(&context);
        let Some(sender) = self
            .shared
            .sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        else {
            return exec_err!("observation {} was already reported", self.name);
        };
        let input = self.input.execute(partition, context)?;
        let stream = input.map(move |batch| {
            if let Ok(b) = &batch {
                // A closed channel means the metrics plan needs no rows.
                let _ = sender.send(b.clone());
            }
            batch
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            self.input.schema(),
            stream,
        )))
    }
}

/// The leaf of a metrics plan: one partition reading the batches the observing node forwards.
#[derive(Debug)]
pub struct MetricsSourceExec {
    schema: SchemaRef,
    receiver: Slot<mpsc::UnboundedReceiver<RecordBatch>>,
    properties: Arc<PlanProperties>,
}

impl MetricsSourceExec {
    pub fn new(schema: SchemaRef) -> Self {
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        ));
        Self {
            schema,
            receiver: Arc::default(),
            properties,
        }
    }
}

impl DisplayAs for MetricsSourceExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "MetricsSourceExec")
    }
}

impl ExecutionPlan for MetricsSourceExec {
    fn name(&self) -> &str {
        "MetricsSourceExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        if !children.is_empty() {
            return internal_err!("MetricsSourceExec has no inputs");
        }
        Ok(self)
    }

    fn apply_expressions(
        &self,
        _: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn execute(
        &self,
        partition: usize,
        _: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return exec_err!("MetricsSourceExec has one partition, not {partition}");
        }
        let Some(receiver) = take(&self.receiver) else {
            return exec_err!("MetricsSourceExec runs once per execution");
        };
        let stream = futures::stream::unfold(receiver, |mut r| async move {
            r.recv().await.map(|b| (Ok(b), r))
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            stream,
        )))
    }
}

fn find_source(plan: &Arc<dyn ExecutionPlan>) -> Option<&MetricsSourceExec> {
    if let Some(s) = plan.downcast_ref::<MetricsSourceExec>() {
        return Some(s);
    }
    plan.children().into_iter().find_map(find_source)
}

/// The metrics of every observation in an executed plan, once its result stream is done.
pub async fn collect(
    plan: &Arc<dyn ExecutionPlan>,
    context: &Arc<TaskContext>,
) -> DfResult<Vec<ObservedMetrics>> {
    let mut nodes = Vec::new();
    find_observations(plan, &mut nodes);
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        out.push(node.finish(context).await?);
    }
    Ok(out)
}

fn find_observations<'a>(plan: &'a Arc<dyn ExecutionPlan>, out: &mut Vec<&'a CollectMetricsExec>) {
    if let Some(c) = plan.downcast_ref::<CollectMetricsExec>() {
        out.push(c);
    }
    for child in plan.children() {
        find_observations(child, out);
    }
}
