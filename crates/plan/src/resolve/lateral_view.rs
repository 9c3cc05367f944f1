//! SQL `LATERAL VIEW ... e [AS names]`: the generated columns are qualified by the view's name,
//! so `e.col` / `e.a` read them as in Spark; the input's columns keep their qualifiers.

use datafusion::common::TableReference;
use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder};
use sabot_common::Result;

use super::names::column_at;
use super::relations::builder_build;

/// `plan` with its columns from `width` on qualified by `qualifier`.
pub(super) fn qualify_generated(
    plan: LogicalPlan,
    width: usize,
    qualifier: &str,
) -> Result<LogicalPlan> {
    let schema = std::sync::Arc::clone(plan.schema());
    let exprs: Vec<_> = (0..schema.fields().len())
        .map(|i| {
            let c = column_at(&schema, i);
            if i < width {
                c
            } else {
                let name = schema.field(i).name().clone();
                c.alias_qualified(Some(TableReference::bare(qualifier)), name)
            }
        })
        .collect();
    builder_build(LogicalPlanBuilder::from(plan).project(exprs))
}
