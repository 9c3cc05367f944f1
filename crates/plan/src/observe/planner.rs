//! Physical planning of observed metrics: the metrics plan is optimized and planned on its own
//! (with the session's planner) and handed to the [`CollectMetricsExec`] that feeds it.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::common::{Result as DfResult, internal_err};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{LogicalPlan, UserDefinedLogicalNode};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{ExtensionPlanner, PhysicalPlanner};

use super::exec::{CollectMetricsExec, MetricsSourceExec};
use super::node::{CollectMetricsNode, MetricsSourceNode};

/// Plans [`CollectMetricsNode`] and [`MetricsSourceNode`].
#[derive(Debug, Default)]
pub struct ObservePlanner;

#[async_trait]
impl ExtensionPlanner for ObservePlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        session_state: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        if let Some(source) = node.as_any().downcast_ref::<MetricsSourceNode>() {
            let schema = Arc::new(source.schema.as_arrow().clone());
            return Ok(Some(Arc::new(MetricsSourceExec::new(schema))));
        }
        let Some(node) = node.as_any().downcast_ref::<CollectMetricsNode>() else {
            return Ok(None);
        };
        let [input] = physical_inputs else {
            return internal_err!("CollectMetrics has one input");
        };
        // A fresh physical metrics plan per physical planning: each execution has its own.
        let metrics = session_state.create_physical_plan(&node.metrics).await?;
        Ok(Some(Arc::new(CollectMetricsExec::try_new(
            Arc::clone(input),
            node.name.clone(),
            node.plan_id,
            metrics,
        )?)))
    }
}
