//! Runs the SQL statements over the catalog ([`CatalogCommand`]) and returns their result rows,
//! mirroring Spark's `DDLUtils`/`ddl.scala`, `tables.scala` and `views.scala` commands.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use sabot_catalog::errors::{schema_not_found, table_already_exists};
use sabot_catalog::{ColumnMeta, DatabaseMeta, GLOBAL_TEMP_DATABASE, TableKind, TableMeta};
use sabot_common::error::{ExceptionKind, quote_identifier};
use sabot_common::spec::{CatalogCommand, ColumnDef, CreateTable, Plan, PlanNode, ViewKind};
use sabot_common::{Result, SparkError};

use super::names::database_name;
use super::out::empty;
use super::tables::{self, Target};
use super::{dirs, qualify_table_location};
use crate::execution::runner::resolve_view;
use crate::session::Session;

/// Runs one catalog statement.
pub async fn run(session: &Arc<Session>, cmd: CatalogCommand) -> Result<RecordBatch> {
    match cmd {
        CatalogCommand::CreateDatabase {
            name,
            if_not_exists,
            comment,
            location,
            properties,
        } => create_database(session, &name, if_not_exists, comment, location, properties).await,
        CatalogCommand::DropDatabase {
            name,
            if_exists,
            cascade,
        } => drop_database(session, &name, if_exists, cascade).await,
        CatalogCommand::Use { name } => {
            session
                .catalog
                .set_current_database(&database_name(&name)?)?;
            Ok(empty())
        }
        CatalogCommand::CreateView {
            name,
            kind,
            columns,
            query,
            sql_text,
            replace,
            if_not_exists,
            comment,
            properties,
        } => {
            create_view(
                session,
                ViewDef {
                    name,
                    kind,
                    columns,
                    query: *query,
                    sql_text,
                    replace,
                    if_not_exists,
                    comment,
                    properties,
                },
            )
            .await
        }
        CatalogCommand::DropView { name, if_exists } => drop_view(session, &name, if_exists),
        CatalogCommand::DropTable {
            name, if_exists, ..
        } => drop_table(session, &name, if_exists).await,
        CatalogCommand::CreateTable(mut t) => match t.query.take() {
            // Table writes: CTAS writes the query's rows, then records the table.
            Some(query) => create_table_as_select(session, t, *query).await,
            None => create_table(session, t).await,
        },
        CatalogCommand::CreateTableLike {
            name,
            source,
            if_not_exists,
            provider,
            location,
            properties,
        } => create_table_like(
            session,
            &name,
            &source,
            if_not_exists,
            provider,
            location,
            properties,
        ),
        CatalogCommand::RenameTable { from, to, .. } => rename_table(session, &from, &to).await,
        CatalogCommand::AddColumns { table, columns } => add_columns(session, &table, &columns),
        CatalogCommand::SetTblProperties {
            table, properties, ..
        } => alter_properties(session, &table, |p| p.extend(properties)),
        CatalogCommand::UnsetTblProperties { table, keys, .. } => {
            alter_properties(session, &table, |p| {
                for k in &keys {
                    p.remove(k);
                }
            })
        }
        CatalogCommand::RefreshTable { table } => {
            tables::get(session, &table)?;
            Ok(empty())
        }
        CatalogCommand::Insert {
            table,
            overwrite,
            partition,
            columns,
            query,
            by_name,
        } => {
            // SQL grammar (issue 5): `BY NAME` names the query's columns as the column list.
            let columns = if by_name {
                super::table_write::by_name_columns(session, &table, &partition, &query).await?
            } else {
                columns
            };
            super::table_write::insert(session, &table, overwrite, &partition, &columns, *query)
                .await
        }
        CatalogCommand::Truncate { table, partition } => {
            super::table_write::truncate(session, &table, &partition).await
        }
        other => super::show::run(session, other).await,
    }
}

