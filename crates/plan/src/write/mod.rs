//! File writers: a query's rows into Parquet, CSV, JSON or text files under a directory, laid
//! out as Spark lays them out (mirrors Spark's `InsertIntoHadoopFsRelationCommand` /
//! `FileFormatWriter` with the `FileOutputCommitter`).
//!
//! - [`write_files`] is the entry point (`df.write...save(path)`, and table writes).
//! - [`spec`]: what to write ([`FileWriteSpec`], [`SaveMode`]) and what was written.
//! - [`location`]: the output directory in its object store; [`commit`]: staging under
//!   `_temporary/`, commit by rename, `_SUCCESS`, abort.
//! - [`task`]: rows to files (partition directories, `maxRecordsPerFile`); [`escape`]:
//!   `key=value` directory names; [`encoder`]: file names and the per-format encoders
//!   ([`parquet`], [`csv`], [`json`], [`text`]; [`textfile`] compresses the line formats).
//! - [`options`]: codecs and shared options; [`schema`]: partition and data columns.

pub mod commit;
pub mod csv;
pub mod encoder;
pub mod escape;
pub mod json;
pub mod location;
pub mod options;
pub mod parquet;
pub mod schema;
pub mod spec;
pub mod task;
pub mod text;
pub mod textfile;

use std::sync::Arc;

use datafusion::dataframe::DataFrame;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlan;
use futures::StreamExt;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

pub use spec::{FileFormat, FileWriteSpec, SaveMode, WriteConf, WriteSummary};

use commit::Job;
use encoder::EncoderFactory;
use location::Location;
use options::{codec, lower_keys, max_records_per_file};
use task::{Task, TaskOutput, TaskSpec};

use crate::error::from_datafusion;
use crate::types::{cast_batch_to_schema, to_spark_arrow_schema};

/// `PATH_ALREADY_EXISTS` (Spark's `QueryCompilationErrors.outputPathAlreadyExistsError`).
fn path_already_exists(path: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "PATH_ALREADY_EXISTS",
        "42K04",
        format!(
            "Path {path} already exists. Set mode as \"overwrite\" to overwrite the existing path."
        ),
    )
    .param("outputPath", path)
}

/// Writes the rows of `plan` into files under `spec.path`.
///
/// The write is staged under `<path>/_temporary/<job id>/` and committed by renaming the
/// staged files into place, then writing `_SUCCESS`; a failure deletes what was staged, so a
/// failed write leaves the directory as it was (see [`commit`]). `Ignore` on an existing path
/// writes nothing; `ErrorIfExists` fails with `PATH_ALREADY_EXISTS`.
pub async fn write_files(
    ctx: &SessionContext,
    plan: LogicalPlan,
    spec: &FileWriteSpec,
) -> Result<WriteSummary> {
    let opts = lower_keys(&spec.options);
    let time_zone = spec.conf.time_zone.clone();
    let schema = to_spark_arrow_schema(plan.schema().as_arrow(), &time_zone)?;
    let columns = schema::columns(
        &schema,
        &spec.partition_by,
        spec.format,
        spec.conf.case_sensitive,
    )?;
    let codec = codec(spec.format, &opts, spec.conf.parquet_compression.as_deref())?;
    let max_records = max_records_per_file(&opts, spec.conf.max_records_per_file)?;
    let factory = factory(spec, &columns, codec)?;

    let location = Location::resolve(ctx, &spec.path)?;
    let existed = location.exists().await?;
    if existed {
        match spec.mode {
            SaveMode::ErrorIfExists => return Err(path_already_exists(&location.display)),
            SaveMode::Ignore => return Ok(WriteSummary::default()),
            SaveMode::Append | SaveMode::Overwrite => {}
        }
    }
    // Spark creates the output directory up front; it stays (empty) when the job fails.
    if let Some(local) = &location.local {
        std::fs::create_dir_all(local)
            .map_err(|e| SparkError::internal(format!("creating {}: {e}", location.display)))?;
    }
    let job = Job {
        location,
        id: uuid_v4(),
    };
    let task_spec = TaskSpec {
        task: 0,
        format: spec.format,
        codec,
        max_records,
        partition_cols: columns.partition.clone(),
        data_cols: columns.data.clone(),
        data_schema: Arc::clone(&columns.data_schema),
        time_zone,
    };
    let task = Task::new(&job, factory.as_ref(), task_spec);
    let written = run_task(ctx, plan, &schema, task, columns.partition.is_empty()).await;
    let out = match written {
        Ok(out) => out,
        Err(e) => {
            let _ = job.abort().await;
            return Err(e);
        }
    };
    if let Err(e) = job
        .commit(&out.files, spec.mode == SaveMode::Overwrite)
        .await
    {
        let _ = job.abort().await;
        return Err(e);
    }
    Ok(WriteSummary {
        written: true,
        rows: out.rows,
        files: out.files,
        partitions: out.dirs,
    })
}

/// Runs the query into one task's files.
async fn run_task(
    ctx: &SessionContext,
    plan: LogicalPlan,
    schema: &datafusion::arrow::datatypes::SchemaRef,
    mut task: Task<'_>,
    ensure_file: bool,
) -> Result<TaskOutput> {
    let df = DataFrame::new(ctx.state(), plan);
    let mut stream = match df.execute_stream().await {
        Ok(s) => s,
        Err(e) => {
            task.abort().await;
            return Err(from_datafusion(e));
        }
    };
    while let Some(batch) = stream.next().await {
        let written = match batch {
            Ok(batch) => match cast_batch_to_schema(&batch, schema) {
                Ok(batch) => task.write(&batch).await,
                Err(e) => Err(e),
            },
            Err(e) => Err(from_datafusion(e)),
        };
        if let Err(e) = written {
            task.abort().await;
            return Err(e);
        }
    }
    task.finish(ensure_file).await
}

/// The encoder factory of the spec's format.
fn factory(
    spec: &FileWriteSpec,
    columns: &schema::Columns,
    codec: options::Codec,
) -> Result<Box<dyn EncoderFactory>> {
    let opts = lower_keys(&spec.options);
    let tz = spec.conf.time_zone.as_str();
    Ok(match spec.format {
        FileFormat::Parquet => Box::new(parquet::ParquetFactory::new(
            Arc::clone(&columns.data_schema),
            codec,
            Vec::new(),
        )),
        FileFormat::Csv => Box::new(csv::CsvFactory::new(
            &opts,
            &columns.data_schema,
            tz,
            codec,
        )?),
        FileFormat::Json => Box::new(json::JsonFactory::new(&opts, tz, codec)?),
        FileFormat::Text => Box::new(text::TextFactory::new(&opts, codec)?),
    })
}

/// A random UUID (version 4) as Spark's job ids are.
fn uuid_v4() -> String {
    uuid::Uuid::new_v4().to_string()
}
