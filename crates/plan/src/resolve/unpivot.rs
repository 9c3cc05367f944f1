//! `df.unpivot(ids, values, variableColumnName, valueColumnName)` / `melt` (Spark's `Unpivot`,
//! resolved as `Analyzer.ResolveUnpivot` + `Expand`): each input row becomes one row per value
//! column, in column order, with the ids, the value column's name and its value cast to the
//! values' least common type.

use std::collections::HashMap;

use datafusion::common::{Column, DFSchemaRef, ScalarValue, UnnestOptions};
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::functions_nested::expr_fn::make_array;
use datafusion::logical_expr::{Expr as DfExpr, ExprSchemable, LogicalPlan, LogicalPlanBuilder};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{DataType, Expr};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::names::column_at;
use super::relations::builder_build;
use super::type_sql::type_sql;
use super::{PlanConfig, casts, output};
use crate::error::from_datafusion;
use crate::types::{arrow_to_spark, spark_to_arrow};

const NAMES: &str = "__unpivot_names";
const VALUES: &str = "__unpivot_values";

/// Resolves an unpivot over an already resolved input.
pub(crate) fn unpivot(
    conf: &PlanConfig,
    plan_ids: &HashMap<i64, DFSchemaRef>,
    input: LogicalPlan,
    ids: &[Expr],
    values: Option<&[Expr]>,
    variable_column_name: &str,
    value_column_name: &str,
) -> Result<LogicalPlan> {
    let schema = std::sync::Arc::clone(input.schema());
    let scope = Scope::new(&schema, conf, plan_ids);
    let implicit = super::implicit_ids::is_implicit(ids);
    let ids = if implicit {
        Vec::new()
    } else {
        scope.resolve_list(ids)?
    };
    let values = match values {
        Some(v) => scope.resolve_list(v)?,
        None => {
            let id_exprs: Vec<DfExpr> = ids.iter().map(|i| i.expr.clone().unalias()).collect();
            (0..schema.fields().len())
                .map(|i| column_at(&schema, i))
                .filter(|c| !id_exprs.contains(c))
                .map(|c| {
                    let name = match &c {
                        DfExpr::Column(col) => col.name.clone(),
                        other => other.to_string(),
                    };
                    Named::new(c, name)
                })
                .collect()
        }
    };
    // grammar area: SQL UNPIVOT keeps the columns it does not unpivot.
    let ids = if implicit {
        let used: Vec<&DfExpr> = values.iter().map(|v| &v.expr).collect();
        super::implicit_ids::unused_columns(&schema, &used)
    } else {
        ids
    };
    if values.is_empty() {
        return Err(no_values());
    }
    let sets = values
        .into_iter()
        .map(|v| ValueSet {
            name: v.name.clone(),
            values: vec![v],
        })
        .collect();
    expand(
        conf,
        &scope,
        input,
        ids,
        sets,
        variable_column_name,
        &[value_column_name.to_string()],
    )
}

/// One output row per input row: the set's name and its values, one per value column.
struct ValueSet {
    name: String,
    values: Vec<Named>,
}

/// Resolves SQL `UNPIVOT ((v1, ...) FOR name IN ((c1, ...) [AS alias], ...))`: an unaliased
/// set is named by its columns joined with `_` (Spark's `AstBuilder.visitUnpivotColumnSet`).
pub(crate) fn unpivot_sets(
    conf: &PlanConfig,
    plan_ids: &HashMap<i64, DFSchemaRef>,
    input: LogicalPlan,
    sets: &[(Vec<Expr>, Option<String>)],
    variable_column_name: &str,
    value_column_names: &[String],
) -> Result<LogicalPlan> {
    let schema = std::sync::Arc::clone(input.schema());
    let scope = Scope::new(&schema, conf, plan_ids);
    let mut resolved = Vec::with_capacity(sets.len());
    for (columns, alias) in sets {
        let values = scope.resolve_list(columns)?;
        if values.len() != value_column_names.len() {
            return Err(arity_mismatch(value_column_names.len(), values.len()));
        }
        let name = alias.clone().unwrap_or_else(|| {
            values
                .iter()
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>()
                .join("_")
        });
        resolved.push(ValueSet { name, values });
    }
    if resolved.is_empty() {
        return Err(no_values());
    }
    let used: Vec<&DfExpr> = resolved
        .iter()
        .flat_map(|s| s.values.iter().map(|v| &v.expr))
        .collect();
    let ids = super::implicit_ids::unused_columns(&schema, &used);
    expand(
        conf,
        &scope,
        input,
        ids,
        resolved,
        variable_column_name,
        value_column_names,
    )
}

