//! `df.na.fill` / `df.na.drop` / `df.na.replace`: projections and filters over the input,
//! mirroring Spark's `DataFrameNaFunctions` (as `SparkConnectPlanner.transformNAFill` etc. use it).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::functions::expr_fn::{coalesce, isnan, nanvl};
use datafusion::logical_expr::{Cast, Expr as DfExpr, LogicalPlan, when};
use sabot_common::spec::{CastMode, Expr as SpecExpr, Literal};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::literals::to_scalar;
use super::names::column_at;
use super::output;
use super::stat::column_index;
use crate::error::from_datafusion;
use crate::types::arrow_to_spark;

/// The kind of columns a value may fill or replace (Spark's `fillValue` target types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Numeric,
    String,
    Boolean,
}

fn target_of(lit: &Literal) -> Option<Target> {
    match lit {
        Literal::Byte(_)
        | Literal::Short(_)
        | Literal::Integer(_)
        | Literal::Long(_)
        | Literal::Float(_)
        | Literal::Double(_)
        | Literal::Decimal { .. } => Some(Target::Numeric),
        Literal::String(_) => Some(Target::String),
        Literal::Boolean(_) => Some(Target::Boolean),
        _ => None,
    }
}

fn matches(target: Target, t: &ArrowType) -> bool {
    match target {
        Target::Numeric => t.is_numeric(),
        Target::String => matches!(
            t,
            ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View
        ),
        Target::Boolean => *t == ArrowType::Boolean,
    }
}

fn is_float(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Float32 | ArrowType::Float64)
}

fn cast(e: DfExpr, t: &ArrowType) -> DfExpr {
    DfExpr::Cast(Cast::new(Box::new(e), t.clone()))
}

fn lit(s: ScalarValue) -> DfExpr {
    DfExpr::Literal(s, None)
}

/// The input's columns, with some replaced by `(index, expression)`.
fn project_replacing(
    input: LogicalPlan,
    mut replaced: Vec<(usize, DfExpr)>,
) -> Result<LogicalPlan> {
    let schema = std::sync::Arc::clone(input.schema());
    let items = (0..schema.fields().len())
        .map(|i| {
            let name = schema.field(i).name().clone();
            match replaced.iter().position(|(j, _)| *j == i) {
                Some(p) => Named::new(replaced.swap_remove(p).1, name),
                None => Named::new(column_at(&schema, i), name),
            }
        })
        .collect();
    output::project(input, items)
}

/// `CAST(value AS <column type>)` with Spark's cast semantics (ANSI overflow errors etc.).
fn spark_cast(scope: &Scope<'_>, value: &Literal, t: &ArrowType) -> Result<DfExpr> {
    let cast = SpecExpr::Cast {
        expr: Box::new(SpecExpr::Literal(value.clone())),
        data_type: arrow_to_spark(t)?,
        mode: CastMode::Default,
    };
    Ok(fold_constant(scope.resolve(&cast)?.expr.unalias()))
}

/// Evaluates a constant expression now, so that a non-null result types as non-nullable
/// (as Spark's folded literal does); an expression that fails stays, to fail when run.
fn fold_constant(e: DfExpr) -> DfExpr {
    let props = datafusion::execution::context::ExecutionProps::new();
    let Ok(physical) = datafusion::physical_expr::create_physical_expr(
        &e,
        &DFSchema::empty(),
        &props,
        &datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext::default(),
    ) else {
        return e;
    };
    let Ok(batch) = datafusion::arrow::array::RecordBatch::try_new_with_options(
        std::sync::Arc::new(datafusion::arrow::datatypes::Schema::empty()),
        vec![],
        &datafusion::arrow::array::RecordBatchOptions::new().with_row_count(Some(1)),
    ) else {
        return e;
    };
    match physical.evaluate(&batch) {
        Ok(datafusion::logical_expr::ColumnarValue::Scalar(v)) => lit(v),
        Ok(datafusion::logical_expr::ColumnarValue::Array(a)) if a.len() == 1 => {
            match ScalarValue::try_from_array(&a, 0) {
                Ok(v) => lit(v),
                Err(_) => e,
            }
        }
        _ => e,
    }
}

fn unsupported_value(lit: &Literal) -> SparkError {
    SparkError::invalid_plan(format!(
        "Unsupported value type: {}",
        lit.data_type().simple_string()
    ))
}

