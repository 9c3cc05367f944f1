//! What Spark's `CatalogTable` of a temporary view records beyond its plan, for `DESCRIBE ...
//! AS JSON`: when it was made and, for one made by SQL (`CREATE TEMP VIEW ... AS`), its text,
//! the database it was made in and its query's column names. A DataFrame's temp view
//! (`createOrReplaceTempView`) has none of these, as in Spark.

use std::collections::BTreeMap;

use sabot_common::Result;

use super::now_ms;
use crate::session::{Session, lock};

#[derive(Debug, Clone)]
pub struct TempViewInfo {
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    pub sql: Option<SqlView>,
}

/// A view made by SQL.
#[derive(Debug, Clone)]
pub struct SqlView {
    pub text: String,
    /// The current database when it was made.
    pub database: String,
    /// Its query's column names (before a column list renames them).
    pub query_columns: Vec<String>,
}

/// Records a temp view (global when `global`) just (re)made.
pub fn note(session: &Session, name: &str, global: bool, sql: Option<SqlView>) -> Result<()> {
    let info = TempViewInfo {
        created_ms: now_ms(),
        sql,
    };
    map(session, global, |m| {
        m.insert(name.to_lowercase(), info);
    })
}

/// A temp view's record; a view registered without one (a test harness's) reads as made now by
/// a DataFrame.
pub fn get(session: &Session, name: &str, global: bool) -> Result<TempViewInfo> {
    let mut found = None;
    map(session, global, |m| {
        found = m.get(&name.to_lowercase()).cloned()
    })?;
    Ok(found.unwrap_or(TempViewInfo {
        created_ms: now_ms(),
        sql: None,
    }))
}

fn map(
    session: &Session,
    global: bool,
    f: impl FnOnce(&mut BTreeMap<String, TempViewInfo>),
) -> Result<()> {
    if global {
        f(&mut *lock(&session.catalog.state.global_view_info)?);
    } else {
        f(&mut *lock(&session.catalog.temp_view_info)?);
    }
    Ok(())
}
