//! Correlated subqueries no rewrite can run: a correlation other than `inner = outer` under an
//! aggregate is planned as a domain join ([`crate::optimizer::domain_join`]) where its shape
//! allows; the shapes it cannot carry the domain through get a clear UNSUPPORTED error here
//! instead of DataFusion's planning failure.

use datafusion::logical_expr::LogicalPlan;
use sabot_common::{Result, SparkError};

use crate::optimizer::domain_join::{lateral_supported, needs_domain, scalar_supported};

/// Fails when `plan` (a scalar subquery's relation) has a non-equality correlation under an
/// aggregate that the domain join cannot rewrite either.
pub(super) fn check_decorrelatable(plan: &LogicalPlan) -> Result<()> {
    if needs_domain(plan, false) && !scalar_supported(plan) {
        return Err(SparkError::unsupported(
            "a correlated subquery whose correlation is not an equality, under this operator",
        ));
    }
    Ok(())
}

/// Fails for `[NOT] IN (subquery)` with a correlation only a domain join can run, over a
/// subquery whose operators the domain cannot be carried through.
pub(super) fn check_in_subquery(plan: &LogicalPlan) -> Result<()> {
    if needs_domain(plan, false) && !lateral_supported(plan, false, false) {
        return Err(SparkError::unsupported(
            "a correlated [NOT] IN subquery whose correlation is not an equality, under this operator",
        ));
    }
    Ok(())
}

/// What no rewrite can decorrelate in a `LATERAL` subquery, if anything: a `LIMIT` over
/// correlated rows or a non-equality correlation that the domain join cannot carry (for a
/// `LEFT JOIN LATERAL`, any non-equality correlation needs it).
pub(super) fn check_lateral(
    plan: &LogicalPlan,
    left_join: bool,
    has_condition: bool,
) -> Result<()> {
    if plan.all_out_ref_exprs().is_empty() {
        return Ok(());
    }
    let needs = needs_domain(plan, false) || (left_join && needs_domain(plan, true));
    if needs && !lateral_supported(plan, left_join, has_condition) {
        return Err(SparkError::unsupported(if left_join {
            "a LEFT JOIN LATERAL whose correlation is not an equality, in this shape"
        } else {
            "a correlated LATERAL subquery whose correlation is not an equality, under this operator"
        }));
    }
    Ok(())
}
