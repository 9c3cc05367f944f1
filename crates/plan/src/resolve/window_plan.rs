//! Where window expressions may appear and how they are planned: window operators below a
//! projection (innermost first, for windows nested in a window function's arguments), and
//! Spark's errors for windows in WHERE/HAVING, in sort keys and inside aggregate functions.

use datafusion::common::Column;
use datafusion::logical_expr::expr::Sort;
use datafusion::logical_expr::utils::find_window_exprs;
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::expressions::Named;
use super::window::legacy;
use crate::error::from_datafusion;

/// `WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE`: a window function in a WHERE (or similar) clause.
pub(crate) fn not_allowed_in(clause: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE",
        "42601",
        format!("It is not allowed to use window functions inside {clause} clause."),
    )
    .param("clauseName", clause)
}

/// Window operators below a projection for the window expressions of `items`, innermost first:
/// a window function's arguments may hold window expressions themselves (`sum(row_number()
/// OVER w) OVER w`), which must be computed by an earlier operator.
pub(crate) fn plan_windows(
    input: LogicalPlan,
    items: Vec<Named>,
) -> Result<(LogicalPlan, Vec<Named>)> {
    let mut plan = input;
    let mut items = items;
    loop {
        let all: Vec<DfExpr> = items.iter().map(|n| n.expr.clone()).collect();
        let windows = innermost_windows(&all);
        if windows.is_empty() {
            return Ok((plan, items));
        }
        plan = LogicalPlanBuilder::window_plan(plan, windows.clone()).map_err(from_datafusion)?;
        items = items
            .into_iter()
            .map(|n| {
                let expr = super::aggregation::replace_exprs(n.expr, &windows, |w| {
                    DfExpr::Column(Column::from_name(w.schema_name().to_string()))
                })?;
                Ok(Named::new(expr, n.name))
            })
            .collect::<Result<Vec<_>>>()?;
    }
}

/// The window expressions of `exprs` that hold no other window expression.
fn innermost_windows(exprs: &[DfExpr]) -> Vec<DfExpr> {
    let mut out: Vec<DfExpr> = Vec::new();
    for w in find_window_exprs(exprs) {
        let nested = match &w {
            DfExpr::WindowFunction(f) => {
                let mut inner = f.params.args.clone();
                inner.extend(f.params.partition_by.iter().cloned());
                inner.extend(f.params.order_by.iter().map(|s| s.expr.clone()));
                innermost_windows(&inner)
            }
            _ => Vec::new(),
        };
        let chosen = if nested.is_empty() { vec![w] } else { nested };
        for c in chosen {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Sort keys may not hold window expressions (Spark's `UNSUPPORTED_EXPR_FOR_OPERATOR` for a
/// `Sort`): order by a window result through a column instead.
pub(crate) fn check_sort_keys(keys: &[(Sort, String)]) -> Result<()> {
    let exprs: Vec<DfExpr> = keys.iter().map(|(s, _)| s.expr.clone()).collect();
    if find_window_exprs(&exprs).is_empty() {
        return Ok(());
    }
    let invalid: Vec<String> = keys.iter().map(|(_, n)| format!("\"{n}\"")).collect();
    Err(SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_EXPR_FOR_OPERATOR",
        "42K0E",
        format!(
            "The query operator `Sort` contains one or more unsupported expressions. Consider to rewrite it to avoid window functions, aggregate functions, and generator functions in the WHERE clause.\nInvalid expressions: [{}]",
            invalid.join(", ")
        ),
    )
    .param("invalidExprSqls", invalid.join(", ")))
}

/// `_LEGACY_ERROR_TEMP_1031`: a window expression inside an aggregate function's arguments
/// (Spark's `CheckAnalysis`), e.g. `groupBy(k).agg(sum(rank() OVER w))`.
pub(crate) fn check_no_window_in_aggregates(exprs: &[DfExpr]) -> Result<()> {
    let aggregates = datafusion::logical_expr::utils::find_aggregate_exprs(exprs.iter());
    if find_window_exprs(&aggregates).is_empty() {
        return Ok(());
    }
    Err(legacy(
        "_LEGACY_ERROR_TEMP_1031",
        "It is not allowed to use a window function inside an aggregate function. Please use the inner window function in a sub-query.".into(),
    ))
}
