//! Plans a [`BroadcastHintNode`] as a [`BroadcastExchangeExec`] marker over its input.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::common::{Result as DfResult, internal_err};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{LogicalPlan, UserDefinedLogicalNode};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{ExtensionPlanner, PhysicalPlanner};

use super::exec::BroadcastExchangeExec;
use super::node::BroadcastHintNode;

#[derive(Debug, Default)]
pub struct BroadcastPlanner;

#[async_trait]
impl ExtensionPlanner for BroadcastPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session_state: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        if node.as_any().downcast_ref::<BroadcastHintNode>().is_none() {
            return Ok(None);
        }
        let [input] = physical_inputs else {
            return internal_err!("BroadcastHint has one input");
        };
        Ok(Some(Arc::new(BroadcastExchangeExec::new(Arc::clone(
            input,
        )))))
    }
}
