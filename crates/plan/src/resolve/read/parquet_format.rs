//! DataFusion's Parquet format, reading binaries and nested strings straight into the plain
//! `Utf8` and `Binary` arrays Spark's types map to. A file whose embedded Arrow schema
//! (`ARROW:schema`) declares `Utf8View`/`LargeUtf8` (tpchgen, Polars and DataFusion write views)
//! would otherwise be decoded as views and then cast column by column: DataFusion's opener only
//! coerces towards views. Each scanned file gets its Arrow schema as a per-file hint
//! (`PartitionedFile::arrow_schema`, which the plan codec carries), with those types made plain;
//! top-level strings, which the table schema declares as views ([`super::parquet::scan_field`]),
//! are then coerced back to views by the opener and decoded as such.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef, Fields, Schema};
use datafusion::catalog::Session;
use datafusion::common::{Result, Statistics};
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::physical_plan::parquet::metadata::DFParquetMetadata;
use datafusion::datasource::physical_plan::{FileScanConfig, FileSinkConfig, FileSource};
use datafusion::datasource::table_schema::TableSchema;
use datafusion::physical_expr::LexRequirement;
use datafusion::physical_plan::ExecutionPlan;
use futures::{StreamExt, TryStreamExt, stream};
use object_store::{ObjectMeta, ObjectStore};

/// How many footers are fetched at once when a scan's files are hinted (most are already in
/// the session's metadata cache from the listing's statistics).
const FOOTER_CONCURRENCY: usize = 16;

/// [`ParquetFormat`] whose scans decode strings and binaries as plain arrays.
#[derive(Debug)]
pub(crate) struct SparkParquetFormat {
    inner: ParquetFormat,
}

impl SparkParquetFormat {
    pub(crate) fn new(inner: ParquetFormat) -> Self {
        Self { inner }
    }
}

#[async_trait]
impl FileFormat for SparkParquetFormat {
    fn get_ext(&self) -> String {
        self.inner.get_ext()
    }

    fn get_ext_with_compression(&self, c: &FileCompressionType) -> Result<String> {
        self.inner.get_ext_with_compression(c)
    }

    fn compression_type(&self) -> Option<FileCompressionType> {
        self.inner.compression_type()
    }

    async fn infer_schema(
        &self,
        state: &dyn Session,
        store: &Arc<dyn ObjectStore>,
        objects: &[ObjectMeta],
    ) -> Result<Arc<Schema>> {
        self.inner.infer_schema(state, store, objects).await
    }

    async fn infer_stats(
        &self,
        state: &dyn Session,
        store: &Arc<dyn ObjectStore>,
        table_schema: Arc<Schema>,
        object: &ObjectMeta,
    ) -> Result<Statistics> {
        self.inner
            .infer_stats(state, store, table_schema, object)
            .await
    }

    async fn infer_ordering(
        &self,
        state: &dyn Session,
        store: &Arc<dyn ObjectStore>,
        table_schema: Arc<Schema>,
        object: &ObjectMeta,
    ) -> Result<Option<datafusion::physical_expr::LexOrdering>> {
        self.inner
            .infer_ordering(state, store, table_schema, object)
            .await
    }

    async fn create_physical_plan(
        &self,
        state: &dyn Session,
        conf: FileScanConfig,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let conf = self.hint_plain_types(state, conf).await?;
        self.inner.create_physical_plan(state, conf).await
    }

    async fn create_writer_physical_plan(
        &self,
        input: Arc<dyn ExecutionPlan>,
        state: &dyn Session,
        conf: FileSinkConfig,
        order_requirements: Option<LexRequirement>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        self.inner
            .create_writer_physical_plan(input, state, conf, order_requirements)
            .await
    }

    fn file_source(&self, table_schema: TableSchema) -> Arc<dyn FileSource> {
        self.inner.file_source(table_schema)
    }
}

