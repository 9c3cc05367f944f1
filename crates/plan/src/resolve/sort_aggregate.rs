//! `ORDER BY` keys over an aggregate that name aggregate calls or grouping expressions by
//! their text rather than by a select-list alias (`SELECT count(DISTINCT x) AS n ... ORDER BY
//! count(DISTINCT x)`): mirrors Spark's `ResolveAggregateFunctions` for `Sort`, which resolves
//! such keys against the aggregate's input and then reads them from the aggregate's output.

use std::collections::HashMap;

use datafusion::common::DFSchemaRef;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::logical_expr::utils::grouping_set_to_exprlist;
use datafusion::logical_expr::{Aggregate, Expr as DfExpr, LogicalPlan, SortExpr};
use sabot_common::spec::SortOrder;

use super::PlanConfig;
use super::expressions::Scope;
use super::names::column_at;
use super::window::resolve_sort_order;

/// The aggregate right under the select list (`Projection [-> Filter(HAVING)] -> Aggregate`).
fn aggregate_below(input: &LogicalPlan) -> Option<&Aggregate> {
    let LogicalPlan::Projection(p) = input else {
        return None;
    };
    match p.input.as_ref() {
        LogicalPlan::Aggregate(a) => Some(a),
        LogicalPlan::Filter(f) => match f.input.as_ref() {
            LogicalPlan::Aggregate(a) => Some(a),
            _ => None,
        },
        _ => None,
    }
}

/// The key resolved against the aggregate's input and rewritten onto its output columns, or
/// `None` when `input` is no aggregate or the key needs values the aggregate does not compute.
pub(crate) fn sort_key_over_aggregate(
    input: &LogicalPlan,
    order: &SortOrder,
    conf: &PlanConfig,
    plan_ids: &HashMap<i64, DFSchemaRef>,
) -> Option<(SortExpr, String)> {
    let agg = aggregate_below(input)?;
    let scope = Scope::new(agg.input.schema(), conf, plan_ids);
    let (key, name) = resolve_sort_order(&scope, order).ok()?;
    let groups = grouping_set_to_exprlist(&agg.group_expr).ok()?;
    let schema = agg.schema.as_ref();
    let mut targets: Vec<(DfExpr, DfExpr)> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        targets.push(((*g).clone(), column_at(schema, i)));
    }
    // The output: the grouping columns (and the grouping id with grouping sets), the aggregates.
    let offset = groups.len()
        + usize::from(matches!(
            agg.group_expr.first(),
            Some(DfExpr::GroupingSet(_))
        ));
    for (i, a) in agg.aggr_expr.iter().enumerate() {
        targets.push((a.clone().unalias(), column_at(schema, offset + i)));
    }
    let rebased = key
        .expr
        .clone()
        .transform_down(|e| {
            Ok(match targets.iter().find(|(t, _)| *t == e) {
                Some((_, r)) => Transformed::new(r.clone(), true, TreeNodeRecursion::Jump),
                None => Transformed::no(e),
            })
        })
        .ok()?
        .data;
    if rebased.column_refs().iter().any(|c| !schema.has_column(c)) {
        return None;
    }
    Some((SortExpr::new(rebased, key.asc, key.nulls_first), name))
}