/// The rows of every set under `ids`: each value column is cast to the least common type of
/// its position across the sets, and is nullable only when one of those columns is.
fn expand(
    conf: &PlanConfig,
    scope: &Scope<'_>,
    input: LogicalPlan,
    ids: Vec<Named>,
    sets: Vec<ValueSet>,
    variable_column_name: &str,
    value_column_names: &[String],
) -> Result<LogicalPlan> {
    let schema = std::sync::Arc::clone(input.schema());
    let width = value_column_names.len();
    let mut targets = Vec::with_capacity(width);
    let mut nullables = Vec::with_capacity(width);
    for j in 0..width {
        let mut types = Vec::with_capacity(sets.len());
        let mut nullable = false;
        for set in &sets {
            let v = &set.values[j];
            types.push(arrow_to_spark(&scope.data_type(&v.expr)?)?);
            nullable |= v.expr.nullable(&schema).map_err(from_datafusion)?;
        }
        let common = types
            .iter()
            .skip(1)
            .try_fold(types[0].clone(), |acc, t| wider_type(&acc, t))
            .ok_or_else(|| type_mismatch(scope, &schema, &sets))?;
        targets.push(spark_to_arrow(&common, &conf.time_zone)?);
        nullables.push(nullable);
    }
    let mut names = Vec::with_capacity(sets.len());
    let mut columns: Vec<Vec<DfExpr>> = vec![Vec::with_capacity(sets.len()); width];
    for set in &sets {
        names.push(DfExpr::Literal(
            ScalarValue::Utf8(Some(set.name.clone())),
            None,
        ));
        for (j, v) in set.values.iter().enumerate() {
            let from = scope.data_type(&v.expr)?;
            columns[j].push(casts::cast_expr(
                v.expr.clone().unalias(),
                &from,
                &targets[j],
                conf.ansi,
            )?);
        }
    }
    let mut first: Vec<DfExpr> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| id.expr.clone().unalias().alias(format!("__unpivot_id{i}")))
        .collect();
    first.push(make_array(names).alias(NAMES));
    let mut unnest = vec![Column::from_name(NAMES)];
    for (j, c) in columns.into_iter().enumerate() {
        let name = format!("{VALUES}{j}");
        first.push(make_array(c).alias(name.clone()));
        unnest.push(Column::from_name(name));
    }
    let plan = builder_build(
        LogicalPlanBuilder::from(input)
            .project(first)
            .and_then(|b| b.unnest_columns_with_options(unnest, UnnestOptions::default())),
    )?;
    let out_schema = std::sync::Arc::clone(plan.schema());
    let mut items: Vec<Named> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| Named::new(column_at(&out_schema, i), id.name.clone()))
        .collect();
    let n = ids.len();
    // The unnested columns are nullable; the variable never is, a value only when one of its
    // columns is (Spark's `Unpivot` output), which `coalesce` with a constant conveys.
    let var = coalesce(vec![
        column_at(&out_schema, n),
        DfExpr::Literal(ScalarValue::Utf8(Some(String::new())), None),
    ]);
    items.push(Named::new(var, variable_column_name));
    for (j, name) in value_column_names.iter().enumerate() {
        let column = column_at(&out_schema, n + 1 + j);
        let val = if nullables[j] {
            column
        } else {
            let zero = ScalarValue::new_default(&targets[j])
                .or_else(|_| ScalarValue::try_from(&targets[j]))
                .map_err(from_datafusion)?;
            coalesce(vec![column, DfExpr::Literal(zero, None)])
        };
        items.push(Named::new(val, name.clone()));
    }
    output::project(plan, items)
}

fn no_values() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNPIVOT_REQUIRES_VALUE_COLUMNS",
        "42K0A",
        "At least one value column needs to be specified for UNPIVOT, all columns specified as ids.",
    )
}

