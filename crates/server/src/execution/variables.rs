//! Session variables (Spark's `VariableManager`): `DECLARE [OR REPLACE] VARIABLE` evaluates the
//! default (NULL without one) cast to the declared type, `SET VAR` assigns a new value cast to
//! the variable's type, `DROP TEMPORARY VARIABLE` removes it. Queries read them by name when no
//! column has that name (`PlanConfig::variables`).

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::Schema;
use datafusion::common::ScalarValue;
use datafusion::prelude::DataFrame;
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{CastMode, DataType, Expr, Literal, Plan, PlanNode, Statement};
use sabot_common::{Result, SparkError};

use super::runner;
use crate::session::{Session, lock};

/// The declared variables, by lower-cased name: the name as declared and the value.
#[derive(Debug, Default)]
pub struct Variables {
    by_name: BTreeMap<String, (String, ScalarValue)>,
    /// Each variable's declared default, re-evaluated by `SET VAR v = DEFAULT`.
    defaults: BTreeMap<String, Expr>,
}

impl Variables {
    /// The variables as the plan layer reads them.
    pub fn values(&self) -> BTreeMap<String, (String, ScalarValue)> {
        self.by_name.clone()
    }

    /// The declared name, value and default expression of a variable (by lower-cased name).
    pub(super) fn get(&self, key: &str) -> Option<(String, ScalarValue, Option<Expr>)> {
        let (name, value) = self.by_name.get(key)?;
        Some((name.clone(), value.clone(), self.defaults.get(key).cloned()))
    }

    /// Assigns a declared variable (by lower-cased name).
    pub(super) fn assign(&mut self, key: String, declared: String, value: ScalarValue) {
        self.by_name.insert(key, (declared, value));
    }
}

/// Spark's `UNRESOLVED_VARIABLE`.
pub(super) fn unresolved(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNRESOLVED_VARIABLE",
        "42883",
        format!("Cannot resolve variable `{name}` on search path [`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]."),
    )
    .param("variableName", format!("`{name}`"))
    .param("searchPath", "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]")
}

/// Runs a variable statement; the result has no rows, as in Spark.
pub async fn run(session: &Arc<Session>, statement: Statement) -> Result<RecordBatch> {
    match statement {
        Statement::DeclareVariable {
            name,
            data_type,
            default,
            replace,
        } => {
            let key = name.to_lowercase();
            if !replace && lock(&session.variables)?.by_name.contains_key(&key) {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "VARIABLE_ALREADY_EXISTS",
                    "42723",
                    format!("Cannot create the variable `system`.`session`.`{name}` because it already exists.\nChoose a different name, or drop or replace the existing variable."),
                )
                .param("variableName", format!("`system`.`session`.`{name}`")));
            }
            let value = default.unwrap_or_else(|| {
                Expr::Literal(Literal::Null(data_type.clone().unwrap_or(DataType::Null)))
            });
            let evaluated = evaluate(session, value.clone(), data_type.as_ref()).await?;
            let mut vars = lock(&session.variables)?;
            vars.defaults.insert(key.clone(), value);
            vars.by_name.insert(key, (name, evaluated));
        }
        Statement::SetVariable { name, value } => {
            let key = name.to_lowercase();
            let current = lock(&session.variables)?.by_name.get(&key).cloned();
            let Some((declared, old)) = current else {
                return Err(unresolved(&name));
            };
            let target = sabot_plan::types::arrow_to_spark(&old.data_type())?;
            let value = evaluate(session, value, Some(&target)).await?;
            lock(&session.variables)?
                .by_name
                .insert(key, (declared, value));
        }
        Statement::DropVariable { name, if_exists } => {
            let mut vars = lock(&session.variables)?;
            let removed = vars.by_name.remove(&name.to_lowercase());
            vars.defaults.remove(&name.to_lowercase());
            drop(vars);
            if removed.is_none() && !if_exists {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "VARIABLE_NOT_FOUND",
                    "42883",
                    format!("The variable `system`.`session`.`{name}` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema and catalog, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VARIABLE IF EXISTS."),
                )
                .param("variableName", format!("`system`.`session`.`{name}`")));
            }
        }
        _ => return Err(SparkError::internal("not a variable statement")),
    }
    Ok(RecordBatch::new_empty(Arc::new(Schema::empty())))
}

/// The value of `expr` (cast to `data_type` if given), evaluated as a one-row query.
pub(super) async fn evaluate(
    session: &Arc<Session>,
    expr: Expr,
    data_type: Option<&DataType>,
) -> Result<ScalarValue> {
    let expr = match data_type {
        Some(t) => Expr::Cast {
            expr: Box::new(expr),
            data_type: t.clone(),
            mode: CastMode::Default,
        },
        None => expr,
    };
    let plan = Plan::new(PlanNode::Project {
        input: Some(Box::new(Plan::new(PlanNode::OneRow))),
        exprs: vec![expr],
    });
    let logical = runner::resolve(session, &plan).await?;
    let batches = DataFrame::new(session.ctx.state(), logical)
        .collect()
        .await
        .map_err(sabot_plan::from_datafusion)?;
    let batch = batches
        .iter()
        .find(|b| b.num_rows() > 0)
        .ok_or_else(|| SparkError::internal("a variable's value query gave no row"))?;
    ScalarValue::try_from_array(batch.column(0), 0).map_err(sabot_plan::from_datafusion)
}
