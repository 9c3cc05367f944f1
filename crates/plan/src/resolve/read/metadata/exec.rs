//! Runs one inner scan per file, one file after the other, and adds the hidden per-file
//! columns to its rows: the `_metadata` struct (Parquet's `row_index` counts the file's rows,
//! which is right because the inner scans get no filters and no limit) and the
//! `input_file_name()` URI. The inner scans are not children, so no physical optimizer
//! splits a file into byte ranges or pushes filters into it.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use datafusion::arrow::array::{
    ArrayRef, Int64Array, RecordBatch, RecordBatchOptions, StringArray, StructArray,
    TimestampMicrosecondArray,
};
use datafusion::arrow::datatypes::{DataType as ArrowType, SchemaRef};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Result as DfResult, exec_err, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::object_store::path::Path;
use datafusion::physical_expr::{EquivalenceProperties, Partitioning, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use futures::StreamExt;

use super::super::files::unescape;

/// What Spark shows of one file.
#[derive(Debug, Clone)]
pub(crate) struct FileInfo {
    /// `input_file_name()`: `file:///tmp/a%20b.csv`.
    pub input_file_name: String,
    /// `_metadata.file_path`: Hadoop's `Path.toUri` text, `file:/tmp/a%20b.csv` locally.
    pub file_path: String,
    /// `_metadata.file_name`: the last segment of the encoded path.
    pub file_name: String,
    pub size: i64,
    /// Milliseconds, as Hadoop's `FileStatus` has them, in microseconds.
    pub modified_micros: i64,
}

impl FileInfo {
    pub(crate) fn new(store: &str, location: &Path, size: u64, modified: DateTime<Utc>) -> Self {
        let (scheme, authority) = store
            .split_once("://")
            .map(|(s, a)| (s, a.trim_end_matches('/')))
            .unwrap_or(("file", ""));
        // `object_store` escapes some characters of names; Spark shows URI escaping.
        let path = uri_escape(&unescape(location.as_ref()));
        let input_file_name = format!("{scheme}://{authority}/{path}");
        let file_path = if authority.is_empty() {
            format!("{scheme}:/{path}")
        } else {
            input_file_name.clone()
        };
        let file_name = path.rsplit('/').next().unwrap_or_default().to_string();
        Self {
            input_file_name,
            file_path,
            file_name,
            size: i64::try_from(size).unwrap_or(i64::MAX),
            modified_micros: modified.timestamp_millis() * 1000,
        }
    }
}

/// A path as `java.net.URI` quotes it: ASCII outside the path's legal characters escaped,
/// other characters kept.
fn uri_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || "-_.!~*'(),;:$&+=/@".contains(c) || !c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Where an output column comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Out {
    Inner(usize),
    Meta,
    Name,
}

#[derive(Debug)]
pub(crate) struct MetaExec {
    parts: Vec<(FileInfo, Arc<dyn ExecutionPlan>)>,
    shape: Arc<Shape>,
    properties: Arc<PlanProperties>,
}

/// How a batch of the inner scan becomes an output batch.
#[derive(Debug)]
struct Shape {
    layout: Vec<Out>,
    schema: SchemaRef,
    meta_type: ArrowType,
    row_index: bool,
}

impl Shape {
    fn batch(&self, info: &FileInfo, batch: RecordBatch, first_row: i64) -> DfResult<RecordBatch> {
        let n = batch.num_rows();
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(self.layout.len());
        for out in &self.layout {
            columns.push(match out {
                Out::Inner(k) => Arc::clone(batch.column(*k)),
                Out::Name => Arc::new(StringArray::from(vec![info.input_file_name.as_str(); n])),
                Out::Meta => self.metadata(info, n, first_row)?,
            });
        }
        Ok(RecordBatch::try_new_with_options(
            Arc::clone(&self.schema),
            columns,
            &RecordBatchOptions::new().with_row_count(Some(n)),
        )?)
    }

    fn metadata(&self, info: &FileInfo, n: usize, first_row: i64) -> DfResult<ArrayRef> {
        let ArrowType::Struct(fields) = &self.meta_type else {
            return internal_err!("the _metadata column is not a struct");
        };
        let ArrowType::Timestamp(_, zone) = fields[5].data_type() else {
            return internal_err!("_metadata.file_modification_time is not a timestamp");
        };
        let long = |v: i64| Arc::new(Int64Array::from(vec![v; n])) as ArrayRef;
        let mut arrays: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(vec![info.file_path.as_str(); n])),
            Arc::new(StringArray::from(vec![info.file_name.as_str(); n])),
            long(info.size),
            long(0),
            long(info.size),
            Arc::new(
                TimestampMicrosecondArray::from(vec![info.modified_micros; n])
                    .with_timezone_opt(zone.clone()),
            ),
        ];
        if self.row_index {
            arrays.push(Arc::new(Int64Array::from_iter_values(
                (0..n as i64).map(|i| first_row + i),
            )));
        }
        Ok(Arc::new(StructArray::try_new(
            fields.clone(),
            arrays,
            None,
        )?))
    }
}

impl MetaExec {
    pub(crate) fn new(
        parts: Vec<(FileInfo, Arc<dyn ExecutionPlan>)>,
        layout: Vec<Out>,
        schema: SchemaRef,
        meta_type: ArrowType,
        row_index: bool,
    ) -> Self {
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        ));
        Self {
            parts,
            shape: Arc::new(Shape {
                layout,
                schema,
                meta_type,
                row_index,
            }),
            properties,
        }
    }
}

impl DisplayAs for MetaExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "SabotFileMetadataExec: files={}", self.parts.len())
    }
}

impl ExecutionPlan for MetaExec {
    fn name(&self) -> &str {
        "SabotFileMetadataExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn apply_expressions(
        &self,
        _: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        if children.is_empty() {
            Ok(self)
        } else {
            internal_err!("SabotFileMetadataExec has no inputs")
        }
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return exec_err!("SabotFileMetadataExec has one partition, not {partition}");
        }
        let mut files = Vec::with_capacity(self.parts.len());
        for (info, plan) in &self.parts {
            let count = plan.properties().partitioning.partition_count();
            let mut streams = Vec::with_capacity(count);
            for p in 0..count {
                streams.push(plan.execute(p, Arc::clone(&context))?);
            }
            let info = info.clone();
            let shape = Arc::clone(&self.shape);
            let mut next_row = 0i64;
            files.push(futures::stream::iter(streams).flatten().map(move |b| {
                let b = b?;
                let first = next_row;
                next_row += b.num_rows() as i64;
                shape.batch(&info, b, first)
            }));
        }
        let schema = Arc::clone(&self.shape.schema);
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            schema,
            futures::stream::iter(files).flatten(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spark_file_uris() {
        let t = DateTime::from_timestamp_millis(1_700_000_000_123).unwrap();
        let i = FileInfo::new("file:///", &Path::from("tmp/d/y=1/a b.csv"), 8, t);
        assert_eq!(i.input_file_name, "file:///tmp/d/y=1/a%20b.csv");
        assert_eq!(i.file_path, "file:/tmp/d/y=1/a%20b.csv");
        assert_eq!(i.file_name, "a%20b.csv");
        assert_eq!(i.modified_micros, 1_700_000_000_123_000);
        let s = FileInfo::new("s3://bucket", &Path::from("k/x.parquet"), 1, t);
        assert_eq!(s.input_file_name, "s3://bucket/k/x.parquet");
        assert_eq!(s.file_path, "s3://bucket/k/x.parquet");
    }
}

mod portable;
