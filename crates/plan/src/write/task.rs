//! A write task: rows in, data files out. Routes each row to its partition directory, keeps
//! one open file per directory, starts a new file every `maxRecordsPerFile` rows (Spark's
//! `c000`, `c001`... counter) and streams each file's bytes to its staged location.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch, UInt32Array};
use datafusion::arrow::compute::take_record_batch;
use datafusion::arrow::datatypes::{DataType as ArrowType, SchemaRef};
use datafusion::object_store::path::Path;
use datafusion::object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sabot_common::{Result, SparkError};

use super::commit::Job;
use super::encoder::{Encoder, EncoderFactory, file_name};
use super::escape::partition_dir;
use super::location::store_error;
use super::options::Codec;
use super::spec::FileFormat;
use crate::show::format_value;

/// Bytes buffered in memory before a file switches to a multipart upload.
const SINGLE_PUT_LIMIT: usize = 8 << 20;
/// Parallel part uploads per file.
const UPLOAD_CONCURRENCY: usize = 4;

/// How a task names and cuts its files.
pub struct TaskSpec {
    pub task: usize,
    pub format: FileFormat,
    pub codec: Codec,
    pub max_records: Option<u64>,
    /// `(name, input column index)` of each partition column, in `partitionBy` order.
    pub partition_cols: Vec<(String, usize)>,
    /// The input columns written into the files.
    pub data_cols: Vec<usize>,
    /// The files' schema (the data columns).
    pub data_schema: SchemaRef,
    /// The zone partition values of timestamps are rendered in.
    pub time_zone: String,
}

/// What a task wrote.
#[derive(Debug, Default)]
pub struct TaskOutput {
    /// The data files, relative to the output directory.
    pub files: Vec<String>,
    /// The partition directories, in order of first appearance.
    pub dirs: Vec<String>,
    pub rows: u64,
}

/// Where one file's bytes go: memory until they are many, then a multipart upload.
enum Sink {
    Buffer(Vec<u8>),
    Upload(WriteMultipart),
}

struct OpenFile {
    rel: String,
    path: Path,
    encoder: Box<dyn Encoder>,
    sink: Sink,
    rows: u64,
}

pub struct Task<'a> {
    job: &'a Job,
    factory: &'a dyn EncoderFactory,
    spec: TaskSpec,
    open: HashMap<String, OpenFile>,
    /// Directories with an open file, in opening order (files close in that order).
    open_order: Vec<String>,
    counters: HashMap<String, usize>,
    out: TaskOutput,
}

impl<'a> Task<'a> {
    pub fn new(job: &'a Job, factory: &'a dyn EncoderFactory, spec: TaskSpec) -> Self {
        Self {
            job,
            factory,
            spec,
            open: HashMap::new(),
            open_order: Vec::new(),
            counters: HashMap::new(),
            out: TaskOutput::default(),
        }
    }

