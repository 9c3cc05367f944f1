//! `union`/`unionByName`/`intersect(All)`/`subtract`/`exceptAll`, as Spark's `Union`,
//! `Intersect` and `Except` (with `RewriteIntersectAll`/`RewriteExceptAll` for the multiset
//! variants): columns match by position (or by name), take the wider type of both sides and the
//! left side's names.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Column, DFSchema, ScalarValue, TableReference};
use datafusion::functions::core::expr_fn::{coalesce, greatest};
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::functions_nested::expr_fn::range;
use datafusion::logical_expr::{
    Cast, Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, Projection, Union, col, lit,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Plan, SetOpKind};
use sabot_common::{Result, SparkError};

use super::Resolver;
use super::expressions::Named;
use super::names::{column_at, name_eq};
use super::relations::builder_build;
use super::wider_type::wider_type;
use crate::error::from_datafusion;
use crate::types::arrow_to_spark;

impl Resolver<'_> {
    pub(super) async fn set_op(
        &mut self,
        left: &Plan,
        right: &Plan,
        kind: SetOpKind,
        all: bool,
        by_name: bool,
        allow_missing: bool,
    ) -> Result<LogicalPlan> {
        let left = self.resolve(left).await?;
        let right = self.resolve(right).await?;
        let (left, right) = if by_name {
            self.align_by_name(left, right, allow_missing)?
        } else {
            (left, right)
        };
        let operator = match kind {
            SetOpKind::Union => "UNION",
            SetOpKind::Intersect => "INTERSECT",
            SetOpKind::Except => "EXCEPT",
        };
        let (ls, rs) = (Arc::clone(left.schema()), Arc::clone(right.schema()));
        if ls.fields().len() != rs.fields().len() {
            return Err(num_columns_mismatch(
                operator,
                ls.fields().len(),
                rs.fields().len(),
            ));
        }
        let mut types = Vec::with_capacity(ls.fields().len());
        for (i, (lf, rf)) in ls.fields().iter().zip(rs.fields().iter()).enumerate() {
            match wider_type(lf.data_type(), rf.data_type(), self.conf.ansi) {
                Some(t) => types.push(t),
                None => {
                    return Err(incompatible_column_type(
                        operator,
                        i,
                        lf.data_type(),
                        rf.data_type(),
                    ));
                }
            }
        }
        let tag = self.set_op_tag(&left, &right, &format!("{kind:?} {all}"));
        let l = positional(left, &types, &format!("__setl{tag}"))?;
        let r = positional(right, &types, &format!("__setr{tag}"))?;
        let combined = match (kind, all) {
            (SetOpKind::Union, true) => union_all(l, r)?,
            (SetOpKind::Union, false) => {
                builder_build(LogicalPlanBuilder::from(union_all(l, r)?).distinct())?
            }
            (SetOpKind::Intersect, false) => {
                LogicalPlanBuilder::intersect(l, r, false).map_err(from_datafusion)?
            }
            (SetOpKind::Except, false) => {
                LogicalPlanBuilder::except(l, r, false).map_err(from_datafusion)?
            }
            (SetOpKind::Intersect, true) | (SetOpKind::Except, true) => {
                multiset(l, r, kind == SetOpKind::Intersect, types.len())?
            }
        };
        let schema = Arc::clone(combined.schema());
        let mut items = Vec::with_capacity(ls.fields().len());
        for (i, f) in ls.fields().iter().enumerate() {
            let c = column_at(&schema, i);
            // Spark's `Intersect` output is nullable only where both sides are: a row kept by
            // an intersection equals a row of the non-nullable side. DataFusion keeps the left
            // side's nullability, so such columns are marked non-null by a no-op coalesce.
            let expr = if kind == SetOpKind::Intersect
                && schema.field(i).is_nullable()
                && !rs.field(i).is_nullable()
            {
                match ScalarValue::new_default(schema.field(i).data_type()) {
                    Ok(d) => coalesce(vec![c, DfExpr::Literal(d, None)]),
                    Err(_) => c,
                }
            } else {
                c
            };
            items.push(Named::new(expr, f.name().clone()));
        }
        super::output::project(combined, items)
    }

    /// The number in a set operation's internal qualifiers: the same for the same inputs, so
    /// that a CTE referenced twice resolves to equal plans each time and is computed once
    /// (`crate::reuse`). The qualifiers only name the columns between the inputs and the
    /// output projection, so equal numbers in two places of one query cannot clash.
    fn set_op_tag(&mut self, left: &LogicalPlan, right: &LogicalPlan, op: &str) -> usize {
        let mut hasher = std::hash::DefaultHasher::new();
        (left, right, op).hash(&mut hasher);
        let key = hasher.finish();
        if let Some(tag) = self.set_op_tags.get(&key) {
            return *tag;
        }
        self.next_id += 1;
        self.set_op_tags.insert(key, self.next_id);
        self.next_id
    }

    /// `unionByName`: the right side reordered to the left's names; with `allow_missing`, each
    /// side gets the other's missing columns as NULLs (left's columns first).
    fn align_by_name(
        &self,
        left: LogicalPlan,
        right: LogicalPlan,
        allow_missing: bool,
    ) -> Result<(LogicalPlan, LogicalPlan)> {
        let (ls, rs) = (Arc::clone(left.schema()), Arc::clone(right.schema()));
        let find = |schema: &DFSchema, name: &str| {
            schema
                .fields()
                .iter()
                .position(|f| name_eq(self.conf, f.name(), name))
        };
        let mut left_items: Vec<Named> = ls
            .fields()
            .iter()
            .enumerate()
            .map(|(i, f)| Named::new(column_at(&ls, i), f.name().clone()))
            .collect();
        let mut right_items = Vec::with_capacity(ls.fields().len());
        for (i, lf) in ls.fields().iter().enumerate() {
            match find(&rs, lf.name()) {
                Some(j) => right_items.push(Named::new(column_at(&rs, j), lf.name().clone())),
                None if allow_missing => right_items.push(Named::new(
                    typed_null(ls.field(i).data_type())?,
                    lf.name().clone(),
                )),
                None => return Err(super::rows::unresolved_among(lf.name(), &rs)),
            }
        }
        if allow_missing {
            for (j, rf) in rs.fields().iter().enumerate() {
                if find(&ls, rf.name()).is_none() {
                    left_items.push(Named::new(typed_null(rf.data_type())?, rf.name().clone()));
                    right_items.push(Named::new(column_at(&rs, j), rf.name().clone()));
                }
            }
        } else if rs.fields().len() != ls.fields().len() {
            return Err(num_columns_mismatch(
                "UNION",
                ls.fields().len(),
                rs.fields().len(),
            ));
        }
        Ok((
            super::output::project(left, left_items)?,
            super::output::project(right, right_items)?,
        ))
    }
}