/// The server process's user (Spark's `Utils.getCurrentUserName`), owner of new objects.
pub fn owner() -> String {
    ["SPARK_USER", "USER", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "root".to_string())
}

async fn create_database(
    session: &Arc<Session>,
    name: &[String],
    if_not_exists: bool,
    comment: Option<String>,
    location: Option<String>,
    properties: BTreeMap<String, String>,
) -> Result<RecordBatch> {
    let db = database_name(name)?;
    if db == GLOBAL_TEMP_DATABASE {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "_LEGACY_ERROR_TEMP_1259",
            "42000",
            format!(
                "{GLOBAL_TEMP_DATABASE} is a system preserved database, you cannot create a database with this name."
            ),
        ));
    }
    let state = &session.catalog.state;
    let location = match location {
        Some(l) => qualify_table_location(&l)?,
        None => state.database_location(&db)?,
    };
    let meta = DatabaseMeta {
        name: db,
        comment,
        location: location.clone(),
        properties,
    };
    if state.store()?.create_database(&meta, if_not_exists)? {
        dirs::create(&location);
    }
    Ok(empty())
}

async fn drop_database(
    session: &Arc<Session>,
    name: &[String],
    if_exists: bool,
    cascade: bool,
) -> Result<RecordBatch> {
    let db = database_name(name)?;
    if db == sabot_catalog::DEFAULT_DATABASE {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "UNSUPPORTED_FEATURE.DROP_DATABASE",
            "0A000",
            format!(
                "The feature is not supported: Drop the default database {}.",
                quote_identifier(&db)
            ),
        )
        .param("database", quote_identifier(&db)));
    }
    let store = session.catalog.state.store()?;
    if let Some((meta, dropped)) = store.drop_database(&db, if_exists, cascade)? {
        for t in &dropped {
            delete_managed_data(session, t).await;
        }
        // Spark deletes the database directory with the database.
        let _ = dirs::remove_all(&session.ctx, &meta.location).await;
        if session.catalog.current_database()? == db {
            session
                .catalog
                .set_current_database(sabot_catalog::DEFAULT_DATABASE)?;
        }
    }
    Ok(empty())
}

/// Deletes a managed table's directory (its data belongs to the catalog). The table is gone
/// from the metastore already, so a failed delete only leaves files behind (logged).
async fn delete_managed_data(session: &Arc<Session>, t: &TableMeta) {
    if t.kind == TableKind::Managed
        && let Some(loc) = &t.location
        && let Err(e) = dirs::remove_all(&session.ctx, loc).await
    {
        tracing::warn!(location = %loc, error = %e, "could not delete a dropped table's data");
    }
}

struct ViewDef {
    name: Vec<String>,
    kind: ViewKind,
    columns: Vec<(String, Option<String>)>,
    query: Plan,
    sql_text: String,
    replace: bool,
    if_not_exists: bool,
    comment: Option<String>,
    properties: BTreeMap<String, String>,
}

