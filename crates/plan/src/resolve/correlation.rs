//! Correlated subqueries no rewrite can run: a correlation other than `inner = outer` under an
//! aggregate is planned as a domain join ([`crate::optimizer::domain_join`]) where its shape
//! allows; the shapes it cannot carry the domain through get a clear UNSUPPORTED error here
//! instead of DataFusion's planning failure. Outer references where Spark's `CheckAnalysis`
//! rejects them get Spark's `UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY` errors.

use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::logical_expr::{Expr, JoinType, LogicalPlan};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::optimizer::domain_join::{lateral_supported, needs_domain, scalar_supported};

/// Fails when `plan` (a scalar subquery's relation) has a non-equality correlation under an
/// aggregate that the domain join cannot rewrite either.
pub(super) fn check_decorrelatable(plan: &LogicalPlan) -> Result<()> {
    check_outer_references(plan)?;
    if needs_domain(plan, false) && !scalar_supported(plan) {
        return Err(SparkError::unsupported(
            "a correlated subquery whose correlation is not an equality, under this operator",
        ));
    }
    Ok(())
}

/// Fails for `[NOT] IN (subquery)` or `EXISTS (subquery)` with a correlation only a domain join
/// can run, over a subquery whose operators the domain cannot be carried through.
pub(super) fn check_in_subquery(plan: &LogicalPlan) -> Result<()> {
    check_outer_references(plan)?;
    if needs_domain(plan, false) && !lateral_supported(plan) {
        return Err(SparkError::unsupported(
            "a correlated IN or EXISTS subquery whose correlation is not an equality, under this operator",
        ));
    }
    Ok(())
}

/// What no rewrite can decorrelate in a `LATERAL` subquery, if anything: a `LIMIT` over
/// correlated rows or a non-equality correlation that the domain join cannot carry (for a
/// `LEFT JOIN LATERAL`, any non-equality correlation needs it).
pub(super) fn check_lateral(plan: &LogicalPlan, left_join: bool) -> Result<()> {
    if plan.all_out_ref_exprs().is_empty() {
        return Ok(());
    }
    check_outer_references(plan)?;
    let needs = needs_domain(plan, false) || (left_join && needs_domain(plan, true));
    if needs && !lateral_supported(plan) {
        return Err(SparkError::unsupported(
            "a correlated LATERAL subquery whose correlation is not an equality, under this operator",
        ));
    }
    Ok(())
}

/// Spark's `CheckAnalysis` for a join inside a subquery: no outer reference on a side whose
/// rows the join may pad with NULLs or only tests (the right of a left, semi or anti join,
/// the left of a right join, either side of a full join).
pub(super) fn check_join_sides(
    left: &LogicalPlan,
    right: &LogicalPlan,
    join_type: JoinType,
) -> Result<()> {
    let checked: &[&LogicalPlan] = match join_type {
        JoinType::Left | JoinType::LeftSemi | JoinType::LeftAnti | JoinType::LeftMark => &[right],
        JoinType::Right | JoinType::RightSemi | JoinType::RightAnti | JoinType::RightMark => {
            &[left]
        }
        JoinType::Full => &[left, right],
        JoinType::Inner => &[],
    };
    for side in checked {
        if let Some(node) = correlated_node(side) {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.ACCESSING_OUTER_QUERY_COLUMN_IS_NOT_ALLOWED",
                "0A000",
                format!(
                    "Unsupported subquery expression: Accessing outer query column is not allowed in this location:\n{node}"
                ),
            )
            .param("treeNode", node));
        }
    }
    Ok(())
}

/// The first operator of `plan` with an outer reference in its own expressions, displayed.
fn correlated_node(plan: &LogicalPlan) -> Option<String> {
    let mut found = None;
    let _ = plan.apply(|node| {
        if node.expressions().iter().any(Expr::contains_outer) {
            found = Some(node.display().to_string());
            return Ok(TreeNodeRecursion::Stop);
        }
        Ok(TreeNodeRecursion::Continue)
    });
    found
}

/// Spark's `CheckAnalysis` for aggregate functions inside a subquery: arguments that mix outer
/// and local columns (`sum(r.v + t.a)`) are `AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES`;
/// only outer ones (`max(t.a)`, an aggregate of the outer query) `CORRELATED_REFERENCE`. A
/// window function over outer and inner columns (which Spark runs) is UNSUPPORTED.
fn check_outer_references(plan: &LogicalPlan) -> Result<()> {
    let mut error = None;
    let _ = plan.apply(|node| {
        // DataFusion's analyzer rejects these before any rewrite could carry the domain in.
        if let LogicalPlan::Window(w) = node
            && w
                .window_expr
                .iter()
                .any(|e| e.contains_outer() && e.any_column_refs())
        {
            error = Some(SparkError::unsupported(
                "a window function in a correlated subquery over both outer and inner columns",
            ));
            return Ok(TreeNodeRecursion::Stop);
        }
        let LogicalPlan::Aggregate(a) = node else {
            return Ok(TreeNodeRecursion::Continue);
        };
        for e in &a.aggr_expr {
            let _ = e.apply(|e| {
                let Expr::AggregateFunction(f) = e else {
                    return Ok(TreeNodeRecursion::Continue);
                };
                let parts = f.params.args.iter().chain(f.params.filter.as_deref());
                let (mut outer, mut local) = (false, false);
                for p in parts {
                    outer |= p.contains_outer();
                    local |= p.any_column_refs();
                }
                if outer {
                    error = Some(if local {
                        SparkError::with_class(
                            ExceptionKind::Analysis,
                            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES",
                            "0A000",
                            format!(
                                "Unsupported subquery expression: Found an aggregate function in a correlated predicate that has both outer and local references, which is not supported: {e}."
                            ),
                        )
                        .param("function", e.to_string())
                    } else {
                        SparkError::with_class(
                            ExceptionKind::Analysis,
                            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE",
                            "0A000",
                            format!(
                                "Unsupported subquery expression: Expressions referencing the outer query are not supported outside of WHERE/HAVING clauses: {e}."
                            ),
                        )
                        .param("sqlExprs", e.to_string())
                    });
                    return Ok(TreeNodeRecursion::Stop);
                }
                Ok(TreeNodeRecursion::Jump)
            });
            if error.is_some() {
                return Ok(TreeNodeRecursion::Stop);
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    error.map_or(Ok(()), Err)
}