fn typed_null(t: &ArrowType) -> Result<DfExpr> {
    let v = ScalarValue::try_from(t).map_err(from_datafusion)?;
    Ok(DfExpr::Literal(v, None))
}

/// Each column cast to the common type and renamed `__c{i}` under `qualifier`, so both sides
/// have the same names whatever the user's names are (duplicates included).
fn positional(plan: LogicalPlan, types: &[ArrowType], qualifier: &str) -> Result<LogicalPlan> {
    let schema = Arc::clone(plan.schema());
    let q = TableReference::bare(qualifier);
    let exprs = types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let c = column_at(&schema, i);
            let e = if schema.field(i).data_type() == t {
                c
            } else {
                DfExpr::Cast(Cast::new(Box::new(c), t.clone()))
            };
            e.alias_qualified(Some(q.clone()), format!("__c{i}"))
        })
        .collect();
    Projection::try_new(exprs, Arc::new(plan))
        .map(LogicalPlan::Projection)
        .map_err(from_datafusion)
}

fn union_all(l: LogicalPlan, r: LogicalPlan) -> Result<LogicalPlan> {
    Union::try_new_with_loose_types(vec![Arc::new(l), Arc::new(r)])
        .map(LogicalPlan::Union)
        .map_err(from_datafusion)
}

