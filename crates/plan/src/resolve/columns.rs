//! `withColumns` (replace same-named columns in place, append new ones) and `toDF` (rename all).

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::common::DFSchemaRef;
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan};
use sabot_common::spec::Expr;
use sabot_common::{Result, SparkError};

use super::PlanConfig;
use super::expressions::{Named, Scope};
use super::names::{column_at, name_eq};
use super::relations::project_with_windows;
use super::{generate, output};

/// Spark's `Dataset.withColumns`.
pub(crate) fn with_columns(
    conf: &PlanConfig,
    plan_ids: &HashMap<i64, DFSchemaRef>,
    input: LogicalPlan,
    columns: &[(String, Expr)],
) -> Result<LogicalPlan> {
    let schema = Arc::clone(input.schema());
    let scope = Scope::new(&schema, conf, plan_ids);
    if generate::has_generator(&columns.iter().map(|(_, e)| e).collect::<Vec<_>>())? {
        return with_generated_column(&scope, input, columns);
    }
    let resolved = columns
        .iter()
        .map(|(name, e)| {
            let r = scope.resolve(e)?;
            // An alias carrying metadata (`withMetadata`, `alias(..., metadata=)`) stays, so
            // the projection keeps the metadata on the column.
            let expr = match r.expr {
                DfExpr::Alias(a) if a.metadata.is_some() => DfExpr::Alias(a),
                other => other.unalias(),
            };
            Ok(Named::new(expr, name.clone()))
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

/// `withColumn(name, explode(...))`: the generator's single output column replaces or appends
/// `name`, like any other new column.
fn with_generated_column<'e>(
    scope: &Scope<'_>,
    input: LogicalPlan,
    columns: &'e [(String, Expr)],
) -> Result<LogicalPlan> {
    let schema = Arc::clone(input.schema());
    let item = |name: &String, e: &'e Expr| -> Result<generate::Item<'e>> {
        Ok(match generate::as_generator(e) {
            Some(mut g) => {
                g.aliases = Some(vec![name.clone()]);
                generate::Item::Generator(g)
            }
            None => {
                generate::Item::Plain(Named::new(scope.resolve(e)?.expr.unalias(), name.clone()))
            }
        })
    };
    let mut used = vec![false; columns.len()];
    let mut items = Vec::with_capacity(schema.fields().len() + columns.len());
    for (i, (_, field)) in schema.iter().enumerate() {
        match columns
            .iter()
            .position(|(n, _)| name_eq(scope.conf, n, field.name()))
        {
            Some(j) => {
                used[j] = true;
                items.push(item(&columns[j].0, &columns[j].1)?);
            }
            None => items.push(generate::Item::Plain(Named::new(
                column_at(&schema, i),
                field.name().clone(),
            ))),
        }
    }
    for ((name, e), u) in columns.iter().zip(used) {
        if !u {
            items.push(item(name, e)?);
        }
    }
    generate::project_with_generator(scope, input, items)
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
