//! Plans a [`UnionLoopNode`] as a [`UnionLoopExec`].

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::common::{Result as DfResult, internal_err};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{LogicalPlan, UserDefinedLogicalNode};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{ExtensionPlanner, PhysicalPlanner};

use super::exec::UnionLoopExec;
use super::node::UnionLoopNode;

#[derive(Debug, Default)]
pub struct UnionLoopPlanner;

#[async_trait]
impl ExtensionPlanner for UnionLoopPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session_state: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        let Some(node) = node.as_any().downcast_ref::<UnionLoopNode>() else {
            return Ok(None);
        };
        let [anchor, recursive] = physical_inputs else {
            return internal_err!("UnionLoop has two inputs");
        };
        Ok(Some(Arc::new(UnionLoopExec::new(
            Arc::clone(anchor),
            Arc::clone(recursive),
            node.id.clone(),
            node.level_limit,
            node.row_limit,
            Arc::new(node.schema.as_arrow().clone()),
        ))))
    }
}
