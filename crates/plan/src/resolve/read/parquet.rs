//! The Parquet source through DataFusion's listing table, which prunes columns and row groups
//! with the query's projection and filters. The schema is the first file's (Spark reads one
//! footer unless `mergeSchema`), or the union of all files' with `mergeSchema`, or the user's;
//! `key=value` directories are partition columns, listed as strings and cast to the types
//! [`super::partitions`] inferred (`__HIVE_DEFAULT_PARTITION__` is NULL).

use std::collections::HashSet;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::datasource::provider_as_source;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::{
    Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, cast, col, lit, when,
};
use sabot_common::spec::{DataType, StructField};
use sabot_common::{Result, SparkError};
use sabot_functions::datasource::parse_schema;

use super::super::Resolver;
use super::super::relations::builder_build;
use super::errors::unable_to_infer;
use super::files::{Listing, SourceFile, list_files};
use super::options::Options;
use super::parquet_format::SparkParquetFormat;
use super::partitions::{DEFAULT_PARTITION, discover};
use super::split_partitions;
use crate::error::from_datafusion;
use crate::types::{spark_schema, struct_field_to_arrow, to_spark_arrow_schema};

/// The Parquet format of Spark's file tables: nested strings and binaries are `Utf8`/`Binary`,
/// read as such whatever the files' own Arrow schema says ([`SparkParquetFormat`]); top-level
/// strings are whatever the table schema asks for ([`scan_field`]).
pub(crate) fn spark_parquet_format(ctx: &SessionContext) -> Arc<SparkParquetFormat> {
    let mut parquet = ctx.state_ref().read().table_options().parquet.clone();
    parquet.global.schema_force_view_types = false;
    Arc::new(SparkParquetFormat::new(
        ParquetFormat::default().with_options(parquet),
    ))
}

/// engine: a top-level string column is scanned as an Arrow string view (`Utf8View`), as
/// DataFusion itself reads Parquet: decoding a dictionary page into views copies no bytes, and
/// filters, joins and aggregations compare short strings inline. A Spark string either way
/// ([`crate::types::arrow_to_spark`]); results reach the client as `Utf8`, the type Spark
/// sends, through the plan's final cast to Spark's types. Nested strings stay `Utf8`.
pub(crate) fn scan_field(field: Field) -> Field {
    if field.data_type() == &ArrowType::Utf8 {
        field.with_data_type(ArrowType::Utf8View)
    } else {
        field
    }
}