impl SparkParquetFormat {
    /// Sets each file's Arrow schema hint where its footer declares view or large string and
    /// binary types. A footer that cannot be read is left to the scan, which reports it.
    async fn hint_plain_types(
        &self,
        state: &dyn Session,
        mut conf: FileScanConfig,
    ) -> Result<FileScanConfig> {
        if !conf.file_schema().fields().iter().any(has_text) {
            return Ok(conf);
        }
        let store = state.runtime_env().object_store(&conf.object_store_url)?;
        let cache = state.runtime_env().cache_manager.get_file_metadata_cache();
        let size_hint = self.inner.metadata_size_hint();
        let metas: Vec<ObjectMeta> = conf
            .file_groups
            .iter()
            .flat_map(|g| g.iter())
            .filter(|f| f.arrow_schema.is_none())
            .map(|f| f.object_meta.clone())
            .collect();
        let hints: Vec<(object_store::path::Path, Option<Arc<Schema>>)> = stream::iter(metas)
            .map(|meta| {
                let store = Arc::clone(&store);
                let cache = Arc::clone(&cache);
                async move {
                    let schema = DFParquetMetadata::new(store.as_ref(), &meta)
                        .with_metadata_size_hint(size_hint)
                        .with_file_metadata_cache(Some(cache))
                        .fetch_schema()
                        .await
                        .ok()
                        .and_then(|s| plain_schema(&s));
                    Ok::<_, datafusion::error::DataFusionError>((meta.location, schema))
                }
            })
            .buffered(FOOTER_CONCURRENCY)
            .try_collect()
            .await?;
        let mut hints = hints.into_iter();
        for group in &mut conf.file_groups {
            for i in 0..group.len() {
                if group[i].arrow_schema.is_some() {
                    continue;
                }
                if let Some((location, Some(schema))) = hints.next()
                    && location == group[i].object_meta.location
                {
                    group[i].arrow_schema = Some(schema);
                }
            }
        }
        Ok(conf)
    }
}

/// Whether a field is or holds a string or binary (the only types the hint changes).
fn has_text(field: &FieldRef) -> bool {
    text_in(field.data_type())
}

fn text_in(t: &ArrowType) -> bool {
    match t {
        ArrowType::Utf8
        | ArrowType::LargeUtf8
        | ArrowType::Utf8View
        | ArrowType::Binary
        | ArrowType::LargeBinary
        | ArrowType::BinaryView => true,
        ArrowType::List(f)
        | ArrowType::LargeList(f)
        | ArrowType::ListView(f)
        | ArrowType::LargeListView(f)
        | ArrowType::FixedSizeList(f, _)
        | ArrowType::Map(f, _) => has_text(f),
        ArrowType::Struct(fields) => fields.iter().any(has_text),
        _ => false,
    }
}

/// The schema with `Utf8View`/`LargeUtf8` as `Utf8` and `BinaryView`/`LargeBinary` as
/// `Binary` at any depth, or `None` when it has none of them.
fn plain_schema(schema: &Schema) -> Option<Arc<Schema>> {
    let mut changed = false;
    let fields: Fields = schema
        .fields()
        .iter()
        .map(|f| plain_field(f, &mut changed))
        .collect();
    changed.then(|| Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone())))
}

fn plain_field(field: &FieldRef, changed: &mut bool) -> FieldRef {
    let mut here = false;
    let t = plain_type(field.data_type(), &mut here);
    if here {
        *changed = true;
        Arc::new(Field::clone(field).with_data_type(t))
    } else {
        Arc::clone(field)
    }
}

