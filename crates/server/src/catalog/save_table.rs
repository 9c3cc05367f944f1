//! The DataFrame writers' table targets: `df.write.saveAsTable` / `insertInto` (Spark Connect's
//! `WriteOperation` with a table) and `df.writeTo(t)...` (`WriteOperationV2`). Mirrors Spark's
//! `DataFrameWriter.saveAsTable` over the session catalog (v1 tables): a new table is created as
//! by CTAS; an existing one is appended to by name, overwritten (replaced), ignored or refused
//! by the save mode. `writeTo` over the session catalog only creates tables: its other modes
//! meet Spark's v1-table refusals.

use std::collections::BTreeMap;
use std::sync::Arc;

use sabot_catalog::TableKind;
use sabot_catalog::errors::table_already_exists;
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, Plan};
use sabot_common::{Result, SparkError};
use sabot_plan::write::{FileFormat, SaveMode, WriteSummary};
use spark_connect_proto::connect::write_operation::SaveType;
use spark_connect_proto::connect::write_operation::save_table::TableSaveMethod;
use spark_connect_proto::connect::write_operation_v2::Mode as V2Mode;
use spark_connect_proto::connect::{WriteOperation, WriteOperationV2};

use super::assign::{Insert, Match, aligned_plan, legacy, quoted_table};
use super::table_write::{
    NewTable, create_table_as, insert, overwrite_of_read_table, query_columns, reads_table,
    write_rows,
};
use super::tables;
use crate::execution::write::{save_mode, write_format};
use crate::session::Session;

fn input_plan(input: Option<&spark_connect_proto::connect::Relation>) -> Result<Plan> {
    let input = input.ok_or_else(|| SparkError::invalid_plan("the write has no input"))?;
    sabot_connect::relation_to_plan(input)
}

/// Runs a `WriteOperation` whose target is a table.
pub async fn run(session: &Arc<Session>, write: WriteOperation) -> Result<WriteSummary> {
    let Some(SaveType::Table(target)) = &write.save_type else {
        return Err(SparkError::internal("not a table write"));
    };
    let name = sabot_sql::parse_multipart_identifier(&target.table_name)?;
    if write.bucket_by.is_some() || !write.sort_column_names.is_empty() {
        return Err(SparkError::unsupported("bucketBy/sortBy on a table write"));
    }
    if !write.clustering_columns.is_empty() {
        return Err(SparkError::unsupported("clusterBy on a table write"));
    }
    let query = input_plan(write.input.as_ref())?;
    let mode = save_mode(write.mode);
    match TableSaveMethod::try_from(target.save_method) {
        Ok(TableSaveMethod::InsertInto) => {
            if !write.partitioning_columns.is_empty() {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "PARTITION_BY_NOT_ALLOWED_WITH_INSERT_INTO",
                    "42601",
                    format!(
                        "partitionBy() cannot be used with insertInto(). Partition columns for table {} are determined by the table definition.",
                        target.table_name
                    ),
                )
                .param("tableName", target.table_name.clone()));
            }
            insert(session, &name, mode == SaveMode::Overwrite, &[], &[], query).await?;
            Ok(WriteSummary::default())
        }
        _ => save_as_table(session, write, name, mode, query).await,
    }
}

/// `df.write.saveAsTable(name)`.
async fn save_as_table(
    session: &Arc<Session>,
    write: WriteOperation,
    name: Vec<String>,
    mode: SaveMode,
    query: Plan,
) -> Result<WriteSummary> {
    let existing = match tables::find(session, &name)? {
        Some(tables::Target::Table(meta)) => Some(*meta),
        Some(_) => {
            return Err(SparkError::unsupported("saveAsTable into a temporary view"));
        }
        None => None,
    };
    let mut options: BTreeMap<String, String> = write.options.into_iter().collect();
    let location = options
        .keys()
        .find(|k| k.eq_ignore_ascii_case("path"))
        .cloned()
        .and_then(|k| options.remove(&k));
    let new_table = NewTable {
        name,
        provider: Some(
            write_format(session, write.source.as_deref())?
                .name()
                .to_string(),
        ),
        partition_by: write.partitioning_columns.clone(),
        location,
        options,
        properties: BTreeMap::new(),
        comment: None,
    };
    let Some(meta) = existing else {
        return Ok(create_table_as(session, new_table, query, false, false)
            .await?
            .unwrap_or_default());
    };
    if meta.kind == TableKind::View {
        return Err(legacy(
            "_LEGACY_ERROR_TEMP_1158",
            "Saving data into a view is not allowed.".to_string(),
        ));
    }
    match mode {
        SaveMode::ErrorIfExists => Err(table_already_exists(&meta.database, &meta.name)),
        SaveMode::Ignore => Ok(WriteSummary::default()),
        // Spark drops the table and creates it again from the query.
        SaveMode::Overwrite => {
            if reads_table(session, &query, &meta)? {
                return Err(overwrite_of_read_table(&meta));
            }
            Ok(create_table_as(session, new_table, query, false, true)
                .await?
                .unwrap_or_default())
        }
        SaveMode::Append => {
            if let Some(source) = write.source.as_deref() {
                let given = FileFormat::parse(source)?;
                let has = FileFormat::parse(meta.provider.as_deref().unwrap_or("parquet"))?;
                if given != has {
                    return Err(legacy(
                        "_LEGACY_ERROR_TEMP_1159",
                        format!(
                            "The format of the existing table {} is `{}`. It doesn't match the specified format `{}`.",
                            meta.qualified_name(),
                            has.name(),
                            given.name()
                        ),
                    ));
                }
            }
            let same_partitioning = write.partitioning_columns.len()
                == meta.partition_columns.len()
                && write
                    .partitioning_columns
                    .iter()
                    .zip(&meta.partition_columns)
                    .all(|(a, b)| a.eq_ignore_ascii_case(b));
            if !write.partitioning_columns.is_empty() && !same_partitioning {
                return Err(legacy(
                    "_LEGACY_ERROR_TEMP_1163",
                    format!(
                        "Specified partitioning does not match that of the existing table {}.\nSpecified partition columns: [{}].\nExisting partition columns: [{}].",
                        meta.qualified_name(),
                        write.partitioning_columns.join(", "),
                        meta.partition_columns.join(", ")
                    ),
                ));
            }
            let data = query_columns(session, &query).await?;
            let plan = aligned_plan(
                &Insert {
                    meta: &meta,
                    data,
                    matching: Match::ByName,
                    columns: &[],
                    static_values: &[],
                },
                query,
            )?;
            write_rows(session, &meta, &plan, SaveMode::Append, None).await
        }
    }
}