    /// Writes a batch of input rows (all columns, partition columns included).
    pub async fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        if self.spec.partition_cols.is_empty() {
            let data = self.data_columns(batch)?;
            return self.write_to(String::new(), data).await;
        }
        for (dir, rows) in self.group_by_dir(batch)? {
            let indices = UInt32Array::from(rows);
            let taken = take_record_batch(batch, &indices)
                .map_err(|e| SparkError::internal(e.to_string()))?;
            let data = self.data_columns(&taken)?;
            self.write_to(dir, data).await?;
        }
        Ok(())
    }

    /// The rows of each partition directory, directories in order of first appearance.
    fn group_by_dir(&self, batch: &RecordBatch) -> Result<Vec<(String, Vec<u32>)>> {
        let cols: Vec<(&str, &ArrayRef)> = self
            .spec
            .partition_cols
            .iter()
            .map(|(n, i)| (n.as_str(), batch.column(*i)))
            .collect();
        let mut groups: Vec<(String, Vec<u32>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for row in 0..batch.num_rows() {
            let mut dir = String::new();
            for (name, col) in &cols {
                if !dir.is_empty() {
                    dir.push('/');
                }
                let value = partition_value(col.as_ref(), row, &self.spec.time_zone)?;
                dir.push_str(&partition_dir(name, value.as_deref()));
            }
            match index.get(&dir) {
                Some(&g) => groups[g].1.push(row as u32),
                None => {
                    index.insert(dir.clone(), groups.len());
                    groups.push((dir, vec![row as u32]));
                }
            }
        }
        Ok(groups)
    }

    fn data_columns(&self, batch: &RecordBatch) -> Result<RecordBatch> {
        let columns = self
            .spec
            .data_cols
            .iter()
            .map(|i| Arc::clone(batch.column(*i)))
            .collect();
        RecordBatch::try_new(Arc::clone(&self.spec.data_schema), columns)
            .map_err(|e| SparkError::internal(e.to_string()))
    }

    /// Writes rows into the directory's open file, starting new files at the row limit.
    async fn write_to(&mut self, dir: String, mut batch: RecordBatch) -> Result<()> {
        while batch.num_rows() > 0 {
            if !self.open.contains_key(&dir) {
                self.open_file(&dir).await?;
            }
            let file = self
                .open
                .get_mut(&dir)
                .ok_or_else(|| SparkError::internal("no open file"))?;
            let room = self
                .spec
                .max_records
                .map_or(batch.num_rows() as u64, |m| m - file.rows);
            let n = (batch.num_rows() as u64).min(room) as usize;
            let part = batch.slice(0, n);
            batch = batch.slice(n, batch.num_rows() - n);
            file.encoder.write(&part)?;
            file.rows += n as u64;
            self.out.rows += n as u64;
            let bytes = file.encoder.take();
            push_bytes(self.job.location.store.as_ref(), file, bytes).await?;
            if self.spec.max_records.is_some_and(|m| file.rows >= m) {
                self.close_dir(&dir).await?;
            }
        }
        Ok(())
    }

    async fn open_file(&mut self, dir: &str) -> Result<()> {
        let counter = self.counters.entry(dir.to_string()).or_insert(0);
        let name = file_name(
            self.spec.task,
            &self.job.id,
            *counter,
            !self.spec.partition_cols.is_empty(),
            self.spec.codec,
            self.spec.format,
        );
        *counter += 1;
        let rel = if dir.is_empty() {
            name
        } else {
            format!("{dir}/{name}")
        };
        if !dir.is_empty() && !self.out.dirs.iter().any(|d| d == dir) {
            self.out.dirs.push(dir.to_string());
        }
        let path = self.job.staged(&rel);
        let encoder = self.factory.open()?;
        self.open.insert(
            dir.to_string(),
            OpenFile {
                rel,
                path,
                encoder,
                sink: Sink::Buffer(Vec::new()),
                rows: 0,
            },
        );
        self.open_order.push(dir.to_string());
        Ok(())
    }

    async fn close_dir(&mut self, dir: &str) -> Result<()> {
        self.open_order.retain(|d| d != dir);
        if let Some(file) = self.open.remove(dir) {
            let rel = file.rel.clone();
            close_file(self.job.location.store.as_ref(), file).await?;
            self.out.files.push(rel);
        }
        Ok(())
    }

    /// Closes the open files; with `ensure_file`, writes an empty file when the task wrote
    /// none and is not partitioned (Spark's first task always writes one, so an empty result
    /// still has a schema).
    pub async fn finish(mut self, ensure_file: bool) -> Result<TaskOutput> {
        if ensure_file
            && self.spec.partition_cols.is_empty()
            && self.out.files.is_empty()
            && self.open.is_empty()
        {
            self.open_file("").await?;
        }
        for dir in self.open_order.clone() {
            self.close_dir(&dir).await?;
        }
        Ok(self.out)
    }

    /// Drops the open files' partial uploads (after a failure).
    pub async fn abort(self) {
        for (_, file) in self.open {
            if let Sink::Upload(upload) = file.sink {
                let _ = upload.abort().await;
            }
        }
    }
}

/// A partition value as Spark's `Cast(value, StringType)` renders it; `None` for NULL.
fn partition_value(col: &dyn Array, row: usize, time_zone: &str) -> Result<Option<String>> {
    if col.is_null(row) || col.data_type() == &ArrowType::Null {
        return Ok(None);
    }
    Ok(Some(match col.data_type() {
        ArrowType::Binary => String::from_utf8_lossy(col.as_binary::<i32>().value(row)).into(),
        _ => format_value(col, row, time_zone)?,
    }))
}

async fn push_bytes(store: &dyn ObjectStore, file: &mut OpenFile, bytes: Vec<u8>) -> Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    match &mut file.sink {
        Sink::Buffer(buf) => {
            buf.extend_from_slice(&bytes);
            if buf.len() >= SINGLE_PUT_LIMIT {
                let upload = store.put_multipart(&file.path).await.map_err(store_error)?;
                let mut upload = WriteMultipart::new(upload);
                upload.write(buf);
                file.sink = Sink::Upload(upload);
            }
        }
        Sink::Upload(upload) => {
            upload
                .wait_for_capacity(UPLOAD_CONCURRENCY)
                .await
                .map_err(store_error)?;
            upload.write(&bytes);
        }
    }
    Ok(())
}

async fn close_file(store: &dyn ObjectStore, file: OpenFile) -> Result<()> {
    let rest = file.encoder.finish()?;
    match file.sink {
        Sink::Buffer(mut buf) => {
            buf.extend_from_slice(&rest);
            store
                .put(&file.path, buf.into())
                .await
                .map_err(store_error)?;
        }
        Sink::Upload(mut upload) => {
            upload.write(&rest);
            upload.finish().await.map_err(store_error)?;
        }
    }
    Ok(())
}
