//! What an observation may compute (Spark's `CheckAnalysis` for `CollectMetrics`): named, and
//! each metric a plain aggregate (no DISTINCT, FILTER, nesting or window) or an expression
//! over aggregates and constants.

use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::logical_expr::expr::AggregateFunction;
use std::collections::HashMap;

use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, Volatility};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use super::node::CollectMetricsNode;

fn invalid(sub_class: &str, message: String, expr: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        &format!("INVALID_OBSERVED_METRICS.{sub_class}"),
        "42K0E",
        format!("Invalid observed metrics. {message}"),
    )
    .param("expr", format!("\"{expr}\""))
}

/// Checks the observation `name` and its resolved metrics (each with its Spark name).
pub(crate) fn check_metrics(name: &str, metrics: &[(&str, &DfExpr)]) -> sabot_common::Result<()> {
    // Spark Connect's `observe` refuses an empty name before analysis (a plain
    // IllegalArgumentException; `CheckAnalysis` would say `INVALID_OBSERVED_METRICS.MISSING_NAME`).
    if name.is_empty() {
        return Err(SparkError::new(
            ExceptionKind::IllegalArgument,
            "requirement failed: The observation's name must not be empty.",
        ));
    }
    for (metric_name, metric) in metrics {
        check(metric_name, metric, false)?;
    }
    Ok(())
}

fn check(metric: &str, e: &DfExpr, in_aggregate: bool) -> sabot_common::Result<()> {
    match e {
        DfExpr::AggregateFunction(AggregateFunction { params, .. }) => {
            if in_aggregate {
                return Err(invalid(
                    "NESTED_AGGREGATES_UNSUPPORTED",
                    format!(
                        "Nested aggregates are not allowed in observed metrics, but found: \"{metric}\"."
                    ),
                    metric,
                ));
            }
            if params.distinct {
                return Err(invalid(
                    "AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED",
                    format!(
                        "Aggregate expressions with DISTINCT are not allowed in observed metrics, but found: \"{metric}\"."
                    ),
                    metric,
                ));
            }
            if params.filter.is_some() {
                return Err(invalid(
                    "AGGREGATE_EXPRESSION_WITH_FILTER_UNSUPPORTED",
                    format!(
                        "Aggregate expression with FILTER predicate are not allowed in observed metrics, but found: \"{metric}\"."
                    ),
                    metric,
                ));
            }
            params.args.iter().try_for_each(|a| check(metric, a, true))
        }
        DfExpr::WindowFunction(_) => Err(invalid(
            "WINDOW_EXPRESSIONS_UNSUPPORTED",
            format!(
                "Window expressions are not allowed in observed metrics, but found: \"{metric}\"."
            ),
            metric,
        )),
        DfExpr::Column(_) if !in_aggregate => Err(invalid(
            "NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE",
            format!(
                "Attribute \"{metric}\" can only be used as an argument to an aggregate function."
            ),
            metric,
        )),
        DfExpr::ScalarFunction(f)
            if !in_aggregate && f.func.signature().volatility == Volatility::Volatile =>
        {
            Err(invalid(
                "NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC",
                format!(
                    "Non-deterministic expression \"{metric}\" can only be used as an argument to an aggregate function."
                ),
                metric,
            ))
        }
        other => {
            let mut result = Ok(());
            // Children only: `apply_children` visits each direct child once.
            let _ = other.apply_children(|child| {
                result = check(metric, child, in_aggregate);
                Ok(if result.is_ok() {
                    TreeNodeRecursion::Continue
                } else {
                    TreeNodeRecursion::Stop
                })
            });
            result
        }
    }
}

/// `DUPLICATED_METRICS_NAME`: two observations in one plan share a name but not their
/// metrics (Spark allows the same observation twice, e.g. in a self-join).
pub(crate) fn check_unique_names(plan: &LogicalPlan) -> sabot_common::Result<()> {
    let mut seen: HashMap<String, LogicalPlan> = HashMap::new();
    let mut result = Ok(());
    let _ = plan.apply(|node| {
        if let LogicalPlan::Extension(e) = node
            && let Some(c) = e.node.as_any().downcast_ref::<CollectMetricsNode>()
        {
            match seen.get(&c.name) {
                Some(metrics) if *metrics != c.metrics => {
                    result = Err(SparkError::with_class(
                        ExceptionKind::Analysis,
                        "DUPLICATED_METRICS_NAME",
                        "42710",
                        format!("The metric name is not unique: {}. The same name cannot be used for metrics with different results.", c.name),
                    )
                    .param("metricName", c.name.clone()));
                    return Ok(TreeNodeRecursion::Stop);
                }
                Some(_) => {}
                None => {
                    seen.insert(c.name.clone(), c.metrics.clone());
                }
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    result
}

#[cfg(test)]
mod tests {
    use datafusion::functions_aggregate::expr_fn::{count, count_distinct, sum};
    use datafusion::logical_expr::{col, lit};

    use super::*;

    fn class(name: &str, e: &DfExpr) -> Option<String> {
        check_metrics(name, &[("m", e)])
            .err()
            .map(|e| e.error_class.unwrap_or_default())
    }

    #[test]
    fn metrics_must_aggregate_their_columns() {
        assert_eq!(class("o", &sum(col("a"))), None);
        assert_eq!(class("o", &(sum(col("a")) * lit(2))), None);
        assert_eq!(class("o", &lit(1)), None);
        assert_eq!(
            class("o", &(col("a") + sum(col("a")))).as_deref(),
            Some("INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE")
        );
        assert_eq!(
            class("o", &count_distinct(col("a"))).as_deref(),
            Some("INVALID_OBSERVED_METRICS.AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED")
        );
        assert_eq!(
            class("o", &sum(count(col("a")))).as_deref(),
            Some("INVALID_OBSERVED_METRICS.NESTED_AGGREGATES_UNSUPPORTED")
        );
        assert!(check_metrics("", &[("m", &sum(col("a")))]).is_err());
    }
}
