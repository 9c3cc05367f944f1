//! `Aggregate`: `groupBy`, `rollup`, `cube`, `groupBy().pivot()` and `groupingSets`.

use sabot_common::spec::{AggregateKind, Expr, PlanNode};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::Aggregate;
use spark_connect_proto::connect::aggregate::GroupType;

use super::input;
use crate::expression::{expressions, required};
use crate::literal::literal_from_proto;

pub(super) fn aggregate(a: &Aggregate) -> Result<PlanNode> {
    let kind = match GroupType::try_from(a.group_type) {
        Ok(GroupType::Groupby) => AggregateKind::GroupBy,
        Ok(GroupType::Rollup) => AggregateKind::Rollup,
        Ok(GroupType::Cube) => AggregateKind::Cube,
        Ok(GroupType::Pivot) => {
            let Some(pivot) = &a.pivot else {
                return Err(SparkError::invalid_plan(
                    "Aggregate with pivot type has no pivot",
                ));
            };
            // No values: Spark computes the distinct values of the pivot column.
            let values = if pivot.values.is_empty() {
                None
            } else {
                Some(
                    pivot
                        .values
                        .iter()
                        .map(|v| Ok(Expr::Literal(literal_from_proto(v)?)))
                        .collect::<Result<_>>()?,
                )
            };
            AggregateKind::Pivot {
                column: required(pivot.col.as_ref(), "pivot column")?,
                values,
            }
        }
        Ok(GroupType::GroupingSets) => AggregateKind::GroupingSets(
            a.grouping_sets
                .iter()
                .map(|s| expressions(&s.grouping_set))
                .collect::<Result<_>>()?,
        ),
        Ok(GroupType::Unspecified) | Err(_) => {
            return Err(SparkError::invalid_plan(format!(
                "Unknown Group Type {}",
                a.group_type
            )));
        }
    };
    let grouping = expressions(&a.grouping_expressions)?;
    // The spec's `aggregates` is the full output list (as a SQL select list is). Spark's
    // `groupBy(...).agg(...)` outputs the grouping columns first, then the aggregates
    // (`RelationalGroupedDataset.toDF` with `groupingExprs ++ aggExprs`).
    let aggregates = match kind {
        AggregateKind::Pivot { .. } => expressions(&a.aggregate_expressions)?,
        _ => grouping
            .iter()
            .cloned()
            .chain(expressions(&a.aggregate_expressions)?)
            .collect(),
    };
    Ok(PlanNode::Aggregate {
        input: input(a.input.as_deref(), "Aggregate")?,
        kind,
        grouping,
        aggregates,
        having: None,
    })
}
