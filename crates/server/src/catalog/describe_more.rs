//! `SHOW TABLE EXTENDED`, `DESCRIBE table column` and `DESCRIBE table PARTITION (...)`, with
//! Spark's rows (`ShowTablesCommand` with `isExtended`, `DescribeColumnCommand`,
//! `DescribeTableCommand.describePartitionInfo`).

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use sabot_catalog::{CATALOG_NAME, TableKind, TableMeta};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{DataType, Literal};
use sabot_common::{Result, SparkError};
use sabot_plan::write::escape::partition_dir;

use super::assign::{quoted_table, table_columns};
use super::describe::{self, DESCRIBE_COLUMNS, column_rows, columns_of, info, java_date};
use super::lookup::read_plan;
use super::out::{Col, batch, string_rows};
use super::show::{list_relations, not_partitioned};
use super::table_write::value_text;
use super::tables::{self, Target};
use crate::execution::runner::resolve;
use crate::session::Session;

/// `SHOW TABLE EXTENDED [IN db] LIKE 'pattern'`: the rows of `SHOW TABLES` plus `information`.
pub async fn show_table_extended(
    session: &Arc<Session>,
    database: Option<&[String]>,
    pattern: &str,
) -> Result<RecordBatch> {
    let rows = list_relations(session, database, Some(pattern), false)?;
    let mut infos = Vec::with_capacity(rows.len());
    for (ns, name, temporary) in &rows {
        let parts = if *temporary && ns.is_empty() {
            vec![name.clone()]
        } else {
            vec![ns.clone(), name.clone()]
        };
        let schema = schema_tree(session, &parts).await?;
        let text = match tables::get(session, &parts)? {
            Target::Table(meta) => table_information(&meta),
            target => {
                let global = matches!(target, Target::GlobalTemp(_));
                view_information(session, name, &parts, global).await?
            }
        };
        infos.push(Some(format!("{text}Schema: {schema}\n")));
    }
    batch(vec![
        Col::Str(
            "namespace",
            false,
            rows.iter().map(|r| Some(r.0.clone())).collect(),
        ),
        Col::Str(
            "tableName",
            false,
            rows.iter().map(|r| Some(r.1.clone())).collect(),
        ),
        Col::Bool(
            "isTemporary",
            false,
            rows.iter().map(|r| Some(r.2)).collect(),
        ),
        Col::Str("information", false, infos),
    ])
}

/// `root\n |-- a: integer (nullable = true)\n` of a relation.
async fn schema_tree(session: &Arc<Session>, parts: &[String]) -> Result<String> {
    let logical = resolve(session, &read_plan(parts)).await?;
    let schema = sabot_plan::spark_schema(logical.schema().as_arrow())?;
    Ok(sabot_plan::tree_string(&schema, None))
}

/// The `key: value` lines of a catalog table (Spark's `CatalogTable.toLinkedHashMap`).
fn table_information(meta: &TableMeta) -> String {
    let mut lines = vec![
        ("Catalog", CATALOG_NAME.to_string()),
        ("Database", meta.database.clone()),
        ("Table", meta.name.clone()),
        ("Created Time", java_date(meta.created_ms)),
        ("Last Access", "UNKNOWN".to_string()),
        ("Created By", "Spark 4.3.0".to_string()),
        ("Type", meta.kind.name().to_string()),
    ];
    if let Some(p) = &meta.provider {
        lines.push(("Provider", p.clone()));
    }
    if let Some(c) = &meta.comment {
        lines.push(("Comment", c.clone()));
    }
    if meta.kind == TableKind::View {
        let text = meta.view_text.clone().unwrap_or_default();
        lines.push(("View Text", text.clone()));
        lines.push(("View Original Text", text));
    }
    if let Some(l) = &meta.location {
        lines.push(("Location", l.clone()));
    }
    if !meta.partition_columns.is_empty() {
        lines.push(("Partition Provider", "Catalog".to_string()));
        let cols: Vec<String> = meta
            .partition_columns
            .iter()
            .map(|c| format!("`{c}`"))
            .collect();
        lines.push(("Partition Columns", format!("[{}]", cols.join(", "))));
    }
    lines
        .into_iter()
        .map(|(k, v)| format!("{k}: {v}\n"))
        .collect()
}

