//! A file scan's table with two hidden per-file columns: Spark's `_metadata` struct and the
//! `input_file_name()` URI. It wraps the readers' own tables (the Parquet listing table and the
//! decoded CSV/JSON/text table) only in queries that ask for them; a scan that reads the hidden
//! columns runs one inner scan per file ([`super::exec::MetaExec`]).

use std::sync::Arc;

use super::super::parquet_format::SparkParquetFormat;
use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::{Result as DfResult, not_impl_err};
use datafusion::datasource::listing::ListingTable;
use datafusion::datasource::physical_plan::{FileGroup, FileScanConfig, FileScanConfigBuilder};
use datafusion::datasource::source::DataSourceExec;
use datafusion::datasource::{TableProvider, TableType};
use datafusion::logical_expr::{Expr as DfExpr, TableProviderFilterPushDown};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::empty::EmptyExec;

use super::super::table::{DecodeExec, DecodedTable};
use super::exec::{FileInfo, MetaExec, Out};
use super::placeholder::metadata_type;

/// The hidden `_metadata` column.
pub(crate) const META_COLUMN: &str = "__sabot_file_metadata";
/// The hidden `input_file_name()` column.
pub(crate) const NAME_COLUMN: &str = "__sabot_input_file_name";

#[derive(Debug)]
pub(crate) struct FileMetaTable {
    inner: Arc<dyn TableProvider>,
    schema: SchemaRef,
    row_index: bool,
}

impl FileMetaTable {
    /// `provider` with the hidden columns, when it is one of the readers' file tables.
    pub(crate) fn wrap(provider: Arc<dyn TableProvider>, time_zone: &str) -> Option<Self> {
        let row_index = if let Some(listing) = provider.downcast_ref::<ListingTable>() {
            listing.options().format.is::<SparkParquetFormat>()
        } else if provider.is::<DecodedTable>() {
            false
        } else {
            return None;
        };
        let mut fields: Vec<Field> = provider
            .schema()
            .fields()
            .iter()
            .map(|f| Field::clone(f))
            .collect();
        fields.push(Field::new(
            META_COLUMN,
            metadata_type(row_index, time_zone),
            false,
        ));
        fields.push(Field::new(NAME_COLUMN, ArrowType::Utf8, false));
        Some(Self {
            inner: provider,
            schema: Arc::new(Schema::new(fields)),
            row_index,
        })
    }

    fn inner_len(&self) -> usize {
        self.schema.fields().len() - 2
    }
}

#[async_trait]
impl TableProvider for FileMetaTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&DfExpr],
    ) -> DfResult<Vec<TableProviderFilterPushDown>> {
        // Row indexes count every row of a file: nothing may be skipped inside the scan.
        Ok(vec![
            TableProviderFilterPushDown::Unsupported;
            filters.len()
        ])
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[DfExpr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let n = self.inner_len();
        let wanted: Vec<usize> = projection.cloned().unwrap_or_else(|| (0..n + 2).collect());
        let inner: Vec<usize> = wanted.iter().copied().filter(|i| *i < n).collect();
        if inner.len() == wanted.len() {
            return self.inner.scan(state, Some(&inner), filters, limit).await;
        }
        let layout = wanted
            .iter()
            .map(|i| match *i {
                i if i < n => Out::Inner(inner.iter().position(|k| *k == i).unwrap_or(0)),
                i if i == n => Out::Meta,
                _ => Out::Name,
            })
            .collect();
        let plan = self.inner.scan(state, Some(&inner), &[], None).await?;
        let parts = per_file(&plan)?;
        let schema = Arc::new(self.schema.project(&wanted)?);
        let meta_type = self.schema.field(n).data_type().clone();
        Ok(Arc::new(MetaExec::new(
            parts,
            layout,
            schema,
            meta_type,
            self.row_index,
        )))
    }
}

/// One plan per file of a reader's scan, with the file it reads.
fn per_file(plan: &Arc<dyn ExecutionPlan>) -> DfResult<Vec<(FileInfo, Arc<dyn ExecutionPlan>)>> {
    if let Some(decode) = plan.downcast_ref::<DecodeExec>() {
        return Ok(decode
            .per_file()?
            .into_iter()
            .map(|(f, exec)| {
                let info = FileInfo::new(
                    f.store.as_str(),
                    &f.meta.location,
                    f.meta.size,
                    f.meta.last_modified,
                );
                (info, exec)
            })
            .collect());
    }
    if plan.is::<EmptyExec>() {
        return Ok(Vec::new());
    }
    let Some(config) = plan
        .downcast_ref::<DataSourceExec>()
        .and_then(|d| d.data_source().downcast_ref::<FileScanConfig>())
    else {
        return not_impl_err!("file metadata over the scan {}", plan.name());
    };
    let mut out = Vec::new();
    for file in config.file_groups.iter().flat_map(|g| g.iter()) {
        let one = FileScanConfigBuilder::from(config.clone())
            .with_file_groups(vec![FileGroup::new(vec![file.clone()])])
            .with_limit(None)
            .build();
        let info = FileInfo::new(
            config.object_store_url.as_str(),
            &file.object_meta.location,
            file.object_meta.size,
            file.object_meta.last_modified,
        );
        out.push((
            info,
            DataSourceExec::from_data_source(one) as Arc<dyn ExecutionPlan>,
        ));
    }
    // Spark lists files in path order.
    out.sort_by(|a, b| a.0.input_file_name.cmp(&b.0.input_file_name));
    Ok(out)
}
