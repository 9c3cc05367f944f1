//! [`CoalesceTagNode`] / [`CoalesceTagExec`]: rows tagged with their shuffle partition
//! regrouped into Spark's `coalesce(n)` partitions ([`super::coalesce::coalesce_groups`]), or
//! into the groups of Spark's adaptive coalescing of a shuffle without a count
//! (`crate::exchange::adaptive`, neighbouring partitions by size). The exec reads its whole
//! input (the groups depend on which shuffle partitions have rows, and how many), then yields
//! each coalesced partition's rows, its parent partitions in the order Spark reads them, with
//! the tag replaced by the coalesced partition's number.
//!
//! Codec note: both are plain: the tag column (name in the node, index in the exec), the
//! shuffle's partition count (or none: the partitions found), `n`, the first partition
//! number and the adaptive rule's numbers. Node name [`COALESCE_TAG`].

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{AsArray, Int32Array, RecordBatch, UInt32Array};
use datafusion::arrow::compute::{concat_batches, take_record_batch};
use datafusion::arrow::datatypes::{Int32Type, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DFSchemaRef, Result as DfResult, exec_err, internal_err, plan_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{
    Expr as DfExpr, LogicalPlan, UserDefinedLogicalNode, UserDefinedLogicalNodeCore,
};
use datafusion::physical_expr::{EquivalenceProperties, Partitioning, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, PlanProperties,
};
use datafusion::physical_planner::{ExtensionPlanner, PhysicalPlanner};
use futures::TryStreamExt;

use super::coalesce::coalesce_groups;
use crate::exchange::adaptive::{AdaptiveCoalesce, shuffle_bytes};

/// The node's name (also the codec's key).
pub const COALESCE_TAG: &str = "SparkCoalesceTag";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoalesceTagNode {
    pub input: LogicalPlan,
    /// The `INT` input column with each row's shuffle partition.
    pub column: String,
    pub parents: Option<usize>,
    pub grouping: Grouping,
    pub first: usize,
}

/// How the shuffle's partitions are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grouping {
    /// `coalesce(n)` (Spark's `DefaultPartitionCoalescer`).
    Coalesce(usize),
    /// Spark's adaptive coalescing; `by_map`: the tags are `map * parents + partition` (a
    /// group's rows are read map task by map task).
    Adaptive {
        rule: AdaptiveCoalesce,
        by_map: bool,
    },
}

impl fmt::Display for Grouping {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Grouping::Coalesce(n) => write!(f, "n={n}"),
            Grouping::Adaptive { .. } => write!(f, "adaptive"),
        }
    }
}

impl CoalesceTagNode {
    pub fn try_new(
        input: LogicalPlan,
        column: String,
        parents: Option<usize>,
        grouping: Grouping,
        first: usize,
    ) -> DfResult<Self> {
        if input
            .schema()
            .index_of_column_by_name(None, &column)
            .is_none()
        {
            return plan_err!("{COALESCE_TAG}: no column {column}");
        }
        Ok(Self {
            input,
            column,
            parents,
            grouping,
            first,
        })
    }
}

impl PartialOrd for CoalesceTagNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.input.partial_cmp(&other.input) {
            Some(Ordering::Equal) if self != other => None,
            o => o,
        }
    }
}

impl UserDefinedLogicalNodeCore for CoalesceTagNode {
    fn name(&self) -> &str {
        COALESCE_TAG
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        self.input.schema()
    }

    fn expressions(&self) -> Vec<DfExpr> {
        vec![]
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{COALESCE_TAG}: {}, {}", self.column, self.grouping)
    }

    fn with_exprs_and_inputs(
        &self,
        _exprs: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{COALESCE_TAG} has one input");
        };
        Self::try_new(
            input,
            self.column.clone(),
            self.parents,
            self.grouping,
            self.first,
        )
    }
}

/// Plans [`CoalesceTagNode`] as [`CoalesceTagExec`].
#[derive(Debug, Default)]
pub struct CoalesceTagPlanner;

#[async_trait]
impl ExtensionPlanner for CoalesceTagPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session_state: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        let Some(node) = node.as_any().downcast_ref::<CoalesceTagNode>() else {
            return Ok(None);
        };
        let ([logical], [physical]) = (logical_inputs, physical_inputs) else {
            return internal_err!("{COALESCE_TAG} has one input");
        };
        let Some(tag) = logical.schema().index_of_column_by_name(None, &node.column) else {
            return internal_err!("{COALESCE_TAG}: no column {}", node.column);
        };
        Ok(Some(Arc::new(CoalesceTagExec::new(
            super::exec::one_stream(Arc::clone(physical))?,
            tag,
            node.parents,
            node.grouping,
            node.first,
        ))))
    }
}

#[derive(Debug)]
pub struct CoalesceTagExec {
    input: Arc<dyn ExecutionPlan>,
    tag: usize,
    parents: Option<usize>,
    grouping: Grouping,
    first: usize,
    properties: Arc<PlanProperties>,
}

