//! `groupBy(...).pivot(col[, values]).agg(...)` (Spark's `Pivot`, resolved as Spark's
//! `Analyzer.ResolvePivot`): one output column per pivot value and aggregate, named after the
//! value (`value_aggregate` with several aggregates). Without values, the sorted distinct values
//! of the pivot column are computed first by running a query (as
//! `RelationalGroupedDataset.collectPivotValues` does), at most `spark.sql.pivotMaxValues`.

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::functions_aggregate::first_last::first_value_udaf;
use datafusion::logical_expr::expr::NullTreatment;
use datafusion::logical_expr::utils::find_aggregate_exprs;
use datafusion::logical_expr::{
    BinaryExpr, Case, Expr as DfExpr, ExprFunctionExt, LogicalPlan, LogicalPlanBuilder, Operator,
    SortExpr,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{CastMode, DataType, Expr};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::names::column_at;
use super::relations::builder_build;
use super::{Resolver, aggregation, casts, pivot_struct};
use crate::error::from_datafusion;
use crate::types::arrow_to_spark;

/// One pivot value: its expression (of the pivot column's type) and its column-name text.
struct PivotValue {
    expr: DfExpr,
    name: String,
}

impl Resolver<'_> {
    /// Resolves a pivot over an already resolved input.
    pub(super) async fn pivot(
        &mut self,
        input: LogicalPlan,
        grouping: &[Expr],
        column: &Expr,
        values: Option<&[Expr]>,
        aggregates: &[Expr],
    ) -> Result<LogicalPlan> {
        if aggregates.iter().any(uses_star) {
            return Err(star_in_pivot());
        }
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        let pivot = scope.resolve(column)?;
        let aggs = scope.resolve_list(aggregates)?;
        // grammar area: SQL PIVOT groups by the columns it does not use.
        let groups = if super::implicit_ids::is_implicit(grouping) {
            let mut used: Vec<&DfExpr> = aggs.iter().map(|a| &a.expr).collect();
            used.push(&pivot.expr);
            super::implicit_ids::unused_columns(&schema, &used)
        } else {
            scope.resolve_list(grouping)?
        };
        if let Some(a) = aggs
            .iter()
            .find(|a| find_aggregate_exprs(std::iter::once(&a.expr)).is_empty())
        {
            return Err(not_an_aggregate(&a.name));
        }
        let pivot_type = arrow_to_spark(&scope.data_type(&pivot.expr)?)?;
        let values = match values {
            Some(vs) => {
                let mut out = Vec::with_capacity(vs.len());
                // Unaliased struct values, named by their string cast below.
                let mut unnamed = Vec::new();
                for v in vs {
                    // `IN ('q1' AS first)`: the alias names the value's columns.
                    let (v, alias) = match v {
                        Expr::Alias { expr, names, .. } if names.len() == 1 => {
                            (expr.as_ref(), Some(names[0].clone()))
                        }
                        other => (other, None),
                    };
                    let lit = scope.resolve(v)?;
                    pivot_struct::check_value(&scope, &schema, column, v, &lit)?;
                    if alias.is_none()
                        && matches!(scope.data_type(&lit.expr)?, ArrowType::Struct(_))
                    {
                        unnamed.push((out.len(), lit.clone()));
                    }
                    let name = alias.unwrap_or_else(|| lit.name.clone());
                    let cast = match pivot_struct::cast_value(&scope, v, &pivot_type)? {
                        Some(cast) => cast,
                        None => casts::resolve_cast(&scope, lit, &pivot_type, CastMode::Default)?,
                    };
                    out.push(PivotValue {
                        expr: cast.expr.unalias(),
                        name,
                    });
                }
                let (at, lits): (Vec<usize>, Vec<Named>) = unnamed.into_iter().unzip();
                for (i, name) in at.into_iter().zip(self.value_strings(&scope, lits).await?) {
                    out[i].name = name;
                }
                out
            }
            None => self.distinct_values(&input, &pivot).await?,
        };
        let single = aggs.len() == 1;
        let column_name = |v: &PivotValue, a: &Named| {
            if single {
                v.name.clone()
            } else {
                format!("{}_{}", v.name, a.name)
            }
        };
        let pivot_first = aggs
            .iter()
            .map(|a| scope.data_type(&a.expr).map(|t| supports_pivot_first(&t)))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .all(|b| b);
        let pivot_expr = pivot.expr.clone().unalias();
        if !pivot_first {
            // One aggregate per value over `if(pivot <=> value, arg, null)`.
            let mut select = groups.clone();
            for v in &values {
                for a in &aggs {
                    let cond = not_distinct(pivot_expr.clone(), v.expr.clone());
                    let e = filtered_aggregate(a.expr.clone().unalias(), &cond)?;
                    select.push(Named::new(e, column_name(v, a)));
                }
            }
            return aggregation::aggregate(input, groups, select, None);
        }
        // Two steps (Spark's `PivotFirst`): aggregate per group and pivot value, then pick each
        // value's row; a value without rows gives NULL.
        let mut first_groups = groups.clone();
        first_groups.push(pivot.clone());
        let mut first_select = first_groups.clone();
        first_select.extend(aggs.iter().cloned());
        let first = aggregation::aggregate(input, first_groups, first_select, None)?;
        let s1 = Arc::clone(first.schema());
        let n = groups.len();
        let second_groups: Vec<Named> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| Named::new(column_at(&s1, i), g.name.clone()))
            .collect();
        let mut select = second_groups.clone();
        for v in &values {
            for (j, a) in aggs.iter().enumerate() {
                let cond = not_distinct(column_at(&s1, n), v.expr.clone());
                let pick = first_value_udaf()
                    .call(vec![column_at(&s1, n + 1 + j)])
                    .filter(cond)
                    .null_treatment(NullTreatment::RespectNulls)
                    .build()
                    .map_err(from_datafusion)?;
                select.push(Named::new(pick, column_name(v, a)));
            }
        }
        aggregation::aggregate(first, second_groups, select, None)
    }

    /// The sorted distinct values of the pivot column (NULL first), with their string forms.
    async fn distinct_values(&self, input: &LogicalPlan, pivot: &Named) -> Result<Vec<PivotValue>> {
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        let text =
            casts::resolve_cast(&scope, pivot.clone(), &DataType::String, CastMode::Default)?;
        let key = pivot.expr.clone().unalias();
        let max = self.conf.pivot_max_values;
        let plan = builder_build(
            LogicalPlanBuilder::from(input.clone())
                .project(vec![key.alias("v"), text.expr.unalias().alias("s")])
                .and_then(|b| b.distinct())
                .and_then(|b| {
                    b.sort(vec![SortExpr::new(
                        DfExpr::Column(datafusion::common::Column::from_name("v")),
                        true,
                        true,
                    )])
                })
                .and_then(|b| b.limit(0, Some(max.saturating_add(1)))),
        )?;
        let batches = self
            .ctx
            .execute_logical_plan(plan)
            .await
            .map_err(from_datafusion)?
            .collect()
            .await
            .map_err(from_datafusion)?;
        let mut out = Vec::new();
        for b in &batches {
            let strings = datafusion::arrow::compute::cast(b.column(1), &ArrowType::Utf8)
                .map_err(|e| from_datafusion(e.into()))?;
            let strings = strings.as_string::<i32>();
            for i in 0..b.num_rows() {
                let value = ScalarValue::try_from_array(b.column(0), i).map_err(from_datafusion)?;
                let name = if strings.is_null(i) {
                    "null".to_string()
                } else {
                    strings.value(i).to_string()
                };
                out.push(PivotValue {
                    expr: DfExpr::Literal(value, None),
                    name,
                });
            }
        }
        if out.len() > max {
            return Err(too_many_values(&pivot.name, max));
        }
        Ok(out)
    }
}