async fn create_view(session: &Arc<Session>, v: ViewDef) -> Result<RecordBatch> {
    let raw = resolve_view(session, &v.query).await?;
    // Spark's `view.query.out.col.*`: the query's own names, before the column list.
    let query_columns: Vec<String> = raw
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let logical = if v.columns.is_empty() {
        raw
    } else {
        let renamed = Plan::new(PlanNode::ToDf {
            input: Box::new(v.query.clone()),
            names: v.columns.iter().map(|(n, _)| n.clone()).collect(),
        });
        resolve_view(session, &renamed).await?
    };
    let sql_view = || super::view_info::SqlView {
        text: v.sql_text.clone(),
        database: session.catalog.current_database().unwrap_or_default(),
        query_columns: query_columns.clone(),
    };
    match v.kind {
        ViewKind::Temp => {
            let [name] = v.name.as_slice() else {
                return Err(SparkError::with_class(
                    ExceptionKind::Parse,
                    "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS",
                    "428EK",
                    format!(
                        "CREATE TEMPORARY VIEW or the corresponding Dataset APIs only accept single-part view names, but got: {}.",
                        v.name.join(".")
                    ),
                ));
            };
            if v.if_not_exists && tables::has_temp_view(session, &name.to_lowercase()) {
                return Ok(empty());
            }
            sabot_plan::register_temp_view(&session.ctx, name, logical, v.replace)?;
            super::view_info::note(session, name, false, Some(sql_view()))?;
        }
        ViewKind::GlobalTemp => {
            let name = match v.name.as_slice() {
                [n] => n.clone(),
                [db, n] if db.eq_ignore_ascii_case(GLOBAL_TEMP_DATABASE) => n.clone(),
                _ => return Err(SparkError::unsupported("this global temporary view name")),
            };
            tables::put_global_temp_view(session, &name, logical, v.replace)?;
            super::view_info::note(session, &name, true, Some(sql_view()))?;
        }
        ViewKind::Persistent => {
            let n = tables::qualify(session, &v.name)?;
            let schema = sabot_plan::spark_schema(logical.schema().as_arrow())?;
            let sabot_common::spec::DataType::Struct(fields) = schema else {
                return Err(SparkError::internal("a view without a struct schema"));
            };
            let columns = fields
                .iter()
                .enumerate()
                .map(|(i, f)| ColumnMeta {
                    name: f.name.clone(),
                    data_type: f.data_type.simple_string(),
                    nullable: f.nullable,
                    comment: v.columns.get(i).and_then(|(_, c)| c.clone()),
                })
                .collect();
            let store = session.catalog.state.store()?;
            if v.replace
                && let Some(existing) = store.get_table(&n.database, &n.table)?
                && existing.kind != TableKind::View
            {
                return Err(table_already_exists(&n.database, &n.table));
            }
            let meta = TableMeta {
                database: n.database,
                name: n.table,
                kind: TableKind::View,
                provider: None,
                location: None,
                columns,
                partition_columns: vec![],
                options: BTreeMap::new(),
                properties: v.properties,
                comment: v.comment,
                view_text: Some(v.sql_text.clone()),
                view_query_columns: query_columns,
                view_sql_configs: session.view_sql_configs()?,
                created_ms: now_ms(),
            };
            store.create_table(&meta, v.if_not_exists, v.replace)?;
        }
    }
    Ok(empty())
}

use super::now_ms;

/// `WRONG_COMMAND_FOR_OBJECT_TYPE`.
fn wrong_command(
    operation: &str,
    required: &str,
    found: &str,
    name: &str,
    alternative: &str,
) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "WRONG_COMMAND_FOR_OBJECT_TYPE",
        "42809",
        format!("The operation {operation} requires a {required}. But {name} is a {found}. Use {alternative} instead."),
    )
    .param("operation", operation)
    .param("requiredType", required)
    .param("foundType", found)
    .param("objectName", name)
    .param("alternative", alternative)
}

fn drop_view(session: &Arc<Session>, name: &[String], if_exists: bool) -> Result<RecordBatch> {
    match tables::find(session, name)? {
        Some(Target::TempView(v)) => {
            tables::drop_temp_view(session, &v)?;
        }
        Some(Target::GlobalTemp(v)) => {
            tables::drop_global_temp_view(session, &v)?;
        }
        Some(Target::Table(meta)) => {
            if meta.kind != TableKind::View {
                return Err(wrong_command(
                    "DROP VIEW",
                    "VIEW or METRIC_VIEW",
                    meta.kind.name(),
                    &meta.qualified_name(),
                    "DROP TABLE",
                ));
            }
            session
                .catalog
                .state
                .store()?
                .drop_table(&meta.database, &meta.name)?;
        }
        None if if_exists => {}
        None => return Err(not_found_qualified(session, name)?),
    }
    Ok(empty())
}

