//! `df.na.*`, `df.stat.*`, `describe` and `summary` relations: the dispatch, shared helpers, and
//! `cov`/`corr` (Spark's `StatFunctions.calculateCovImpl`/`calculateCorrImpl`, whose Connect
//! results are one-row `cov`/`corr` relations). The other statistics live in [`super::summary`],
//! [`super::stat_collect`] and [`super::sample_by`]; the NA functions in [`super::na`].

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema, SchemaRef};
use datafusion::common::{Column, ScalarValue};
use datafusion::datasource::{MemTable, provider_as_source};
use datafusion::functions::expr_fn::coalesce;
use datafusion::functions_aggregate::expr_fn::{corr, covar_samp};
use datafusion::logical_expr::{Cast, Expr as DfExpr, LogicalPlan, LogicalPlanBuilder};
use datafusion::prelude::{DataFrame, SessionContext};
use sabot_common::spec::{Expr, PlanNode};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::relations::builder_build;
use super::{Resolver, na, output, sample_by, stat_collect, summary};
use crate::error::from_datafusion;
use crate::types::arrow_to_spark;

impl Resolver<'_> {
    /// Resolves one of this module's relations (any other node is an internal error).
    pub(super) async fn resolve_stat(&mut self, node: &PlanNode) -> Result<LogicalPlan> {
        let input = match node {
            PlanNode::FillNa { input, .. }
            | PlanNode::DropNa { input, .. }
            | PlanNode::Replace { input, .. }
            | PlanNode::StatDescribe { input, .. }
            | PlanNode::StatSummary { input, .. }
            | PlanNode::StatCov { input, .. }
            | PlanNode::StatCorr { input, .. }
            | PlanNode::StatCrosstab { input, .. }
            | PlanNode::StatApproxQuantile { input, .. }
            | PlanNode::StatFreqItems { input, .. }
            | PlanNode::StatSampleBy { input, .. } => self.resolve(input).await?,
            _ => return Err(SparkError::internal("not a statistic relation")),
        };
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        let ctx = self.ctx;
        match node {
            PlanNode::FillNa { cols, values, .. } => na::fill(&scope, input, cols, values),
            PlanNode::DropNa {
                cols,
                min_non_nulls,
                ..
            } => na::drop(&scope, input, cols, *min_non_nulls),
            PlanNode::Replace {
                cols, replacements, ..
            } => na::replace(&scope, input, cols.as_deref(), replacements),
            PlanNode::StatDescribe { cols, .. } => {
                summary::describe(ctx, &scope, input, cols).await
            }
            PlanNode::StatSummary { statistics, .. } => {
                summary::summary(ctx, &scope, input, statistics).await
            }
            PlanNode::StatCov { col1, col2, .. } => cov_corr(&scope, input, col1, col2, false),
            PlanNode::StatCorr {
                col1, col2, method, ..
            } => {
                if !method.eq_ignore_ascii_case("pearson") {
                    return Err(SparkError::illegal_argument(
                        "requirement failed: Currently only the calculation of the Pearson Correlation coefficient is supported.",
                    ));
                }
                cov_corr(&scope, input, col1, col2, true)
            }
            PlanNode::StatCrosstab { col1, col2, .. } => {
                stat_collect::crosstab(ctx, &scope, input, col1, col2).await
            }
            PlanNode::StatApproxQuantile {
                cols,
                probabilities,
                relative_error,
                ..
            } => {
                stat_collect::approx_quantile(
                    ctx,
                    &scope,
                    input,
                    cols,
                    probabilities,
                    *relative_error,
                )
                .await
            }
            PlanNode::StatFreqItems { cols, support, .. } => {
                stat_collect::freq_items(ctx, &scope, input, cols, *support).await
            }
            PlanNode::StatSampleBy {
                col,
                fractions,
                seed,
                ..
            } => sample_by::sample_by(ctx, &scope, input, col, fractions, *seed).await,
            _ => Err(SparkError::internal("not a statistic relation")),
        }
    }
}

/// The index of a column given by name in the input (Spark's `Dataset.resolve(colName)`:
/// `UNRESOLVED_COLUMN` when missing).
pub(crate) fn column_index(scope: &Scope<'_>, name: &str) -> Result<usize> {
    let resolved = scope.resolve(&Expr::col(name))?.expr.unalias();
    match &resolved {
        DfExpr::Column(c) => scope.schema.index_of_column(c).map_err(from_datafusion),
        _ => Err(SparkError::unsupported(format!(
            "a statistic over the nested field {name}"
        ))),
    }
}

