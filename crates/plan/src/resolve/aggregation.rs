//! `GROUP BY` and global aggregates (Spark's `Aggregate`): the select list mixes grouping
//! expressions and aggregate calls, so the aggregate calls found inside it are computed by a
//! DataFusion `Aggregate`, and a projection above it produces the select list in order.

use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::logical_expr::utils::{find_aggregate_exprs, find_window_exprs};
use datafusion::logical_expr::{Aggregate, Expr as DfExpr, Filter, LogicalPlan};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::expressions::Named;
use super::names::column_at;
use super::output;
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
    let mut group_exprs: Vec<DfExpr> = Vec::new();
    for g in &groups {
        let e = g.expr.clone().unalias();
        if !group_exprs.contains(&e) {
            group_exprs.push(e);
        }
    }
    let select_exprs: Vec<DfExpr> = select.iter().map(|n| n.expr.clone().unalias()).collect();
    let mut searched = select_exprs.clone();
    searched.extend(having.iter().cloned());
    if !find_window_exprs(&searched).is_empty() {
        return Err(SparkError::unsupported(
            "window functions in an aggregate's select list",
        ));
    }
    let agg_exprs = find_aggregate_exprs(searched.iter());
    let plan = Aggregate::try_new(Arc::new(input), group_exprs.clone(), agg_exprs.clone())
        .map(LogicalPlan::Aggregate)
        .map_err(from_datafusion)?;
    let schema = Arc::clone(plan.schema());
    let n_groups = group_exprs.len();
    // The aggregate's output: the grouping expressions, then the aggregate calls.
    let mut targets = group_exprs;
    targets.extend(agg_exprs);
    let rebase = |e: DfExpr, name: &str| -> Result<DfExpr> {
        let rebased = replace_exprs(e, &targets, |t| {
            let i = targets.iter().position(|x| x == t).unwrap_or_default();
            column_at(&schema, i)
        })?;
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
    output::project(plan, items)
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