impl CoalesceTagExec {
    pub fn new(
        input: Arc<dyn ExecutionPlan>,
        tag: usize,
        parents: Option<usize>,
        grouping: Grouping,
        first: usize,
    ) -> Self {
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(input.schema()),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Final,
            Boundedness::Bounded,
        ));
        Self {
            input,
            tag,
            parents,
            grouping,
            first,
            properties,
        }
    }
}

/// `batch` (every input row) regrouped: each group's parents' rows in turn, tagged with the
/// group's number.
fn regroup(
    batch: &RecordBatch,
    tag: usize,
    parents: Option<usize>,
    grouping: Grouping,
    first: usize,
) -> DfResult<RecordBatch> {
    let Some(tags) = batch.column(tag).as_primitive_opt::<Int32Type>() else {
        return internal_err!("{COALESCE_TAG}: the tag is not an INT column");
    };
    // By map task, the tag is `map * parents + partition`.
    let stride = match (grouping, parents) {
        (Grouping::Adaptive { by_map: true, .. }, Some(n)) => n.max(1),
        _ => usize::MAX,
    };
    let parent_of = |i: usize| usize::try_from(tags.value(i)).unwrap_or(0) % stride;
    let found = (0..batch.num_rows())
        .map(parent_of)
        .max()
        .map_or(0, |m| m + 1);
    let parents = parents.unwrap_or(found).max(found);
    let (indices, numbers): (Vec<u32>, Vec<i32>) = match grouping {
        Grouping::Coalesce(n) => {
            // Each shuffle partition read whole, in the group's order.
            let mut rows: Vec<Vec<u32>> = vec![Vec::new(); parents];
            for i in 0..batch.num_rows() {
                rows[parent_of(i)].push(i as u32);
            }
            let has_rows: Vec<bool> = rows.iter().map(|r| !r.is_empty()).collect();
            let mut indices = Vec::with_capacity(batch.num_rows());
            let mut numbers = Vec::with_capacity(batch.num_rows());
            for (g, group) in coalesce_groups(parents, &has_rows, n).iter().enumerate() {
                for p in group {
                    indices.extend_from_slice(&rows[*p]);
                    numbers.extend(std::iter::repeat_n((g + first) as i32, rows[*p].len()));
                }
            }
            (indices, numbers)
        }
        Grouping::Adaptive { rule, .. } => {
            // Each partition's share of the estimated bytes (the tag is not shuffled data).
            let mut counts = vec![0u64; parents];
            for i in 0..batch.num_rows() {
                counts[parent_of(i)] += 1;
            }
            let per_row = shuffle_bytes(batch, Some(tag)) as f64 / batch.num_rows().max(1) as f64;
            let sizes: Vec<u64> = counts
                .iter()
                .map(|c| (*c as f64 * per_row).ceil() as u64)
                .collect();
            let mut group_of = vec![0; parents];
            for (g, range) in rule.groups(&sizes).into_iter().enumerate() {
                group_of[range].fill(g);
            }
            // A group reads its partitions' blocks map task by map task (the tag numbers the
            // map task first), each block's rows in input order: a stable sort.
            let mut indices: Vec<u32> = (0..batch.num_rows() as u32).collect();
            indices.sort_by_key(|i| (group_of[parent_of(*i as usize)], tags.value(*i as usize)));
            let numbers = indices
                .iter()
                .map(|i| (group_of[parent_of(*i as usize)] + first) as i32)
                .collect();
            (indices, numbers)
        }
    };
    let taken = take_record_batch(batch, &UInt32Array::from(indices))?;
    let mut columns = taken.columns().to_vec();
    columns[tag] = Arc::new(Int32Array::from(numbers));
    Ok(RecordBatch::try_new(taken.schema(), columns)?)
}

impl DisplayAs for CoalesceTagExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "SparkCoalesceTagExec: {}", self.grouping)
    }
}

impl ExecutionPlan for CoalesceTagExec {
    fn name(&self) -> &str {
        "SparkCoalesceTagExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::SinglePartition]
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
            return internal_err!("SparkCoalesceTagExec has one input");
        };
        // The rows of a shuffle partition must stay in input order: no spreading below.
        Ok(Arc::new(Self::new(
            super::exec::one_stream(input)?,
            self.tag,
            self.parents,
            self.grouping,
            self.first,
        )))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return exec_err!("SparkCoalesceTagExec has one partition, not {partition}");
        }
        let input = self.input.execute(0, context)?;
        let schema: SchemaRef = self.input.schema();
        let (tag, parents, grouping, first) = (self.tag, self.parents, self.grouping, self.first);
        let out = Arc::clone(&schema);
        let stream = futures::stream::once(async move {
            let batches: Vec<RecordBatch> = input.try_collect().await?;
            let all = concat_batches(&out, &batches)?;
            regroup(&all, tag, parents, grouping, first)
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}

mod portable;
