//! `spark.read...load(paths)` (a `DataSource` read): Parquet files through DataFusion's listing
//! table. Columns read from files are nullable, as Spark's file sources make them
//! (`DataSource.resolveRelation` uses `dataSchema.asNullable`), and their types are mapped to
//! the Arrow types Spark's types use.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::datasource::provider_as_source;
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, cast, col};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::Resolver;
use super::relations::builder_build;
use crate::error::from_datafusion;
use crate::types::to_spark_arrow_schema;

/// `PATH_NOT_FOUND` (Spark's `QueryCompilationErrors.dataPathNotExistError`).
fn path_not_found(path: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "PATH_NOT_FOUND",
        "42K03",
        format!("Path does not exist: {path}."),
    )
    .param("path", path)
}

/// A local path (no URL scheme) without glob characters that does not exist.
fn missing_local_path(path: &str) -> bool {
    let local = path.strip_prefix("file://").unwrap_or(path);
    let has_scheme = local.contains("://");
    let glob = local.contains(['*', '?', '[', '{']);
    !has_scheme && !glob && !std::path::Path::new(local).exists()
}

impl Resolver<'_> {
    /// Reads files of `format` (Spark's `spark.sql.sources.default`, Parquet, when absent).
    pub(super) async fn read_data_source(
        &mut self,
        format: Option<&str>,
        schema: Option<&str>,
        _options: &BTreeMap<String, String>,
        paths: &[String],
        predicates: &[String],
    ) -> Result<LogicalPlan> {
        let format = format.unwrap_or("parquet").to_lowercase();
        if format != "parquet" {
            return Err(SparkError::unsupported(format!(
                "reading the {format} data source"
            )));
        }
        if schema.is_some() {
            return Err(SparkError::unsupported(
                "a user-specified schema for the parquet data source",
            ));
        }
        if !predicates.is_empty() {
            return Err(SparkError::unsupported("predicates on a file data source"));
        }
        if paths.is_empty() {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "UNABLE_TO_INFER_SCHEMA",
                "42KD9",
                "Unable to infer schema for Parquet. It must be specified manually.",
            )
            .param("format", "Parquet"));
        }
        if let Some(p) = paths.iter().find(|p| missing_local_path(p)) {
            return Err(path_not_found(p));
        }
        let urls = paths
            .iter()
            .map(ListingTableUrl::parse)
            .collect::<datafusion::common::Result<Vec<_>>>()
            .map_err(from_datafusion)?;
        let mut parquet = self.ctx.state().table_options().parquet.clone();
        // Spark's strings and binaries are Utf8/Binary; never read view types.
        parquet.global.schema_force_view_types = false;
        let options = ListingOptions::new(Arc::new(ParquetFormat::default().with_options(parquet)))
            .with_file_extension(".parquet");
        let state = self.ctx.state();
        let config = ListingTableConfig::new_with_multi_paths(urls)
            .with_listing_options(options)
            .infer_schema(&state)
            .await
            .map_err(from_datafusion)?;
        let file_schema = config
            .file_schema
            .clone()
            .ok_or_else(|| SparkError::internal("a listing table without a schema"))?;
        let nullable = Arc::new(Schema::new(
            file_schema
                .fields()
                .iter()
                .map(|f| Field::clone(f).with_nullable(true))
                .collect::<Vec<_>>(),
        ));
        let table = ListingTable::try_new(config.with_schema(Arc::clone(&nullable)))
            .map_err(from_datafusion)?;
        let qualifier = self.internal_name("parquet");
        let scan = builder_build(LogicalPlanBuilder::scan(
            qualifier.as_str(),
            provider_as_source(Arc::new(table)),
            None,
        ))?;
        let target = to_spark_arrow_schema(&nullable, &self.conf.time_zone)?;
        if target.fields() == nullable.fields() {
            return Ok(scan);
        }
        let exprs: Vec<DfExpr> = nullable
            .fields()
            .iter()
            .zip(target.fields())
            .map(|(from, to)| {
                let c = col(datafusion::common::Column::new(
                    Some(qualifier.as_str()),
                    from.name(),
                ));
                if from.data_type() == to.data_type() {
                    c
                } else {
                    cast(c, to.data_type().clone()).alias(from.name())
                }
            })
            .collect();
        builder_build(LogicalPlanBuilder::from(scan).project(exprs))
    }
}
