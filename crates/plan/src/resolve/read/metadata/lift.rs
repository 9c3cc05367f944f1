//! Replaces the placeholders of a resolved plan (see the module docs): the file scans below a
//! placeholder get the hidden columns ([`FileMetaTable`]), which pass up through the operators
//! that keep their input's rows (projections, filters, sorts, limits, aliases, joins, windows,
//! repartitions), as Spark's input-file functions see the file of the task's current row. An
//! aggregate, a distinct or a set operation ends that: above it the functions answer "" and -1.
//! Hidden columns never reach an operator that did not ask for them.

use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, DFSchema};
use datafusion::datasource::{provider_as_source, source_as_provider};
use datafusion::functions::core::expr_fn::get_field;
use datafusion::logical_expr::{
    Expr as DfExpr, LogicalPlan, Projection, TableScan, TableScanBuilder, lit,
};
use sabot_common::Result;

use super::placeholder::{Kind, kind_of};
use super::table::{FileMetaTable, META_COLUMN, NAME_COLUMN};
use crate::error::from_datafusion;

/// `plan` with its input-file placeholders replaced.
pub(crate) fn apply(plan: LogicalPlan, time_zone: &str) -> Result<LogicalPlan> {
    if !subtree_has(&plan) {
        return Ok(plan);
    }
    lift(plan, false, time_zone)
}

fn has_placeholder(e: &DfExpr) -> bool {
    e.exists(|x| Ok(kind_of(x).is_some())).unwrap_or(false)
}

fn own(plan: &LogicalPlan) -> bool {
    let mut found = false;
    let _ = plan.apply_expressions(|e| {
        found = has_placeholder(e);
        Ok(if found {
            TreeNodeRecursion::Stop
        } else {
            TreeNodeRecursion::Continue
        })
    });
    found
}

fn subtree_has(plan: &LogicalPlan) -> bool {
    plan.exists(|n| Ok(own(n))).unwrap_or(false)
}

/// Operators whose output keeps every input column of a row.
fn passes_through(plan: &LogicalPlan) -> bool {
    // The user's range repartitions and the adaptive read of a shuffle without a count.
    if let LogicalPlan::Extension(e) = plan {
        let node = e.node.as_any();
        return node.is::<crate::exchange::AdaptiveCoalesceNode>()
            || node
                .downcast_ref::<crate::range_partition::RangeRepartitionNode>()
                .is_some_and(|r| r.tag.is_none());
    }
    matches!(
        plan,
        LogicalPlan::Projection(_)
            | LogicalPlan::Filter(_)
            | LogicalPlan::Sort(_)
            | LogicalPlan::Limit(_)
            | LogicalPlan::SubqueryAlias(_)
            | LogicalPlan::Repartition(_)
            | LogicalPlan::Join(_)
            | LogicalPlan::Window(_)
    )
}

/// `plan` rewritten; with `want`, its output carries the hidden columns of the scans below.
fn lift(plan: LogicalPlan, want: bool, time_zone: &str) -> Result<LogicalPlan> {
    if !want && !subtree_has(&plan) {
        return Ok(plan);
    }
    if let LogicalPlan::TableScan(scan) = &plan {
        return match want.then(|| with_hidden(scan, time_zone)).transpose()? {
            Some(Some(s)) => Ok(s),
            _ => Ok(plan),
        };
    }
    let child_want = own(&plan) || (want && passes_through(&plan));
    let inputs = plan
        .inputs()
        .into_iter()
        .map(|c| lift(c.clone(), child_want, time_zone))
        .collect::<Result<Vec<_>>>()?;
    let hidden = Hidden::of(inputs.iter().map(|i| i.schema().as_ref()));
    let rebuilt = match plan {
        LogicalPlan::Projection(p) => {
            let input = inputs
                .into_iter()
                .next()
                .unwrap_or_else(|| (*p.input).clone());
            let mut exprs = p
                .expr
                .iter()
                .map(|e| hidden.replace(e, input.schema(), true))
                .collect::<Result<Vec<_>>>()?;
            if want {
                exprs.extend(hidden.columns());
            }
            LogicalPlan::Projection(
                Projection::try_new(exprs, Arc::new(input)).map_err(from_datafusion)?,
            )
        }
        other => {
            let schema = Arc::clone(other.schema());
            // Operators that name their output after their expressions keep those names.
            let named = matches!(other, LogicalPlan::Aggregate(_) | LogicalPlan::Window(_));
            let exprs = other
                .expressions()
                .iter()
                .map(|e| hidden.replace(e, &schema, named))
                .collect::<Result<Vec<_>>>()?;
            other
                .with_new_exprs(exprs, inputs)
                .map_err(from_datafusion)?
        }
    };
    if want { Ok(rebuilt) } else { strip(rebuilt) }
}

