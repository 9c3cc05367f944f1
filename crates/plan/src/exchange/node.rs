//! [`ShuffleExchangeNode`]: a user's repartition, kept until execution, and its planner.
//!
//! Codec note: named; a datafusion-proto `LogicalExtensionCodec` carries it as
//! [`SHUFFLE_EXCHANGE`] + the partitioning (kind, count, hash keys with the expression codec).

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::common::{DFSchemaRef, Result as DfResult, internal_err, plan_err};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{
    Expr as DfExpr, LogicalPlan, Partitioning, UserDefinedLogicalNode, UserDefinedLogicalNodeCore,
};
use datafusion::physical_expr::Partitioning as PhysicalPartitioning;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{ExtensionPlanner, PhysicalPlanner};

use super::exec::ShuffleExchangeExec;

/// The node's name (also the codec's key).
pub const SHUFFLE_EXCHANGE: &str = "ShuffleExchange";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShuffleExchangeNode {
    pub input: LogicalPlan,
    /// Round robin or hash.
    pub partitioning: Partitioning,
}

impl PartialOrd for ShuffleExchangeNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.input.partial_cmp(&other.input) {
            Some(Ordering::Equal) if self != other => None,
            o => o,
        }
    }
}

impl UserDefinedLogicalNodeCore for ShuffleExchangeNode {
    fn name(&self) -> &str {
        SHUFFLE_EXCHANGE
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        self.input.schema()
    }

    fn expressions(&self) -> Vec<DfExpr> {
        match &self.partitioning {
            Partitioning::Hash(keys, _) => keys.clone(),
            _ => vec![],
        }
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{SHUFFLE_EXCHANGE}: {:?}", self.partitioning)
    }

    fn with_exprs_and_inputs(
        &self,
        exprs: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{SHUFFLE_EXCHANGE} has one input");
        };
        let partitioning = match &self.partitioning {
            Partitioning::Hash(_, n) => Partitioning::Hash(exprs, *n),
            other => other.clone(),
        };
        Ok(Self {
            input,
            partitioning,
        })
    }
}

/// Plans [`ShuffleExchangeNode`] as [`ShuffleExchangeExec`].
#[derive(Debug, Default)]
pub struct ShuffleExchangePlanner;

#[async_trait]
impl ExtensionPlanner for ShuffleExchangePlanner {
    async fn plan_extension(
        &self,
        planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        session_state: &dyn Session,
        planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        let Some(node) = node.as_any().downcast_ref::<ShuffleExchangeNode>() else {
            return Ok(None);
        };
        let ([logical], [physical]) = (logical_inputs, physical_inputs) else {
            return internal_err!("{SHUFFLE_EXCHANGE} has one input");
        };
        let partitioning = match &node.partitioning {
            Partitioning::RoundRobinBatch(n) => PhysicalPartitioning::RoundRobinBatch(*n),
            Partitioning::Hash(keys, n) => {
                let keys = keys
                    .iter()
                    .map(|k| {
                        planner.create_physical_expr(
                            k,
                            logical.schema(),
                            session_state,
                            planning_ctx,
                        )
                    })
                    .collect::<DfResult<Vec<_>>>()?;
                PhysicalPartitioning::Hash(keys, *n)
            }
            other => return internal_err!("{SHUFFLE_EXCHANGE}: unexpected {other:?}"),
        };
        Ok(Some(Arc::new(ShuffleExchangeExec::try_new(
            Arc::clone(physical),
            partitioning,
        )?)))
    }
}
