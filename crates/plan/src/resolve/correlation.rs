//! Correlated subqueries DataFusion cannot decorrelate: a correlation other than
//! `inner = outer` under an aggregate (`(SELECT count(*) FROM r WHERE r.x < t.a)`). Spark plans
//! them with a domain join; Sabot gives a clear UNSUPPORTED error instead of DataFusion's
//! planning failure.

use datafusion::logical_expr::utils::split_conjunction;
use datafusion::logical_expr::{BinaryExpr, Expr as DfExpr, LogicalPlan, Operator};
use sabot_common::{Result, SparkError};

/// Fails when `plan` (a scalar subquery's relation, or an `EXISTS` relation about to be
/// counted when `counted`) filters on a non-equality correlation below an aggregate.
pub(super) fn check_decorrelatable(plan: &LogicalPlan, counted: bool) -> Result<()> {
    if non_equi_under_aggregate(plan, counted) {
        return Err(SparkError::unsupported(
            "a correlated subquery whose correlation is not an equality, under an aggregate",
        ));
    }
    Ok(())
}

fn non_equi_under_aggregate(plan: &LogicalPlan, under_aggregate: bool) -> bool {
    let under = under_aggregate || matches!(plan, LogicalPlan::Aggregate(_));
    if under
        && let LogicalPlan::Filter(f) = plan
        && split_conjunction(&f.predicate)
            .into_iter()
            .any(|c| !is_equi_correlation(c))
    {
        return true;
    }
    plan.inputs()
        .into_iter()
        .any(|p| non_equi_under_aggregate(p, under))
}

/// Whether the correlated parts of `e` are equalities, possibly under `AND`/`OR`, which
/// DataFusion pulls up as join keys or join filters.
fn is_equi_correlation(e: &DfExpr) -> bool {
    if !e.contains_outer() {
        return true;
    }
    match e {
        DfExpr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::And | Operator::Or,
            right,
        }) => is_equi_correlation(left) && is_equi_correlation(right),
        DfExpr::BinaryExpr(BinaryExpr {
            op: Operator::Eq, ..
        }) => true,
        _ => false,
    }
}

/// What DataFusion cannot decorrelate in a `LATERAL` subquery, if anything: a `LIMIT` (with
/// `ORDER BY`) over correlated rows, a non-equality correlation under an aggregate, or one
/// under a `LEFT JOIN LATERAL`.
pub(super) fn check_lateral(plan: &LogicalPlan, left_join: bool) -> Result<()> {
    if plan.all_out_ref_exprs().is_empty() {
        return Ok(());
    }
    if has_limit(plan) {
        return Err(SparkError::unsupported(
            "LIMIT (or ORDER BY ... LIMIT) inside a correlated LATERAL subquery",
        ));
    }
    if left_join && non_equi_under_aggregate(plan, true) {
        return Err(SparkError::unsupported(
            "a LEFT JOIN LATERAL whose correlation is not an equality",
        ));
    }
    check_decorrelatable(plan, false)
}

fn has_limit(plan: &LogicalPlan) -> bool {
    matches!(plan, LogicalPlan::Limit(_)) || plan.inputs().into_iter().any(has_limit)
}