/// `TABLE_OR_VIEW_NOT_FOUND` with the name qualified as Spark's DROP reports it.
fn not_found_qualified(session: &Arc<Session>, name: &[String]) -> Result<SparkError> {
    let n = tables::qualify(session, name)?;
    Ok(sabot_catalog::errors::table_not_found(&[
        sabot_catalog::CATALOG_NAME,
        &n.database,
        &n.table,
    ]))
}

async fn drop_table(
    session: &Arc<Session>,
    name: &[String],
    if_exists: bool,
) -> Result<RecordBatch> {
    match tables::find(session, name)? {
        Some(Target::TempView(v)) => {
            tables::drop_temp_view(session, &v)?;
        }
        Some(Target::GlobalTemp(v)) => {
            tables::drop_global_temp_view(session, &v)?;
        }
        Some(Target::Table(meta)) => {
            session
                .catalog
                .state
                .store()?
                .drop_table(&meta.database, &meta.name)?;
            delete_managed_data(session, &meta).await;
            // table writes: a table made again under this name must not see old listings.
            sabot_plan::write::forget_listings(&session.ctx);
        }
        None if if_exists => {}
        None => return Err(not_found_qualified(session, name)?),
    }
    Ok(empty())
}

/// A table column: file-source tables make every column nullable, as Spark's
/// `DataSource.resolveRelation` does (`NOT NULL` is not kept).
fn column_meta(c: &ColumnDef) -> ColumnMeta {
    ColumnMeta {
        name: c.name.clone(),
        data_type: c.data_type.simple_string(),
        nullable: true,
        comment: c.comment.clone(),
    }
}

/// `COLUMN_ALREADY_EXISTS`.
fn column_exists(name: &str) -> SparkError {
    let q = quote_identifier(&name.to_lowercase());
    SparkError::with_class(
        ExceptionKind::Analysis,
        "COLUMN_ALREADY_EXISTS",
        "42711",
        format!(
            "The column {q} already exists. Choose another name or rename the existing column."
        ),
    )
    .param("columnName", q)
}

fn check_unique(columns: &[ColumnMeta]) -> Result<()> {
    for (i, c) in columns.iter().enumerate() {
        if columns[..i]
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&c.name))
        {
            return Err(column_exists(&c.name));
        }
    }
    Ok(())
}

/// Where a new table's data lives, and whether it is managed.
fn table_location(
    session: &Arc<Session>,
    database: &str,
    table: &str,
    location: Option<&str>,
) -> Result<(String, TableKind)> {
    if let Some(l) = location {
        return Ok((qualify_table_location(l)?, TableKind::External));
    }
    let db = session
        .catalog
        .state
        .store()?
        .get_database(database)?
        .ok_or_else(|| schema_not_found(database))?;
    Ok((dirs::child(&db.location, table), TableKind::Managed))
}

/// `LOCATION_ALREADY_EXISTS`: a new managed table's directory must not exist with files.
pub(super) async fn check_managed_location(
    session: &Arc<Session>,
    name: &str,
    location: &str,
) -> Result<()> {
    if dirs::has_files(&session.ctx, location).await? {
        return Err(SparkError::with_class(
            ExceptionKind::Runtime,
            "LOCATION_ALREADY_EXISTS",
            "42710",
            format!("Cannot name the managed table as {name}, as its associated location '{location}' already exists. Please pick a different table name, or remove the existing location first."),
        )
        .param("identifier", name.to_string())
        .param("location", location.to_string()));
    }
    Ok(())
}

/// `CREATE [OR REPLACE] TABLE ... AS query` (table writes).
async fn create_table_as_select(
    session: &Arc<Session>,
    t: CreateTable,
    query: Plan,
) -> Result<RecordBatch> {
    if !t.columns.is_empty() {
        let mut e = SparkError::new(
            ExceptionKind::Parse,
            "Operation not allowed: Schema may not be specified in a Create Table As Select (CTAS) statement.",
        );
        e.error_class = Some("_LEGACY_ERROR_TEMP_0035".to_string());
        return Err(e);
    }
    if t.replace {
        let n = tables::qualify(session, &t.name)?;
        return Err(super::save_table::replace_unsupported(
            &sabot_catalog::errors::quote_parts(&[
                sabot_catalog::CATALOG_NAME,
                &n.database,
                &n.table,
            ]),
        ));
    }
    let new_table = super::table_write::NewTable {
        name: t.name,
        provider: t.provider,
        partition_by: t.partition_by,
        location: t.location,
        options: t.options,
        properties: t.properties,
        comment: t.comment,
    };
    super::table_write::create_table_as(session, new_table, query, t.if_not_exists, false).await?;
    Ok(empty())
}

