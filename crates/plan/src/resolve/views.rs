//! Temporary views: DataFusion views registered under the lower-cased name (Spark's temp view
//! names are case-insensitive).

use std::sync::Arc;

use datafusion::catalog::view::ViewTable;
use datafusion::common::TableReference;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::SessionContext;
use sabot_common::error::{ExceptionKind, quote_identifier};
use sabot_common::{Result, SparkError};

use crate::error::from_datafusion;

/// Registers (or, with `replace`, replaces) a temporary view in the session.
pub fn register_temp_view(
    ctx: &SessionContext,
    name: &str,
    plan: LogicalPlan,
    replace: bool,
) -> Result<()> {
    let lower = name.to_lowercase();
    let table_ref = TableReference::bare(lower.as_str());
    let exists = ctx
        .table_exist(table_ref.clone())
        .map_err(from_datafusion)?;
    if exists {
        if !replace {
            let quoted = quote_identifier(name);
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
                "42P07",
                format!(
                    "Cannot create the temporary view {quoted} because it already exists.\nChoose a different name, drop or replace the existing view."
                ),
            )
            .param("relationName", quoted));
        }
        ctx.deregister_table(table_ref.clone())
            .map_err(from_datafusion)?;
    }
    ctx.register_table(table_ref, Arc::new(ViewTable::new(plan, None)))
        .map_err(from_datafusion)?;
    Ok(())
}
