//! The table of a text-based read (CSV, JSON, text): files are decoded by our own parsers,
//! which follow Spark's semantics (inference, parse modes, corrupt records) where DataFusion's
//! readers differ. Decoding happens when the plan executes, one batch per file, so a malformed
//! file fails the query (as in Spark) rather than its analysis.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{ArrayRef, RecordBatch, RecordBatchOptions};
use datafusion::arrow::datatypes::{DataType as ArrowType, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result as DfResult, exec_err, internal_err};
use datafusion::datasource::{TableProvider, TableType};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::Expr as DfExpr;
use datafusion::physical_expr::{EquivalenceProperties, Partitioning, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::metrics::{ExecutionPlanMetricsSet, MetricBuilder, MetricsSet};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use futures::StreamExt;
use sabot_common::Result;
use sabot_common::spec::DataType;
use sabot_functions::datasource::{Cell, cells_to_array};

use super::files::{SourceFile, read_bytes};
use super::partitions::value_cell;

/// Turns one file's bytes into rows: one [`Cell`] per data column (`uri` names the file in
/// errors).
pub(crate) trait FileDecoder: fmt::Debug + Send + Sync {
    fn decode(&self, bytes: &[u8], uri: &str) -> Result<Vec<Vec<Cell>>>;

    /// Formats that decode to Arrow themselves (Avro, ORC): the row count and the data
    /// columns; those `wanted` marks false (not read by the query) may come back as NULLs.
    fn decode_arrow(
        &self,
        _bytes: &[u8],
        _uri: &str,
        _wanted: &[bool],
    ) -> Option<Result<(usize, Vec<ArrayRef>)>> {
        None
    }
}

/// What a decoded read needs at execution.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// Data columns, then partition columns.
    pub schema: SchemaRef,
    pub partition_types: Vec<DataType>,
    pub files: Vec<SourceFile>,
    pub decoder: Arc<dyn FileDecoder>,
    /// The corrupt-record column (CSV, JSON), if the schema has one.
    pub corrupt: Option<usize>,
    pub time_zone: String,
    /// How the decoder was made (what the plan codec rebuilds it from).
    pub recipe: DecoderRecipe,
}

/// A decoder's format, options and case sensitivity.
#[derive(Debug, Clone)]
pub(crate) struct DecoderRecipe {
    pub format: String,
    pub options: super::options::Options,
    pub case_sensitive: bool,
}

impl Decoded {
    fn data_columns(&self) -> usize {
        self.schema.fields().len() - self.partition_types.len()
    }

    /// One file's batch, all columns (those outside `projection` may be NULL).
    async fn file_batch(
        &self,
        file: &SourceFile,
        ctx: &TaskContext,
        projection: Option<&[usize]>,
    ) -> DfResult<RecordBatch> {
        let store = ctx.runtime_env().object_store(&file.store)?;
        let bytes = read_bytes(store.as_ref(), &file.meta)
            .await
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        let external = |e| DataFusionError::External(Box::new(e));
        let fields = self.schema.fields();
        let data = self.data_columns();
        let wanted: Vec<bool> = (0..data)
            .map(|i| projection.is_none_or(|p| p.contains(&i)))
            .collect();
        let (n, mut columns) = match self.decoder.decode_arrow(&bytes, &file.uri, &wanted) {
            Some(decoded) => decoded.map_err(external)?,
            None => {
                let rows = self.decoder.decode(&bytes, &file.uri).map_err(external)?;
                let mut columns: Vec<ArrayRef> = Vec::with_capacity(fields.len());
                for (i, f) in fields.iter().take(data).enumerate() {
                    let cells: Vec<&Cell> = rows
                        .iter()
                        .map(|r| r.get(i).unwrap_or(&Cell::Null))
                        .collect();
                    columns.push(cells_to_array(&cells, f.data_type())?);
                }
                (rows.len(), columns)
            }
        };
        for (k, t) in self.partition_types.iter().enumerate() {
            let raw = file.partition.get(k).map_or("", |(_, v)| v.as_str());
            let cell = value_cell(raw, t, &self.time_zone);
            let cells = vec![&cell; n];
            columns.push(cells_to_array(&cells, fields[data + k].data_type())?);
        }
        Ok(RecordBatch::try_new_with_options(
            Arc::clone(&self.schema),
            columns,
            &RecordBatchOptions::new().with_row_count(Some(n)),
        )?)
    }
}

