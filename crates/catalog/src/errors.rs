//! Spark's catalog errors (`QueryCompilationErrors`), with Spark's classes, states and messages.

use sabot_common::SparkError;
use sabot_common::error::{ExceptionKind, quote_identifier};

/// `` `a`.`b` `` from name parts.
pub fn quote_parts(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| quote_identifier(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// `SCHEMA_NOT_FOUND` for `spark_catalog.db`.
pub fn schema_not_found(db: &str) -> SparkError {
    let name = quote_parts(&[crate::CATALOG_NAME, db]);
    SparkError::with_class(
        ExceptionKind::Analysis,
        "SCHEMA_NOT_FOUND",
        "42704",
        format!(
            "The schema {name} cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a catalog, verify the current_schema() output, or qualify the name with the correct catalog.\nTo tolerate the error on drop use DROP SCHEMA IF EXISTS."
        ),
    )
    .param("schemaName", name)
}

/// `SCHEMA_ALREADY_EXISTS`.
pub fn schema_already_exists(db: &str) -> SparkError {
    let name = quote_identifier(db);
    SparkError::with_class(
        ExceptionKind::Analysis,
        "SCHEMA_ALREADY_EXISTS",
        "42P06",
        format!(
            "Cannot create schema {name} because it already exists.\nChoose a different name, drop the existing schema, or add the IF NOT EXISTS clause to tolerate pre-existing schema."
        ),
    )
    .param("schemaName", name)
}

/// `SCHEMA_NOT_EMPTY`.
pub fn schema_not_empty(db: &str) -> SparkError {
    let name = quote_identifier(db);
    SparkError::with_class(
        ExceptionKind::Analysis,
        "SCHEMA_NOT_EMPTY",
        "2BP01",
        format!(
            "Cannot drop a schema {name} because it contains objects.\nUse DROP SCHEMA ... CASCADE to drop the schema and all its objects."
        ),
    )
    .param("schemaName", name)
}

/// `TABLE_OR_VIEW_ALREADY_EXISTS` for `spark_catalog.db.table`.
pub fn table_already_exists(db: &str, table: &str) -> SparkError {
    let name = quote_parts(&[crate::CATALOG_NAME, db, table]);
    SparkError::with_class(
        ExceptionKind::Analysis,
        "TABLE_OR_VIEW_ALREADY_EXISTS",
        "42P07",
        format!(
            "Cannot create table or view {name} because it already exists.\nChoose a different name, drop or replace the existing object, or add the IF NOT EXISTS clause to tolerate pre-existing objects."
        ),
    )
    .param("relationName", name)
}

/// `TABLE_OR_VIEW_NOT_FOUND` for a name as the user wrote it (parts).
pub fn table_not_found(parts: &[&str]) -> SparkError {
    let name = quote_parts(parts);
    SparkError::with_class(
        ExceptionKind::Analysis,
        "TABLE_OR_VIEW_NOT_FOUND",
        "42P01",
        format!(
            "The table or view {name} cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS."
        ),
    )
    .param("relationName", name)
}

/// A failure of the metastore itself (I/O, corruption).
pub fn store_error(e: impl std::fmt::Display) -> SparkError {
    SparkError::internal(format!("metastore: {e}"))
}
