//! Places a [`PartitionFnsNode`] under a projection that calls partition-dependent functions
//! (see `sabot_functions::partition_fn_of`), when Spark's partitions of the projection's input
//! are known ([`input_layout`]) and Sabot delivers that input in Spark's row order: the calls
//! become columns of the node, evaluated per Spark partition.
//!
//! Otherwise the calls stay UDFs, evaluated as if the input were one partition (Spark's result
//! whenever Spark runs the operator in one partition).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use datafusion::arrow::datatypes::Field;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, DFSchema};
use datafusion::logical_expr::{
    Expr as DfExpr, ExprSchemable, Extension, LogicalPlan, Partitioning, Projection,
};
use sabot_common::Result;
use sabot_common::spec::PlanNode;
use sabot_functions::partition_fn_of;

use super::layout::input_layout;
use super::node::{PartitionCall, PartitionFnsNode};
use crate::error::from_datafusion;

/// Distinguishes the node columns of different calls.
static NEXT_COLUMN: AtomicUsize = AtomicUsize::new(0);

/// `plan` (the resolution of `node`) with its partition-dependent calls evaluated per Spark
/// partition where possible.
pub(crate) fn place(
    node: &PlanNode,
    plan: LogicalPlan,
    default_parallelism: usize,
) -> Result<LogicalPlan> {
    let LogicalPlan::Projection(projection) = &plan else {
        return Ok(plan);
    };
    if !projection.expr.iter().any(contains_call) {
        return Ok(plan);
    }
    let Some(layout) = input_layout(node, default_parallelism) else {
        return Ok(plan);
    };
    let Some(input) = in_row_order(&projection.input)? else {
        return Ok(plan);
    };
    let mut calls = Vec::new();
    let mut exprs = Vec::with_capacity(projection.expr.len());
    for e in &projection.expr {
        match replace_calls(e, input.schema(), &mut calls)? {
            Some(e) => exprs.push(e),
            None => return Ok(plan),
        }
    }
    let node = PartitionFnsNode::try_new(input, layout, calls).map_err(from_datafusion)?;
    let input = LogicalPlan::Extension(Extension {
        node: Arc::new(node),
    });
    Projection::try_new(exprs, Arc::new(input))
        .map(LogicalPlan::Projection)
        .map_err(from_datafusion)
}

fn contains_call(e: &DfExpr) -> bool {
    e.exists(|x| Ok(partition_fn_of(x).is_some()))
        .unwrap_or(false)
}

/// `e` with each call replaced by a node column (appended to `calls`), keeping its output
/// name; `None` when a call's argument itself has a call (not supported by the node).
fn replace_calls(
    e: &DfExpr,
    schema: &DFSchema,
    calls: &mut Vec<PartitionCall>,
) -> Result<Option<DfExpr>> {
    if !contains_call(e) {
        return Ok(Some(e.clone()));
    }
    let mut nested = false;
    let replaced = e
        .clone()
        .transform_down(|x| {
            let Some((function, args)) = partition_fn_of(&x) else {
                return Ok(Transformed::no(x));
            };
            nested |= args.iter().any(contains_call);
            let (_, field) = x.to_field(schema)?;
            let name = format!(
                "__sabot_partition_fn_{}",
                NEXT_COLUMN.fetch_add(1, Ordering::Relaxed)
            );
            calls.push(PartitionCall {
                function,
                args,
                field: Arc::new(Field::new(
                    &name,
                    field.data_type().clone(),
                    field.is_nullable(),
                )),
            });
            let column = DfExpr::Column(Column::new_unqualified(name));
            Ok(Transformed::new(column, true, TreeNodeRecursion::Jump))
        })
        .map_err(from_datafusion)?
        .data;
    if nested {
        return Ok(None);
    }
    Ok(Some(match e {
        DfExpr::Alias(_) => replaced,
        _ => replaced.alias(e.schema_name().to_string()),
    }))
}

/// `plan` if it yields its rows in the order of its source (projections, aliases and other
/// partition nodes over a scan), with round-robin repartitions (`coalesce`/`repartition` in
/// the plan, which only spread work) removed so that the node sees one ordered stream;
/// `None` otherwise.
fn in_row_order(plan: &LogicalPlan) -> Result<Option<LogicalPlan>> {
    match plan {
        LogicalPlan::TableScan(_) | LogicalPlan::Values(_) | LogicalPlan::EmptyRelation(_) => {
            Ok(Some(plan.clone()))
        }
        LogicalPlan::Repartition(r)
            if matches!(r.partitioning_scheme, Partitioning::RoundRobinBatch(_)) =>
        {
            in_row_order(&r.input)
        }
        LogicalPlan::Projection(_) | LogicalPlan::SubqueryAlias(_) => rebuild(plan),
        LogicalPlan::Extension(e) if e.node.as_any().is::<PartitionFnsNode>() => rebuild(plan),
        _ => Ok(None),
    }
}

/// `plan` over its input made [`in_row_order`].
fn rebuild(plan: &LogicalPlan) -> Result<Option<LogicalPlan>> {
    let [input] = plan.inputs()[..] else {
        return Ok(None);
    };
    let Some(input) = in_row_order(input)? else {
        return Ok(None);
    };
    plan.with_new_exprs(plan.expressions(), vec![input])
        .map(Some)
        .map_err(from_datafusion)
}
