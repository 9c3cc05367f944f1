//! `WITH RECURSIVE` (Spark's `UnionLoop`, checked as Spark's `ResolveWithCTE` and
//! `CheckAnalysis` do): the body must be `anchor UNION ALL recursive` with the self-reference
//! only in `recursive`, which may read it any number of times (joins with itself, `IN` and
//! `EXISTS` subqueries); the loop is a [`UnionLoopNode`].
//!
//! The anchor gives the column names (or the CTE's column list) and types; the recursive term
//! must have types the anchor's can hold (Spark casts it up, else
//! `CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE`). Every output column is nullable.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema, SchemaRef};
use datafusion::common::JoinType as DfJoinType;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::datasource::provider_as_source;
use datafusion::logical_expr::{
    Cast, Expr as DfExpr, Extension, LogicalPlan, LogicalPlanBuilder, UserDefinedLogicalNode,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Plan, PlanNode, SetOpKind};
use sabot_common::{Result, SparkError};

use super::expressions::Named;
use super::names::column_at;
use super::relations::builder_build;
use super::wider_type::wider_type;
use super::{Resolver, columns, output};
use crate::error::from_datafusion;
use crate::recursion::{UnionLoopNode, UnionLoopRefTable};
use crate::types::arrow_to_spark;

/// A recursive CTE whose recursive term is being resolved: its name and work table.
#[derive(Debug, Clone)]
pub(crate) struct WorkTable {
    name: String,
    table: String,
    schema: SchemaRef,
}

impl Resolver<'_> {
    pub(super) async fn recursive_cte(
        &mut self,
        name: &str,
        columns: Option<&[String]>,
        max_level: Option<u64>,
        body: &Plan,
    ) -> Result<LogicalPlan> {
        let (anchor, recursive) = split_body(name, body)?;
        let anchor = self.resolve(anchor).await?;
        let anchor = match columns {
            Some(names) => columns::to_df(anchor, names)?,
            None => anchor,
        };
        let anchor_schema = Arc::clone(anchor.schema());
        let table = self.internal_name("recursive");
        let fields: Vec<Field> = anchor_schema
            .fields()
            .iter()
            .map(|f| Field::new(f.name(), f.data_type().clone(), true))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        self.recursive_ctes.push(WorkTable {
            name: name.to_string(),
            table: table.clone(),
            schema,
        });
        let resolved = self.resolve(recursive).await;
        self.recursive_ctes.pop();
        let recursive = resolved?;
        let rec_schema = Arc::clone(recursive.schema());
        if rec_schema.fields().len() != anchor_schema.fields().len() {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "NUM_COLUMNS_MISMATCH",
                "42826",
                format!(
                    "UNION can only be performed on inputs with the same number of columns, but the first input has {} columns and the second input has {} columns.",
                    anchor_schema.fields().len(),
                    rec_schema.fields().len()
                ),
            )
            .param("operator", "UNION")
            .param("firstNumColumns", anchor_schema.fields().len().to_string())
            .param("invalidOrdinalNum", "second")
            .param("invalidNumColumns", rec_schema.fields().len().to_string()));
        }
        let mut anchor_items = Vec::new();
        let mut rec_items = Vec::new();
        for (i, (af, rf)) in anchor_schema
            .fields()
            .iter()
            .zip(rec_schema.fields().iter())
            .enumerate()
        {
            let (at, rt) = (af.data_type(), rf.data_type());
            let c = column_at(&rec_schema, i);
            let e = if at == rt {
                c
            } else if wider_type(at, rt, self.conf.ansi).as_ref() == Some(at) {
                DfExpr::Cast(Cast::new(Box::new(c), at.clone()))
            } else {
                return Err(cannot_merge(at, rt));
            };
            anchor_items.push(Named::new(column_at(&anchor_schema, i), af.name().clone()));
            rec_items.push(Named::new(e, af.name().clone()));
        }
        check_place(&recursive, &table)?;
        let node = UnionLoopNode::try_new(
            output::project(anchor, anchor_items)?,
            output::project(recursive, rec_items)?,
            table,
            max_level.unwrap_or(self.conf.cte_recursion_level_limit),
            self.conf.cte_recursion_row_limit,
        )
        .map_err(from_datafusion)?;
        Ok(LogicalPlan::Extension(Extension {
            node: Arc::new(node) as Arc<dyn UserDefinedLogicalNode>,
        }))
    }

    /// A reference to the recursive CTE `name` inside its recursive term: the previous level.
    pub(super) fn recursive_ref(&self, name: &str) -> Result<LogicalPlan> {
        let Some(w) = self
            .recursive_ctes
            .iter()
            .rev()
            .find(|w| w.name.eq_ignore_ascii_case(name))
        else {
            // The anchor (or a place the loop cannot reach) reads the CTE being defined.
            return Err(invalid_recursive_cte());
        };
        let source = provider_as_source(Arc::new(UnionLoopRefTable::new(
            w.table.clone(),
            Arc::clone(&w.schema),
        )));
        builder_build(LogicalPlanBuilder::scan(w.table.as_str(), source, None))
    }
}

