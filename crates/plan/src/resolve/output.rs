//! Projections that give columns Spark's names, and the final cast to Spark's Arrow types.
//!
//! Spark allows several output columns with one name (`select(a, a)`); DataFusion rejects two
//! unqualified fields with one name. Such columns get distinct internal qualifiers (`__dupN`,
//! never matched by user qualifiers), so the output names stay exactly Spark's.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use datafusion::common::TableReference;
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, Projection};
use sabot_common::Result;

use super::expressions::Named;
use super::names::column_at;
use crate::error::from_datafusion;
use crate::types::{arrow_to_spark, spark_to_arrow};

/// The field metadata of the outermost alias that has some (a renamed `TIME(p)` keeps its
/// precision).
fn alias_metadata(e: &DfExpr) -> Option<datafusion::logical_expr::expr::FieldMetadata> {
    match e {
        DfExpr::Alias(a) => a.metadata.clone().or_else(|| alias_metadata(&a.expr)),
        _ => None,
    }
}

/// Projects `items` over `input`, each output column named with its Spark name.
pub(crate) fn project(input: LogicalPlan, items: Vec<Named>) -> Result<LogicalPlan> {
    let mut metadata = Vec::with_capacity(items.len());
    let mut entries: Vec<(DfExpr, Option<TableReference>, String)> = items
        .into_iter()
        .map(|n| {
            // Field metadata given by `alias(..., metadata=...)` survives the renaming.
            metadata.push(alias_metadata(&n.expr));
            match &n.expr {
                DfExpr::Column(c) if c.name == n.name => {
                    let q = c.relation.clone();
                    (n.expr, q, n.name)
                }
                _ => (n.expr.unalias(), None, n.name),
            }
        })
        .collect();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (_, _, name)) in entries.iter().enumerate() {
        groups.entry(name.clone()).or_default().push(i);
    }
    let mut counter = 0usize;
    for indexes in groups.values().filter(|g| g.len() > 1) {
        let mut used: HashSet<TableReference> = HashSet::new();
        for i in indexes {
            let keep = match &entries[*i].1 {
                Some(q) => used.insert(q.clone()),
                None => false,
            };
            if !keep {
                counter += 1;
                let q = TableReference::bare(format!("__dup{counter}"));
                used.insert(q.clone());
                entries[*i].1 = Some(q);
            }
        }
    }
    let exprs = entries
        .into_iter()
        .zip(metadata)
        .map(|((e, q, name), m)| match &e {
            DfExpr::Column(c) if c.name == name && c.relation == q && m.is_none() => e,
            _ => e.alias_qualified_with_metadata(q, name, m),
        })
        .collect::<Vec<_>>();
    Projection::try_new(exprs, Arc::new(input))
        .map(LogicalPlan::Projection)
        .map_err(from_datafusion)
}

/// Casts columns whose Arrow type is not the one Spark uses for their Spark type (e.g.
/// `Utf8View` -> `Utf8`, `UInt64` -> `Decimal128(20, 0)`), keeping names and qualifiers.
pub(crate) fn with_spark_types(plan: LogicalPlan, time_zone: &str) -> Result<LogicalPlan> {
    cast_to_spark_types(plan, time_zone, false)
}

/// [`with_spark_types`], leaving `Utf8View` columns as they are (a view's definition).
pub(crate) fn with_spark_types_but_views(
    plan: LogicalPlan,
    time_zone: &str,
) -> Result<LogicalPlan> {
    cast_to_spark_types(plan, time_zone, true)
}

fn cast_to_spark_types(
    plan: LogicalPlan,
    time_zone: &str,
    keep_views: bool,
) -> Result<LogicalPlan> {
    let schema = Arc::clone(plan.schema());
    let mut changed = false;
    let mut exprs = Vec::with_capacity(schema.fields().len());
    for (i, (q, f)) in schema.iter().enumerate() {
        let target = spark_to_arrow(&arrow_to_spark(f.data_type())?, time_zone)?;
        let col = column_at(&schema, i);
        if &target == f.data_type()
            || (keep_views && f.data_type() == &datafusion::arrow::datatypes::DataType::Utf8View)
        {
            exprs.push(col);
        } else {
            changed = true;
            let cast = DfExpr::Cast(datafusion::logical_expr::Cast::new(Box::new(col), target));
            exprs.push(cast.alias_qualified(q.cloned(), f.name()));
        }
    }
    if !changed {
        return Ok(plan);
    }
    Projection::try_new(exprs, Arc::new(plan))
        .map(LogicalPlan::Projection)
        .map_err(from_datafusion)
}
