//! Reads of catalog objects by name (`spark.table`, `FROM db.t`): persistent views (their
//! query resolved in the view's database, as Spark's `View` node), global temporary views, and
//! tables (their files, with the schema and partition columns the catalog keeps, as Spark's
//! `FindDataSourceTable`). The session looks names up ([`CachedRelations::catalog_relation`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::common::TableReference;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::datasource::provider_as_source;
use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder};
use sabot_common::Result;
use sabot_common::spec::Plan;

use super::relations::builder_build;
use super::{CachedRelations, Resolver};
use crate::error::from_datafusion;

/// What a catalog name refers to.
#[derive(Debug, Clone)]
pub enum CatalogRelation {
    /// A persistent view: its query, resolved with unqualified names in `database`.
    View {
        name: TableReference,
        query: Box<Plan>,
        database: String,
        /// The view's column names (its schema as stored).
        columns: Vec<String>,
        /// The SQL configs captured when it was made (Spark's `view.sqlConfig.*`), under which
        /// its query is resolved.
        configs: BTreeMap<String, String>,
    },
    /// An already resolved plan (a global temporary view).
    Resolved {
        name: TableReference,
        plan: LogicalPlan,
    },
    /// A table's files.
    Files {
        name: TableReference,
        format: String,
        location: String,
        /// All columns (Arrow types of their Spark types), partition columns last.
        schema: SchemaRef,
        partition_columns: Vec<String>,
        options: BTreeMap<String, String>,
    },
}

/// The session seen from inside a persistent view: unqualified names are in the view's database.
struct ViewScope<'a> {
    inner: &'a dyn CachedRelations,
    database: &'a str,
}

impl CachedRelations for ViewScope<'_> {
    fn local_relation(&self, hash: &str) -> Result<Plan> {
        self.inner.local_relation(hash)
    }

    fn chunked_local_relation(
        &self,
        data_hashes: &[String],
        schema_hash: Option<&str>,
    ) -> Result<Plan> {
        self.inner.chunked_local_relation(data_hashes, schema_hash)
    }

    fn catalog_relation(
        &self,
        name: &[String],
        _view_database: Option<&str>,
    ) -> Result<Option<CatalogRelation>> {
        self.inner.catalog_relation(name, Some(self.database))
    }
}

impl Resolver<'_> {
    /// The plan of a catalog relation.
    pub(super) async fn read_catalog_relation(
        &mut self,
        relation: CatalogRelation,
    ) -> Result<LogicalPlan> {
        match relation {
            CatalogRelation::View {
                name,
                query,
                database,
                columns,
                configs,
            } => {
                let scope = ViewScope {
                    inner: self.cached,
                    database: &database,
                };
                let conf = view_config(self.conf, &configs);
                let plan = Resolver::new(self.ctx, &conf, &scope)
                    .resolve(&query)
                    .await?;
                let plan = view_output(plan, &columns, &self.conf.time_zone)?;
                builder_build(LogicalPlanBuilder::from(plan).alias(name))
            }
            CatalogRelation::Resolved { name, plan } => {
                builder_build(LogicalPlanBuilder::from(plan).alias(name))
            }
            CatalogRelation::Files {
                name,
                format,
                location,
                schema,
                partition_columns,
                options,
            } => {
                if format.eq_ignore_ascii_case("parquet") {
                    return self
                        .scan_parquet_table(name, &location, schema, &partition_columns)
                        .await;
                }
                // Other formats go through the data source reader with the table's schema.
                let user_schema = crate::types::spark_schema(&schema)?;
                let plan = self
                    .read_data_source(
                        Some(&format),
                        Some(&user_schema),
                        &options,
                        &[location],
                        &[],
                    )
                    .await?;
                builder_build(LogicalPlanBuilder::from(plan).alias(name))
            }
        }
    }

    async fn scan_parquet_table(
        &mut self,
        name: TableReference,
        location: &str,
        schema: SchemaRef,
        partition_columns: &[String],
    ) -> Result<LogicalPlan> {
        let is_partition = |f: &Field| {
            partition_columns
                .iter()
                .any(|p| p.eq_ignore_ascii_case(f.name()))
        };
        let data_fields: Vec<Field> = schema
            .fields()
            .iter()
            .filter(|f| !is_partition(f))
            .map(|f| super::read::parquet::scan_field(Field::clone(f).with_nullable(true)))
            .collect();
        // Partition values are read as the directory names' text, then typed below (a NULL
        // value's directory is `__HIVE_DEFAULT_PARTITION__`, which no typed parse accepts).
        let partition_cols: Vec<(String, datafusion::arrow::datatypes::DataType)> = schema
            .fields()
            .iter()
            .filter(|f| is_partition(f))
            .map(|f| {
                (
                    f.name().clone(),
                    datafusion::arrow::datatypes::DataType::Utf8,
                )
            })
            .collect();
        let mut url = location.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        let local_dir = url
            .strip_prefix("file:")
            .map(|p| p.trim_start_matches("//"));
        if let Some(dir) = local_dir {
            // A managed table whose directory is gone (or never written) reads as empty.
            let dir = format!("/{}", dir.trim_start_matches('/'));
            if !std::path::Path::new(&dir).exists() {
                let _ = std::fs::create_dir_all(&dir);
            }
        }
        let table_url = ListingTableUrl::parse(&url).map_err(from_datafusion)?;
        let options = ListingOptions::new(super::read::parquet::spark_parquet_format(self.ctx))
            .with_file_extension(".parquet")
            .with_table_partition_cols(partition_cols);
        let config = ListingTableConfig::new(table_url)
            .with_listing_options(options)
            .with_schema(Arc::new(Schema::new(data_fields)));
        let table = ListingTable::try_new(config).map_err(from_datafusion)?;
        let scan = builder_build(LogicalPlanBuilder::scan(
            name.clone(),
            provider_as_source(Arc::new(table)),
            None,
        ))?;
        // The catalog's column order (partition columns are last in both, but keep it exact).
        let exprs: Vec<datafusion::logical_expr::Expr> = schema
            .fields()
            .iter()
            .map(|f| {
                let c = datafusion::logical_expr::col(datafusion::common::Column::new(
                    Some(name.clone()),
                    f.name(),
                ));
                if is_partition(f) {
                    partition_value(c, f)
                } else {
                    c
                }
            })
            .collect();
        builder_build(LogicalPlanBuilder::from(scan).project(exprs))
    }
}