impl Resolver<'_> {
    pub(super) async fn read_parquet(
        &mut self,
        user: Option<Vec<StructField>>,
        opts: &Options,
        paths: &[String],
    ) -> Result<LogicalPlan> {
        let zone = self.conf.time_zone.clone();
        if paths.is_empty() && user.is_none() {
            return Err(unable_to_infer("Parquet"));
        }
        let listing = Listing::new(opts)?;
        let files = list_files(self.ctx, paths, &listing).await?;
        let discovered = discover(&files, &zone)?;
        let format = spark_parquet_format(self.ctx);
        let has_user = user.is_some();
        // Timestamps Spark wrote as INT96: naive in Arrow, instants for Spark.
        let mut int96 = HashSet::new();
        let data_fields = match user {
            Some(u) => u,
            None if files.is_empty() => return Err(unable_to_infer("Parquet")),
            None => {
                let merge = opts.bool("mergeSchema", false)?;
                let (fields, naive) = self.footer_columns(&files, merge).await?;
                int96 = naive;
                fields
            }
        };
        let (data, parts) =
            split_partitions(data_fields, discovered, has_user, self.conf.case_sensitive);
        super::check_duplicates(data.iter().chain(&parts), self.conf.case_sensitive)?;
        let file_schema: SchemaRef = Arc::new(Schema::new(
            data.iter()
                .map(|f| {
                    let a = scan_field(struct_field_to_arrow(f, &zone)?.with_nullable(true));
                    Ok(if int96.contains(&f.name) {
                        a.with_data_type(ArrowType::Timestamp(TimeUnit::Microsecond, None))
                    } else {
                        a
                    })
                })
                .collect::<Result<Vec<Field>>>()?,
        ));
        // With Spark's own listing options, DataFusion reads exactly the files we listed
        // (there are no partition directories then, or they are not discovered).
        // Globs are matched by our listing too (DataFusion's matches one directory level).
        let globbed = paths.iter().any(|p| p.contains(['*', '?', '[']));
        let urls = if listing.is_custom() || globbed {
            if !parts.is_empty() {
                return Err(SparkError::unsupported(
                    "pathGlobFilter, recursiveFileLookup or a glob path over partitioned Parquet directories",
                ));
            }
            files
                .iter()
                .map(|f| ListingTableUrl::parse(&f.uri))
                .collect::<datafusion::common::Result<Vec<_>>>()
        } else {
            paths.iter().map(|p| crate::stores::listing_url(p)).collect()
        }
        .map_err(from_datafusion)?;
        if urls.is_empty() {
            return Err(unable_to_infer("Parquet"));
        }
        // Spark reads every listed file; DataFusion's listing does not skip `_SUCCESS` and
        // other hidden files, so the extension filter is used when it loses nothing.
        let extension = if files
            .iter()
            .all(|f| f.meta.location.as_ref().ends_with(".parquet"))
        {
            ".parquet"
        } else {
            ""
        };
        let options = ListingOptions::new(format)
            .with_file_extension(extension)
            .with_table_partition_cols(
                parts
                    .iter()
                    .map(|p| (p.name.clone(), ArrowType::Utf8))
                    .collect(),
            );
        let config = ListingTableConfig::new_with_multi_paths(urls)
            .with_listing_options(options)
            .with_schema(Arc::clone(&file_schema));
        let table = ListingTable::try_new(config).map_err(from_datafusion)?;
        let qualifier = self.internal_name("parquet");
        let scan = builder_build(LogicalPlanBuilder::scan(
            qualifier.as_str(),
            provider_as_source(Arc::new(table)),
            None,
        ))?;
        let target = to_spark_arrow_schema(&file_schema, &zone)?;
        let column = |name: &str| {
            col(datafusion::common::Column::new(
                Some(qualifier.as_str()),
                name,
            ))
        };
        let mut exprs: Vec<DfExpr> = file_schema
            .fields()
            .iter()
            .zip(target.fields())
            .map(|(from, to)| {
                let c = column(from.name());
                if int96.contains(from.name()) {
                    // The stored value is the instant's UTC wall clock: relabel, not convert.
                    let zoned =
                        ArrowType::Timestamp(TimeUnit::Microsecond, Some(zone.as_str().into()));
                    cast(cast(c, ArrowType::Int64), zoned).alias(from.name())
                } else if from.data_type() == to.data_type()
                    || from.data_type() == &ArrowType::Utf8View
                {
                    // Views stay views until the plan's output (see `scan_field`).
                    c
                } else {
                    cast(c, to.data_type().clone()).alias(from.name())
                }
            })
            .collect();
        for p in &parts {
            let t = struct_field_to_arrow(p, &zone)?;
            let c = column(&p.name);
            let value = when(
                c.clone().eq(lit(DEFAULT_PARTITION)),
                lit(datafusion::common::ScalarValue::try_from(t.data_type())
                    .map_err(from_datafusion)?),
            )
            .otherwise(cast(c, t.data_type().clone()))
            .map_err(from_datafusion)?;
            exprs.push(value.alias(&p.name));
        }
        builder_build(LogicalPlanBuilder::from(scan).project(exprs))
    }

    /// The columns of the first file's footer, or of all footers (`mergeSchema`: columns
    /// in the order first seen, the first file's type winning), and the INT96 timestamps.
    async fn footer_columns(
        &self,
        files: &[SourceFile],
        merge: bool,
    ) -> Result<(Vec<StructField>, HashSet<String>)> {
        let mut parquet = self.ctx.state_ref().read().table_options().parquet.clone();
        parquet.global.schema_force_view_types = false;
        // Keep the key-value metadata: Spark's own schema is there.
        parquet.global.skip_metadata = false;
        let format = ParquetFormat::default().with_options(parquet);
        let state = self.ctx.state();
        let take = if merge { files.len() } else { 1 };
        let mut fields: Vec<StructField> = Vec::new();
        let mut naive = HashSet::new();
        for file in files.iter().take(take) {
            let store = self
                .ctx
                .runtime_env()
                .object_store(&file.store)
                .map_err(from_datafusion)?;
            let schema = format
                .infer_schema(&state, &store, std::slice::from_ref(&file.meta))
                .await
                .map_err(from_datafusion)?;
            let (more, more_naive) = footer_fields(&schema)?;
            for f in more {
                if !fields.iter().any(|g| g.name == f.name) {
                    if more_naive.contains(&f.name) {
                        naive.insert(f.name.clone());
                    }
                    fields.push(f);
                }
            }
        }
        Ok((fields, naive))
    }
}

/// The key under which Spark stores its schema in a Parquet footer
/// (`ParquetReadSupport.SPARK_METADATA_KEY`).
const SPARK_ROW_METADATA: &str = "org.apache.spark.sql.parquet.row.metadata";

/// The Spark columns of a footer schema (nullable), and the names of the timestamp columns
/// that Arrow reads as naive but Spark wrote as instants (INT96, Spark's default
/// `outputTimestampType`): Spark's own schema in the footer tells them apart.
fn footer_fields(schema: &Schema) -> Result<(Vec<StructField>, HashSet<String>)> {
    let fields = match spark_schema(schema)? {
        DataType::Struct(f) => f,
        _ => Vec::new(),
    };
    let spark = schema
        .metadata()
        .get(SPARK_ROW_METADATA)
        .and_then(|json| parse_schema(json).ok());
    let spark_fields = match spark {
        Some(DataType::Struct(f)) => f,
        _ => Vec::new(),
    };
    let mut naive = HashSet::new();
    let fields = fields
        .into_iter()
        .map(|f| {
            let written = spark_fields.iter().find(|s| s.name == f.name);
            let data_type = match (written.map(|s| &s.data_type), &f.data_type) {
                (Some(DataType::Timestamp), DataType::TimestampNtz) => {
                    naive.insert(f.name.clone());
                    DataType::Timestamp
                }
                _ => f.data_type,
            };
            StructField {
                data_type,
                nullable: true,
                ..f
            }
        })
        .collect();
    Ok((fields, naive))
}