fn plain_type(t: &ArrowType, changed: &mut bool) -> ArrowType {
    match t {
        ArrowType::Utf8View | ArrowType::LargeUtf8 => {
            *changed = true;
            ArrowType::Utf8
        }
        ArrowType::BinaryView | ArrowType::LargeBinary => {
            *changed = true;
            ArrowType::Binary
        }
        ArrowType::List(f) => ArrowType::List(plain_field(f, changed)),
        ArrowType::LargeList(f) => ArrowType::LargeList(plain_field(f, changed)),
        ArrowType::FixedSizeList(f, n) => ArrowType::FixedSizeList(plain_field(f, changed), *n),
        ArrowType::Map(f, sorted) => ArrowType::Map(plain_field(f, changed), *sorted),
        ArrowType::Struct(fields) => {
            ArrowType::Struct(fields.iter().map(|f| plain_field(f, changed)).collect())
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{AsArray, Int64Array, RecordBatch, StringViewArray};
    use datafusion::datasource::listing::ListingTableUrl;
    use datafusion::datasource::listing::{ListingOptions, ListingTable, ListingTableConfig};
    use datafusion::datasource::physical_plan::FileScanConfig;
    use datafusion::datasource::source::DataSourceExec;
    use datafusion::parquet::arrow::ArrowWriter;
    use datafusion::physical_plan::collect;
    use datafusion::prelude::SessionContext;

    /// A directory with one Parquet file whose embedded Arrow schema says `s` is a string view.
    fn view_typed_file() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("sabot-views-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let written = Arc::new(Schema::new(vec![
            Field::new("id", ArrowType::Int64, true),
            Field::new("s", ArrowType::Utf8View, true),
        ]));
        let batch = RecordBatch::try_new(
            Arc::clone(&written),
            vec![
                Arc::new(Int64Array::from(vec![1, 2])),
                Arc::new(StringViewArray::from(vec![Some("a"), None])),
            ],
        )
        .unwrap();
        let file = std::fs::File::create(dir.join("f.parquet")).unwrap();
        let mut writer = ArrowWriter::try_new(file, Arc::clone(&written), None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
        dir
    }

    /// The scan of `SELECT s` over the file with `s` typed as `table_type`, and its rows.
    async fn scan_s(
        dir: &std::path::Path,
        table_type: ArrowType,
    ) -> (Arc<dyn ExecutionPlan>, Vec<RecordBatch>) {
        let ctx = SessionContext::new();
        let table_schema = Arc::new(Schema::new(vec![
            Field::new("id", ArrowType::Int64, true),
            Field::new("s", table_type, true),
        ]));
        let url = ListingTableUrl::parse(dir.to_str().unwrap()).unwrap();
        let format = SparkParquetFormat::new(ParquetFormat::default());
        let config = ListingTableConfig::new(url)
            .with_listing_options(ListingOptions::new(Arc::new(format)))
            .with_schema(Arc::clone(&table_schema));
        ctx.register_table("t", Arc::new(ListingTable::try_new(config).unwrap()))
            .unwrap();
        let plan = ctx
            .sql("SELECT s FROM t")
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let rows = collect(Arc::clone(&plan), ctx.task_ctx()).await.unwrap();
        (plan, rows)
    }

    #[tokio::test]
    async fn view_typed_files_are_scanned_with_plain_hints() {
        let dir = view_typed_file();
        let (plan, rows) = scan_s(&dir, ArrowType::Utf8).await;
        let mut hints = vec![];
        datafusion::common::tree_node::TreeNode::apply(&plan, |p| {
            if let Some(scan) = p.downcast_ref::<DataSourceExec>()
                && let Some(conf) = scan.data_source().downcast_ref::<FileScanConfig>()
            {
                hints.extend(
                    conf.file_groups
                        .iter()
                        .flat_map(|g| g.iter())
                        .map(|f| f.arrow_schema.clone()),
                );
            }
            Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
        })
        .unwrap();
        let hint = hints.pop().flatten().expect("a hinted file");
        assert!(hints.is_empty());
        assert_eq!(hint.field(1).data_type(), &ArrowType::Utf8);
        assert_eq!(rows[0].column(0).data_type(), &ArrowType::Utf8);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn top_level_strings_are_read_as_the_views_the_table_asks_for() {
        // What `scan_field` makes of a Spark string column.
        let dir = view_typed_file();
        let (_, rows) = scan_s(&dir, ArrowType::Utf8View).await;
        assert_eq!(rows[0].column(0).data_type(), &ArrowType::Utf8View);
        let s = rows[0].column(0).as_string_view();
        assert_eq!(s.iter().collect::<Vec<_>>(), [Some("a"), None]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn views_and_large_types_become_plain_at_any_depth() {
        let schema = Schema::new(vec![
            Field::new("a", ArrowType::Utf8View, true),
            Field::new("b", ArrowType::Int64, false),
            Field::new_list("c", Field::new("item", ArrowType::LargeBinary, true), true),
            Field::new_struct("d", vec![Field::new("x", ArrowType::LargeUtf8, true)], true),
        ]);
        let plain = plain_schema(&schema).unwrap();
        assert_eq!(plain.field(0).data_type(), &ArrowType::Utf8);
        assert_eq!(plain.field(1).data_type(), &ArrowType::Int64);
        assert_eq!(
            plain.field(2).data_type(),
            &ArrowType::List(Arc::new(Field::new("item", ArrowType::Binary, true)))
        );
        assert_eq!(
            plain.field(3).data_type(),
            &ArrowType::Struct(vec![Field::new("x", ArrowType::Utf8, true)].into())
        );
    }

    #[test]
    fn plain_schemas_need_no_hint() {
        let schema = Schema::new(vec![
            Field::new("a", ArrowType::Utf8, true),
            Field::new_list("c", Field::new("item", ArrowType::Binary, true), true),
        ]);
        assert!(plain_schema(&schema).is_none());
    }
}