/// A scan of a reader's table, with the hidden columns.
fn with_hidden(scan: &TableScan, time_zone: &str) -> Result<Option<LogicalPlan>> {
    let Ok(provider) = source_as_provider(&scan.source) else {
        return Ok(None);
    };
    let Some(table) = FileMetaTable::wrap(provider, time_zone) else {
        return Ok(None);
    };
    let n = scan.source.schema().fields().len();
    let projection = scan.projection.clone().map(|mut p| {
        p.extend([n, n + 1]);
        p
    });
    TableScanBuilder::new(scan.table_name.clone(), provider_as_source(Arc::new(table)))
        .with_projection(projection)
        .with_filters(scan.filters.clone())
        .with_fetch(scan.fetch)
        .build()
        .map(|s| Some(LogicalPlan::TableScan(s)))
        .map_err(from_datafusion)
}

/// The hidden columns an operator's inputs carry (the first of each).
struct Hidden {
    meta: Option<Column>,
    name: Option<Column>,
}

impl Hidden {
    fn of<'a>(schemas: impl Iterator<Item = &'a DFSchema>) -> Self {
        let mut out = Hidden {
            meta: None,
            name: None,
        };
        for schema in schemas {
            for (q, f) in schema.iter() {
                let c = || Column::new(q.cloned(), f.name());
                if f.name() == META_COLUMN && out.meta.is_none() {
                    out.meta = Some(c());
                } else if f.name() == NAME_COLUMN && out.name.is_none() {
                    out.name = Some(c());
                }
            }
        }
        out
    }

    fn columns(&self) -> Vec<DfExpr> {
        self.meta
            .iter()
            .chain(&self.name)
            .map(|c| DfExpr::Column(c.clone()))
            .collect()
    }

    /// `e` with its placeholders replaced (`schema`: the operator's input, for errors), under
    /// its old name with `keep_name`.
    fn replace(&self, e: &DfExpr, schema: &DFSchema, keep_name: bool) -> Result<DfExpr> {
        if !has_placeholder(e) {
            return Ok(e.clone());
        }
        if self.meta.is_none()
            && e.exists(|x| Ok(kind_of(x) == Some(Kind::Metadata)))
                .unwrap_or(false)
        {
            return Err(super::super::super::names::unresolved(
                &["_metadata".to_string()],
                schema,
            ));
        }
        let block = |field: &str, meta: &Option<Column>| match meta {
            Some(c) => get_field(DfExpr::Column(c.clone()), field),
            None => lit(-1i64),
        };
        let name = e.schema_name().to_string();
        let replaced = e
            .clone()
            .transform_up(|x| {
                Ok(match kind_of(&x) {
                    None => Transformed::no(x),
                    Some(Kind::Name) => Transformed::yes(match &self.name {
                        Some(c) => DfExpr::Column(c.clone()),
                        None => lit(""),
                    }),
                    Some(Kind::BlockStart) => {
                        Transformed::yes(block("file_block_start", &self.meta))
                    }
                    Some(Kind::BlockLength) => {
                        Transformed::yes(block("file_block_length", &self.meta))
                    }
                    Some(Kind::Metadata) => Transformed::yes(match &self.meta {
                        Some(c) => DfExpr::Column(c.clone()),
                        None => lit(""),
                    }),
                })
            })
            .map(|t| t.data)
            .map_err(from_datafusion)?;
        Ok(if keep_name {
            replaced.alias_if_changed(name).map_err(from_datafusion)?
        } else {
            replaced
        })
    }
}

/// `plan` without the hidden columns, when it has them.
fn strip(plan: LogicalPlan) -> Result<LogicalPlan> {
    let schema = Arc::clone(plan.schema());
    let hidden = |name: &str| name == META_COLUMN || name == NAME_COLUMN;
    if !schema.iter().any(|(_, f)| hidden(f.name())) {
        return Ok(plan);
    }
    let exprs = schema
        .iter()
        .filter(|(_, f)| !hidden(f.name()))
        .map(|(q, f)| DfExpr::Column(Column::new(q.cloned(), f.name())))
        .collect();
    Projection::try_new(exprs, Arc::new(plan))
        .map(LogicalPlan::Projection)
        .map_err(from_datafusion)
}
