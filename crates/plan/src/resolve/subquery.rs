//! Subquery expressions (`df.scalar()`, `df.exists()`, `col.isin(df)`), as Spark's
//! `ScalarSubquery`, `Exists` and `InSubquery`: the relation is resolved before the expressions
//! that use it, with the enclosing query's input in scope so that names the subquery cannot
//! resolve itself become outer references (correlation); DataFusion decorrelates them.

use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{DFSchema, DFSchemaRef, Spans};
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::logical_expr::expr::{Exists, InSubquery};
use datafusion::logical_expr::{
    Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, Projection, Subquery, col, lit,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, Plan, SubqueryKind};
use sabot_common::{Result, SparkError};

use super::Resolver;
use super::expressions::{Named, Scope};
use crate::error::from_datafusion;

/// The key of a subquery's relation: its address in the spec tree, which stays borrowed (and
/// so in place) for the whole resolution.
pub(crate) fn key(plan: &Plan) -> usize {
    plan as *const Plan as usize
}

/// The subquery relations used by `e`.
fn collect<'e>(e: &'e Expr, out: &mut Vec<&'e Plan>) {
    match e {
        Expr::Subquery { plan, kind } => {
            out.push(plan);
            if let SubqueryKind::In(values) | SubqueryKind::NotIn(values) = kind {
                values.iter().for_each(|v| collect(v, out));
            }
        }
        Expr::Alias { expr, .. } | Expr::Cast { expr, .. } => collect(expr, out),
        Expr::Function { args, filter, .. } => {
            args.iter().for_each(|a| collect(a, out));
            if let Some(f) = filter {
                collect(f, out);
            }
        }
        Expr::ExtractValue { child, extraction } => {
            collect(child, out);
            collect(extraction, out);
        }
        Expr::Window {
            function,
            partition_by,
            order_by,
            ..
        } => {
            collect(function, out);
            partition_by.iter().for_each(|p| collect(p, out));
            order_by.iter().for_each(|o| collect(&o.expr, out));
        }
        Expr::SortOrder(o) => collect(&o.expr, out),
        Expr::Lambda { body, .. } => collect(body, out),
        Expr::UpdateFields { struct_expr, ops } => {
            collect(struct_expr, out);
            for op in ops {
                if let sabot_common::spec::FieldOp::With { value, .. } = op {
                    collect(value, out);
                }
            }
        }
        Expr::NamedArgument { value, .. } => collect(value, out),
        Expr::Literal(_)
        | Expr::Column { .. }
        | Expr::Star { .. }
        | Expr::LambdaVariable(_)
        | Expr::Regex { .. } => {}
    }
}

impl Resolver<'_> {
    /// Resolves the subqueries of `exprs` with `outer` (their enclosing input) in scope.
    pub(super) async fn prepare_subqueries<'e>(
        &mut self,
        exprs: impl IntoIterator<Item = &'e Expr>,
        outer: &DFSchemaRef,
    ) -> Result<()> {
        let mut plans = Vec::new();
        for e in exprs {
            collect(e, &mut plans);
        }
        for p in plans {
            if self.subqueries.contains_key(&key(p)) {
                continue;
            }
            self.outer_schemas.push(Arc::clone(outer));
            let resolved = self.resolve(p).await;
            self.outer_schemas.pop();
            self.subqueries.insert(key(p), resolved?);
        }
        Ok(())
    }
}

