//! Plans a [`RecursionGuardNode`] as a [`RecursionGuardExec`].

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::common::{Result as DfResult, internal_err};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{LogicalPlan, UserDefinedLogicalNode};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{ExtensionPlanner, PhysicalPlanner};

use super::exec::RecursionGuardExec;
use super::node::RecursionGuardNode;

#[derive(Debug, Default)]
pub struct RecursionGuardPlanner;

#[async_trait]
impl ExtensionPlanner for RecursionGuardPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session_state: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        let Some(guard) = node.as_any().downcast_ref::<RecursionGuardNode>() else {
            return Ok(None);
        };
        let [input] = physical_inputs else {
            return internal_err!("RecursionGuard has one input");
        };
        Ok(Some(Arc::new(RecursionGuardExec::new(
            Arc::clone(input),
            guard.role,
            Arc::clone(&guard.state),
            Arc::new(guard.schema.as_arrow().clone()),
        ))))
    }
}