/// The lines of a temporary view.
async fn view_information(
    session: &Arc<Session>,
    name: &str,
    parts: &[String],
    global: bool,
) -> Result<String> {
    let cols = columns_of(session, parts).await?;
    let names: Vec<String> = cols.iter().map(|c| format!("`{}`", c.name)).collect();
    let db = session.catalog.current_database()?;
    let now = super::view_info::get(session, name, global)?.created_ms;
    Ok(format!(
        "Table: {name}\nCreated Time: {}\nLast Access: UNKNOWN\nCreated By: Spark 4.3.0\n\
         Type: VIEW\nView Schema Mode: BINDING\nView Catalog and Namespace: {CATALOG_NAME}.{db}\n\
         View Query Output Columns: [{}]\n",
        java_date(now),
        names.join(", ")
    ))
}

/// `DESCRIBE [EXTENDED] table column` (Spark's `DescribeColumnCommand`; no column statistics).
pub async fn describe_column(
    session: &Arc<Session>,
    table: &[String],
    column: &[String],
    extended: bool,
) -> Result<RecordBatch> {
    let cols = columns_of(session, table).await?;
    let wanted = column.join(".");
    if column.len() > 1 && cols.iter().any(|c| c.name.eq_ignore_ascii_case(&column[0])) {
        // `QueryCompilationErrors.commandNotSupportNestedColumnError`.
        return Err(SparkError::legacy(
            ExceptionKind::Analysis,
            "_LEGACY_ERROR_TEMP_1060",
            format!("DESC TABLE COLUMN does not support nested column: {wanted}."),
        )
        .param("command", "DESC TABLE COLUMN")
        .param("column", wanted));
    }
    let Some(col) = cols.iter().find(|c| c.name.eq_ignore_ascii_case(&wanted)) else {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "COLUMN_NOT_FOUND",
            "42703",
            format!(
                "The column `{wanted}` cannot be found. Verify the spelling and correctness of \
                 the column name according to the SQL config \"spark.sql.caseSensitive\"."
            ),
        )
        .param("colName", format!("`{wanted}`"))
        .param("caseSensitiveConfig", "\"spark.sql.caseSensitive\""));
    };
    let mut rows = vec![
        ("col_name", col.name.clone()),
        ("data_type", col.data_type.clone()),
        (
            "comment",
            col.comment.clone().unwrap_or_else(|| "NULL".to_string()),
        ),
    ];
    if extended {
        for stat in [
            "min",
            "max",
            "num_nulls",
            "distinct_count",
            "avg_col_len",
            "max_col_len",
            "histogram",
        ] {
            rows.push((stat, "NULL".to_string()));
        }
    }
    string_rows(
        &[("info_name", false), ("info_value", false)],
        rows.into_iter()
            .map(|(k, v)| vec![Some(k.to_string()), Some(v)])
            .collect(),
    )
}

/// `DESCRIBE [EXTENDED] table PARTITION (k = v, ...)`: the table's columns, then (EXTENDED)
/// the partition's details; the partition must exist.
pub async fn describe_partition(
    session: &Arc<Session>,
    table: &[String],
    partition: &[(String, Option<Literal>)],
    extended: bool,
) -> Result<RecordBatch> {
    let meta = tables::get_catalog_table(session, table)?;
    if meta.partition_columns.is_empty() {
        return Err(not_partitioned(&quoted_table(&meta)));
    }
    let (spec, dir) = existing_partition(session, &meta, partition).await?;
    let cols = columns_of(session, table).await?;
    let mut rows = column_rows(&cols);
    rows.push(info("# Partition Information", ""));
    rows.push(vec![
        Some("# col_name".into()),
        Some("data_type".into()),
        Some("comment".into()),
    ]);
    let part_cols: Vec<_> = cols.iter().filter(|c| c.is_partition).cloned().collect();
    rows.extend(column_rows(&part_cols));
    if extended {
        let location = meta.location.clone().unwrap_or_default();
        let values: Vec<String> = spec.iter().map(|(k, v)| format!("{k}={v}")).collect();
        rows.push(info("", ""));
        rows.push(info("# Detailed Partition Information", ""));
        rows.push(info("Database", meta.database.clone()));
        rows.push(info("Table", meta.name.clone()));
        rows.push(info("Partition Values", format!("[{}]", values.join(", "))));
        rows.push(info(
            "Location",
            format!("{}/{dir}", location.trim_end_matches('/')),
        ));
        rows.push(info("Created Time", java_date(meta.created_ms)));
        rows.push(info("Last Access", "UNKNOWN"));
        rows.push(info("", ""));
        rows.push(info("# Storage Information", ""));
        rows.push(info("Location", location));
    }
    string_rows(DESCRIBE_COLUMNS, rows)
}

