//! Spark's analysis check on partition-dependent (nondeterministic) calls inside aggregate
//! functions (`CheckAnalysis`: `AGGREGATE_FUNCTION_WITH_NONDETERMINISTIC_EXPRESSION`).

use datafusion::common::tree_node::TreeNode;
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;
use sabot_functions::partition_fn_of;

/// An error if an aggregate under `plan`'s projections has an aggregate function whose
/// arguments call a partition-dependent function (`sum(rand(1))`).
pub(crate) fn check_aggregate_arguments(plan: &LogicalPlan) -> sabot_common::Result<()> {
    check_under(plan, None)
}

/// `names`: the projection right above, which gives the aggregate's outputs Spark's names.
fn check_under(plan: &LogicalPlan, names: Option<&[DfExpr]>) -> sabot_common::Result<()> {
    let LogicalPlan::Aggregate(aggregate) = plan else {
        return match plan {
            LogicalPlan::Projection(p) => check_under(&p.input, Some(&p.expr)),
            _ => Ok(()),
        };
    };
    for e in &aggregate.aggr_expr {
        let bad = e
            .exists(|x| {
                Ok(match x {
                    DfExpr::AggregateFunction(f) => f.params.args.iter().any(|a| {
                        a.exists(|y| Ok(partition_fn_of(y).is_some()))
                            .unwrap_or(false)
                    }),
                    _ => false,
                })
            })
            .unwrap_or(false);
        if bad {
            let name = match e {
                DfExpr::Alias(a) => a.name.clone(),
                other => spark_name(&other.schema_name().to_string(), names),
            };
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "AGGREGATE_FUNCTION_WITH_NONDETERMINISTIC_EXPRESSION",
                "42845",
                format!(
                    "Non-deterministic expression \"{name}\" should not appear in the arguments of an aggregate function."
                ),
            )
            .param("sqlExpr", format!("\"{name}\"")));
        }
    }
    Ok(())
}

/// The name the projection above gives the aggregate output `column`.
fn spark_name(column: &str, names: Option<&[DfExpr]>) -> String {
    names
        .into_iter()
        .flatten()
        .find_map(|e| match e {
            DfExpr::Alias(a) => match a.expr.as_ref() {
                DfExpr::Column(c) if c.name == column => Some(a.name.clone()),
                _ => None,
            },
            _ => None,
        })
        .unwrap_or_else(|| column.to_string())
}
