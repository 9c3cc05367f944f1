//! [`RecursionGuardExec`]: passes one term of a recursive loop through, counting levels and
//! rows against Spark's limits (see the module docs) and marking the columns nullable.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result as DfResult, exec_err, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, Partitioning, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, PlanProperties,
};
use futures::StreamExt;

use super::LoopState;
use super::node::GuardRole;

#[derive(Debug)]
pub struct RecursionGuardExec {
    input: Arc<dyn ExecutionPlan>,
    role: GuardRole,
    state: Arc<LoopState>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl RecursionGuardExec {
    pub fn new(
        input: Arc<dyn ExecutionPlan>,
        role: GuardRole,
        state: Arc<LoopState>,
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
            role,
            state,
            schema,
            properties,
        }
    }
}

impl DisplayAs for RecursionGuardExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "RecursionGuardExec: {:?}", self.role)
    }
}

impl ExecutionPlan for RecursionGuardExec {
    fn name(&self) -> &str {
        "RecursionGuardExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    /// One execution per level: the term must be one stream.
    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::SinglePartition]
    }

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
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
            return internal_err!("RecursionGuardExec has one input");
        };
        Ok(Arc::new(Self::new(
            input,
            self.role,
            Arc::clone(&self.state),
            Arc::clone(&self.schema),
        )))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return exec_err!("RecursionGuardExec has one partition, not {partition}");
        }
        let level = match self.role {
            GuardRole::Anchor => {
                self.state.restart();
                0
            }
            GuardRole::Recursive => self.state.next_level(),
        };
        let state = Arc::clone(&self.state);
        let schema = Arc::clone(&self.schema);
        let input = self.input.execute(partition, context)?;
        let stream = input.map(move |batch| {
            let batch = batch?;
            state
                .add_rows(level, batch.num_rows() as u64)
                .map_err(|e| DataFusionError::External(Box::new(e)))?;
            Ok(batch.with_schema(Arc::clone(&schema))?)
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            stream,
        )))
    }
}
