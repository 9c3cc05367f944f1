//! Places a [`PartitionFnsNode`] under a projection, filter, aggregate or sort that calls
//! partition-dependent functions (see `sabot_functions::partition_fn_of`), when Spark's
//! partitions of the operator's input are known ([`input_layout`]) and Sabot delivers that
//! input in Spark's row order: the calls become columns of the node, evaluated per Spark
//! partition.
//!
//! Otherwise the calls stay UDFs, evaluated as if the input were one partition (Spark's result
//! whenever Spark runs the operator in one partition).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use datafusion::arrow::datatypes::{DataType as ArrowType, Field};
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, DFSchema};
use datafusion::logical_expr::{
    Expr as DfExpr, ExprSchemable, Extension, LogicalPlan, Partitioning, Projection,
};
use sabot_common::Result;
use sabot_common::spec::PlanNode;
use sabot_functions::{PartitionFn, partition_fn_of};

use super::checks::check_aggregate_arguments;
use super::layout::{SourceLayout, SparkLayout, input_layout};
use super::node::{PartitionCall, PartitionFnsNode};
use crate::error::from_datafusion;
use crate::exchange::AdaptiveCoalesceNode;
use crate::range_partition::RangeRepartitionNode;

/// Distinguishes the node columns of different calls.
static NEXT_COLUMN: AtomicUsize = AtomicUsize::new(0);

/// `plan` (the resolution of `node`) with its partition-dependent calls evaluated per Spark
/// partition where possible.
pub(crate) fn place(
    node: &PlanNode,
    plan: LogicalPlan,
    conf: &crate::resolve::PlanConfig,
) -> Result<LogicalPlan> {
    if !has_calls(&plan) {
        return Ok(plan);
    }
    check_aggregate_arguments(&plan)?;
    let Some(layout) = input_layout(
        node,
        conf.default_parallelism,
        conf.shuffle_partitions,
        conf.adaptive.is_some(),
    ) else {
        return Ok(plan);
    };
    Ok(place_in(&plan, &layout)?.unwrap_or(plan))
}

/// Whether `plan` or a projection chain on top of it calls a partition-dependent function.
fn has_calls(plan: &LogicalPlan) -> bool {
    match plan {
        LogicalPlan::Projection(p) if !p.expr.iter().any(contains_call) => has_calls(&p.input),
        _ => plan.expressions().iter().any(contains_call),
    }
}

/// The first operator under `plan`'s projections that calls partition-dependent functions
/// (a projection, filter, aggregate or sort), rewritten over a [`PartitionFnsNode`]; `None`
/// when its input is not in row order or a call cannot be moved.
fn place_in(plan: &LogicalPlan, layout: &SourceLayout) -> Result<Option<LogicalPlan>> {
    let own_calls = plan.expressions().iter().any(contains_call);
    match plan {
        LogicalPlan::Projection(p) if !own_calls => {
            let Some(input) = place_in(&p.input, layout)? else {
                return Ok(None);
            };
            plan.with_new_exprs(plan.expressions(), vec![input])
                .map(Some)
                .map_err(from_datafusion)
        }
        _ if !own_calls => Ok(None),
        LogicalPlan::Aggregate(a) if a.group_expr.iter().any(is_grouping_set) => Ok(None),
        LogicalPlan::Projection(_)
        | LogicalPlan::Filter(_)
        | LogicalPlan::Aggregate(_)
        | LogicalPlan::Sort(_) => rewrite_operator(plan, layout),
        _ => Ok(None),
    }
}

fn is_grouping_set(e: &DfExpr) -> bool {
    matches!(e, DfExpr::GroupingSet(_))
}

