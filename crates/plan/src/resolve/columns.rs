//! `withColumns` (replace same-named columns in place, append new ones) and `toDF` (rename all).

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::common::DFSchemaRef;
use datafusion::logical_expr::LogicalPlan;
use sabot_common::spec::Expr;
use sabot_common::{Result, SparkError};

use super::PlanConfig;
use super::expressions::{Named, Scope};
use super::names::{column_at, name_eq};
use super::output;
use super::relations::project_with_windows;

/// Spark's `Dataset.withColumns`.
pub(crate) fn with_columns(
    conf: &PlanConfig,
    plan_ids: &HashMap<i64, DFSchemaRef>,
    input: LogicalPlan,
    columns: &[(String, Expr)],
) -> Result<LogicalPlan> {
    let schema = Arc::clone(input.schema());
    let scope = Scope::new(&schema, conf, plan_ids);
    let resolved = columns
        .iter()
        .map(|(name, e)| {
            let r = scope.resolve(e)?;
            Ok(Named::new(r.expr.unalias(), name.clone()))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut used = vec![false; resolved.len()];
    let mut items = Vec::with_capacity(schema.fields().len() + resolved.len());
    for (i, (_, field)) in schema.iter().enumerate() {
        match resolved
            .iter()
            .position(|n| name_eq(conf, &n.name, field.name()))
        {
            Some(j) => {
                used[j] = true;
                items.push(resolved[j].clone());
            }
            None => items.push(Named::new(column_at(&schema, i), field.name().clone())),
        }
    }
    items.extend(
        resolved
            .into_iter()
            .zip(used)
            .filter(|(_, u)| !u)
            .map(|(n, _)| n),
    );
    project_with_windows(input, items)
}

/// Spark's `Dataset.toDF(names*)`.
pub(crate) fn to_df(input: LogicalPlan, names: &[String]) -> Result<LogicalPlan> {
    let schema = Arc::clone(input.schema());
    if names.len() != schema.fields().len() {
        // Spark's `Dataset.toDF` checks the arity with an analysis error.
        let (targets, exprs) = (schema.fields().len(), names.len());
        return Err(SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "ASSIGNMENT_ARITY_MISMATCH",
            "42802",
            format!(
                "The number of columns or variables assigned or aliased: {targets} does not match the number of source expressions: {exprs}."
            ),
        )
        .param("numTarget", targets.to_string())
        .param("numExpr", exprs.to_string()));
    }
    let items = names
        .iter()
        .enumerate()
        .map(|(i, n)| Named::new(column_at(&schema, i), n.clone()))
        .collect();
    output::project(input, items)
}
