//! [`AdaptiveCoalesceNode`]: a shuffle that names no partition count, whose partitions Spark's
//! adaptive execution coalesces ([`super::adaptive`]); planned as [`AdaptiveCoalesceExec`]
//! over the shuffle's exec. Its rows and schema are its input's.
//!
//! Codec note: logical only (physical plans carry [`AdaptiveCoalesceExec`]).

use std::cmp::Ordering;
use std::fmt;
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

use super::adaptive::AdaptiveCoalesce;
use super::adaptive_exec::AdaptiveCoalesceExec;

/// The node's name.
pub const ADAPTIVE_COALESCE: &str = "AdaptiveCoalesce";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AdaptiveCoalesceNode {
    /// The shuffle (a hash `Repartition` or a range repartition).
    pub input: LogicalPlan,
    pub rule: AdaptiveCoalesce,
}

impl PartialOrd for AdaptiveCoalesceNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.input.partial_cmp(&other.input) {
            Some(Ordering::Equal) => self.rule.partial_cmp(&other.rule),
            o => o,
        }
    }
}

impl UserDefinedLogicalNodeCore for AdaptiveCoalesceNode {
    fn name(&self) -> &str {
        ADAPTIVE_COALESCE
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

    /// Every column passes through: a projection above asks the shuffle for the same ones.
    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        Some(vec![output_columns.to_vec()])
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{ADAPTIVE_COALESCE}")
    }

    fn with_exprs_and_inputs(
        &self,
        _exprs: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{ADAPTIVE_COALESCE} has one input");
        };
        Ok(Self {
            input,
            rule: self.rule,
        })
    }
}

/// Plans [`AdaptiveCoalesceNode`] as [`AdaptiveCoalesceExec`].
#[derive(Debug, Default)]
pub struct AdaptiveCoalescePlanner;

#[async_trait]
impl ExtensionPlanner for AdaptiveCoalescePlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session_state: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        let Some(node) = node.as_any().downcast_ref::<AdaptiveCoalesceNode>() else {
            return Ok(None);
        };
        let [physical] = physical_inputs else {
            return internal_err!("{ADAPTIVE_COALESCE} has one input");
        };
        Ok(Some(Arc::new(AdaptiveCoalesceExec::new(
            Arc::clone(physical),
            node.rule,
        ))))
    }
}
