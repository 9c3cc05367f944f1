//! [`ReusedSubplanNode`]: one place of a repeated subtree, and its planner.
//!
//! The node lives only between [`super::share_repeated_subplans`] and physical planning
//! (inside the query planner), so it has no logical codec.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::common::{DFSchemaRef, Result as DfResult, internal_err, plan_err};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{
    Expr as DfExpr, LogicalPlan, UserDefinedLogicalNode, UserDefinedLogicalNodeCore,
};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{ExtensionPlanner, PhysicalPlanner};

use super::exec::{ReuseState, ReusedSubplanExec};

/// The node's name.
pub const REUSED_SUBPLAN: &str = "ReusedSubplan";

#[derive(Debug, Clone)]
pub struct ReusedSubplanNode {
    pub input: LogicalPlan,
    pub state: Arc<ReuseState>,
    /// This place's index among the subplan's places.
    pub place: usize,
}

impl ReusedSubplanNode {
    pub fn new(input: LogicalPlan, state: Arc<ReuseState>, place: usize) -> Self {
        Self {
            input,
            state,
            place,
        }
    }
}

impl PartialEq for ReusedSubplanNode {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.state, &other.state)
            && self.place == other.place
            && self.input == other.input
    }
}

impl Eq for ReusedSubplanNode {}

impl Hash for ReusedSubplanNode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.state.number().hash(state);
        self.place.hash(state);
        self.input.hash(state);
    }
}

impl PartialOrd for ReusedSubplanNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.state.number().cmp(&other.state.number()) {
            Ordering::Equal if self != other => None,
            o => Some(o),
        }
    }
}

impl UserDefinedLogicalNodeCore for ReusedSubplanNode {
    fn name(&self) -> &str {
        REUSED_SUBPLAN
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
        write!(f, "{REUSED_SUBPLAN}: subplan={}", self.state.number())
    }

    fn with_exprs_and_inputs(
        &self,
        _exprs: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{REUSED_SUBPLAN} has one input");
        };
        Ok(Self::new(input, Arc::clone(&self.state), self.place))
    }
}

/// Plans [`ReusedSubplanNode`] as [`ReusedSubplanExec`] over the place's own physical plan (the
/// places' plans are alike; one computes, see [`ReusedSubplanExec`]).
#[derive(Debug, Default)]
pub struct ReusedSubplanPlanner;

#[async_trait]
impl ExtensionPlanner for ReusedSubplanPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session_state: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        let Some(node) = node.as_any().downcast_ref::<ReusedSubplanNode>() else {
            return Ok(None);
        };
        let [physical] = physical_inputs else {
            return internal_err!("{REUSED_SUBPLAN} has one input");
        };
        Ok(Some(Arc::new(ReusedSubplanExec::new(
            Arc::clone(physical),
            Arc::clone(&node.state),
            node.place,
        ))))
    }
}