async fn create_table(session: &Arc<Session>, t: CreateTable) -> Result<RecordBatch> {
    if t.replace {
        return Err(SparkError::unsupported(
            "CREATE OR REPLACE TABLE / REPLACE TABLE",
        ));
    }
    if t.columns.is_empty() {
        return Err(SparkError::unsupported(
            "CREATE TABLE without columns (schema inference from existing files)",
        ));
    }
    let n = tables::qualify(session, &t.name)?;
    let store = session.catalog.state.store()?;
    if store.get_database(&n.database)?.is_none() {
        return Err(schema_not_found(&n.database));
    }
    if store.get_table(&n.database, &n.table)?.is_some() {
        if t.if_not_exists {
            return Ok(empty());
        }
        return Err(table_already_exists(&n.database, &n.table));
    }
    let mut columns: Vec<ColumnMeta> = t.columns.iter().map(column_meta).collect();
    check_unique(&columns)?;
    // Partition columns go last, in PARTITIONED BY order (Spark's `CatalogTable` schema).
    let mut partition_columns = Vec::new();
    for p in &t.partition_by {
        let Some(i) = columns.iter().position(|c| c.name.eq_ignore_ascii_case(p)) else {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "COLUMN_NOT_DEFINED_IN_TABLE",
                "42703",
                format!(
                    "partition column {} is not defined in table {}, defined table columns are: {}.",
                    quote_identifier(p),
                    sabot_catalog::errors::quote_parts(&[
                        sabot_catalog::CATALOG_NAME,
                        &n.database,
                        &n.table
                    ]),
                    columns
                        .iter()
                        .map(|c| quote_identifier(&c.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        };
        let c = columns.remove(i);
        partition_columns.push(c.name.clone());
        columns.push(c);
    }
    let provider = t
        .provider
        .unwrap_or_else(|| "parquet".to_string())
        .to_lowercase();
    let (location, kind) = table_location(session, &n.database, &n.table, t.location.as_deref())?;
    if kind == TableKind::Managed {
        check_managed_location(
            session,
            &format!("`{}`.`{}`", n.database, n.table),
            &location,
        )
        .await?;
    }
    let meta = TableMeta {
        database: n.database,
        name: n.table,
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
        created_ms: now_ms(),
    };
    store.create_table(&meta, t.if_not_exists, false)?;
    dirs::create(&location);
    Ok(empty())
}

fn create_table_like(
    session: &Arc<Session>,
    name: &[String],
    source: &[String],
    if_not_exists: bool,
    provider: Option<String>,
    location: Option<String>,
    properties: BTreeMap<String, String>,
) -> Result<RecordBatch> {
    let (columns, partition_columns, src_provider) = match tables::get(session, source)? {
        Target::Table(meta) => (meta.columns, meta.partition_columns, meta.provider),
        _ => {
            return Err(SparkError::unsupported(
                "CREATE TABLE LIKE a temporary view",
            ));
        }
    };
    let n = tables::qualify(session, name)?;
    let store = session.catalog.state.store()?;
    if store.get_table(&n.database, &n.table)?.is_some() {
        if if_not_exists {
            return Ok(empty());
        }
        return Err(table_already_exists(&n.database, &n.table));
    }
    let (location, kind) = table_location(session, &n.database, &n.table, location.as_deref())?;
    let meta = TableMeta {
        database: n.database,
        name: n.table,
        kind,
        provider: provider.or(src_provider).map(|p| p.to_lowercase()),
        location: Some(location.clone()),
        columns,
        partition_columns,
        options: BTreeMap::new(),
        properties,
        comment: None,
        view_text: None,
        view_query_columns: vec![],
        view_sql_configs: BTreeMap::new(),
        created_ms: now_ms(),
    };
    store.create_table(&meta, if_not_exists, false)?;
    dirs::create(&location);
    Ok(empty())
}

async fn rename_table(
    session: &Arc<Session>,
    from: &[String],
    to: &[String],
) -> Result<RecordBatch> {
    match tables::get(session, from)? {
        Target::TempView(_) => Err(SparkError::unsupported(
            "ALTER VIEW ... RENAME TO of a temporary view",
        )),
        Target::GlobalTemp(_) => Err(SparkError::unsupported("renaming a global temporary view")),
        Target::Table(meta) => {
            let target = tables::qualify(session, to)?;
            let database = if target.bare {
                meta.database.clone()
            } else {
                target.database.clone()
            };
            if database != meta.database {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "_LEGACY_ERROR_TEMP_1073",
                    "42000",
                    format!(
                        "RENAME TABLE source and destination databases do not match: '{}' != '{}'.",
                        meta.database, database
                    ),
                ));
            }
            let mut renamed = meta.clone();
            renamed.name = target.table.clone();
            let store = session.catalog.state.store()?;
            if store.get_table(&database, &renamed.name)?.is_some() {
                return Err(table_already_exists(&database, &renamed.name));
            }
            if meta.kind == TableKind::Managed
                && let Some(old) = &meta.location
            {
                // A managed table's directory follows its name, as in Spark's
                // `InMemoryCatalog.renameTable`.
                let parent = old
                    .trim_end_matches('/')
                    .rsplit_once('/')
                    .map_or(old.as_str(), |(p, _)| p);
                let new = dirs::child(parent, &renamed.name);
                dirs::rename(&session.ctx, old, &new).await?;
                renamed.location = Some(new);
            }
            store.rename_table(&meta, &renamed)?;
            Ok(empty())
        }
    }
}

fn add_columns(
    session: &Arc<Session>,
    table: &[String],
    columns: &[ColumnDef],
) -> Result<RecordBatch> {
    let mut meta = tables::get_catalog_table(session, table)?;
    if meta.kind == TableKind::View {
        return Err(wrong_command(
            "ALTER TABLE ... ADD COLUMNS",
            "TABLE",
            "VIEW",
            &meta.qualified_name(),
            "ALTER VIEW",
        ));
    }
    let partition_count = meta.partition_columns.len();
    let at = meta.columns.len() - partition_count;
    for (i, c) in columns.iter().enumerate() {
        meta.columns.insert(at + i, column_meta(c));
    }
    check_unique(&meta.columns)?;
    session.catalog.state.store()?.alter_table(&meta)?;
    Ok(empty())
}

fn alter_properties(
    session: &Arc<Session>,
    table: &[String],
    change: impl FnOnce(&mut BTreeMap<String, String>),
) -> Result<RecordBatch> {
    let mut meta = tables::get_catalog_table(session, table)?;
    change(&mut meta.properties);
    session.catalog.state.store()?.alter_table(&meta)?;
    Ok(empty())
}

/// Makes `CreateTable` for the `spark.catalog.createTable` API.
pub async fn api_create_table(
    session: &Arc<Session>,
    name: Vec<String>,
    columns: Vec<ColumnDef>,
    provider: Option<String>,
    location: Option<String>,
    options: BTreeMap<String, String>,
    comment: Option<String>,
) -> Result<RecordBatch> {
    create_table(
        session,
        CreateTable {
            name,
            columns,
            provider,
            partition_by: vec![],
            location,
            options,
            properties: BTreeMap::new(),
            comment,
            if_not_exists: false,
            replace: false,
            query: None,
        },
    )
    .await
}
