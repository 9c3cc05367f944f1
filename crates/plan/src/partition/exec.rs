//! `SparkPartitionFnsExec`: evaluates a [`super::node::PartitionFnsNode`]. It reads its input as
//! one ordered stream (Sabot's row order, which the plan layer checked equals Spark's), maps
//! each row's position to its Spark partition with the [`SparkLayout`] (or reads it from a tag
//! column set at the source of a filtered input), and evaluates every
//! call with a fresh per-partition state at each partition start, as Spark's
//! `Nondeterministic.initialize(partitionIndex)` does.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, AsArray, RecordBatch};
use datafusion::arrow::compute::concat;
use datafusion::arrow::datatypes::{DataType as ArrowType, Int32Type, SchemaRef};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Result as DfResult, exec_err, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, Partitioning, PhysicalExpr};
use datafusion::physical_plan::coalesce_partitions::CoalescePartitionsExec;
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::filter::FilterExec;
use datafusion::physical_plan::projection::ProjectionExec;
use datafusion::physical_plan::repartition::RepartitionExec;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::union::UnionExec;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, ExecutionPlanProperties,
    PlanProperties,
};
use futures::StreamExt;
use sabot_functions::{PartitionFn, PartitionFnState};

use super::layout::SparkLayout;

/// One call: the function, its physical arguments over the input, its result type.
#[derive(Debug, Clone)]
pub struct PhysicalCall {
    pub function: PartitionFn,
    pub args: Vec<Arc<dyn PhysicalExpr>>,
    pub data_type: ArrowType,
}

#[derive(Debug)]
pub struct PartitionFnsExec {
    input: Arc<dyn ExecutionPlan>,
    layout: SparkLayout,
    /// The input column holding each row's partition, if any (else positions + `layout`).
    partition_column: Option<usize>,
    calls: Vec<PhysicalCall>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl PartitionFnsExec {
    pub fn new(
        input: Arc<dyn ExecutionPlan>,
        layout: SparkLayout,
        partition_column: Option<usize>,
        calls: Vec<PhysicalCall>,
        schema: SchemaRef,
    ) -> Self {
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        ));
        Self {
            input,
            layout,
            partition_column,
            calls,
            schema,
            properties,
        }
    }
}

impl PartitionFnsExec {
    pub(super) fn layout(&self) -> &SparkLayout {
        &self.layout
    }

    pub(super) fn partition_column(&self) -> Option<usize> {
        self.partition_column
    }

    pub(super) fn calls(&self) -> &[PhysicalCall] {
        &self.calls
    }
}

impl DisplayAs for PartitionFnsExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let calls: Vec<String> = self.calls.iter().map(|c| c.function.label()).collect();
        write!(
            f,
            "SparkPartitionFnsExec: partitions={}, [{}]",
            self.layout.partitions(),
            calls.join(", ")
        )
    }
}

impl ExecutionPlan for PartitionFnsExec {
    fn name(&self) -> &str {
        "SparkPartitionFnsExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    /// One stream in Sabot's row order: the positions the layout is defined over.
    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::SinglePartition]
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true]
    }

    /// A repartition below would reorder the rows the layout numbers.
    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }

    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        for arg in self.calls.iter().flat_map(|c| c.args.iter()) {
            if f(arg)? == TreeNodeRecursion::Stop {
                return Ok(TreeNodeRecursion::Stop);
            }
        }
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let (Some(input), true) = (children.pop(), children.is_empty()) else {
            return internal_err!("SparkPartitionFnsExec has one input");
        };
        Ok(Arc::new(Self::new(
            one_stream(input)?,
            self.layout.clone(),
            self.partition_column,
            self.calls.clone(),
            Arc::clone(&self.schema),
        )))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return exec_err!("SparkPartitionFnsExec has one partition, not {partition}");
        }
        let inputs = self.input.output_partitioning().partition_count();
        if inputs != 1 {
            return internal_err!("SparkPartitionFnsExec needs one input stream, got {inputs}");
        }
        let input = self.input.execute(0, context)?;
        let mut state = Numbering {
            layout: self.layout.clone(),
            partition_column: self.partition_column,
            calls: self.calls.clone(),
            schema: Arc::clone(&self.schema),
            position: 0,
            states: HashMap::new(),
        };
        let stream = input.map(move |batch| state.extend(batch?));
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            stream,
        )))
    }
}