/// `UNSUPPORTED_PARTITION_TRANSFORM` for a `partitionedBy` transform other than a column.
fn unsupported_transform(e: &Expr) -> SparkError {
    let shown = match e {
        Expr::Function { name, args, .. } => {
            let args: Vec<String> = args
                .iter()
                .map(|a| match a {
                    Expr::Column { name, .. } => name.join("."),
                    _ => "...".to_string(),
                })
                .collect();
            format!("{name}({})", args.join(", "))
        }
        other => format!("{other:?}"),
    };
    SparkError::with_class(
        ExceptionKind::UnsupportedOperation,
        "UNSUPPORTED_PARTITION_TRANSFORM",
        "0A000",
        format!(
            "Unsupported partition transform: `{shown}`. The supported transforms are `identity`, `bucket`, and `clusterBy`. Ensure your transform expression uses one of these."
        ),
    )
    .param("transform", format!("`{shown}`"))
}

/// `UNSUPPORTED_FEATURE.TABLE_OPERATION` (REPLACE TABLE AS SELECT on the session catalog).
pub fn replace_unsupported(quoted: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_FEATURE.TABLE_OPERATION",
        "0A000",
        format!(
            "The feature is not supported: Table {quoted} does not support REPLACE TABLE AS SELECT. Please check the current catalog and namespace to make sure the qualified table name is expected, and also check the catalog implementation which is configured by \"spark.sql.catalog\"."
        ),
    )
    .param("tableName", quoted.to_string())
    .param("operation", "REPLACE TABLE AS SELECT")
}

/// Runs a `WriteOperationV2` (`df.writeTo(name)...`).
/// `df.writeTo(t)...`; what was written, with the query's observations.
pub async fn run_v2(session: &Arc<Session>, write: WriteOperationV2) -> Result<WriteSummary> {
    let name = sabot_sql::parse_multipart_identifier(&write.table_name)?;
    let mut partition_by = Vec::new();
    for e in &write.partitioning_columns {
        match sabot_connect::expression_to_expr(e)? {
            Expr::Column { name, .. } if name.len() == 1 => partition_by.push(name[0].clone()),
            other => return Err(unsupported_transform(&other)),
        }
    }
    if !write.clustering_columns.is_empty() {
        return Err(SparkError::unsupported("clusterBy on writeTo"));
    }
    let n = tables::qualify(session, &name)?;
    let quoted =
        sabot_catalog::errors::quote_parts(&[sabot_catalog::CATALOG_NAME, &n.database, &n.table]);
    let mode = V2Mode::try_from(write.mode).unwrap_or(V2Mode::Unspecified);
    match mode {
        V2Mode::Create => {
            let query = input_plan(write.input.as_ref())?;
            let new_table = NewTable {
                name,
                provider: Some(
                    write_format(session, write.provider.as_deref())?
                        .name()
                        .to_string(),
                ),
                partition_by,
                location: write
                    .options
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("path"))
                    .map(|(_, v)| v.clone()),
                options: write
                    .options
                    .into_iter()
                    .filter(|(k, _)| !k.eq_ignore_ascii_case("path"))
                    .collect(),
                properties: write.table_properties.into_iter().collect(),
                comment: None,
            };
            Ok(create_table_as(session, new_table, query, false, false)
                .await?
                .unwrap_or_default())
        }
        V2Mode::Replace | V2Mode::CreateOrReplace => Err(replace_unsupported(&quoted)),
        V2Mode::Append | V2Mode::Overwrite | V2Mode::OverwritePartitions => {
            let meta = tables::get_catalog_table(session, &name)?;
            Err(legacy(
                "_LEGACY_ERROR_TEMP_1012",
                format!("Cannot write into v1 table: {}.", quoted_table(&meta)),
            ))
        }
        V2Mode::Unspecified => Err(SparkError::invalid_plan("WriteOperationV2 without a mode")),
    }
}
