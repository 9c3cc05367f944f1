//! Writes of table data through the file writer ([`sabot_plan::write::write_files`]): `CREATE
//! TABLE ... AS SELECT`, `INSERT INTO/OVERWRITE`, `TRUNCATE TABLE`, and the DataFrame writers'
//! table targets ([`super::save_table`]). Mirrors Spark's `CreateDataSourceTableAsSelectCommand`,
//! `InsertIntoHadoopFsRelationCommand` and `TruncateTableCommand`.
//!
//! A write's files are committed by the file writer (staged, then renamed into place); the
//! catalog record changes only after that commit succeeded, so a failed write leaves the table
//! (data and metadata) as it was.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, RecordBatch, StringArray};
use datafusion::dataframe::DataFrame;
use sabot_catalog::errors::{schema_not_found, table_already_exists};
use sabot_catalog::{ColumnMeta, TableKind, TableMeta};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{CastMode, DataType, Expr, Literal, Plan, PlanNode};
use sabot_common::{Result, SparkError};
use sabot_plan::write::escape::partition_dir;
use sabot_plan::write::{FileFormat, FileWriteSpec, SaveMode, WriteSummary};

use super::assign::{Insert, Match, aligned_plan, quoted_table, table_columns};
use super::out::empty;
use super::tables;
use super::{dirs, qualify_table_location};
use crate::execution::runner::resolve;
use crate::execution::write::write_conf;
use crate::session::Session;

/// The Spark schema of a query: (name, type) per column.
pub async fn query_columns(
    session: &Arc<Session>,
    query: &Plan,
) -> Result<Vec<(String, DataType)>> {
    let logical = resolve(session, query).await?;
    let arrow = sabot_plan::to_spark_arrow_schema(
        logical.schema().as_arrow(),
        &session.plan_config()?.time_zone,
    )?;
    let DataType::Struct(fields) = sabot_plan::spark_schema(&arrow)? else {
        return Err(SparkError::internal("a query without a struct schema"));
    };
    Ok(fields.into_iter().map(|f| (f.name, f.data_type)).collect())
}

/// Writes `plan` (already in the table's columns) into the table's files.
pub async fn write_rows(
    session: &Arc<Session>,
    meta: &TableMeta,
    plan: &Plan,
    mode: SaveMode,
    overwrite_partition: Option<String>,
) -> Result<WriteSummary> {
    let logical = resolve(session, plan).await?;
    let format = FileFormat::parse(meta.provider.as_deref().unwrap_or("parquet"))?;
    let spec = FileWriteSpec {
        path: meta.location.clone().unwrap_or_default(),
        format,
        mode,
        partition_by: meta.partition_columns.clone(),
        options: meta.options.clone(),
        conf: write_conf(session)?,
        overwrite_partition,
    };
    sabot_plan::write::write_files(&session.query_ctx()?, logical, &spec)
        .await
        .map_err(in_table_insert)
}

/// Spark names an overflow while storing a value `CAST_OVERFLOW_IN_TABLE_INSERT`.
fn in_table_insert(mut e: SparkError) -> SparkError {
    if e.error_class.as_deref() == Some("CAST_OVERFLOW") {
        e.error_class = Some("CAST_OVERFLOW_IN_TABLE_INSERT".to_string());
    }
    e
}

/// What a new table from a query is.
pub struct NewTable {
    pub name: Vec<String>,
    pub provider: Option<String>,
    pub partition_by: Vec<String>,
    pub location: Option<String>,
    pub options: BTreeMap<String, String>,
    pub properties: BTreeMap<String, String>,
    pub comment: Option<String>,
}

