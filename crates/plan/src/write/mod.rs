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

pub mod avro;
pub mod commit;
pub mod csv;
pub mod encoder;
pub mod escape;
pub mod json;
pub mod location;
pub mod options;
pub mod orc;
pub mod parquet;
pub mod schema;
pub mod schema_json;
pub mod spec;
pub mod task;
#[cfg(test)]
mod tests;
pub mod text;
pub mod textfile;

use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::dataframe::DataFrame;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::ExecutionPlanProperties;
use futures::StreamExt;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

pub use spec::{FileFormat, FileWriteSpec, SaveMode, WriteConf, WriteSummary};

use commit::{Job, Replace};
use encoder::EncoderFactory;
use location::Location;
use options::{codec, lower_keys, max_records_per_file};
use task::{Task, TaskOutput, TaskSpec};

use crate::error::from_datafusion;
use crate::types::{cast_batch_to_schema, spark_schema, to_spark_arrow_schema};

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
    let session_codec = match spec.format {
        FileFormat::Orc => spec.conf.orc_compression.as_deref(),
        _ => spec.conf.parquet_compression.as_deref(),
    };
    let codec = codec(spec.format, &opts, session_codec)?;
    let max_records = max_records_per_file(&opts, spec.conf.max_records_per_file)?;
    let factory = factory(spec, &columns, codec)?;
    let dynamic = dynamic_overwrite(&opts, spec.conf.dynamic_partition_overwrite)?;

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
    let task_spec = |task: usize| TaskSpec {
        task,
        format: spec.format,
        codec,
        max_records,
        partition_cols: columns.partition.clone(),
        data_cols: columns.data.clone(),
        data_schema: Arc::clone(&columns.data_schema),
        time_zone: time_zone.clone(),
    };
    let written = run_tasks(ctx, plan, &schema, &job, factory.as_ref(), task_spec).await;
    let (outs, observed) = match written {
        Ok(written) => written,
        Err(e) => {
            let _ = job.abort().await;
            return Err(e);
        }
    };
    let mut summary = WriteSummary {
        written: true,
        observed,
        ..WriteSummary::default()
    };
    for out in outs {
        summary.rows += out.rows;
        summary.files.extend(out.files);
        for d in out.dirs {
            if !summary.partitions.contains(&d) {
                summary.partitions.push(d);
            }
        }
    }
    let replace = match spec.mode {
        SaveMode::Overwrite if dynamic && !columns.partition.is_empty() => {
            Replace::Partitions(summary.partitions.clone())
        }
        SaveMode::Overwrite => match &spec.overwrite_partition {
            Some(dir) => Replace::Partitions(vec![dir.clone()]),
            None => Replace::All,
        },
        _ => Replace::Nothing,
    };
    let committed = job.commit(&summary.files, &replace).await;
    forget_listings(ctx);
    if let Err(e) = committed {
        let _ = job.abort().await;
        return Err(e);
    }
    Ok(summary)
}

/// Drops the runtime's cached directory listings, so that reads after a write (or a
/// `TRUNCATE`) list the files as they are now (DataFusion's `ListFilesCache` would keep
/// serving the listing of a table's directory from before the write).
pub fn forget_listings(ctx: &SessionContext) {
    if let Some(cache) = ctx.runtime_env().cache_manager.get_list_files_cache() {
        cache.clear();
    }
}

/// Runs the query with one write task per output partition (Spark's one task per partition:
/// `part-<partition>` files), the tasks concurrently.
async fn run_tasks(
    ctx: &SessionContext,
    plan: LogicalPlan,
    schema: &SchemaRef,
    job: &Job,
    factory: &dyn EncoderFactory,
    task_spec: impl Fn(usize) -> TaskSpec,
) -> Result<(Vec<TaskOutput>, Vec<crate::observe::ObservedMetrics>)> {
    let df = DataFrame::new(ctx.state(), plan);
    let physical = df.create_physical_plan().await.map_err(from_datafusion)?;
    let partitions = physical.output_partitioning().partition_count().max(1);
    let task_ctx = ctx.task_ctx();
    let tasks = (0..partitions).map(|i| {
        let physical = Arc::clone(&physical);
        let task_ctx = Arc::clone(&task_ctx);
        let spec = task_spec(i);
        async move {
            let task = Task::new(job, factory, spec);
            let stream = if physical.output_partitioning().partition_count() == 0 {
                None
            } else {
                Some(physical.execute(i, task_ctx).map_err(from_datafusion)?)
            };
            // Spark's first task writes a file even when it has no rows (so an empty result
            // keeps its schema); the others write nothing then.
            run_task(stream, schema, task, i == 0).await
        }
    });
    let outs = futures::future::try_join_all(tasks).await?;
    // engine: the observations in the written plan, complete now that every task is done.
    let observed = crate::observe::collect(&physical, &task_ctx)
        .await
        .map_err(from_datafusion)?;
    Ok((outs, observed))
}

/// Runs one partition's rows into its task's files.
async fn run_task(
    stream: Option<SendableRecordBatchStream>,
    schema: &SchemaRef,
    mut task: Task<'_>,
    first: bool,
) -> Result<TaskOutput> {
    if let Some(mut stream) = stream {
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
    }
    task.finish(first).await
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
            schema_json::parquet_metadata(&spark_schema(&columns.data_schema)?),
        )),
        FileFormat::Csv => Box::new(csv::CsvFactory::new(
            &opts,
            &columns.data_schema,
            tz,
            codec,
        )?),
        FileFormat::Json => Box::new(json::JsonFactory::new(&opts, tz, codec)?),
        FileFormat::Text => Box::new(text::TextFactory::new(&opts, codec)?),
        FileFormat::Avro => Box::new(avro::AvroFactory::new(
            Arc::clone(&columns.data_schema),
            codec,
        )?),
        FileFormat::Orc => Box::new(orc::OrcFactory::new(&columns.data_schema, codec)?),
    })
}

/// Whether an overwrite replaces only the partitions it writes: the `partitionOverwriteMode`
/// option, else `spark.sql.sources.partitionOverwriteMode` (Spark's
/// `InsertIntoHadoopFsRelationCommand` dynamic mode).
fn dynamic_overwrite(opts: &std::collections::HashMap<String, String>, conf: bool) -> Result<bool> {
    match opts.get("partitionoverwritemode") {
        None => Ok(conf),
        Some(m) if m.eq_ignore_ascii_case("dynamic") => Ok(true),
        Some(m) if m.eq_ignore_ascii_case("static") => Ok(false),
        Some(m) => Err(SparkError::illegal_argument(format!(
            "The value of spark.sql.sources.partitionOverwriteMode should be one of STATIC, DYNAMIC, but was {m}"
        ))),
    }
}

/// A random UUID (version 4) as Spark's job ids are.
fn uuid_v4() -> String {
    uuid::Uuid::new_v4().to_string()
}
