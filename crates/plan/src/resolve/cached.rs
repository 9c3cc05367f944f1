//! Plans over cached relations: the first query that reaches a cached sub-plan computes and
//! stores it; every query then reads the stored data in its place (Spark's
//! `CacheManager.useCachedData`), so the source is not read again.

use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::{Column, TableReference};
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::file_format::arrow::ArrowFormat;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::datasource::{MemTable, TableProvider, provider_as_source};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder};
use datafusion::prelude::DataFrame;
use sabot_common::spec::Plan;
use sabot_common::{Result, SparkError};

use super::Resolver;
use super::relations::builder_build;
use crate::cache::{CacheEntry, Cached};
use crate::error::from_datafusion;

impl Resolver<'_> {
    /// `plan` (a cached relation) read from its entry, computing the entry first if needed.
    pub(super) async fn through_cache(
        &mut self,
        entry: &CacheEntry,
        plan: &Plan,
    ) -> Result<LogicalPlan> {
        let data = match entry.data() {
            Some(data) => data,
            // Analysis alone (a schema, explain of a plan not run) computes nothing.
            None if !self.execute => return self.resolve_uncached(plan).await,
            None => {
                let logical = self.resolve_uncached(plan).await?;
                let columns = Arc::clone(logical.schema());
                let partitions = DataFrame::new(self.ctx.state(), logical.clone())
                    .collect_partitioned()
                    .await
                    .map_err(from_datafusion)?;
                let stored =
                    crate::cache::entry::store(self.ctx, columns, partitions, &entry.level)?;
                if matches!(stored, Cached::Recompute) {
                    entry.set_data(stored);
                    return Ok(logical);
                }
                entry.set_data(stored)
            }
        };
        match data.as_ref() {
            Cached::Recompute => self.resolve_uncached(plan).await,
            stored => self.scan_cached(stored),
        }
    }

    /// A checkpointed relation by the id the session gave it.
    pub(super) fn read_checkpoint(&mut self, relation_id: &str) -> Result<LogicalPlan> {
        let data = self.cached.checkpoint(relation_id)?;
        self.scan_cached(&data)
    }

    /// A scan of stored data under the relation's own column names.
    fn scan_cached(&mut self, data: &Cached) -> Result<LogicalPlan> {
        let files = |paths: Vec<String>, format: Arc<dyn FileFormat>, schema: &SchemaRef| {
            let urls = paths
                .iter()
                .map(|p| ListingTableUrl::parse(p).map_err(from_datafusion))
                .collect::<Result<Vec<_>>>()?;
            let options = ListingOptions::new(format).with_file_extension(String::new());
            let config = ListingTableConfig::new_with_multi_paths(urls)
                .with_listing_options(options)
                .with_schema(Arc::clone(schema));
            Ok::<Arc<dyn TableProvider>, SparkError>(Arc::new(
                ListingTable::try_new(config).map_err(from_datafusion)?,
            ))
        };
        let (columns, provider): (_, Arc<dyn TableProvider>) = match data {
            Cached::Recompute => {
                return Err(SparkError::internal(
                    "a recomputed relation has no stored data",
                ));
            }
            Cached::Batches {
                columns,
                schema,
                partitions,
                ..
            } => (
                columns,
                Arc::new(
                    MemTable::try_new(Arc::clone(schema), partitions.clone())
                        .map_err(from_datafusion)?,
                ),
            ),
            Cached::Files {
                columns,
                schema,
                files: spilled,
            } => {
                let paths = spilled
                    .iter()
                    .map(|f| {
                        f.path()
                            .map(|p| p.to_string_lossy().into_owned())
                            .ok_or_else(|| {
                                SparkError::internal(
                                    "a cached relation's file is not on local disk",
                                )
                            })
                    })
                    .collect::<Result<Vec<_>>>()?;
                (columns, files(paths, Arc::new(ArrowFormat), schema)?)
            }
            Cached::Parquet {
                columns,
                schema,
                dir,
            } => {
                let path = format!("{}/", dir.uri.trim_end_matches('/'));
                (
                    columns,
                    files(vec![path], Arc::new(ParquetFormat::default()), schema)?,
                )
            }
        };
        let qualifier = self.internal_name("cached");
        // The stored `_cN` columns, back under the relation's own qualified names.
        let exprs: Vec<DfExpr> = columns
            .iter()
            .enumerate()
            .map(|(i, (q, f))| {
                DfExpr::Column(Column::new(
                    Some(TableReference::bare(qualifier.as_str())),
                    format!("_c{i}"),
                ))
                .alias_qualified(q.cloned(), f.name())
            })
            .collect();
        builder_build(
            LogicalPlanBuilder::scan(qualifier.as_str(), provider_as_source(provider), None)
                .and_then(|b| b.project(exprs)),
        )
    }
}