/// `plan` without the round-robin repartitions and partition merges that DataFusion's
/// `EnforceDistribution` puts under row-wise operators for parallelism: they would reorder the
/// rows whose positions (or partition runs) the node reads. Removing them keeps the rows and
/// only changes how many threads compute them.
pub(super) fn one_stream(plan: Arc<dyn ExecutionPlan>) -> DfResult<Arc<dyn ExecutionPlan>> {
    let stripped = strip_spreading(plan)?;
    // A union's inputs stay separate streams, merged here (their partitions' rows keep
    // their order; the node keeps one state per partition).
    if stripped.output_partitioning().partition_count() == 1 {
        Ok(stripped)
    } else {
        Ok(Arc::new(CoalescePartitionsExec::new(stripped)))
    }
}

fn strip_spreading(plan: Arc<dyn ExecutionPlan>) -> DfResult<Arc<dyn ExecutionPlan>> {
    if let Some(c) = plan.downcast_ref::<CoalescePartitionsExec>()
        && c.fetch().is_none()
    {
        return strip_spreading(Arc::clone(c.input()));
    }
    if let Some(r) = plan.downcast_ref::<RepartitionExec>()
        && matches!(r.partitioning(), Partitioning::RoundRobinBatch(_))
    {
        return strip_spreading(Arc::clone(r.input()));
    }
    let row_wise = plan.downcast_ref::<ProjectionExec>().is_some()
        || plan.downcast_ref::<FilterExec>().is_some()
        || plan.downcast_ref::<PartitionFnsExec>().is_some();
    let union = plan.downcast_ref::<UnionExec>().is_some();
    match plan.children()[..] {
        [child] if row_wise => {
            let child = strip_spreading(Arc::clone(child))?;
            #[expect(deprecated)]
            plan.with_new_children(vec![child])
        }
        ref inputs if union => {
            let inputs = inputs
                .iter()
                .map(|c| strip_spreading(Arc::clone(c)))
                .collect::<DfResult<Vec<_>>>()?;
            #[expect(deprecated)]
            plan.with_new_children(inputs)
        }
        _ => Ok(plan),
    }
}

/// The running state of one execution: the next row's position and the current partition's
/// function states.
struct Numbering {
    layout: SparkLayout,
    partition_column: Option<usize>,
    calls: Vec<PhysicalCall>,
    schema: SchemaRef,
    position: u64,
    /// Each partition's function states: a partition's rows come in order, but after a union
    /// the partitions' runs may interleave.
    states: HashMap<usize, Vec<PartitionFnState>>,
}

impl Numbering {
    /// The partition of the row at `offset` and how many rows from there share it.
    fn next_run(&self, batch: &RecordBatch, offset: usize) -> DfResult<(usize, usize)> {
        let rows = batch.num_rows();
        let Some(column) = self.partition_column else {
            let local = self.layout.partition_of(self.position);
            let room = self.layout.end_of(local).saturating_sub(self.position);
            let take = usize::try_from(room).map_or(rows - offset, |r| r.min(rows - offset));
            return Ok((self.layout.first() + local, take.max(1)));
        };
        let Some(tags) = batch.column(column).as_primitive_opt::<Int32Type>() else {
            return internal_err!("the partition column is not an INT column");
        };
        let partition = tags.value(offset);
        let end = (offset..rows)
            .find(|i| tags.value(*i) != partition)
            .unwrap_or(rows);
        Ok((usize::try_from(partition).unwrap_or(0), end - offset))
    }

    /// `batch` with the calls' columns appended.
    fn extend(&mut self, batch: RecordBatch) -> DfResult<RecordBatch> {
        let rows = batch.num_rows();
        let mut pieces: Vec<Vec<ArrayRef>> = vec![Vec::new(); self.calls.len()];
        let mut offset = 0;
        while offset < rows {
            let (partition, take) = self.next_run(&batch, offset)?;
            let calls = &self.calls;
            let states = self
                .states
                .entry(partition)
                .or_insert_with(|| calls.iter().map(|c| c.function.state(partition)).collect());
            let slice = batch.slice(offset, take);
            for ((call, state), out) in self.calls.iter().zip(states).zip(&mut pieces) {
                let args = call
                    .args
                    .iter()
                    .map(|a| a.evaluate(&slice)?.into_array(take))
                    .collect::<DfResult<Vec<_>>>()?;
                out.push(state.eval(take, &args, &call.data_type)?);
            }
            offset += take;
            self.position += take as u64;
        }
        let mut columns = batch.columns().to_vec();
        for (call, piece) in self.calls.iter().zip(pieces) {
            columns.push(match piece.as_slice() {
                [] => datafusion::arrow::array::new_empty_array(&call.data_type),
                [one] => Arc::clone(one),
                many => {
                    let refs: Vec<&dyn datafusion::arrow::array::Array> =
                        many.iter().map(|a| a.as_ref()).collect();
                    concat(&refs)?
                }
            });
        }
        Ok(RecordBatch::try_new(Arc::clone(&self.schema), columns)?)
    }
}
