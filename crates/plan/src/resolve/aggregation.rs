//! `GROUP BY` and global aggregates (Spark's `Aggregate`): the select list mixes grouping
//! expressions and aggregate calls, so the aggregate calls found inside it are computed by a
//! DataFusion `Aggregate`, and a projection above it produces the select list in order.

use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::logical_expr::utils::{
    find_aggregate_exprs, find_window_exprs, grouping_set_to_exprlist,
};
use datafusion::logical_expr::{Aggregate, Expr as DfExpr, Filter, LogicalPlan};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::expressions::Named;
use super::grouping_sets;
use super::names::column_at;
use crate::error::from_datafusion;

/// Replaces every occurrence of one of `targets` in `expr` by `replacement(target)`.
pub(crate) fn replace_exprs(
    expr: DfExpr,
    targets: &[DfExpr],
    replacement: impl Fn(&DfExpr) -> DfExpr,
) -> Result<DfExpr> {
    expr.transform_down(|e| {
        Ok(match targets.iter().find(|t| **t == e) {
            Some(t) => Transformed::new(replacement(t), true, TreeNodeRecursion::Jump),
            None => Transformed::no(e),
        })
    })
    .map(|t| t.data)
    .map_err(from_datafusion)
}

/// Builds `Aggregate(groups, aggregate calls) [-> Filter(having)] -> Projection(select)`.
pub(crate) fn aggregate(
    input: LogicalPlan,
    groups: Vec<Named>,
    select: Vec<Named>,
    having: Option<DfExpr>,
) -> Result<LogicalPlan> {
    aggregate_sets(input, groups, None, select, having)
}

/// [`aggregate`] with grouping sets (`ROLLUP`, `CUBE`, `GROUPING SETS`): `sets` lists the
/// expressions each set groups by; `groups` are Spark's group-by expressions (the output's
/// grouping columns). `grouping_id()` counts `groups` then the other set expressions, the last
/// one in the lowest bit.
pub(crate) fn aggregate_sets(
    input: LogicalPlan,
    groups: Vec<Named>,
    sets: Option<Vec<Vec<DfExpr>>>,
    select: Vec<Named>,
    having: Option<DfExpr>,
) -> Result<LogicalPlan> {
    for g in &groups {
        if let Ok(t) = datafusion::logical_expr::ExprSchemable::get_type(&g.expr, input.schema()) {
            sabot_functions::variant::check_group_key(&g.name, &t)?;
        }
    }
    let spark_groups: Vec<DfExpr> = groups.iter().map(|g| g.expr.clone().unalias()).collect();
    let mut keys: Vec<DfExpr> = Vec::new();
    for e in spark_groups.iter().chain(sets.iter().flatten().flatten()) {
        if !keys.contains(e) {
            keys.push(e.clone());
        }
    }
    let select_exprs: Vec<DfExpr> = select.iter().map(|n| n.expr.clone().unalias()).collect();
    let mut searched = select_exprs.clone();
    searched.extend(having.iter().cloned());
    if !find_window_exprs(having.as_slice()).is_empty() {
        return Err(super::window_plan::not_allowed_in("HAVING"));
    }
    super::window_plan::check_no_window_in_aggregates(&searched)?;
    let (markers, agg_exprs): (Vec<DfExpr>, Vec<DfExpr>) = find_aggregate_exprs(searched.iter())
        .into_iter()
        .partition(grouping_sets::is_grouping_marker);
    let group_expr = match &sets {
        None => {
            if !markers.is_empty() {
                return Err(sabot_functions::unsupported_grouping_expression());
            }
            keys.clone()
        }
        Some(sets) => vec![grouping_sets::grouping_set_expr(sets)],
    };
    let plan = Aggregate::try_new(Arc::new(input), group_expr.clone(), agg_exprs.clone())
        .map(LogicalPlan::Aggregate)
        .map_err(from_datafusion)?;
    let schema = Arc::clone(plan.schema());
    let input_schema = Arc::clone(plan.inputs()[0].schema());
    let out_keys: Vec<DfExpr> = grouping_set_to_exprlist(&group_expr)
        .map_err(from_datafusion)?
        .into_iter()
        .cloned()
        .collect();
    // Output: the distinct grouping expressions, the grouping id (with sets), the aggregates.
    let agg_offset = out_keys.len() + usize::from(sets.is_some());
    let mut targets: Vec<(DfExpr, DfExpr)> = Vec::new();
    for k in &keys {
        let replacement = match out_keys.iter().position(|o| o == k) {
            Some(i) => column_at(&schema, i),
            // Grouped by no set: always NULL (Spark's `Expand` nulls it in every projection).
            None => grouping_sets::typed_null(k, &input_schema)?,
        };
        targets.push((k.clone(), replacement));
    }
    for (i, a) in agg_exprs.iter().enumerate() {
        targets.push((a.clone(), column_at(&schema, agg_offset + i)));
    }
    for m in &markers {
        let bits = grouping_sets::marker_value(m, &spark_groups, &keys, &out_keys)?;
        targets.push((m.clone(), bits));
    }
    let n_groups = keys.len();
    let rebase = |e: DfExpr, name: &str| -> Result<DfExpr> {
        let rebased = replace_pairs(e, &targets)?;
        for c in rebased.column_refs() {
            if !schema.has_column(c) {
                return Err(missing_aggregation(name, n_groups == 0));
            }
        }
        Ok(rebased)
    };
    let mut plan = plan;
    if let Some(h) = having {
        let cond = rebase(h, "HAVING condition")?;
        plan = Filter::try_new(cond, Arc::new(plan))
            .map(LogicalPlan::Filter)
            .map_err(from_datafusion)?;
    }
    let items = select
        .into_iter()
        .map(|n| {
            let e = rebase(n.expr.unalias(), &n.name)?;
            Ok(Named::new(e, n.name))
        })
        .collect::<Result<Vec<_>>>()?;
    // Window expressions over the aggregates run above the aggregate (Spark's
    // `ExtractWindowExpressions`).
    super::relations::project_with_windows(plan, items)
}

/// Replaces every occurrence of a target in `expr` by its replacement (outermost first).
fn replace_pairs(expr: DfExpr, targets: &[(DfExpr, DfExpr)]) -> Result<DfExpr> {
    expr.transform_down(|e| {
        Ok(match targets.iter().find(|(t, _)| *t == e) {
            Some((_, r)) => Transformed::new(r.clone(), true, TreeNodeRecursion::Jump),
            None => Transformed::no(e),
        })
    })
    .map(|t| t.data)
    .map_err(from_datafusion)
}

/// Spark's `MISSING_AGGREGATION` / `MISSING_GROUP_BY`.
fn missing_aggregation(expr: &str, global: bool) -> SparkError {
    if global {
        return SparkError::with_class(
            ExceptionKind::Analysis,
            "MISSING_GROUP_BY",
            "42803",
            "The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.",
        );
    }
    SparkError::with_class(
        ExceptionKind::Analysis,
        "MISSING_AGGREGATION",
        "42803",
        format!(
            "The non-aggregating expression \"{expr}\" is based on columns which are not participating in the GROUP BY clause.\nAdd the columns or the expression to the GROUP BY, aggregate the expression, or use \"any_value({expr})\" if you do not care which of the values within a group is returned."
        ),
    )
    .param("expression", format!("\"{expr}\""))
    .param("expressionAnyValue", format!("\"any_value({expr})\""))
}
