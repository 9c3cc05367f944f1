//! [`RangeRepartitionNode`]: `repartitionByRange(n, orders)`, kept until physical planning,
//! and its planner ([`RangeExchangeExec`]).
//!
//! Codec note: named; a datafusion-proto `LogicalExtensionCodec` carries it as
//! [`RANGE_REPARTITION`] + the sort expressions (expression codec), the partition count and
//! the optional tag column name.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field};
use datafusion::catalog::Session;
use datafusion::common::{DFSchema, DFSchemaRef, Result as DfResult, internal_err, plan_err};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{
    Expr as DfExpr, LogicalPlan, SortExpr, UserDefinedLogicalNode, UserDefinedLogicalNodeCore,
};
use datafusion::physical_expr::PhysicalSortExpr;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{ExtensionPlanner, PhysicalPlanner};

use super::exec::RangeExchangeExec;

/// The node's name (also the codec's key).
pub const RANGE_REPARTITION: &str = "RangeRepartition";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RangeRepartitionNode {
    pub input: LogicalPlan,
    pub order: Vec<SortExpr>,
    pub partitions: usize,
    /// Tagged mode: one stream with this `INT` column of range numbers appended.
    pub tag: Option<String>,
    schema: DFSchemaRef,
}

impl RangeRepartitionNode {
    pub fn try_new(
        input: LogicalPlan,
        order: Vec<SortExpr>,
        partitions: usize,
        tag: Option<String>,
    ) -> DfResult<Self> {
        if order.is_empty() || partitions == 0 {
            return plan_err!("{RANGE_REPARTITION} needs keys and partitions");
        }
        let schema = match &tag {
            Some(name) => {
                let added = DFSchema::from_unqualified_fields(
                    vec![Arc::new(Field::new(name, ArrowType::Int32, false))].into(),
                    HashMap::new(),
                )?;
                Arc::new(input.schema().join(&added)?)
            }
            None => Arc::clone(input.schema()),
        };
        Ok(Self {
            input,
            order,
            partitions,
            tag,
            schema,
        })
    }
}

impl PartialOrd for RangeRepartitionNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.input.partial_cmp(&other.input) {
            Some(Ordering::Equal) if self != other => None,
            o => o,
        }
    }
}

impl UserDefinedLogicalNodeCore for RangeRepartitionNode {
    fn name(&self) -> &str {
        RANGE_REPARTITION
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }

    fn expressions(&self) -> Vec<DfExpr> {
        self.order.iter().map(|s| s.expr.clone()).collect()
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let keys: Vec<String> = self.order.iter().map(|s| s.to_string()).collect();
        write!(
            f,
            "{RANGE_REPARTITION}: [{}], {}",
            keys.join(", "),
            self.partitions
        )
    }

    fn with_exprs_and_inputs(
        &self,
        exprs: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{RANGE_REPARTITION} has one input");
        };
        if exprs.len() != self.order.len() {
            return plan_err!("{RANGE_REPARTITION}: wrong number of keys");
        }
        let order = self
            .order
            .iter()
            .zip(exprs)
            .map(|(s, e)| SortExpr::new(e, s.asc, s.nulls_first))
            .collect();
        Self::try_new(input, order, self.partitions, self.tag.clone())
    }
}

/// Plans [`RangeRepartitionNode`] as [`RangeExchangeExec`].
#[derive(Debug, Default)]
pub struct RangeExchangePlanner;

#[async_trait]
impl ExtensionPlanner for RangeExchangePlanner {
    async fn plan_extension(
        &self,
        planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        session_state: &dyn Session,
        planning_ctx: &PhysicalPlanningContext,
    ) -> DfResult<Option<Arc<dyn ExecutionPlan>>> {
        let Some(node) = node.as_any().downcast_ref::<RangeRepartitionNode>() else {
            return Ok(None);
        };
        let ([logical], [physical]) = (logical_inputs, physical_inputs) else {
            return internal_err!("{RANGE_REPARTITION} has one input");
        };
        let order = node
            .order
            .iter()
            .map(|s| {
                let expr = planner.create_physical_expr(
                    &s.expr,
                    logical.schema(),
                    session_state,
                    planning_ctx,
                )?;
                Ok(PhysicalSortExpr::new(
                    expr,
                    datafusion::arrow::compute::SortOptions {
                        descending: !s.asc,
                        nulls_first: s.nulls_first,
                    },
                ))
            })
            .collect::<DfResult<Vec<_>>>()?;
        Ok(Some(Arc::new(RangeExchangeExec::try_new(
            Arc::clone(physical),
            order,
            node.partitions,
            node.tag.as_deref(),
        )?)))
    }
}
