//! The implicit columns of SQL `PIVOT` and `UNPIVOT` (Spark's `Analyzer.ResolvePivot` without
//! `groupByExprsOpt`, `ResolveUnpivot` without ids): a single `*` as the grouping / id list
//! stands for every input column the clause does not otherwise use.

use datafusion::common::{Column, DFSchema};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::spec::Expr;

use super::expressions::Named;
use super::names::column_at;

/// Whether `exprs` is the single unqualified `*` marker the SQL parser gives.
pub(super) fn is_implicit(exprs: &[Expr]) -> bool {
    matches!(
        exprs,
        [Expr::Star {
            target: None,
            plan_id: None
        }]
    )
}

/// The input columns that none of `used` refers to, as named columns.
pub(super) fn unused_columns(schema: &DFSchema, used: &[&DfExpr]) -> Vec<Named> {
    let refs: Vec<&Column> = used.iter().flat_map(|e| e.column_refs()).collect();
    (0..schema.fields().len())
        .filter_map(|i| {
            let c = column_at(schema, i);
            let DfExpr::Column(col) = &c else {
                return None;
            };
            if refs.contains(&col) {
                return None;
            }
            let name = schema.field(i).name().clone();
            Some(Named::new(c, name))
        })
        .collect()
}