/// `plan`'s calls replaced by columns of a [`PartitionFnsNode`] over its input.
fn rewrite_operator(plan: &LogicalPlan, layout: &SourceLayout) -> Result<Option<LogicalPlan>> {
    let [input] = plan.inputs()[..] else {
        return Ok(None);
    };
    let Some((input, tag)) = in_row_order(input, layout)? else {
        return Ok(None);
    };
    // Projections and aggregates name their outputs after their expressions: keep the names.
    let keep_names = matches!(plan, LogicalPlan::Projection(_) | LogicalPlan::Aggregate(_));
    let mut calls = Vec::new();
    let mut exprs = Vec::new();
    for e in plan.expressions() {
        match replace_calls(&e, input.schema(), &mut calls, keep_names)? {
            Some(e) => exprs.push(e),
            None => return Ok(None),
        }
    }
    // With a tag column the layout only names the partition count (for display).
    let positions = match (layout, &tag) {
        (SourceLayout::Slices(l), None) => l.clone(),
        _ => SparkLayout::sliced(0, layout.partitions() as u64).unwrap_or_else(SparkLayout::single),
    };
    let node = PartitionFnsNode::try_new(input, positions, calls)
        .map(|n| n.with_partition_column(tag))
        .map_err(from_datafusion)?;
    let input = LogicalPlan::Extension(Extension {
        node: Arc::new(node),
    });
    let rewritten = plan
        .with_new_exprs(exprs, vec![input])
        .map_err(from_datafusion)?;
    if keep_names {
        return Ok(Some(rewritten));
    }
    // Filters and sorts pass the node's columns on: project them away.
    let columns: Vec<DfExpr> = plan
        .schema()
        .iter()
        .map(|(q, f)| DfExpr::Column(Column::new(q.cloned(), f.name())))
        .collect();
    Projection::try_new(columns, Arc::new(rewritten))
        .map(|p| Some(LogicalPlan::Projection(p)))
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
    keep_name: bool,
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
        _ if !keep_name => replaced,
        _ => replaced.alias(e.schema_name().to_string()),
    }))
}

/// `plan` if it yields its source's rows in order, possibly filtered (projections, filters,
/// aliases and other partition nodes over a scan), with round-robin repartitions (`coalesce`
/// in the plan, which only spread work) removed so that the node sees one ordered stream, and
/// the column that tags each row with its Spark partition when a filter drops rows (row
/// positions then no longer follow the layout, so the partition is taken at the source).
/// `None` otherwise.
fn in_row_order(
    plan: &LogicalPlan,
    layout: &SourceLayout,
) -> Result<Option<(LogicalPlan, Option<String>)>> {
    // A union's rows and a round robin's are tagged with their partition.
    let tagged = matches!(
        layout,
        SourceLayout::Union(_) | SourceLayout::RoundRobin { .. }
    );
    match chain_kind(plan) {
        None => Ok(None),
        Some(false) if !tagged => Ok(rebuild(plan, None)?.map(|p| (p, None))),
        Some(_) => {
            let tag = format!(
                "__sabot_partition_tag_{}",
                NEXT_COLUMN.fetch_add(1, Ordering::Relaxed)
            );
            let tagging = Tagging {
                column: tag.clone(),
                layout: layout.clone(),
                first: 0,
            };
            Ok(rebuild(plan, Some(&tagging))?.map(|p| (p, Some(tag))))
        }
    }
}

/// Whether `plan` is a chain [`in_row_order`] accepts, and whether it filters rows.
fn chain_kind(plan: &LogicalPlan) -> Option<bool> {
    match plan {
        LogicalPlan::TableScan(_) | LogicalPlan::Values(_) | LogicalPlan::EmptyRelation(_) => {
            Some(false)
        }
        LogicalPlan::Filter(f) => chain_kind(&f.input).map(|_| true),
        // Union inputs are always tagged (their rows are merged from several streams).
        LogicalPlan::Union(u) => u
            .inputs
            .iter()
            .map(|i| chain_kind(i))
            .collect::<Option<Vec<_>>>()
            .map(|_| true),
        LogicalPlan::Repartition(r)
            if matches!(r.partitioning_scheme, Partitioning::RoundRobinBatch(_)) =>
        {
            chain_kind(&r.input)
        }
        // A hash shuffle tags its rows with their partition (see `super::shuffle`).
        LogicalPlan::Repartition(r) if matches!(r.partitioning_scheme, Partitioning::Hash(..)) => {
            Some(true)
        }
        // So does a range shuffle (see `super::shuffle::tag_ranged`), and an adaptive read of
        // either (see `super::coalesce::coalesce_tagged_adaptive`).
        LogicalPlan::Extension(e)
            if e.node.as_any().is::<RangeRepartitionNode>()
                || e.node.as_any().is::<AdaptiveCoalesceNode>() =>
        {
            Some(true)
        }
        LogicalPlan::Projection(_) | LogicalPlan::SubqueryAlias(_) | LogicalPlan::Sort(_) => {
            chain_kind(plan.inputs().first()?)
        }
        LogicalPlan::Extension(e) if e.node.as_any().is::<PartitionFnsNode>() => {
            chain_kind(plan.inputs().first()?)
        }
        _ => None,
    }
}