/// The partition `partition` of a partitioned table: its values as partition text (in the
/// table's partition column order) and its directory, or Spark's `PARTITIONS_NOT_FOUND`.
async fn existing_partition(
    session: &Arc<Session>,
    meta: &TableMeta,
    partition: &[(String, Option<Literal>)],
) -> Result<(Vec<(String, String)>, String)> {
    let spec = partition_values(session, meta, partition).await?;
    let dir = spec
        .iter()
        .map(|(k, v)| partition_dir(k, Some(v)))
        .collect::<Vec<_>>()
        .join("/");
    let existing = describe::partitions(&session.ctx, meta).await?;
    if spec.len() != meta.partition_columns.len() || !existing.contains(&dir) {
        let shown: Vec<String> = spec.iter().map(|(k, v)| format!("`{k}` = {v}")).collect();
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "PARTITIONS_NOT_FOUND",
            "428FT",
            format!(
                "The partition(s) PARTITION ({}) cannot be found in table {}.\nVerify the \
                 partition specification and table name.\nTo tolerate the error on drop use \
                 ALTER TABLE … DROP IF EXISTS PARTITION.",
                shown.join(", "),
                sabot_catalog::errors::quote_parts(&[&meta.database, &meta.name])
            ),
        ));
    }
    Ok((spec, dir))
}

/// `SHOW TABLE EXTENDED [IN db] LIKE 'table' PARTITION (...)` (Spark's `ShowTablesCommand`
/// with a partition spec): the pattern is the table's name; one row whose information is the
/// partition's (`CatalogTablePartition.simpleString`).
pub async fn show_table_partition(
    session: &Arc<Session>,
    database: Option<&[String]>,
    table: &str,
    partition: &[(String, Option<Literal>)],
) -> Result<RecordBatch> {
    let mut parts: Vec<String> = database.map(<[String]>::to_vec).unwrap_or_default();
    parts.push(table.to_string());
    let meta = tables::get_catalog_table(session, &parts)?;
    if meta.partition_columns.is_empty() {
        // `DDLUtils.verifyPartitionProviderIsHive`, with the bare table name.
        return Err(SparkError::legacy(
            ExceptionKind::Analysis,
            "_LEGACY_ERROR_TEMP_1251",
            format!(
                "SHOW TABLE EXTENDED is not allowed on {0} since its partition metadata is not \
                 stored in the Hive metastore. To import this information into the metastore, \
                 run `msck repair table {0}`.",
                meta.name
            ),
        )
        .param("action", "SHOW TABLE EXTENDED")
        .param("tableName", meta.name.clone()));
    }
    let (spec, dir) = existing_partition(session, &meta, partition).await?;
    let values: Vec<String> = spec.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let location = meta.location.clone().unwrap_or_default();
    let information = format!(
        "Partition Values: [{}]\nLocation: {}/{dir}\nCreated Time: {}\nLast Access: UNKNOWN\n",
        values.join(", "),
        location.trim_end_matches('/'),
        java_date(meta.created_ms)
    );
    batch(vec![
        Col::Str("namespace", false, vec![Some(meta.database.clone())]),
        Col::Str("tableName", false, vec![Some(meta.name.clone())]),
        Col::Bool("isTemporary", false, vec![Some(false)]),
        Col::Str("information", false, vec![Some(information)]),
    ])
}

/// The spec's values as partition text, in the table's partition column order.
async fn partition_values(
    session: &Arc<Session>,
    meta: &TableMeta,
    partition: &[(String, Option<Literal>)],
) -> Result<Vec<(String, String)>> {
    let types = table_columns(meta)?;
    let mut out = Vec::new();
    for p in &meta.partition_columns {
        let Some((_, value)) = partition.iter().find(|(n, _)| n.eq_ignore_ascii_case(p)) else {
            continue;
        };
        let Some(lit) = value else {
            return Err(SparkError::with_class(
                ExceptionKind::Parse,
                "INVALID_SQL_SYNTAX.EMPTY_PARTITION_VALUE",
                "42000",
                format!("Invalid SQL syntax: Partition key `{p}` must set value."),
            ));
        };
        let to = types
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(p))
            .map(|(_, t)| t.clone())
            .unwrap_or(DataType::String);
        let text = value_text(session, lit, &to).await?.unwrap_or_default();
        out.push((p.clone(), text));
    }
    for (name, _) in partition {
        if !meta
            .partition_columns
            .iter()
            .any(|p| p.eq_ignore_ascii_case(name))
        {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "PARTITIONS_NOT_FOUND",
                "428FT",
                format!(
                    "The partition(s) PARTITION ({name}) cannot be found in table {}.",
                    quoted_table(&meta.clone())
                ),
            ));
        }
    }
    Ok(out)
}