/// A partition column's directory text as its type: Spark's default partition name is NULL
/// (mirrors `PartitioningUtils.castPartValueToDesiredType`).
fn partition_value(c: datafusion::logical_expr::Expr, f: &Field) -> datafusion::logical_expr::Expr {
    use datafusion::logical_expr::{Expr, cast, lit, when};
    let typed = if f.data_type() == &datafusion::arrow::datatypes::DataType::Utf8 {
        c.clone()
    } else {
        cast(c.clone(), f.data_type().clone())
    };
    let null = Expr::Literal(
        datafusion::common::ScalarValue::try_from(f.data_type())
            .unwrap_or(datafusion::common::ScalarValue::Null),
        None,
    );
    match when(c.clone().eq(lit("__HIVE_DEFAULT_PARTITION__")), null).otherwise(typed) {
        Ok(e) => e.alias(f.name()),
        Err(_) => cast(c, f.data_type().clone()).alias(f.name()),
    }
}

/// Renames a view's output columns to its stored names (`CREATE VIEW v (a, b) AS ...`).
/// The session's config with a view's captured SQL configs applied (Spark's `View` node
/// resolves its child under them): ANSI mode, the time zone and case sensitivity.
fn view_config(conf: &super::PlanConfig, configs: &BTreeMap<String, String>) -> super::PlanConfig {
    let mut conf = conf.clone();
    let flag = |k: &str| {
        configs
            .get(k)
            .map(|v| v.trim().eq_ignore_ascii_case("true"))
    };
    if let Some(tz) = configs.get("spark.sql.session.timeZone") {
        conf.time_zone = tz.clone();
    }
    if let Some(ansi) = flag("spark.sql.ansi.enabled") {
        conf.ansi = ansi;
    }
    if let Some(cs) = flag("spark.sql.caseSensitive") {
        conf.case_sensitive = cs;
    }
    conf
}

/// A view's plan with its stored column names and its timestamps in the session's zone (the
/// same instants; a view resolved in its captured zone types them in that zone).
fn view_output(plan: LogicalPlan, columns: &[String], time_zone: &str) -> Result<LogicalPlan> {
    use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
    let schema = Arc::clone(plan.schema());
    let rezone = |t: &ArrowType| match t {
        ArrowType::Timestamp(TimeUnit::Microsecond, Some(z)) if z.as_ref() != time_zone => Some(
            ArrowType::Timestamp(TimeUnit::Microsecond, Some(time_zone.into())),
        ),
        _ => None,
    };
    let renamed = columns.len() == schema.fields().len()
        && schema
            .fields()
            .iter()
            .zip(columns)
            .any(|(f, c)| f.name() != c);
    if !renamed
        && schema
            .fields()
            .iter()
            .all(|f| rezone(f.data_type()).is_none())
    {
        return Ok(plan);
    }
    let exprs: Vec<datafusion::logical_expr::Expr> = (0..schema.fields().len())
        .map(|i| {
            let field = schema.field(i);
            let c = super::names::column_at(&schema, i);
            let c = match rezone(field.data_type()) {
                Some(t) => datafusion::logical_expr::cast(c, t),
                None => c,
            };
            let name = if renamed { &columns[i] } else { field.name() };
            c.alias(name.as_str())
        })
        .collect();
    builder_build(LogicalPlanBuilder::from(plan).project(exprs))
}