/// A subquery expression over its pre-resolved relation.
pub(crate) fn resolve_subquery(
    scope: &Scope<'_>,
    plan: &Plan,
    kind: &SubqueryKind,
) -> Result<Named> {
    let Some(resolved) = scope.subqueries.and_then(|m| m.get(&key(plan))) else {
        return Err(SparkError::unsupported(
            "a subquery expression in this position",
        ));
    };
    let resolved = match kind {
        SubqueryKind::Scalar => nullable_output(resolved)?,
        _ => resolved.clone(),
    };
    let resolved = &resolved;
    let subquery = Subquery {
        subquery: Arc::new(resolved.clone()),
        outer_ref_columns: resolved.all_out_ref_exprs(),
        spans: Spans::new(),
    };
    let width = resolved.schema().fields().len();
    match kind {
        SubqueryKind::Scalar => {
            super::correlation::check_decorrelatable(resolved)?;
            if width != 1 {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
                    "42823",
                    format!(
                        "Invalid subquery: Scalar subquery must return only one column, but got {width}."
                    ),
                )
                .param("number", width.to_string()));
            }
            Ok(Named::new(
                DfExpr::ScalarSubquery(subquery),
                "scalarsubquery()",
            ))
        }
        SubqueryKind::Exists => {
            super::correlation::check_in_subquery(resolved)?;
            Ok(Named::new(
                DfExpr::Exists(Exists::new(subquery, false)),
                "exists()",
            ))
        }
        SubqueryKind::In(values) | SubqueryKind::NotIn(values) => {
            if width != values.len() {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH",
                    "42K09",
                    format!(
                        "The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery. Left hand side columns(length: {}), right hand side columns(length: {width}).",
                        values.len()
                    ),
                ));
            }
            let negated = matches!(kind, SubqueryKind::NotIn(_));
            super::correlation::check_in_subquery(resolved)?;
            let [value] = values.as_slice() else {
                return super::in_subquery::several_values(scope, resolved, values, negated);
            };
            let value = scope.resolve(value)?;
            let name = format!("({} IN (listquery()))", value.name);
            Ok(Named::new(
                DfExpr::InSubquery(InSubquery::new(
                    Box::new(value.expr.unalias()),
                    subquery,
                    negated,
                )),
                name,
            ))
        }
    }
}

/// `plan` with nullable output columns: Spark's `ScalarSubquery` is always nullable (no row
/// gives NULL, even for `count(*)` under a HAVING), and DataFusion takes a scalar subquery's
/// nullability from its column.
fn nullable_output(plan: &LogicalPlan) -> Result<LogicalPlan> {
    let schema = plan.schema();
    if schema.fields().iter().all(|f| f.is_nullable()) {
        return Ok(plan.clone());
    }
    let fields = schema
        .iter()
        .map(|(q, f)| (q.cloned(), Arc::new(f.as_ref().clone().with_nullable(true))))
        .collect::<Vec<_>>();
    let nullable =
        DFSchema::new_with_metadata(fields, schema.metadata().clone()).map_err(from_datafusion)?;
    let exprs = schema
        .iter()
        .map(|(q, f)| DfExpr::Column(datafusion::common::Column::new(q.cloned(), f.name())))
        .collect();
    Projection::try_new_with_schema(exprs, Arc::new(plan.clone()), Arc::new(nullable))
        .map(LogicalPlan::Projection)
        .map_err(from_datafusion)
}

/// `expr` with its columns turned into references to the enclosing query's input `outer`.
pub(crate) fn to_outer_reference(expr: DfExpr, outer: &DFSchema) -> Result<DfExpr> {
    expr.transform_up(|e| match e {
        DfExpr::Column(c) => {
            let (_, field) = outer.qualified_field_from_column(&c)?;
            Ok(Transformed::yes(DfExpr::OuterReferenceColumn(
                Arc::clone(field),
                c,
            )))
        }
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
    .map_err(from_datafusion)
}

/// `EXISTS (...)` outside a filter: DataFusion runs it only as a filter, so it becomes the
/// scalar subquery `(SELECT count(*) > 0 FROM ...)`, which DataFusion decorrelates too.
pub(crate) fn exists_as_scalar(expr: DfExpr) -> Result<DfExpr> {
    expr.transform_up(|e| match e {
        DfExpr::Exists(Exists { subquery, negated }) => {
            let counted = LogicalPlanBuilder::from(subquery.subquery.as_ref().clone())
                .aggregate(Vec::<DfExpr>::new(), vec![count(lit(1i32)).alias("__n")])?
                .project(vec![col("__n").gt(lit(0i64)).alias("__exists")])?
                .build()?;
            super::correlation::check_decorrelatable(&counted)
                .map_err(|e| datafusion::error::DataFusionError::External(Box::new(e)))?;
            let scalar = DfExpr::ScalarSubquery(Subquery {
                subquery: Arc::new(counted),
                outer_ref_columns: subquery.outer_ref_columns,
                spans: Spans::new(),
            });
            Ok(Transformed::yes(if negated { !scalar } else { scalar }))
        }
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
    .map_err(from_datafusion)
}