/// Spark's `DataType.toString` for messages (`StringType`, `BooleanType`, ...).
pub(crate) fn type_string(t: &ArrowType) -> String {
    match arrow_to_spark(t) {
        Ok(s) => {
            let simple = s.simple_string();
            let mut name = match simple.as_str() {
                "int" => "Integer".to_string(),
                "bigint" => "Long".to_string(),
                "tinyint" => "Byte".to_string(),
                "smallint" => "Short".to_string(),
                "timestamp_ntz" => "TimestampNTZ".to_string(),
                other => {
                    let mut c = other.chars();
                    match c.next() {
                        Some(f) => f.to_uppercase().chain(c).collect(),
                        None => String::new(),
                    }
                }
            };
            name.push_str("Type");
            name
        }
        Err(_) => t.to_string(),
    }
}

/// Spark's `DataType.catalogString` (`string`, `boolean`, ...), for messages.
pub(crate) fn catalog_string(t: &ArrowType) -> String {
    arrow_to_spark(t).map_or_else(|_| t.to_string(), |s| s.simple_string())
}

/// Runs a plan to completion.
pub(crate) async fn collect(ctx: &SessionContext, plan: LogicalPlan) -> Result<Vec<RecordBatch>> {
    DataFrame::new(ctx.state(), plan)
        .collect()
        .await
        .map_err(from_datafusion)
}

/// A scan of computed columns, named with Spark names (duplicates allowed).
pub(crate) fn computed_relation(
    fields: Vec<(String, ArrowType, bool)>,
    columns: Vec<ArrayRef>,
) -> Result<LogicalPlan> {
    let qualifier = "__stat";
    let internal: Vec<Field> = fields
        .iter()
        .enumerate()
        .map(|(i, (_, t, nullable))| Field::new(format!("c{i}"), t.clone(), *nullable))
        .collect();
    let schema: SchemaRef = Arc::new(Schema::new(internal));
    let batch = if schema.fields().is_empty() {
        RecordBatch::try_new_with_options(
            Arc::clone(&schema),
            vec![],
            &datafusion::arrow::array::RecordBatchOptions::new().with_row_count(Some(0)),
        )
    } else {
        RecordBatch::try_new(Arc::clone(&schema), columns)
    }
    .map_err(|e| SparkError::internal(e.to_string()))?;
    let table = MemTable::try_new(schema, vec![vec![batch]]).map_err(from_datafusion)?;
    let scan = builder_build(LogicalPlanBuilder::scan(
        qualifier,
        provider_as_source(Arc::new(table)),
        None,
    ))?;
    let items = fields
        .into_iter()
        .enumerate()
        .map(|(i, (name, _, _))| {
            Named::new(
                DfExpr::Column(Column::new(Some(qualifier), format!("c{i}"))),
                name,
            )
        })
        .collect();
    output::project(scan, items)
}

fn numeric_column(scope: &Scope<'_>, name: &str, what: &str) -> Result<DfExpr> {
    let i = column_index(scope, name)?;
    let t = scope.schema.field(i).data_type();
    if !t.is_numeric() {
        return Err(SparkError::illegal_argument(format!(
            "requirement failed: Currently {what} calculation for columns with dataType {} not supported.",
            catalog_string(t)
        )));
    }
    // Spark reads each value with `getDouble`, so a NULL counts as 0.0.
    Ok(coalesce(vec![
        DfExpr::Cast(Cast::new(
            Box::new(super::names::column_at(scope.schema, i)),
            ArrowType::Float64,
        )),
        DfExpr::Literal(ScalarValue::Float64(Some(0.0)), None),
    ]))
}

/// `cov`: `covar_samp` of both columns as doubles (NULL as 0.0); `corr`: Pearson's `corr`.
/// As Spark's `StatFunctions` results: an undefined covariance is `0.0`, an undefined
/// correlation `NaN`.
fn cov_corr(
    scope: &Scope<'_>,
    input: LogicalPlan,
    col1: &str,
    col2: &str,
    is_corr: bool,
) -> Result<LogicalPlan> {
    let what = if is_corr { "correlation" } else { "covariance" };
    let a = numeric_column(scope, col1, what)?;
    let b = numeric_column(scope, col2, what)?;
    let (agg, name, default) = if is_corr {
        (corr(a, b), "corr", f64::NAN)
    } else {
        (covar_samp(a, b), "cov", 0.0)
    };
    let plan = LogicalPlanBuilder::from(input)
        .aggregate(Vec::<DfExpr>::new(), vec![agg.alias("__value")])
        .and_then(|b| {
            b.project(vec![
                coalesce(vec![
                    DfExpr::Column(Column::from_name("__value")),
                    DfExpr::Literal(ScalarValue::Float64(Some(default)), None),
                ])
                .alias(name),
            ])
        });
    builder_build(plan)
}