/// The result types Spark's `PivotFirst` handles (`PivotFirst.supportsDataType`).
fn supports_pivot_first(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Boolean
            | ArrowType::Int8
            | ArrowType::Int16
            | ArrowType::Int32
            | ArrowType::Int64
            | ArrowType::Float32
            | ArrowType::Float64
            | ArrowType::Decimal128(..)
    )
}

fn not_distinct(l: DfExpr, r: DfExpr) -> DfExpr {
    DfExpr::BinaryExpr(BinaryExpr::new(
        Box::new(l),
        Operator::IsNotDistinctFrom,
        Box::new(r),
    ))
}

/// Every aggregate call of `e` over its arguments where `cond` holds, NULL elsewhere; `first`
/// and `last` then skip NULLs (Spark's `ResolvePivot` does the same).
fn filtered_aggregate(e: DfExpr, cond: &DfExpr) -> Result<DfExpr> {
    e.transform_down(|e| {
        let DfExpr::AggregateFunction(mut f) = e else {
            return Ok(Transformed::no(e));
        };
        f.params.args = f
            .params
            .args
            .into_iter()
            .map(|a| {
                DfExpr::Case(Case::new(
                    None,
                    vec![(Box::new(cond.clone()), Box::new(a))],
                    None,
                ))
            })
            .collect();
        if matches!(f.func.name(), "first_value" | "last_value") {
            f.params.null_treatment = Some(NullTreatment::IgnoreNulls);
        }
        Ok(Transformed::new(
            DfExpr::AggregateFunction(f),
            true,
            TreeNodeRecursion::Jump,
        ))
    })
    .map(|t| t.data)
    .map_err(from_datafusion)
}