/// `intersectAll` / `exceptAll` (Spark's `RewriteIntersectAll` / `RewriteExceptAll`): count each
/// distinct row on both sides, keep `min(l, r)` resp. `l - r` copies of it.
fn multiset(l: LogicalPlan, r: LogicalPlan, intersect: bool, width: usize) -> Result<LogicalPlan> {
    let tag = |plan: LogicalPlan, on_left: bool| -> Result<LogicalPlan> {
        let schema = Arc::clone(plan.schema());
        let mut exprs: Vec<DfExpr> = (0..width)
            .map(|i| column_at(&schema, i).alias(format!("__c{i}")))
            .collect();
        exprs.push(lit(i64::from(on_left)).alias("__l"));
        exprs.push(lit(i64::from(!on_left)).alias("__r"));
        Projection::try_new(exprs, Arc::new(plan))
            .map(LogicalPlan::Projection)
            .map_err(from_datafusion)
    };
    let both = union_all(tag(l, true)?, tag(r, false)?)?;
    let keys: Vec<DfExpr> = (0..width).map(|i| col(format!("__c{i}"))).collect();
    let counted = builder_build(LogicalPlanBuilder::from(both).aggregate(
        keys.clone(),
        vec![sum(col("__l")).alias("__nl"), sum(col("__r")).alias("__nr")],
    ))?;
    let copies = if intersect {
        // least(l, r) without a `least` dependency: l + r - greatest(l, r).
        col("__nl") + col("__nr") - greatest(vec![col("__nl"), col("__nr")])
    } else {
        col("__nl") - col("__nr")
    };
    let mut exprs = keys.clone();
    exprs.push(copies.alias("__n"));
    let with_n = builder_build(
        LogicalPlanBuilder::from(counted)
            .project(exprs)
            .and_then(|b| b.filter(col("__n").gt(lit(0i64)))),
    )?;
    let mut exprs = keys.clone();
    exprs.push(range(lit(0i64), col("__n"), lit(1i64)).alias("__copies"));
    let repeated = builder_build(
        LogicalPlanBuilder::from(with_n)
            .project(exprs)
            .and_then(|b| b.unnest_column(Column::from_name("__copies"))),
    )?;
    builder_build(LogicalPlanBuilder::from(repeated).project(keys))
}

fn num_columns_mismatch(operator: &str, first: usize, second: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "NUM_COLUMNS_MISMATCH",
        "42826",
        format!(
            "{operator} can only be performed on inputs with the same number of columns, but the first input has {first} columns and the second input has {second} columns."
        ),
    )
    .param("operator", operator)
    .param("firstNumColumns", first.to_string())
    .param("invalidOrdinalNum", "second")
    .param("invalidNumColumns", second.to_string())
}

/// Spark's `INCOMPATIBLE_COLUMN_TYPE` (`QueryCompilationErrors.incompatibleColumnTypeError`).
fn incompatible_column_type(
    operator: &str,
    index: usize,
    left: &ArrowType,
    right: &ArrowType,
) -> SparkError {
    let sql = |t: &ArrowType| {
        arrow_to_spark(t)
            .map(|t| format!("\"{}\"", super::type_sql::type_sql(&t)))
            .unwrap_or_else(|_| format!("\"{t}\""))
    };
    let ordinal = match index + 1 {
        1 => "first".to_string(),
        2 => "second".to_string(),
        3 => "third".to_string(),
        n => format!("{n}th"),
    };
    let (l, r) = (sql(left), sql(right));
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INCOMPATIBLE_COLUMN_TYPE",
        "42825",
        format!(
            "{operator} can only be performed on tables with compatible column types. The {ordinal} column of the second table is {r} type which is not compatible with {l} at the same column of the first table.."
        ),
    )
    .param("operator", operator)
    .param("columnOrdinalNumber", ordinal)
    .param("tableOrdinalNumber", "second")
    .param("dataType1", r)
    .param("dataType2", l)
    .param("hint", "")
}
