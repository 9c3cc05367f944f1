//! `df.show()` run as part of the query (Spark's `ShowString` relation): [`ShowStringNode`]
//! over the input limited to `num_rows + 1`, planned as [`ShowStringExec`], which renders the
//! rows into the one-row `show_string` result when the query runs. Observations below it
//! (`df.observe`) then belong to this execution and are reported with its result.
//!
//! Codec note: both are plain: the input, `num_rows`, `truncate`, `vertical`, the session time
//! zone, and (exec) the input's Spark-typed schema. Node name [`SHOW_STRING`].

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{
    DFSchema, DFSchemaRef, DataFusionError, Result as DfResult, exec_err, internal_err, plan_err,
};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{
    Expr as DfExpr, LogicalPlan, UserDefinedLogicalNode, UserDefinedLogicalNodeCore,
};
use datafusion::physical_expr::{EquivalenceProperties, Partitioning, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, ExecutionPlanProperties,
    PlanProperties,
};
use datafusion::physical_planner::{ExtensionPlanner, PhysicalPlanner};
use futures::TryStreamExt;

/// The node's name (also the codec's key).
pub const SHOW_STRING: &str = "ShowString";

/// The result's one column.
fn output_field() -> Field {
    Field::new("show_string", ArrowType::Utf8, false)
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShowStringNode {
    pub input: LogicalPlan,
    pub num_rows: usize,
    pub truncate: usize,
    pub vertical: bool,
    pub time_zone: String,
    schema: DFSchemaRef,
}

impl ShowStringNode {
    pub fn try_new(
        input: LogicalPlan,
        num_rows: usize,
        truncate: usize,
        vertical: bool,
        time_zone: String,
    ) -> DfResult<Self> {
        let schema = Arc::new(DFSchema::from_unqualified_fields(
            vec![Arc::new(output_field())].into(),
            HashMap::new(),
        )?);
        Ok(Self {
            input,
            num_rows,
            truncate,
            vertical,
            time_zone,
            schema,
        })
    }
}

impl PartialOrd for ShowStringNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.input.partial_cmp(&other.input) {
            Some(Ordering::Equal) if self != other => None,
            o => o,
        }
    }
}

impl UserDefinedLogicalNodeCore for ShowStringNode {
    fn name(&self) -> &str {
        SHOW_STRING
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }

    fn expressions(&self) -> Vec<DfExpr> {
        vec![]
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "{SHOW_STRING}: rows={}, truncate={}, vertical={}",
            self.num_rows, self.truncate, self.vertical
        )
    }

    fn with_exprs_and_inputs(
        &self,
        _exprs: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{SHOW_STRING} has one input");
        };
        Self::try_new(
            input,
            self.num_rows,
            self.truncate,
            self.vertical,
            self.time_zone.clone(),
        )
    }

    // Every input column is shown: none may be pruned.
    fn necessary_children_exprs(&self, _output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        Some(vec![(0..self.input.schema().fields().len()).collect()])
    }
}

/// Plans [`ShowStringNode`] as [`ShowStringExec`].
#[derive(Debug, Default)]
pub struct ShowStringPlanner;

#[async_trait]
impl ExtensionPlanner for ShowStringPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session_state: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        let Some(node) = node.as_any().downcast_ref::<ShowStringNode>() else {
            return Ok(None);
        };
        let ([logical], [physical]) = (logical_inputs, physical_inputs) else {
            return internal_err!("{SHOW_STRING} has one input");
        };
        Ok(Some(Arc::new(ShowStringExec::new(
            Arc::clone(physical),
            Arc::new(logical.schema().as_arrow().clone()),
            node.num_rows,
            node.truncate,
            node.vertical,
            node.time_zone.clone(),
        ))))
    }
}

#[derive(Debug)]
pub struct ShowStringExec {
    input: Arc<dyn ExecutionPlan>,
    /// The input's columns with their Spark types (what the table shows).
    input_schema: SchemaRef,
    num_rows: usize,
    truncate: usize,
    vertical: bool,
    time_zone: String,
    properties: Arc<PlanProperties>,
}

impl ShowStringExec {
    pub fn new(
        input: Arc<dyn ExecutionPlan>,
        input_schema: SchemaRef,
        num_rows: usize,
        truncate: usize,
        vertical: bool,
        time_zone: String,
    ) -> Self {
        let schema = Arc::new(Schema::new(vec![output_field()]));
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(schema),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Final,
            Boundedness::Bounded,
        ));
        Self {
            input,
            input_schema,
            num_rows,
            truncate,
            vertical,
            time_zone,
            properties,
        }
    }
}

impl DisplayAs for ShowStringExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "ShowStringExec: rows={}", self.num_rows)
    }
}

impl ExecutionPlan for ShowStringExec {
    fn name(&self) -> &str {
        "ShowStringExec"
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
            return internal_err!("ShowStringExec has one input");
        };
        Ok(Arc::new(Self::new(
            input,
            Arc::clone(&self.input_schema),
            self.num_rows,
            self.truncate,
            self.vertical,
            self.time_zone.clone(),
        )))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return exec_err!("ShowStringExec has one partition, not {partition}");
        }
        let streams = (0..self.input.output_partitioning().partition_count())
            .map(|p| self.input.execute(p, Arc::clone(&context)))
            .collect::<DfResult<Vec<_>>>()?;
        let input_schema = Arc::clone(&self.input_schema);
        let (rows, truncate, vertical) = (self.num_rows, self.truncate, self.vertical);
        let time_zone = self.time_zone.clone();
        let schema = self.schema();
        let out = Arc::clone(&schema);
        let stream = futures::stream::once(async move {
            let mut batches = Vec::new();
            for s in streams {
                batches.extend(s.try_collect::<Vec<_>>().await?);
            }
            let text = super::show_string_with_schema(
                &input_schema,
                &batches,
                rows,
                truncate,
                vertical,
                &time_zone,
            )
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
            Ok(RecordBatch::try_new(
                out,
                vec![Arc::new(StringArray::from(vec![text]))],
            )?)
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}

mod portable;