/// The partition tag added at the sources of a filtered chain or a union: the layout of the
/// sources under this point and the index of their first partition.
struct Tagging {
    column: String,
    layout: SourceLayout,
    first: usize,
}

/// `plan` rebuilt without round-robin repartitions, with the tag column added at the source
/// and passed through every projection when `tagging`.
fn rebuild(plan: &LogicalPlan, tagging: Option<&Tagging>) -> Result<Option<LogicalPlan>> {
    match plan {
        LogicalPlan::TableScan(_) | LogicalPlan::Values(_) | LogicalPlan::EmptyRelation(_) => {
            let Some(t) = tagging else {
                return Ok(Some(plan.clone()));
            };
            let SourceLayout::Slices(layout) = &t.layout else {
                return Ok(None);
            };
            let call = PartitionCall {
                function: PartitionFn::PartitionId,
                args: vec![],
                field: Arc::new(Field::new(&t.column, ArrowType::Int32, false)),
            };
            let layout = layout.clone().starting_at(t.first);
            let node = PartitionFnsNode::try_new(plan.clone(), layout, vec![call])
                .map_err(from_datafusion)?;
            Ok(Some(LogicalPlan::Extension(Extension {
                node: Arc::new(node),
            })))
        }
        LogicalPlan::Repartition(r)
            if matches!(r.partitioning_scheme, Partitioning::RoundRobinBatch(_)) =>
        {
            // The user's round robin (`repartition(n)`): deal the ordered input's rows.
            if let Some(t) = tagging
                && let SourceLayout::RoundRobin { n, input } = &t.layout
            {
                if chain_kind(&r.input) != Some(false) {
                    return Ok(None);
                }
                let Some(ordered) = rebuild(&r.input, None)? else {
                    return Ok(None);
                };
                return super::shuffle::tag_round_robin(ordered, input, *n, t.first, &t.column)
                    .map(Some);
            }
            // A coalesce of a shuffle: tag the shuffle's partitions, then group them.
            if let Some(t) = tagging
                && let SourceLayout::Coalesced { n, input } = &t.layout
            {
                let inner = Tagging {
                    column: t.column.clone(),
                    layout: (**input).clone(),
                    first: 0,
                };
                let Some(tagged) = rebuild(&r.input, Some(&inner))? else {
                    return Ok(None);
                };
                let parents = match input.as_ref() {
                    SourceLayout::Hashed(p) => Some(*p),
                    _ => None,
                };
                return super::coalesce::coalesce_tagged(tagged, &t.column, parents, *n, t.first)
                    .map(Some);
            }
            rebuild(&r.input, tagging)
        }
        LogicalPlan::Repartition(r) => {
            let (Partitioning::Hash(keys, n), Some(t)) = (&r.partitioning_scheme, tagging) else {
                return Ok(None);
            };
            let input = ordered_input(&r.input)?;
            super::shuffle::tag_hashed(input, keys, *n, t.first, &t.column, None).map(Some)
        }
        // A shuffle without a count: tag the shuffle's partitions (and map tasks), then group
        // them as Spark's adaptive execution reads them.
        LogicalPlan::Extension(e) if e.node.as_any().is::<AdaptiveCoalesceNode>() => {
            let (Some(node), Some(t)) = (
                e.node.as_any().downcast_ref::<AdaptiveCoalesceNode>(),
                tagging,
            ) else {
                return Ok(None);
            };
            let SourceLayout::Adaptive { input: _, maps } = &t.layout else {
                return Ok(None);
            };
            let map = format!(
                "__sabot_map_task_{}",
                NEXT_COLUMN.fetch_add(1, Ordering::Relaxed)
            );
            let (tagged, parents, by_map) = match &node.input {
                LogicalPlan::Repartition(r) => {
                    let Partitioning::Hash(keys, n) = &r.partitioning_scheme else {
                        return Ok(None);
                    };
                    let (input, by_map) = with_map_tasks(&r.input, maps.as_ref(), *n, &map)?;
                    let map = by_map.then_some(map.as_str());
                    let tagged = super::shuffle::tag_hashed(input, keys, *n, 0, &t.column, map)?;
                    (tagged, *n, by_map)
                }
                LogicalPlan::Extension(x) => {
                    let Some(range) = x.node.as_any().downcast_ref::<RangeRepartitionNode>() else {
                        return Ok(None);
                    };
                    let n = range.partitions;
                    let (input, by_map) = with_map_tasks(&range.input, maps.as_ref(), n, &map)?;
                    let map = by_map.then_some(map.as_str());
                    let tagged = super::shuffle::tag_ranged(input, range, 0, &t.column, map)?;
                    (tagged, n, by_map)
                }
                _ => return Ok(None),
            };
            super::coalesce::coalesce_tagged_adaptive(
                tagged, &t.column, parents, by_map, node.rule, t.first,
            )
            .map(Some)
        }
        LogicalPlan::Extension(e) if e.node.as_any().is::<RangeRepartitionNode>() => {
            let (Some(range), Some(t)) = (
                e.node.as_any().downcast_ref::<RangeRepartitionNode>(),
                tagging,
            ) else {
                return Ok(None);
            };
            let input = ordered_input(&range.input)?;
            super::shuffle::tag_ranged(input, range, t.first, &t.column, None).map(Some)
        }
        // `sortWithinPartitions`: each partition's rows sorted, partitions kept together.
        LogicalPlan::Sort(s) => {
            let (Some(t), Some(input)) = (tagging, rebuild(&s.input, tagging)?) else {
                return Ok(None);
            };
            let mut order =
                vec![DfExpr::Column(Column::new_unqualified(&t.column)).sort(true, false)];
            order.extend(s.expr.iter().cloned());
            Ok(Some(LogicalPlan::Sort(
                datafusion::logical_expr::logical_plan::Sort {
                    expr: order,
                    input: Arc::new(input),
                    fetch: s.fetch,
                },
            )))
        }
        LogicalPlan::Union(u) => {
            let Some(Tagging {
                column,
                layout: SourceLayout::Union(layouts),
                first,
            }) = tagging
            else {
                return Ok(None);
            };
            if layouts.len() != u.inputs.len() {
                return Ok(None);
            }
            let mut first = *first;
            let mut inputs = Vec::with_capacity(layouts.len());
            for (input, layout) in u.inputs.iter().zip(layouts) {
                let t = Tagging {
                    column: column.clone(),
                    layout: layout.clone(),
                    first,
                };
                first += layout.partitions();
                match rebuild(input, Some(&t))? {
                    Some(i) => inputs.push(i),
                    None => return Ok(None),
                }
            }
            plan.with_new_exprs(vec![], inputs)
                .map(Some)
                .map_err(from_datafusion)
        }
        _ => {
            let [input] = plan.inputs()[..] else {
                return Ok(None);
            };
            let Some(input) = rebuild(input, tagging)? else {
                return Ok(None);
            };
            let mut exprs = plan.expressions();
            if let (LogicalPlan::Projection(_), Some(t)) = (plan, tagging) {
                exprs.push(DfExpr::Column(Column::new_unqualified(&t.column)));
            }
            plan.with_new_exprs(exprs, vec![input])
                .map(Some)
                .map_err(from_datafusion)
        }
    }
}

