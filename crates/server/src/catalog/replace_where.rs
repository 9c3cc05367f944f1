//! `INSERT INTO t REPLACE WHERE cond query`: the session catalog's (V1) tables do not support
//! it, so Spark 4.3 answers `UNSUPPORTED_FEATURE.TABLE_OPERATION` for an existing table.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::assign::quoted_table;
use super::tables;
use crate::session::Session;

/// Fails as Spark does: the table must exist, then the operation is unsupported.
pub fn insert_replace_where(session: &Arc<Session>, table: &[String]) -> Result<RecordBatch> {
    let meta = tables::get_catalog_table(session, table)?;
    let name = quoted_table(&meta);
    Err(SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_FEATURE.TABLE_OPERATION",
        "0A000",
        format!(
            "The feature is not supported: Table {name} does not support INSERT INTO ... REPLACE \
             WHERE. Please check the current catalog and namespace to make sure the qualified \
             table name is expected, and also check the catalog implementation which is \
             configured by \"spark.sql.catalog\"."
        ),
    )
    .param("tableName", name)
    .param("operation", "INSERT INTO ... REPLACE WHERE"))
}
