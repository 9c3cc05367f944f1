//! What a table name in a command refers to: a session temp view, a global temp view, or a
//! catalog record; and the session's temp views (DataFusion tables of the session context).

use std::sync::Arc;

use datafusion::common::TableReference;
use datafusion::logical_expr::LogicalPlan;
use sabot_catalog::TableMeta;
use sabot_catalog::errors::table_not_found;
use sabot_common::Result;

use super::names::{TableName, table_name};
use crate::session::{Session, lock};

/// The object a name refers to.
pub enum Target {
    /// A temp view of this session (lower-cased name).
    TempView(String),
    /// A global temp view (lower-cased name).
    GlobalTemp(String),
    Table(Box<TableMeta>),
}

/// The names of this session's temp views, sorted.
pub fn temp_view_names(session: &Session) -> Vec<String> {
    let state = session.ctx.state();
    let opts = &state.config().options().catalog;
    let mut names = session
        .ctx
        .catalog(&opts.default_catalog)
        .and_then(|c| c.schema(&opts.default_schema))
        .map(|s| s.table_names())
        .unwrap_or_default();
    names.sort();
    names
}

/// Whether this session has the temp view `name` (lower-cased).
pub fn has_temp_view(session: &Session, name: &str) -> bool {
    session
        .ctx
        .table_exist(TableReference::bare(name))
        .unwrap_or(false)
}

/// Drops a temp view; whether it existed.
pub fn drop_temp_view(session: &Session, name: &str) -> Result<bool> {
    let lower = name.to_lowercase();
    if !has_temp_view(session, &lower) {
        return Ok(false);
    }
    session
        .ctx
        .deregister_table(TableReference::bare(lower.as_str()))
        .map_err(sabot_plan::from_datafusion)?;
    Ok(true)
}

/// Drops a global temp view; whether it existed.
pub fn drop_global_temp_view(session: &Session, name: &str) -> Result<bool> {
    Ok(lock(&session.catalog.state.global_views)?
        .remove(&name.to_lowercase())
        .is_some())
}

/// Registers a global temp view.
pub fn put_global_temp_view(
    session: &Session,
    name: &str,
    plan: LogicalPlan,
    replace: bool,
) -> Result<()> {
    let mut views = lock(&session.catalog.state.global_views)?;
    let lower = name.to_lowercase();
    if views.contains_key(&lower) && !replace {
        let quoted =
            sabot_catalog::errors::quote_parts(&[sabot_catalog::GLOBAL_TEMP_DATABASE, name]);
        return Err(sabot_common::SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
            "42P07",
            format!("Cannot create the temporary view {quoted} because it already exists.\nChoose a different name, drop or replace the existing view."),
        )
        .param("relationName", quoted));
    }
    views.insert(lower, plan);
    Ok(())
}

/// The qualified name of `parts` in the session's current database.
pub fn qualify(session: &Session, parts: &[String]) -> Result<TableName> {
    table_name(parts, &session.catalog.current_database()?)
}

/// What `parts` names, or `None`.
pub fn find(session: &Arc<Session>, parts: &[String]) -> Result<Option<Target>> {
    let n = qualify(session, parts)?;
    if n.bare && has_temp_view(session, &n.table) {
        return Ok(Some(Target::TempView(n.table)));
    }
    if n.is_global_temp() {
        let exists = lock(&session.catalog.state.global_views)?.contains_key(&n.table);
        return Ok(exists.then_some(Target::GlobalTemp(n.table)));
    }
    let store = session.catalog.state.store()?;
    Ok(store
        .get_table(&n.database, &n.table)?
        .map(|m| Target::Table(Box::new(m))))
}

/// What `parts` names, or `TABLE_OR_VIEW_NOT_FOUND`.
pub fn get(session: &Arc<Session>, parts: &[String]) -> Result<Target> {
    find(session, parts)?.ok_or_else(|| not_found(parts))
}

/// `TABLE_OR_VIEW_NOT_FOUND` for a name as written.
pub fn not_found(parts: &[String]) -> sabot_common::SparkError {
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    table_not_found(&refs)
}

/// A catalog table (not a view of any kind), or Spark's error.
pub fn get_catalog_table(session: &Arc<Session>, parts: &[String]) -> Result<TableMeta> {
    match get(session, parts)? {
        Target::Table(meta) => Ok(*meta),
        _ => Err(sabot_common::SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE",
            "42809",
            format!(
                "'this command' expects a table. {} is a view.",
                parts.join(".")
            ),
        )
        .param("viewName", parts.join("."))
        .param("operation", "this command")),
    }
}