/// A shuffle's input in Sabot's row order where possible, with each row's map task (its
/// partition in `maps`) in the `INT` column `column` when the tasks are known and their
/// numbers fit the tag (`maps * n` below 2^31). The flag tells whether the column is there.
fn with_map_tasks(
    input: &LogicalPlan,
    maps: Option<&SparkLayout>,
    n: usize,
    column: &str,
) -> Result<(LogicalPlan, bool)> {
    if let Some(layout) = maps
        && layout.partitions().saturating_mul(n) <= i32::MAX as usize
        && chain_kind(input).is_some()
    {
        let tagging = Tagging {
            column: column.to_string(),
            layout: SourceLayout::Slices(layout.clone()),
            first: 0,
        };
        if let Some(tagged) = rebuild(input, Some(&tagging))? {
            return Ok((tagged, true));
        }
    }
    Ok((ordered_input(input)?, false))
}

/// A shuffle's input in Sabot's row order where possible (its rows then keep that order within
/// each partition, as a shuffle of one map task does), else as it is.
fn ordered_input(input: &LogicalPlan) -> Result<LogicalPlan> {
    Ok(match chain_kind(input) {
        Some(false) => rebuild(input, None)?.unwrap_or_else(|| input.clone()),
        _ => input.clone(),
    })
}