/// A column set whose size differs from the number of value columns (Spark fails in
/// `Unpivot`'s assertion; this gives its analysis-time meaning).
fn arity_mismatch(expected: usize, got: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNPIVOT_VALUE_SIZE_MISMATCH",
        "428C4",
        format!("All unpivot value columns must have the same size as there are value column names ({expected})."),
    )
    .param("names", expected.to_string())
    .param("got", got.to_string())
}

/// Spark's least common type of two value types (`TypeCoercion.findWiderTypeForTwo` for the
/// types unpivot meets): numeric widening, decimals, NULL, dates under timestamps.
pub(crate) fn wider_type(a: &DataType, b: &DataType) -> Option<DataType> {
    use DataType::*;
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (Null, t) | (t, Null) => Some(t.clone()),
        (Date, Timestamp) | (Timestamp, Date) => Some(Timestamp),
        (Date, TimestampNtz) | (TimestampNtz, Date) => Some(TimestampNtz),
        (Timestamp, TimestampNtz) | (TimestampNtz, Timestamp) => Some(Timestamp),
        (String | Char(_) | Varchar(_), String | Char(_) | Varchar(_)) => Some(String),
        _ => {
            let (ra, rb) = (numeric_rank(a)?, numeric_rank(b)?);
            match (a, b) {
                (Decimal { .. }, Float | Double) | (Float | Double, Decimal { .. }) => Some(Double),
                (Decimal { .. }, _) | (_, Decimal { .. }) => {
                    let (p1, s1) = decimal_of(a)?;
                    let (p2, s2) = decimal_of(b)?;
                    let scale = s1.max(s2);
                    let int_digits = (p1 - s1).max(p2 - s2);
                    let precision = (int_digits + scale).min(38);
                    Some(Decimal {
                        precision: precision as u8,
                        scale: scale.min(precision) as i8,
                    })
                }
                _ => Some(if ra >= rb { a.clone() } else { b.clone() }),
            }
        }
    }
}

fn numeric_rank(t: &DataType) -> Option<u8> {
    Some(match t {
        DataType::Byte => 1,
        DataType::Short => 2,
        DataType::Integer => 3,
        DataType::Long => 4,
        DataType::Decimal { .. } => 5,
        DataType::Float => 6,
        DataType::Double => 7,
        _ => return None,
    })
}

/// (precision, scale) of a decimal or of the decimal an integral type fits in.
fn decimal_of(t: &DataType) -> Option<(i32, i32)> {
    Some(match t {
        DataType::Byte => (3, 0),
        DataType::Short => (5, 0),
        DataType::Integer => (10, 0),
        DataType::Long => (20, 0),
        DataType::Decimal { precision, scale } => (i32::from(*precision), i32::from(*scale)),
        _ => return None,
    })
}

/// `UNPIVOT_VALUE_DATA_TYPE_MISMATCH`, listing each set's type and name (a set of several
/// columns as the struct Spark builds of it).
fn type_mismatch(scope: &Scope<'_>, schema: &DFSchemaRef, sets: &[ValueSet]) -> SparkError {
    let describe = |v: &Named| -> (String, bool) {
        let t = scope
            .data_type(&v.expr)
            .ok()
            .and_then(|t| arrow_to_spark(&t).ok())
            .map(|t| type_sql(&t))
            .unwrap_or_default();
        (t, v.expr.nullable(schema).unwrap_or(true))
    };
    let listed = sets
        .iter()
        .map(|s| match s.values.as_slice() {
            [v] => format!("\"{}\" (`{}`)", describe(v).0, v.name),
            vs => {
                let fields = vs
                    .iter()
                    .map(|v| {
                        let (t, nullable) = describe(v);
                        let not_null = if nullable { "" } else { " NOT NULL" };
                        format!("{}: {t}{not_null}", v.name)
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let args = vs
                    .iter()
                    .map(|v| format!("'{}', {}", v.name, v.name))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("\"STRUCT<{fields}>\" (`named_struct({args})`)")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNPIVOT_VALUE_DATA_TYPE_MISMATCH",
        "42K09",
        format!(
            "Unpivot value columns must share a least common type, some types do not: [{listed}]."
        ),
    )
    .param("types", listed)
}