/// `anchor UNION ALL recursive`, or Spark's error for another shape.
fn split_body<'p>(name: &str, body: &'p Plan) -> Result<(&'p Plan, &'p Plan)> {
    match &body.node {
        PlanNode::SetOp {
            left,
            right,
            kind: SetOpKind::Union,
            all,
            by_name: false,
            ..
        } => {
            if !*all {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE",
                    "42836",
                    "The UNION operator is not yet supported within recursive common table expressions (WITH clauses that refer to themselves, directly or indirectly). Please use UNION ALL instead.",
                ));
            }
            if refers_to(left, name) {
                return Err(invalid_recursive_cte());
            }
            Ok((left, right))
        }
        _ => Err(invalid_recursive_cte()),
    }
}

/// Whether `plan`'s relations read the recursive CTE `name`.
fn refers_to(plan: &Plan, name: &str) -> bool {
    match &plan.node {
        PlanNode::RecursiveRef { name: n } => n.eq_ignore_ascii_case(name),
        // An inner definition of the same name hides this one.
        PlanNode::RecursiveCte { name: n, .. } if n.eq_ignore_ascii_case(name) => false,
        _ => plan.children().into_iter().any(|c| refers_to(c, name)),
    }
}

fn invalid_recursive_cte() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INVALID_RECURSIVE_CTE",
        "42836",
        "Invalid recursive definition found. Recursive queries must contain an UNION or an UNION ALL statement with 2 children. The first child needs to be the anchor term without any recursive references. Any top level inner CTE must not contain self references.",
    )
}

fn invalid_place() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INVALID_RECURSIVE_REFERENCE.PLACE",
        "42836",
        "Invalid recursive reference found inside WITH RECURSIVE clause. Recursive references cannot be used on the right side of left outer/semi/anti joins, on the left side of right outer joins, in full outer joins, in aggregates, window functions or sorts",
    )
}

/// Spark's `CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE` (`DataTypeErrors.cannotMergeIncompatibleDataTypesError`).
fn cannot_merge(left: &ArrowType, right: &ArrowType) -> SparkError {
    let sql = |t: &ArrowType| {
        arrow_to_spark(t)
            .map(|t| format!("\"{}\"", super::type_sql::type_sql(&t)))
            .unwrap_or_else(|_| format!("\"{t}\""))
    };
    let (l, r) = (sql(left), sql(right));
    SparkError::with_class(
        ExceptionKind::Internal,
        "CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE",
        "42825",
        format!(
            "Failed to merge incompatible data types {l} and {r}. Please check the data types of the columns being merged and ensure that they are compatible. If necessary, consider casting the columns to compatible data types before attempting the merge."
        ),
    )
    .param("left", l)
    .param("right", r)
}

/// The recursive term reads the previous level nowhere Spark forbids it
/// (`INVALID_RECURSIVE_REFERENCE.PLACE`, checked in its subqueries too): under aggregates,
/// windows and sorts, on the null-supplying side of outer joins, or the filtering side of
/// semi/anti joins.
fn check_place(plan: &LogicalPlan, table: &str) -> Result<()> {
    let mut forbidden = false;
    plan.apply_with_subqueries(|p| {
        forbidden = match p {
            LogicalPlan::Aggregate(a) => reads(&a.input, table)?,
            LogicalPlan::Window(w) => reads(&w.input, table)?,
            LogicalPlan::Sort(s) => reads(&s.input, table)?,
            LogicalPlan::Join(j) => match j.join_type {
                DfJoinType::Left
                | DfJoinType::LeftSemi
                | DfJoinType::LeftAnti
                | DfJoinType::LeftMark => reads(&j.right, table)?,
                DfJoinType::Right
                | DfJoinType::RightSemi
                | DfJoinType::RightAnti
                | DfJoinType::RightMark => reads(&j.left, table)?,
                DfJoinType::Full => reads(&j.left, table)? || reads(&j.right, table)?,
                DfJoinType::Inner => false,
            },
            _ => false,
        };
        Ok(if forbidden {
            TreeNodeRecursion::Stop
        } else {
            TreeNodeRecursion::Continue
        })
    })
    .map_err(from_datafusion)?;
    if forbidden {
        return Err(invalid_place());
    }
    Ok(())
}

/// Whether `plan` (or a subquery in it) reads the previous level.
fn reads(plan: &LogicalPlan, table: &str) -> datafusion::common::Result<bool> {
    let mut found = false;
    plan.apply_with_subqueries(|p| {
        found = matches!(p, LogicalPlan::TableScan(s) if s.table_name.table() == table);
        Ok(if found {
            TreeNodeRecursion::Stop
        } else {
            TreeNodeRecursion::Continue
        })
    })?;
    Ok(found)
}
