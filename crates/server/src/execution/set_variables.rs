//! `SET VAR (a, b) = (query)` and `SET VAR a = e1, b = DEFAULT` (Spark's `SetVariable`
//! command): the targets must be distinct declared variables, as many as the query's columns;
//! the query's single row is cast to the variables' types (no row sets them to NULL, more than
//! one is `ROW_SUBQUERY_TOO_MANY_ROWS`), and `DEFAULT` re-evaluates the declared default.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::Schema;
use datafusion::common::ScalarValue;
use datafusion::prelude::DataFrame;
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{CastMode, Expr, Plan, PlanNode};
use sabot_common::{Result, SparkError};

use super::runner;
use super::variables::{evaluate, unresolved};
use crate::session::{Session, lock};

/// Runs the assignment; the result has no rows, as in Spark.
pub async fn run(
    session: &Arc<Session>,
    names: Vec<String>,
    query: Plan,
    defaults: Vec<bool>,
) -> Result<RecordBatch> {
    let keys: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    if let Some((i, _)) = keys
        .iter()
        .enumerate()
        .find(|(i, k)| keys[..*i].contains(k))
    {
        return Err(duplicate(&names[i]));
    }
    let mut targets = Vec::with_capacity(names.len());
    for (name, key) in names.iter().zip(&keys) {
        let current = lock(&session.variables)?.get(key);
        let Some((declared, value, default)) = current else {
            return Err(unresolved(name));
        };
        let arrow_type = value.data_type();
        let data_type = sabot_plan::types::arrow_to_spark(&arrow_type)?;
        targets.push((declared, data_type, arrow_type, default));
    }
    let logical = runner::resolve(session, &query).await?;
    let width = logical.schema().fields().len();
    if width != names.len() {
        return Err(arity_mismatch(names.len(), width));
    }
    // The query's columns by position, cast to the variables' types; two rows are enough to
    // tell whether there is more than one.
    let columns: Vec<String> = (0..width).map(|i| format!("__set_var{i}")).collect();
    let casts = columns
        .iter()
        .zip(&targets)
        .map(|(c, (_, t, _, _))| Expr::Cast {
            expr: Box::new(Expr::col(c.clone())),
            data_type: t.clone(),
            mode: CastMode::Default,
        })
        .collect();
    let plan = Plan::new(PlanNode::Limit {
        input: Box::new(Plan::new(PlanNode::Project {
            input: Some(Box::new(Plan::new(PlanNode::ToDf {
                input: Box::new(query),
                names: columns,
            }))),
            exprs: casts,
        })),
        limit: 2,
    });
    let logical = runner::resolve(session, &plan).await?;
    let batches = DataFrame::new(session.ctx.state(), logical)
        .collect()
        .await
        .map_err(sabot_plan::from_datafusion)?;
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    if rows > 1 {
        return Err(SparkError::with_class(
            ExceptionKind::Internal,
            "ROW_SUBQUERY_TOO_MANY_ROWS",
            "21000",
            "More than one row returned by a subquery used as a row.",
        ));
    }
    let row = batches.iter().find(|b| b.num_rows() > 0);
    let mut values = Vec::with_capacity(width);
    for (i, ((_, data_type, arrow_type, default), is_default)) in
        targets.iter().zip(&defaults).enumerate()
    {
        let value = if *is_default {
            let default = default
                .clone()
                .ok_or_else(|| SparkError::internal("a variable without its default"))?;
            evaluate(session, default, Some(data_type)).await?
        } else {
            match row {
                Some(b) => ScalarValue::try_from_array(b.column(i), 0)
                    .map_err(sabot_plan::from_datafusion)?,
                None => ScalarValue::try_from(arrow_type).map_err(sabot_plan::from_datafusion)?,
            }
        };
        values.push(value);
    }
    let mut vars = lock(&session.variables)?;
    for ((key, (declared, _, _, _)), value) in keys.into_iter().zip(targets).zip(values) {
        vars.assign(key, declared, value);
    }
    Ok(RecordBatch::new_empty(Arc::new(Schema::empty())))
}

/// Spark's `DUPLICATE_ASSIGNMENTS`.
fn duplicate(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DUPLICATE_ASSIGNMENTS",
        "42701",
        format!("The columns or variables `{name}` appear more than once as assignment targets."),
    )
    .param("nameList", format!("`{name}`"))
}

/// Spark's `ASSIGNMENT_ARITY_MISMATCH`.
fn arity_mismatch(targets: usize, sources: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "ASSIGNMENT_ARITY_MISMATCH",
        "42802",
        format!("The number of columns or variables assigned or aliased: {targets} does not match the number of source expressions: {sources}."),
    )
    .param("numTarget", targets.to_string())
    .param("numExpr", sources.to_string())
}