/// `COLUMN_NOT_DEFINED_IN_TABLE` for a partition column the query does not have.
fn partition_not_defined(column: &str, table: &str, columns: &[ColumnMeta]) -> SparkError {
    use sabot_common::error::quote_identifier;
    SparkError::with_class(
        ExceptionKind::Analysis,
        "COLUMN_NOT_DEFINED_IN_TABLE",
        "42703",
        format!(
            "partition column {} is not defined in table {table}, defined table columns are: {}.",
            quote_identifier(column),
            columns
                .iter()
                .map(|c| quote_identifier(&c.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

/// `CREATE TABLE ... AS SELECT` (and `saveAsTable` / `writeTo(...).create()` of a new table, or
/// of an existing one with `replace`): writes the query's rows to the table's location, then
/// records the table. What was written (with the query's observations), `None` when it exists
/// and `if_not_exists`.
pub async fn create_table_as(
    session: &Arc<Session>,
    t: NewTable,
    query: Plan,
    if_not_exists: bool,
    replace: bool,
) -> Result<Option<WriteSummary>> {
    let n = tables::qualify(session, &t.name)?;
    let store = session.catalog.state.store()?;
    let db = store
        .get_database(&n.database)?
        .ok_or_else(|| schema_not_found(&n.database))?;
    let existing = store.get_table(&n.database, &n.table)?;
    if existing.is_some() && !replace {
        if if_not_exists {
            return Ok(None);
        }
        return Err(table_already_exists(&n.database, &n.table));
    }
    let data = query_columns(session, &query).await?;
    let mut columns: Vec<ColumnMeta> = data
        .iter()
        .map(|(name, t)| ColumnMeta {
            name: name.clone(),
            data_type: t.simple_string(),
            nullable: true,
            comment: None,
        })
        .collect();
    let quoted =
        sabot_catalog::errors::quote_parts(&[sabot_catalog::CATALOG_NAME, &n.database, &n.table]);
    for (i, c) in columns.iter().enumerate() {
        if columns[..i]
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&c.name))
        {
            let q = sabot_common::error::quote_identifier(&c.name.to_lowercase());
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "COLUMN_ALREADY_EXISTS",
                "42711",
                format!("The column {q} already exists. Choose another name or rename the existing column."),
            )
            .param("columnName", q));
        }
    }
    let mut partition_columns = Vec::new();
    for p in &t.partition_by {
        let Some(i) = columns.iter().position(|c| c.name.eq_ignore_ascii_case(p)) else {
            return Err(partition_not_defined(p, &quoted, &columns));
        };
        let c = columns.remove(i);
        partition_columns.push(c.name.clone());
        columns.push(c);
    }
    let provider = t
        .provider
        .unwrap_or_else(|| "parquet".to_string())
        .to_lowercase();
    FileFormat::parse(&provider)?;
    let (location, kind) = match &t.location {
        Some(l) => (qualify_table_location(l)?, TableKind::External),
        None => (dirs::child(&db.location, &n.table), TableKind::Managed),
    };
    let replacing_same_place = existing
        .as_ref()
        .is_some_and(|e| e.location.as_deref() == Some(location.as_str()));
    if kind == TableKind::Managed && !replacing_same_place {
        super::commands::check_managed_location(session, &quoted, &location).await?;
    }
    let meta = TableMeta {
        database: n.database.clone(),
        name: n.table.clone(),
        kind,
        provider: Some(provider),
        location: Some(location.clone()),
        columns,
        partition_columns,
        options: t.options,
        properties: t.properties,
        comment: t.comment,
        view_text: None,
        view_query_columns: vec![],
        view_sql_configs: BTreeMap::new(),
        created_ms: super::now_ms(),
    };
    // The query's columns by name, in the table's order (partition columns last).
    let plan = aligned_plan(
        &Insert {
            meta: &meta,
            data,
            matching: Match::ByName,
            columns: &[],
            static_values: &[],
        },
        query,
    )?;
    let summary = match write_rows(session, &meta, &plan, SaveMode::Overwrite, None).await {
        Ok(summary) => summary,
        Err(e) => {
            if kind == TableKind::Managed && existing.is_none() {
                let _ = dirs::remove_all(&session.ctx, &location).await;
            }
            return Err(e);
        }
    };
    store.create_table(&meta, false, replace)?;
    if let Some(old) = existing
        && old.kind == TableKind::Managed
        && old.location != meta.location
        && let Some(l) = &old.location
    {
        let _ = dirs::remove_all(&session.ctx, l).await;
    }
    Ok(Some(summary))
}

/// A table to write into: a catalog table (not a view).
pub fn writable_table(session: &Arc<Session>, name: &[String]) -> Result<TableMeta> {
    let meta = tables::get_catalog_table(session, name)?;
    if meta.kind == TableKind::View {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE",
            "42809",
            format!(
                "'INSERT' expects a table. {} is a view.",
                meta.qualified_name()
            ),
        ));
    }
    Ok(meta)
}