/// `na.fill`: one value for every compatible column (of `cols` when given), or one value per
/// column; a value only fills columns of its kind (numbers fill numeric columns, cast to the
/// column's type; NaN counts as null in float columns), as Spark's `fillValue`/`fillMap` do.
pub(crate) fn fill(
    scope: &Scope<'_>,
    input: LogicalPlan,
    cols: &[String],
    values: &[Literal],
) -> Result<LogicalPlan> {
    let schema = scope.schema;
    let assignments: Vec<(usize, &Literal)> = match values {
        [v] if cols.is_empty() => (0..schema.fields().len()).map(|i| (i, v)).collect(),
        [v] => cols
            .iter()
            .map(|c| Ok((column_index(scope, c)?, v)))
            .collect::<Result<_>>()?,
        _ => cols
            .iter()
            .zip(values)
            .map(|(c, v)| Ok((column_index(scope, c)?, v)))
            .collect::<Result<_>>()?,
    };
    // Several values go through Spark's `fillMap`, which casts each value to its column's type
    // whatever the kinds; a single value through `fillValue`, which skips other kinds.
    let cast_any = values.len() > 1;
    let mut replaced: Vec<(usize, DfExpr)> = Vec::new();
    for (i, value) in assignments {
        let target = target_of(value).ok_or_else(|| unsupported_value(value))?;
        let t = schema.field(i).data_type();
        if (!cast_any && !matches(target, t)) || replaced.iter().any(|(j, _)| *j == i) {
            continue;
        }
        let col = column_at(schema, i);
        let col = if is_float(t) {
            nanvl(col, lit(ScalarValue::try_from(t).map_err(from_datafusion)?))
        } else {
            col
        };
        let value = spark_cast(scope, value, t)?;
        replaced.push((i, coalesce(vec![col, value])));
    }
    project_replacing(input, replaced)
}

/// `na.drop`: keeps rows with at least `min_non_nulls` values that are neither null nor NaN
/// among `cols` (Spark's `AtLeastNNonNulls`); all of them when `min_non_nulls` is `None`.
pub(crate) fn drop(
    scope: &Scope<'_>,
    input: LogicalPlan,
    cols: &[String],
    min_non_nulls: Option<i32>,
) -> Result<LogicalPlan> {
    let schema = scope.schema;
    let indexes: Vec<usize> = if cols.is_empty() {
        (0..schema.fields().len()).collect()
    } else {
        cols.iter()
            .map(|c| column_index(scope, c))
            .collect::<Result<_>>()?
    };
    let n = min_non_nulls.map_or(indexes.len() as i64, i64::from);
    if n <= 0 {
        return Ok(input);
    }
    let mut count: Option<DfExpr> = None;
    for i in indexes {
        let col = column_at(schema, i);
        let mut present = col.clone().is_not_null();
        if is_float(schema.field(i).data_type()) {
            present = present.and(!isnan(col));
        }
        let one = when(present, lit(ScalarValue::Int64(Some(1))))
            .otherwise(lit(ScalarValue::Int64(Some(0))))
            .map_err(from_datafusion)?;
        count = Some(match count {
            Some(c) => c + one,
            None => one,
        });
    }
    let Some(count) = count else {
        return Ok(input);
    };
    let cond = count.gt_eq(lit(ScalarValue::Int64(Some(n))));
    datafusion::logical_expr::Filter::try_new(cond, std::sync::Arc::new(input))
        .map(LogicalPlan::Filter)
        .map_err(from_datafusion)
}

/// `na.replace`: `CASE col WHEN old THEN CAST(new AS type) ... ELSE col END` over the columns
/// (of `cols`, or all) whose kind is the first old value's kind; numbers compare as doubles.
/// Mirrors Spark's `DataFrameNaFunctions.replace0`/`replaceCol`.
pub(crate) fn replace(
    scope: &Scope<'_>,
    input: LogicalPlan,
    cols: Option<&[String]>,
    replacements: &[(Literal, Literal)],
) -> Result<LogicalPlan> {
    let schema: &DFSchema = scope.schema;
    let Some((first, _)) = replacements.first() else {
        return Ok(input);
    };
    let indexes: Vec<usize> = match cols {
        Some(cols) => cols
            .iter()
            .map(|c| column_index(scope, c))
            .collect::<Result<_>>()?,
        None => (0..schema.fields().len()).collect(),
    };
    let target = target_of(first).ok_or_else(|| unsupported_value(first))?;
    let tz = &scope.conf.time_zone;
    let mut replaced: Vec<(usize, DfExpr)> = Vec::new();
    for i in indexes {
        let t = schema.field(i).data_type();
        if !matches(target, t) || replaced.iter().any(|(j, _)| *j == i) {
            continue;
        }
        let col = column_at(schema, i);
        let key_col = if target == Target::Numeric {
            cast(col.clone(), &ArrowType::Float64)
        } else {
            col.clone()
        };
        let mut case: Option<datafusion::logical_expr::conditional_expressions::CaseBuilder> = None;
        for (old, new) in replacements {
            let old_value = if target == Target::Numeric {
                cast(lit(to_scalar(old, tz)?), &ArrowType::Float64)
            } else {
                lit(to_scalar(old, tz)?)
            };
            let new_value = match new {
                Literal::Null(_) => lit(ScalarValue::try_from(t).map_err(from_datafusion)?),
                other => spark_cast(scope, other, t)?,
            };
            let cond = key_col.clone().eq(old_value);
            case = Some(match case {
                None => when(cond, new_value),
                Some(mut c) => c.when(cond, new_value),
            });
        }
        if let Some(mut case) = case {
            replaced.push((i, case.otherwise(col).map_err(from_datafusion)?));
        }
    }
    project_replacing(input, replaced)
}