/// Spark's `QueryCompilationErrors.aggregationFunctionAppliedOnNonNumericColumnError` for too
/// many pivot values (`_LEGACY_ERROR_TEMP_1324`).
fn too_many_values(column: &str, max: usize) -> SparkError {
    let mut e = SparkError::with_class(
        ExceptionKind::Analysis,
        "_LEGACY_ERROR_TEMP_1324",
        "",
        format!(
            "The pivot column {column} has more than {max} distinct values, this could indicate an error. If this was intended, set spark.sql.pivotMaxValues to at least the number of distinct values of the pivot column."
        ),
    )
    .param("pivotColumn", column)
    .param("maxValues", max.to_string())
    .param("config", "spark.sql.pivotMaxValues");
    // A legacy error class has no SQLSTATE.
    e.sql_state = None;
    e
}

/// Spark's `QueryCompilationErrors.aggregateExpressionRequiredForPivotError`.
fn not_an_aggregate(sql: &str) -> SparkError {
    let mut e = SparkError::with_class(
        ExceptionKind::Analysis,
        "_LEGACY_ERROR_TEMP_1006",
        "",
        format!(
            "Aggregate expression required for pivot, but '{sql}' did not appear in any aggregate function."
        ),
    )
    .param("sql", sql);
    e.sql_state = None;
    e
}

/// Whether a spec expression uses `*` anywhere (`count(*)` is not allowed in a pivot).
fn uses_star(e: &Expr) -> bool {
    match e {
        Expr::Star { .. } => true,
        Expr::Alias { expr, .. } | Expr::Cast { expr, .. } => uses_star(expr),
        Expr::Function { args, .. } => args.iter().any(uses_star),
        _ => false,
    }
}

/// Spark's `INVALID_USAGE_OF_STAR_OR_REGEX` for `*` in a pivot's aggregates.
fn star_in_pivot() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INVALID_USAGE_OF_STAR_OR_REGEX",
        "42000",
        "Invalid usage of '*' in Pivot.",
    )
    .param("elem", "'*'")
    .param("prettyName", "Pivot")
}