/// A [`TableProvider`] over [`Decoded`] files.
#[derive(Debug)]
pub(crate) struct DecodedTable(pub Arc<Decoded>);

#[async_trait]
impl TableProvider for DecodedTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.0.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[DfExpr],
        _limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let only_corrupt = match (projection, self.0.corrupt) {
            (Some(p), Some(k)) => p.as_slice() == [k],
            (None, Some(_)) => self.0.schema.fields().len() == 1,
            _ => false,
        };
        if only_corrupt {
            return Err(DataFusionError::External(Box::new(
                super::errors::query_only_corrupt_record(),
            )));
        }
        Ok(Arc::new(DecodeExec::new(
            Arc::clone(&self.0),
            projection.cloned(),
        )?))
    }
}

/// Decodes the files of a [`Decoded`] read, one batch per file, in one partition.
#[derive(Debug)]
pub(crate) struct DecodeExec {
    read: Arc<Decoded>,
    projection: Option<Vec<usize>>,
    properties: Arc<PlanProperties>,
    /// engine (progress): `bytes_scanned`, the bytes of the files read, as Parquet reports.
    metrics: ExecutionPlanMetricsSet,
}

impl DecodeExec {
    /// The read and the projection (for the plan codec).
    pub(crate) fn parts(&self) -> (&Arc<Decoded>, Option<&Vec<usize>>) {
        (&self.read, self.projection.as_ref())
    }

    pub(crate) fn new(read: Arc<Decoded>, projection: Option<Vec<usize>>) -> DfResult<Self> {
        let schema = match &projection {
            Some(p) => Arc::new(read.schema.project(p)?),
            None => Arc::clone(&read.schema),
        };
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(schema),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        ));
        Ok(Self {
            read,
            projection,
            properties,
            metrics: ExecutionPlanMetricsSet::new(),
        })
    }
}

impl DecodeExec {
    /// One scan per file with this scan's projection (for the per-file `_metadata` columns).
    pub(crate) fn per_file(&self) -> DfResult<Vec<(SourceFile, Arc<dyn ExecutionPlan>)>> {
        let read = &self.read;
        read.files
            .iter()
            .map(|f| {
                let one = Decoded {
                    schema: Arc::clone(&read.schema),
                    partition_types: read.partition_types.clone(),
                    files: vec![f.clone()],
                    decoder: Arc::clone(&read.decoder),
                    corrupt: read.corrupt,
                    time_zone: read.time_zone.clone(),
                    recipe: read.recipe.clone(),
                };
                let exec: Arc<dyn ExecutionPlan> =
                    Arc::new(Self::new(Arc::new(one), self.projection.clone())?);
                Ok((f.clone(), exec))
            })
            .collect()
    }
}

impl DisplayAs for DecodeExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "SabotFileDecodeExec: files={}", self.read.files.len())
    }
}

impl ExecutionPlan for DecodeExec {
    fn name(&self) -> &str {
        "SabotFileDecodeExec"
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
            internal_err!("SabotFileDecodeExec has no inputs")
        }
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return exec_err!("SabotFileDecodeExec has one partition, not {partition}");
        }
        let read = Arc::clone(&self.read);
        let projection = self.projection.clone();
        let schema = Arc::clone(self.properties.eq_properties.schema());
        let files = read.files.clone();
        let scanned = MetricBuilder::new(&self.metrics).counter("bytes_scanned", partition);
        let stream = futures::stream::iter(files).then(move |file| {
            let read = Arc::clone(&read);
            let context = Arc::clone(&context);
            let projection = projection.clone();
            let scanned = scanned.clone();
            async move {
                let batch = read
                    .file_batch(&file, &context, projection.as_deref())
                    .await?;
                scanned.add(usize::try_from(file.meta.size).unwrap_or(usize::MAX));
                match &projection {
                    Some(p) => Ok(batch.project(p)?),
                    None => Ok(batch),
                }
            }
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }

    fn metrics(&self) -> Option<MetricsSet> {
        Some(self.metrics.clone_inner())
    }
}

/// The Arrow type of a data column (kept here so decoders and the table agree).
pub(crate) fn arrow_type(t: &DataType, zone: &str) -> Result<ArrowType> {
    crate::types::spark_to_arrow(t, zone)
}
