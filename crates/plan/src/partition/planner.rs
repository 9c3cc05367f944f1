//! Physical planning of Sabot's logical extension nodes: an `ExtensionPlanner` for
//! [`PartitionFnsNode`] and the session's `QueryPlanner` that uses it.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::common::{Result as DfResult, internal_err};
use datafusion::execution::context::QueryPlanner;
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{LogicalPlan, UserDefinedLogicalNode};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{DefaultPhysicalPlanner, ExtensionPlanner, PhysicalPlanner};

use super::exec::{PartitionFnsExec, PhysicalCall};
use super::node::PartitionFnsNode;

/// Plans [`PartitionFnsNode`] as [`PartitionFnsExec`].
#[derive(Debug, Default)]
pub struct PartitionFnsPlanner;

#[async_trait]
impl ExtensionPlanner for PartitionFnsPlanner {
    async fn plan_extension(
        &self,
        planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        session_state: &dyn Session,
        planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        let Some(node) = node.as_any().downcast_ref::<PartitionFnsNode>() else {
            return Ok(None);
        };
        let ([logical], [physical]) = (logical_inputs, physical_inputs) else {
            return internal_err!("SparkPartitionFns has one input");
        };
        let calls = node
            .calls
            .iter()
            .map(|c| {
                let args = c
                    .args
                    .iter()
                    .map(|a| {
                        planner.create_physical_expr(
                            a,
                            logical.schema(),
                            session_state,
                            planning_ctx,
                        )
                    })
                    .collect::<DfResult<Vec<_>>>()?;
                Ok(PhysicalCall {
                    function: c.function.clone(),
                    args,
                    data_type: c.field.data_type().clone(),
                })
            })
            .collect::<DfResult<Vec<_>>>()?;
        let schema = Arc::new(node.schema.as_arrow().clone());
        let partition_column = match &node.partition_column {
            Some(name) => match logical.schema().index_of_column_by_name(None, name) {
                Some(i) => Some(i),
                None => return internal_err!("no partition column {name}"),
            },
            None => None,
        };
        Ok(Some(Arc::new(PartitionFnsExec::new(
            Arc::clone(physical),
            node.layout.clone(),
            partition_column,
            calls,
            schema,
        ))))
    }
}

/// DataFusion's planner with Sabot's extension nodes.
#[derive(Debug, Default)]
pub struct SabotQueryPlanner;

#[async_trait]
impl QueryPlanner for SabotQueryPlanner {
    async fn create_physical_plan(
        &self,
        logical_plan: &LogicalPlan,
        session_state: &dyn Session,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        // engine: the user's repartitions stay exchanges (see `crate::exchange`).
        let logical_plan = crate::exchange::keep_repartitions(logical_plan.clone())?;
        // engine: a subtree repeated in the plan is computed once (Spark's exchange reuse).
        let logical_plan = if crate::reuse::reuse_enabled(session_state.config()) {
            crate::reuse::share_repeated_subplans(logical_plan)?
        } else {
            logical_plan
        };
        DefaultPhysicalPlanner::with_extension_planners(vec![
            Arc::new(PartitionFnsPlanner),
            Arc::new(crate::observe::ObservePlanner),
            Arc::new(crate::broadcast::BroadcastPlanner),
            Arc::new(crate::exchange::ShuffleExchangePlanner),
            Arc::new(crate::exchange::AdaptiveCoalescePlanner),
            Arc::new(crate::range_partition::RangeExchangePlanner),
            Arc::new(super::CoalesceTagPlanner),
            Arc::new(crate::show::ShowStringPlanner),
            Arc::new(crate::recursion::UnionLoopPlanner),
            Arc::new(crate::reuse::ReusedSubplanPlanner),
        ])
        .create_physical_plan(&logical_plan, session_state)
        .await
    }
}

/// The query planner a Sabot session uses (set with `SessionStateBuilder::with_query_planner`).
pub fn query_planner() -> Arc<dyn QueryPlanner + Send + Sync> {
    Arc::new(SabotQueryPlanner)
}
