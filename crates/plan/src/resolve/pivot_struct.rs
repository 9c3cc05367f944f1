//! SQL `PIVOT (... FOR (a, b) IN ((1, 'x') [AS p], ...))`: the pivot column is `struct(a, b)`
//! and each value a struct literal. Spark's `ResolvePivot` accepts a value only when
//! `Cast.canCast` to the column's struct holds (same field count, and a nullable value field
//! never goes into a non-null column field), and names an unaliased value by its string cast
//! (`{1, x}`), which is computed here by evaluating the casts.

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::DFSchema;
use datafusion::logical_expr::{Expr as DfExpr, ExprSchemable, LogicalPlanBuilder};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{CastMode, DataType, Expr, Literal};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::relations::builder_build;
use super::{Resolver, casts};
use crate::error::from_datafusion;
use crate::types::arrow_to_spark;

/// The fields of a `struct(...)` call.
fn struct_fields(e: &Expr) -> Option<&[Expr]> {
    match e {
        Expr::Function { name, args, .. } if name == "struct" => Some(args),
        _ => None,
    }
}

/// Checks a value against a several-column pivot (`column` is `struct(a, b, ...)`); other
/// pivots are left to the cast.
pub(super) fn check_value(
    scope: &Scope<'_>,
    schema: &DFSchema,
    column: &Expr,
    value: &Expr,
    value_named: &Named,
) -> Result<()> {
    let Some(columns) = struct_fields(column) else {
        return Ok(());
    };
    let mismatch = || -> Result<SparkError> {
        let pivot_type = arrow_to_spark(&scope.data_type(&scope.resolve(column)?.expr)?)?;
        let value_type = arrow_to_spark(&scope.data_type(&value_named.expr)?)?;
        Ok(type_mismatch(&value_named.name, &value_type, &pivot_type))
    };
    let Some(fields) = struct_fields(value) else {
        return Err(mismatch()?);
    };
    if fields.len() != columns.len() {
        return Err(mismatch()?);
    }
    for (f, c) in fields.iter().zip(columns) {
        let (f, c) = (scope.resolve(f)?.expr, scope.resolve(c)?.expr);
        let f_nullable = f.nullable(schema).map_err(from_datafusion)?;
        let c_nullable = c.nullable(schema).map_err(from_datafusion)?;
        let from = arrow_to_spark(&scope.data_type(&f)?)?;
        let to = arrow_to_spark(&scope.data_type(&c)?)?;
        if (f_nullable || force_nullable(&from, &to)) && !c_nullable {
            return Err(mismatch()?);
        }
    }
    Ok(())
}

/// A checked struct value cast field by field to the pivot column's struct type (its field
/// names and types), as Spark's `Cast` to a struct does; `None` for other pivots.
pub(super) fn cast_value(
    scope: &Scope<'_>,
    value: &Expr,
    pivot_type: &DataType,
) -> Result<Option<Named>> {
    let (Some(fields), DataType::Struct(targets)) = (struct_fields(value), pivot_type) else {
        return Ok(None);
    };
    let mut args = Vec::with_capacity(fields.len() * 2);
    for (f, t) in fields.iter().zip(targets) {
        args.push(Expr::Literal(Literal::String(t.name.clone())));
        args.push(Expr::Cast {
            expr: Box::new(f.clone()),
            data_type: t.data_type.clone(),
            mode: CastMode::Default,
        });
    }
    scope.resolve(&Expr::call("named_struct", args)).map(Some)
}

/// Whether a cast from `from` to `to` can give NULL for a non-null input (Spark's
/// `Cast.forceNullable`).
fn force_nullable(from: &DataType, to: &DataType) -> bool {
    use DataType::*;
    let integral = |t: &DataType| matches!(t, Byte | Short | Integer | Long);
    match (from, to) {
        (Null, _) => false,
        _ if from == to => false,
        (String | Char(_) | Varchar(_), Binary | String | Char(_) | Varchar(_)) => false,
        (String | Char(_) | Varchar(_), _) => true,
        (_, String | Char(_) | Varchar(_)) => false,
        (Timestamp, Byte | Short | Integer) => true,
        (Float | Double, Timestamp) => true,
        (Timestamp, Date) => false,
        (_, Date) => true,
        (Date, Timestamp) => false,
        (Date, _) => true,
        (_, Decimal { precision, scale }) => {
            let digits = i32::from(*precision) - i32::from(*scale);
            match from {
                Byte => digits < 3,
                Short => digits < 5,
                Integer => digits < 10,
                Long => digits < 20,
                Decimal {
                    precision: p,
                    scale: s,
                } => digits < i32::from(*p) - i32::from(*s) || scale < s,
                _ => true,
            }
        }
        (Float | Double | Decimal { .. }, t) if integral(t) => true,
        _ => false,
    }
}

/// Spark's `QueryCompilationErrors.pivotValDataTypeMismatchError`.
fn type_mismatch(value: &str, value_type: &DataType, pivot_type: &DataType) -> SparkError {
    let (vt, pt) = (value_type.simple_string(), pivot_type.simple_string());
    SparkError::with_class(
        ExceptionKind::Analysis,
        "PIVOT_VALUE_DATA_TYPE_MISMATCH",
        "42K09",
        format!(
            "Invalid pivot value '{value}': value data type {vt} does not match pivot column data type {pt}."
        ),
    )
    .param("value", value)
    .param("valueType", vt)
    .param("pivotType", pt)
}

impl Resolver<'_> {
    /// The string casts of constant values (`{1, x}` for a struct), as Spark names pivot
    /// columns; NULL gives `null`.
    pub(super) async fn value_strings(
        &self,
        scope: &Scope<'_>,
        values: Vec<Named>,
    ) -> Result<Vec<String>> {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let mut exprs: Vec<DfExpr> = Vec::with_capacity(values.len());
        for (i, v) in values.into_iter().enumerate() {
            let cast = casts::resolve_cast(scope, v, &DataType::String, CastMode::Default)?;
            exprs.push(cast.expr.unalias().alias(format!("v{i}")));
        }
        let n = exprs.len();
        let plan = builder_build(LogicalPlanBuilder::empty(true).project(exprs))?;
        let batches = self
            .ctx
            .execute_logical_plan(plan)
            .await
            .map_err(from_datafusion)?
            .collect()
            .await
            .map_err(from_datafusion)?;
        let batch = batches
            .iter()
            .find(|b| b.num_rows() > 0)
            .ok_or_else(|| SparkError::internal("pivot value names: no row"))?;
        (0..n)
            .map(|i| {
                let col = datafusion::arrow::compute::cast(batch.column(i), &ArrowType::Utf8)
                    .map_err(|e| from_datafusion(e.into()))?;
                let col = Arc::new(col);
                let s = col.as_string::<i32>();
                Ok(if s.is_null(0) {
                    "null".to_string()
                } else {
                    s.value(0).to_string()
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts_that_can_give_null() {
        use DataType::*;
        assert!(!force_nullable(&Integer, &Integer));
        assert!(!force_nullable(&Long, &Integer));
        assert!(!force_nullable(&Integer, &String));
        assert!(!force_nullable(&String, &String));
        assert!(force_nullable(&String, &Integer));
        assert!(force_nullable(&Double, &Integer));
        assert!(force_nullable(&Long, &DataType::DEFAULT_DECIMAL));
        assert!(!force_nullable(&Integer, &DataType::DEFAULT_DECIMAL));
    }
}
