//! `(a, b) [NOT] IN (SELECT x, y ...)` (Spark's `InSubquery` over a struct of values), planned
//! as Spark's `RewritePredicateSubquery` plans it: `IN` holds when some row has `a = x AND
//! b = y`; `NOT IN` holds when no row makes that condition true or NULL (the null-aware anti
//! join). Both are two-valued, in a filter and in a projection alike. DataFusion decorrelates
//! the resulting `EXISTS` subqueries (the values become outer references).

use std::sync::Arc;

use datafusion::common::Spans;
use datafusion::logical_expr::expr::Exists;
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, Subquery};
use sabot_common::Result;
use sabot_common::spec::Expr;

use super::expressions::{Named, Scope};
use super::names::column_at;
use super::relations::builder_build;
use super::subquery::to_outer_reference;

/// The `IN` (or `NOT IN`) of several values over `resolved`, whose width the caller checked.
pub(super) fn several_values(
    scope: &Scope<'_>,
    resolved: &LogicalPlan,
    values: &[Expr],
    negated: bool,
) -> Result<Named> {
    let values = scope.resolve_list(values)?;
    let schema = Arc::clone(resolved.schema());
    let condition = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let outer = to_outer_reference(v.expr.clone().unalias(), scope.schema)?;
            Ok(outer.eq(column_at(&schema, i)))
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .reduce(DfExpr::and)
        .ok_or_else(|| sabot_common::SparkError::internal("IN without values"))?;
    // NOT IN drops a row when some subquery row compares as true or NULL.
    let condition = if negated {
        condition.is_not_false()
    } else {
        condition
    };
    let filtered = builder_build(LogicalPlanBuilder::from(resolved.clone()).filter(condition))?;
    let subquery = Subquery {
        outer_ref_columns: filtered.all_out_ref_exprs(),
        subquery: Arc::new(filtered),
        spans: Spans::new(),
    };
    let fields = values
        .iter()
        .map(|v| format!("'{}', {}", v.name, v.name))
        .collect::<Vec<_>>()
        .join(", ");
    let name = format!("(named_struct({fields}) IN (listquery()))");
    Ok(if negated {
        Named::new(
            DfExpr::Exists(Exists::new(subquery, true)),
            format!("(NOT {name})"),
        )
    } else {
        Named::new(DfExpr::Exists(Exists::new(subquery, false)), name)
    })
}