/// `PARTITION (...)` checked against the table: every name a partition column
/// (`PARTITIONS_NOT_FOUND` otherwise); returns the static values.
fn static_values(
    meta: &TableMeta,
    partition: &[(String, Option<Literal>)],
) -> Result<Vec<(String, Literal)>> {
    let mut out = Vec::new();
    for (name, value) in partition {
        let Some(col) = meta
            .partition_columns
            .iter()
            .find(|p| p.eq_ignore_ascii_case(name))
        else {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "PARTITIONS_NOT_FOUND",
                "428FT",
                format!(
                    "The partition(s) PARTITION ({name}) cannot be found in table {}.",
                    quoted_table(meta)
                ),
            ));
        };
        if let Some(v) = value {
            out.push((col.clone(), v.clone()));
        }
    }
    Ok(out)
}

/// The directory of the static partition prefix (`p=1/q=a`): the leading partition columns
/// that have static values, their values cast to the columns' types then to text, as Spark's
/// `ExternalCatalogUtils.getPartitionPathString`.
async fn static_prefix(
    session: &Arc<Session>,
    meta: &TableMeta,
    values: &[(String, Literal)],
) -> Result<Option<String>> {
    let types = table_columns(meta)?;
    let mut dirs = Vec::new();
    for p in &meta.partition_columns {
        let Some((_, lit)) = values.iter().find(|(n, _)| n.eq_ignore_ascii_case(p)) else {
            break;
        };
        let to = types
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(p))
            .map(|(_, t)| t.clone())
            .unwrap_or(DataType::String);
        let text = value_text(session, lit, &to).await?;
        dirs.push(partition_dir(p, text.as_deref()));
    }
    Ok((!dirs.is_empty()).then(|| dirs.join("/")))
}

/// A literal cast to `to`, then to a string (`None` for NULL).
pub(crate) async fn value_text(
    session: &Arc<Session>,
    lit: &Literal,
    to: &DataType,
) -> Result<Option<String>> {
    let cast = |e: Expr, t: DataType| Expr::Cast {
        expr: Box::new(e),
        data_type: t,
        mode: CastMode::Ansi,
    };
    let plan = Plan::new(PlanNode::Project {
        input: None,
        exprs: vec![cast(
            cast(Expr::Literal(lit.clone()), to.clone()),
            DataType::String,
        )],
    });
    let logical = resolve(session, &plan).await?;
    let batches = DataFrame::new(session.ctx.state(), logical)
        .collect()
        .await
        .map_err(sabot_plan::from_datafusion)?;
    let batch = batches
        .first()
        .ok_or_else(|| SparkError::internal("no partition value"))?;
    let col = datafusion::arrow::compute::cast(
        batch.column(0),
        &datafusion::arrow::datatypes::DataType::Utf8,
    )
    .map_err(|e| SparkError::internal(e.to_string()))?;
    let strings = col
        .as_any()
        .downcast_ref::<StringArray>()
        .ok_or_else(|| SparkError::internal("partition value is not a string"))?;
    Ok((!strings.is_null(0)).then(|| strings.value(0).to_string()))
}

/// `INSERT INTO|OVERWRITE [TABLE] t [PARTITION (...)] [(cols)] query` (and `insertInto`).
pub async fn insert(
    session: &Arc<Session>,
    table: &[String],
    overwrite: bool,
    partition: &[(String, Option<Literal>)],
    columns: &[String],
    query: Plan,
) -> Result<RecordBatch> {
    let meta = writable_table(session, table)?;
    if overwrite && reads_table(session, &query, &meta)? {
        return Err(overwrite_of_read_table(&meta));
    }
    let statics = static_values(&meta, partition)?;
    let data = query_columns(session, &query).await?;
    let plan = aligned_plan(
        &Insert {
            meta: &meta,
            data,
            matching: Match::ByPosition,
            columns,
            static_values: &statics,
        },
        query,
    )?;
    let (mode, prefix) = if overwrite {
        (
            SaveMode::Overwrite,
            static_prefix(session, &meta, &statics).await?,
        )
    } else {
        (SaveMode::Append, None)
    };
    write_rows(session, &meta, &plan, mode, prefix).await?;
    Ok(empty())
}

