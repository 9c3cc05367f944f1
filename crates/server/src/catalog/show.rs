//! `SHOW ...` statements (and dispatch of `DESCRIBE ...` to [`super::describe`]), with Spark's
//! result columns (`ShowTablesCommand`, `ShowViewsCommand`, `ShowNamespacesExec`...).

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use sabot_catalog::{GLOBAL_TEMP_DATABASE, TableKind};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::CatalogCommand;
use sabot_common::{Result, SparkError};

use super::names::{database_name, matches_pattern};
use super::out::{Col, batch, string_rows};
use super::tables::{self, Target};
use super::{describe, describe_more};
use crate::session::{Session, lock};

/// Runs a `SHOW`/`DESCRIBE` statement.
pub async fn run(session: &Arc<Session>, cmd: CatalogCommand) -> Result<RecordBatch> {
    match cmd {
        CatalogCommand::ShowDatabases { pattern } => {
            let dbs = session.catalog.state.store()?.list_databases()?;
            let names: Vec<Option<String>> = dbs
                .into_iter()
                .map(|d| d.name)
                .filter(|n| matches_pattern(n, pattern.as_deref()))
                .map(Some)
                .collect();
            batch(vec![Col::Str("namespace", false, names)])
        }
        CatalogCommand::ShowTables { database, pattern } => {
            let rows = list_relations(session, database.as_deref(), pattern.as_deref(), false)?;
            relations_batch("tableName", rows)
        }
        CatalogCommand::ShowViews { database, pattern } => {
            let rows = list_relations(session, database.as_deref(), pattern.as_deref(), true)?;
            relations_batch("viewName", rows)
        }
        CatalogCommand::ShowColumns { table, database } => {
            let parts = match database {
                Some(db) => {
                    let mut p = db;
                    p.push(table.last().cloned().unwrap_or_default());
                    p
                }
                None => table,
            };
            let cols = describe::columns_of(session, &parts).await?;
            batch(vec![Col::Str(
                "col_name",
                false,
                cols.into_iter().map(|c| Some(c.name)).collect(),
            )])
        }
        CatalogCommand::ShowFunctions { pattern } => {
            let names: Vec<Option<String>> = sabot_functions::names()
                .into_iter()
                .filter(|n| !sabot_functions::is_unsupported(n))
                .filter(|n| matches_pattern(n, pattern.as_deref()))
                .map(|n| Some(n.to_string()))
                .collect();
            batch(vec![Col::Str("function", false, names)])
        }
        CatalogCommand::ShowTblProperties { table, key } => {
            let meta = match tables::get(session, &table)? {
                Target::Table(meta) => meta,
                _ => return string_rows(&[("key", false), ("value", false)], vec![]),
            };
            let rows = match key {
                Some(k) => {
                    let value = meta.properties.get(&k).cloned().unwrap_or_else(|| {
                        format!(
                            "Table {} does not have property: {k}",
                            meta.qualified_name()
                        )
                    });
                    vec![vec![Some(k), Some(value)]]
                }
                None => meta
                    .properties
                    .iter()
                    .map(|(k, v)| vec![Some(k.clone()), Some(v.clone())])
                    .collect(),
            };
            string_rows(&[("key", false), ("value", false)], rows)
        }
        CatalogCommand::ShowPartitions { table } => {
            let meta = tables::get_catalog_table(session, &table)?;
            let partitions = describe::partitions(&session.ctx, &meta).await?;
            batch(vec![Col::Str(
                "partition",
                false,
                partitions.into_iter().map(Some).collect(),
            )])
        }
        CatalogCommand::ShowCreateTable { table } => describe::show_create_table(session, &table),
        CatalogCommand::DescribeDatabase { name, extended } => {
            describe::describe_database(session, &database_name(&name)?, extended)
        }
        CatalogCommand::DescribeTable { table, extended } => {
            describe::describe_table(session, &table, extended).await
        }
        CatalogCommand::DescribeTableJson { table } => {
            super::describe_json::describe_table_json(session, &table).await
        }
        CatalogCommand::DescribeFunction { name, extended } => {
            describe::describe_function(&name, extended)
        }
        CatalogCommand::DescribeQuery { query } => describe::describe_query(session, &query).await,
        CatalogCommand::ShowTableExtended {
            database,
            pattern,
            partition,
        } if !partition.is_empty() => {
            describe_more::show_table_partition(session, database.as_deref(), &pattern, &partition)
                .await
        }
        CatalogCommand::ShowTableExtended {
            database, pattern, ..
        } => describe_more::show_table_extended(session, database.as_deref(), &pattern).await,
        CatalogCommand::DescribeColumn {
            table,
            column,
            extended,
        } => describe_more::describe_column(session, &table, &column, extended).await,
        CatalogCommand::InsertReplaceWhere { table } => {
            super::replace_where::insert_replace_where(session, &table)
        }
        CatalogCommand::DescribePartition {
            table,
            partition,
            extended,
        } => describe_more::describe_partition(session, &table, &partition, extended).await,
        other => Err(SparkError::internal(format!(
            "not a SHOW/DESCRIBE statement: {other:?}"
        ))),
    }
}

/// One row of `SHOW TABLES`/`SHOW VIEWS`: namespace, name, whether temporary.
pub type RelationRow = (String, String, bool);

/// The tables (or only views) of a database, then the session's temp views (Spark lists them
/// with every database; `global_temp` lists the global temp views first).
pub fn list_relations(
    session: &Arc<Session>,
    database: Option<&[String]>,
    pattern: Option<&str>,
    views_only: bool,
) -> Result<Vec<RelationRow>> {
    let db = match database {
        Some(parts) => database_name(parts)?,
        None => session.catalog.current_database()?,
    };
    let mut rows = Vec::new();
    if db == GLOBAL_TEMP_DATABASE {
        for name in lock(&session.catalog.state.global_views)?.keys() {
            rows.push((GLOBAL_TEMP_DATABASE.to_string(), name.clone(), true));
        }
    } else {
        for t in session.catalog.state.store()?.list_tables(&db)? {
            if !views_only || t.kind == TableKind::View {
                rows.push((t.database, t.name, false));
            }
        }
    }
    for name in tables::temp_view_names(session) {
        rows.push((String::new(), name, true));
    }
    rows.retain(|(_, name, _)| matches_pattern(name, pattern));
    Ok(rows)
}

fn relations_batch(name_col: &'static str, rows: Vec<RelationRow>) -> Result<RecordBatch> {
    batch(vec![
        Col::Str(
            "namespace",
            false,
            rows.iter().map(|r| Some(r.0.clone())).collect(),
        ),
        Col::Str(
            name_col,
            false,
            rows.iter().map(|r| Some(r.1.clone())).collect(),
        ),
        Col::Bool(
            "isTemporary",
            false,
            rows.iter().map(|r| Some(r.2)).collect(),
        ),
    ])
}

/// `INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY`.
pub fn not_partitioned(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY",
        "42601",
        format!("The partition command is invalid. Table {name} is not partitioned."),
    )
    .param("name", name.to_string())
}
