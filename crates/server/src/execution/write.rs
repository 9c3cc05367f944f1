//! The `WriteOperation` command with a path (`df.write...save(path)`, `.parquet(path)`...):
//! the proto's fields to a [`FileWriteSpec`], run by `sabot_plan::write::write_files`. Table
//! targets (`saveAsTable`, `insertInto`) are the catalog's.

use std::collections::BTreeMap;
use std::sync::Arc;

use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError, config};
use sabot_plan::write::{FileFormat, FileWriteSpec, SaveMode, WriteConf, WriteSummary};
use spark_connect_proto::connect::WriteOperation;
use spark_connect_proto::connect::write_operation::{SaveMode as ProtoSaveMode, SaveType};

use super::runner::resolve;
use crate::session::Session;

/// The session settings a file write reads.
pub fn write_conf(session: &Session) -> Result<WriteConf> {
    let get = |k: &str| session.conf_get(k);
    Ok(WriteConf {
        time_zone: get(config::SESSION_TIME_ZONE)?.unwrap_or_else(|| "UTC".to_string()),
        case_sensitive: get(config::CASE_SENSITIVE)?
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
        parquet_compression: get("spark.sql.parquet.compression.codec")?,
        orc_compression: get("spark.sql.orc.compression.codec")?,
        max_records_per_file: get("spark.sql.files.maxRecordsPerFile")?
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|n| *n > 0)
            .map(|n| n as u64),
        dynamic_partition_overwrite: get("spark.sql.sources.partitionOverwriteMode")?
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("dynamic")),
    })
}

/// The data source of a write: the given one, else `spark.sql.sources.default` (Parquet).
pub fn write_format(session: &Session, source: Option<&str>) -> Result<FileFormat> {
    match source {
        Some(s) => FileFormat::parse(s),
        None => {
            let default = session
                .conf_get("spark.sql.sources.default")?
                .unwrap_or_else(|| "parquet".to_string());
            FileFormat::parse(&default)
        }
    }
}

/// The save mode of the proto (unspecified is Spark's default, `errorifexists`).
pub fn save_mode(mode: i32) -> SaveMode {
    match ProtoSaveMode::try_from(mode) {
        Ok(ProtoSaveMode::Append) => SaveMode::Append,
        Ok(ProtoSaveMode::Overwrite) => SaveMode::Overwrite,
        Ok(ProtoSaveMode::Ignore) => SaveMode::Ignore,
        _ => SaveMode::ErrorIfExists,
    }
}

/// An error of one of Spark's legacy error classes (they have no SQLSTATE).
fn legacy(kind: ExceptionKind, class: &str, message: &str) -> SparkError {
    let mut e = SparkError::new(kind, message);
    e.error_class = Some(class.to_string());
    e
}

/// Runs a `WriteOperation` whose target is a path.
pub async fn run_path_write(session: &Arc<Session>, write: WriteOperation) -> Result<WriteSummary> {
    let path_option = write
        .options
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("path"))
        .map(|(_, v)| v.clone());
    let path = match &write.save_type {
        Some(SaveType::Path(p)) => p.clone(),
        // `save()` with the `path` option.
        None if path_option.is_some() => path_option.unwrap_or_default(),
        // Table writes: the catalog's.
        Some(SaveType::Table(_)) => {
            return crate::catalog::save_table::run(session, write).await;
        }
        None => {
            // Spark's `DataFrameWriter.save()` without a path on a file source.
            return Err(legacy(
                ExceptionKind::IllegalArgument,
                "_LEGACY_ERROR_TEMP_2047",
                "'path' is not specified",
            ));
        }
    };
    if write.bucket_by.is_some() {
        return Err(legacy(
            ExceptionKind::Analysis,
            "_LEGACY_ERROR_TEMP_1312",
            "'save' does not support bucketBy right now.",
        )
        .param("operation", "save"));
    }
    if !write.sort_column_names.is_empty() {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "SORT_BY_WITHOUT_BUCKETING",
            "42601",
            "sortBy must be used together with bucketBy.",
        ));
    }
    if !write.clustering_columns.is_empty() {
        return Err(SparkError::unsupported("clusterBy on a path write"));
    }
    let input = write
        .input
        .as_ref()
        .ok_or_else(|| SparkError::invalid_plan("WriteOperation has no input"))?;
    let plan = sabot_connect::relation_to_plan(input)?;
    let logical = resolve(session, &plan).await?;
    let spec = FileWriteSpec {
        path,
        format: write_format(session, write.source.as_deref())?,
        mode: save_mode(write.mode),
        partition_by: write.partitioning_columns.clone(),
        options: write.options.into_iter().collect::<BTreeMap<_, _>>(),
        conf: write_conf(session)?,
        overwrite_partition: None,
    };
    sabot_plan::write::write_files(&session.query_ctx()?, logical, &spec).await
}