/// `INSERT ... BY NAME`: the query's column names as the insert's column list. A name the
/// table does not have is Spark's `INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS`.
pub async fn by_name_columns(
    session: &Arc<Session>,
    table: &[String],
    partition: &[(String, Option<Literal>)],
    query: &Plan,
) -> Result<Vec<String>> {
    let meta = writable_table(session, table)?;
    let data: Vec<String> = query_columns(session, query)
        .await?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let table_cols: Vec<String> = super::assign::table_columns(&meta)?
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| {
            !partition
                .iter()
                .any(|(p, v)| v.is_some() && p.eq_ignore_ascii_case(n))
        })
        .collect();
    if data
        .iter()
        .any(|d| !table_cols.iter().any(|t| t.eq_ignore_ascii_case(d)))
    {
        return Err(super::assign::arity_mismatch(&meta, &table_cols, &data));
    }
    Ok(data)
}

/// `UNSUPPORTED_OVERWRITE.TABLE`: the query of an overwrite reads its target.
pub fn overwrite_of_read_table(meta: &TableMeta) -> SparkError {
    let quoted = quoted_table(meta);
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_OVERWRITE.TABLE",
        "42902",
        format!(
            "Can't overwrite the target that is also being read from. The target table is {quoted}."
        ),
    )
    .param("table", quoted)
}

/// Whether `query` reads the table `meta` by name (Spark refuses to overwrite it then).
pub fn reads_table(session: &Arc<Session>, query: &Plan, meta: &TableMeta) -> Result<bool> {
    if let PlanNode::Read(sabot_common::spec::ReadKind::NamedTable { name, .. }) = &query.node
        && let Ok(n) = tables::qualify(session, name)
        && n.database == meta.database
        && n.table == meta.name
    {
        return Ok(true);
    }
    for child in query.children() {
        if reads_table(session, child, meta)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `TRUNCATE TABLE t [PARTITION (...)]`: deletes the table's (or the partition's) files; the
/// directories stay, as Spark's `TruncateTableCommand` leaves them.
pub async fn truncate(
    session: &Arc<Session>,
    table: &[String],
    partition: &[(String, Option<Literal>)],
) -> Result<RecordBatch> {
    let meta = writable_table(session, table)?;
    if meta.kind == TableKind::External {
        return Err(super::assign::legacy(
            "_LEGACY_ERROR_TEMP_1266",
            format!(
                "Operation not allowed: TRUNCATE TABLE on external tables: {}.",
                meta.qualified_name()
            ),
        ));
    }
    if !partition.is_empty() && meta.partition_columns.is_empty() {
        return Err(super::assign::legacy(
            "_LEGACY_ERROR_TEMP_1267",
            format!(
                "Operation not allowed: TRUNCATE TABLE ... PARTITION is not supported for tables that are not partitioned: {}.",
                meta.qualified_name()
            ),
        ));
    }
    let statics = static_values(&meta, partition)?;
    if statics.len() != partition.len() {
        return Err(SparkError::unsupported(
            "TRUNCATE TABLE ... PARTITION without partition values",
        ));
    }
    let root = meta.location.clone().unwrap_or_default();
    match static_prefix(session, &meta, &statics).await? {
        Some(prefix) if statics.len() == meta.partition_columns.len() => {
            dirs::delete_files(&session.ctx, &dirs::child(&root, &prefix)).await?
        }
        Some(_) => {
            return Err(SparkError::unsupported(
                "TRUNCATE TABLE with a partial partition spec",
            ));
        }
        // The whole table: its directory is deleted and made again (partition directories go).
        None => {
            dirs::remove_all(&session.ctx, &root).await?;
            dirs::create(&root);
        }
    }
    sabot_plan::write::forget_listings(&session.ctx);
    Ok(empty())
}
