//! The `spark.catalog` API: Spark Connect's `Catalog` relation, answered with the rows
//! PySpark's `connect/catalog.py` reads by position (Spark's `Database`, `Table`, `Column`,
//! `Function`, `CatalogMetadata` case classes).

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use sabot_catalog::{CATALOG_NAME, TableKind};
use sabot_common::spec::{CatalogCommand, ColumnDef, DataType};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::Catalog;
use spark_connect_proto::connect::catalog::CatType;

use super::commands;
use super::describe::columns_of;
use super::names::matches_pattern;
use super::out::{Col, batch, empty};
use super::show::list_relations;
use super::tables::{self, Target};
use crate::session::Session;

fn parts(name: &str) -> Result<Vec<String>> {
    sabot_sql::parse_multipart_identifier(name)
}

/// `name` in `db` when a database is given (the deprecated `dbName` arguments).
fn in_db(name: &str, db: Option<&str>) -> Result<Vec<String>> {
    match db {
        Some(db) => Ok(vec![db.to_string(), name.to_string()]),
        None => parts(name),
    }
}

fn one_bool(v: bool) -> Result<RecordBatch> {
    batch(vec![Col::Bool("value", false, vec![Some(v)])])
}

fn one_string(name: &'static str, v: String) -> Result<RecordBatch> {
    batch(vec![Col::Str(name, false, vec![Some(v)])])
}

/// Runs one `Catalog` relation.
pub async fn run(session: &Arc<Session>, catalog: Catalog) -> Result<RecordBatch> {
    let Some(cat) = catalog.cat_type else {
        return Err(SparkError::invalid_plan(
            "The catalog relation has no type.",
        ));
    };
    let cmd = |c: CatalogCommand| commands::run(session, c);
    match cat {
        CatType::CurrentDatabase(_) => one_string("value", session.catalog.current_database()?),
        CatType::SetCurrentDatabase(m) => {
            let db = super::names::database_name(&parts(&m.db_name)?)?;
            session.catalog.set_current_database(&db)?;
            Ok(empty())
        }
        CatType::ListDatabases(m) => {
            let dbs = session.catalog.state.store()?.list_databases()?;
            let dbs: Vec<_> = dbs
                .into_iter()
                .filter(|d| matches_pattern(&d.name, m.pattern.as_deref()))
                .collect();
            databases_batch(dbs)
        }
        CatType::GetDatabase(m) => {
            let db = super::names::database_name(&parts(&m.db_name)?)?;
            let meta = session.catalog.state.store()?.database(&db)?;
            databases_batch(vec![meta])
        }
        CatType::DatabaseExists(m) => {
            let db = super::names::database_name(&parts(&m.db_name)?)?;
            one_bool(session.catalog.state.store()?.get_database(&db)?.is_some())
        }
        CatType::ListTables(m) => {
            let db = m.db_name.as_deref().map(parts).transpose()?;
            let rows = list_relations(session, db.as_deref(), m.pattern.as_deref(), false)?;
            let mut out = Vec::new();
            for (ns, name, _) in rows {
                let p = if ns.is_empty() {
                    vec![name.clone()]
                } else {
                    vec![ns.clone(), name.clone()]
                };
                out.push(table_row(session, &p)?);
            }
            tables_batch(out)
        }
        CatType::ListViews(m) => {
            let db = m.db_name.as_deref().map(parts).transpose()?;
            let rows = list_relations(session, db.as_deref(), m.pattern.as_deref(), true)?;
            let mut out = Vec::new();
            for (ns, name, _) in rows {
                let p = if ns.is_empty() {
                    vec![name.clone()]
                } else {
                    vec![ns.clone(), name.clone()]
                };
                out.push(table_row(session, &p)?);
            }
            tables_batch(out)
        }
        CatType::GetTable(m) => {
            let p = in_db(&m.table_name, m.db_name.as_deref())?;
            tables_batch(vec![table_row(session, &p)?])
        }
        CatType::TableExists(m) => {
            let p = in_db(&m.table_name, m.db_name.as_deref())?;
            one_bool(tables::find(session, &p)?.is_some())
        }
        CatType::ListColumns(m) => {
            let p = in_db(&m.table_name, m.db_name.as_deref())?;
            let cols = columns_of(session, &p).await?;
            batch(vec![
                Col::Str(
                    "name",
                    true,
                    cols.iter().map(|c| Some(c.name.clone())).collect(),
                ),
                Col::Str(
                    "description",
                    true,
                    cols.iter().map(|c| c.comment.clone()).collect(),
                ),
                Col::Str(
                    "dataType",
                    true,
                    cols.iter().map(|c| Some(c.data_type.clone())).collect(),
                ),
                Col::Bool(
                    "nullable",
                    false,
                    cols.iter().map(|c| Some(c.nullable)).collect(),
                ),
                Col::Bool(
                    "isPartition",
                    false,
                    cols.iter().map(|c| Some(c.is_partition)).collect(),
                ),
                Col::Bool(
                    "isBucket",
                    false,
                    cols.iter().map(|_| Some(false)).collect(),
                ),
                Col::Bool(
                    "isCluster",
                    false,
                    cols.iter().map(|_| Some(false)).collect(),
                ),
            ])
        }
        CatType::ListFunctions(m) => {
            let names: Vec<&str> = sabot_functions::names()
                .into_iter()
                .filter(|n| !sabot_functions::is_unsupported(n))
                .filter(|n| matches_pattern(n, m.pattern.as_deref()))
                .collect();
            functions_batch(&names)
        }
        CatType::GetFunction(m) => {
            let name = m.function_name.to_lowercase();
            match sabot_functions::lookup(&name) {
                Some(e) => functions_batch(&[e.name]),
                None => Err(SparkError::unresolved_routine(&m.function_name)),
            }
        }
        CatType::FunctionExists(m) => {
            one_bool(m.db_name.is_none() && sabot_functions::lookup(&m.function_name).is_some())
        }
        CatType::CreateExternalTable(m) => {
            create_table(
                session,
                &m.table_name,
                m.path,
                m.source,
                None,
                m.schema,
                m.options.into_iter().collect(),
            )
            .await
        }
        CatType::CreateTable(m) => {
            create_table(
                session,
                &m.table_name,
                m.path,
                m.source,
                m.description,
                m.schema,
                m.options.into_iter().collect(),
            )
            .await
        }
        CatType::DropTempView(m) => one_bool(tables::drop_temp_view(session, &m.view_name)?),
        CatType::DropGlobalTempView(m) => {
            one_bool(tables::drop_global_temp_view(session, &m.view_name)?)
        }
        CatType::RecoverPartitions(m) => {
            let meta = tables::get_catalog_table(session, &parts(&m.table_name)?)?;
            super::describe::partitions(&session.ctx, &meta).await?;
            Ok(empty())
        }
        CatType::RefreshTable(m) => {
            cmd(CatalogCommand::RefreshTable {
                table: parts(&m.table_name)?,
            })
            .await
        }
        CatType::RefreshByPath(_) => Ok(empty()),
        // cache: tables are cached as the relation `spark.table(name)` sends.
        CatType::IsCached(m) => {
            let plan = crate::cache::table_plan(parts(&m.table_name)?);
            crate::execution::runner::resolve(session, &plan).await?;
            one_bool(crate::cache::lookup(session, &plan).is_some())
        }
        CatType::CacheTable(m) => {
            let level = crate::cache::level_from_proto(m.storage_level.as_ref());
            let plan = crate::cache::table_plan(parts(&m.table_name)?);
            crate::execution::runner::resolve(session, &plan).await?;
            crate::cache::persist(session, plan, level)?;
            Ok(empty())
        }
        CatType::UncacheTable(m) => {
            let plan = crate::cache::table_plan(parts(&m.table_name)?);
            crate::execution::runner::resolve(session, &plan).await?;
            crate::cache::unpersist(session, &plan)?;
            Ok(empty())
        }
        CatType::ClearCache(_) => {
            crate::cache::clear(session)?;
            Ok(empty())
        }
        CatType::CurrentCatalog(_) => one_string("value", CATALOG_NAME.to_string()),
        CatType::SetCurrentCatalog(m) => {
            if m.catalog_name.eq_ignore_ascii_case(CATALOG_NAME) {
                Ok(empty())
            } else {
                Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Analysis,
                    "CATALOG_NOT_FOUND",
                    "42P08",
                    format!("The catalog `{}` not found. Consider to set the SQL config `spark.sql.catalog.{}` to a catalog plugin.", m.catalog_name, m.catalog_name),
                )
                .param("catalogName", format!("`{}`", m.catalog_name)))
            }
        }
        CatType::ListCatalogs(m) => {
            let show = matches_pattern(CATALOG_NAME, m.pattern.as_deref());
            batch(vec![
                Col::Str(
                    "name",
                    true,
                    if show {
                        vec![Some(CATALOG_NAME.to_string())]
                    } else {
                        vec![]
                    },
                ),
                Col::Str("description", true, if show { vec![None] } else { vec![] }),
            ])
        }
        CatType::DropTable(m) => {
            cmd(CatalogCommand::DropTable {
                name: parts(&m.table_name)?,
                if_exists: m.if_exists,
                purge: m.purge,
            })
            .await
        }
        CatType::DropView(m) => {
            cmd(CatalogCommand::DropView {
                name: parts(&m.view_name)?,
                if_exists: m.if_exists,
            })
            .await
        }
        CatType::CreateDatabase(m) => {
            cmd(CatalogCommand::CreateDatabase {
                name: parts(&m.db_name)?,
                if_not_exists: m.if_not_exists,
                comment: None,
                location: None,
                properties: m.properties.into_iter().collect(),
            })
            .await
        }
        CatType::DropDatabase(m) => {
            cmd(CatalogCommand::DropDatabase {
                name: parts(&m.db_name)?,
                if_exists: m.if_exists,
                cascade: m.cascade,
            })
            .await
        }
        CatType::ListPartitions(m) => {
            let meta = tables::get_catalog_table(session, &parts(&m.table_name)?)?;
            let ps = super::describe::partitions(&session.ctx, &meta).await?;
            batch(vec![Col::Str(
                "partition",
                false,
                ps.into_iter().map(Some).collect(),
            )])
        }
        CatType::GetTableProperties(m) => {
            cmd(CatalogCommand::ShowTblProperties {
                table: parts(&m.table_name)?,
                key: None,
            })
            .await
        }
        CatType::GetCreateTableString(m) => {
            cmd(CatalogCommand::ShowCreateTable {
                table: parts(&m.table_name)?,
            })
            .await
        }
        CatType::TruncateTable(_) => Err(SparkError::unsupported(
            "truncateTable (writing table data)",
        )),
        CatType::AnalyzeTable(_) => Err(SparkError::unsupported("analyzeTable (table statistics)")),
    }
}

fn databases_batch(dbs: Vec<sabot_catalog::DatabaseMeta>) -> Result<RecordBatch> {
    batch(vec![
        Col::Str(
            "name",
            true,
            dbs.iter().map(|d| Some(d.name.clone())).collect(),
        ),
        Col::Str(
            "catalog",
            true,
            dbs.iter().map(|_| Some(CATALOG_NAME.to_string())).collect(),
        ),
        Col::Str(
            "description",
            true,
            dbs.iter().map(|d| d.comment.clone()).collect(),
        ),
        Col::Str(
            "locationUri",
            true,
            dbs.iter().map(|d| Some(d.location.clone())).collect(),
        ),
    ])
}

/// (name, catalog, namespace, description, tableType, isTemporary).
type TableRow = (
    String,
    Option<String>,
    Option<Vec<String>>,
    Option<String>,
    String,
    bool,
);

fn table_row(session: &Arc<Session>, p: &[String]) -> Result<TableRow> {
    Ok(match tables::get(session, p)? {
        Target::TempView(n) => (n, None, Some(vec![]), None, "TEMPORARY".into(), true),
        Target::GlobalTemp(n) => (
            n,
            Some(CATALOG_NAME.into()),
            Some(vec![sabot_catalog::GLOBAL_TEMP_DATABASE.into()]),
            None,
            "TEMPORARY".into(),
            true,
        ),
        Target::Table(m) => (
            m.name.clone(),
            Some(CATALOG_NAME.into()),
            Some(vec![m.database.clone()]),
            m.comment.clone(),
            m.kind.name().into(),
            false,
        ),
    })
}

fn tables_batch(rows: Vec<TableRow>) -> Result<RecordBatch> {
    batch(vec![
        Col::Str(
            "name",
            true,
            rows.iter().map(|r| Some(r.0.clone())).collect(),
        ),
        Col::Str("catalog", true, rows.iter().map(|r| r.1.clone()).collect()),
        Col::StrList(
            "namespace",
            true,
            rows.iter().map(|r| r.2.clone()).collect(),
        ),
        Col::Str(
            "description",
            true,
            rows.iter().map(|r| r.3.clone()).collect(),
        ),
        Col::Str(
            "tableType",
            true,
            rows.iter().map(|r| Some(r.4.clone())).collect(),
        ),
        Col::Bool(
            "isTemporary",
            false,
            rows.iter().map(|r| Some(r.5)).collect(),
        ),
    ])
}

fn functions_batch(names: &[&str]) -> Result<RecordBatch> {
    batch(vec![
        Col::Str(
            "name",
            true,
            names.iter().map(|n| Some(n.to_string())).collect(),
        ),
        Col::Str("catalog", true, names.iter().map(|_| None).collect()),
        Col::StrList("namespace", true, names.iter().map(|_| None).collect()),
        Col::Str("description", true, names.iter().map(|_| None).collect()),
        Col::Str(
            "className",
            true,
            names.iter().map(|_| Some(String::new())).collect(),
        ),
        Col::Bool(
            "isTemporary",
            false,
            names.iter().map(|_| Some(true)).collect(),
        ),
    ])
}

/// `spark.catalog.createTable(name, path, source, schema, description, **options)`.
async fn create_table(
    session: &Arc<Session>,
    name: &str,
    path: Option<String>,
    source: Option<String>,
    description: Option<String>,
    schema: Option<spark_connect_proto::connect::DataType>,
    mut options: std::collections::BTreeMap<String, String>,
) -> Result<RecordBatch> {
    let location = path.or_else(|| options.remove("path"));
    let Some(schema) = schema else {
        return Err(SparkError::unsupported(
            "createTable without a schema (schema inference from existing files)",
        ));
    };
    let DataType::Struct(fields) = sabot_connect::types::data_type_from_proto(&schema)? else {
        return Err(SparkError::invalid_plan(
            "createTable: the schema is not a struct",
        ));
    };
    let columns = fields
        .into_iter()
        .map(|f| ColumnDef {
            name: f.name,
            data_type: f.data_type,
            nullable: f.nullable,
            comment: None,
        })
        .collect();
    let _ = TableKind::Managed;
    commands::api_create_table(
        session,
        parts(name)?,
        columns,
        source,
        location,
        options,
        description,
    )
    .await
}
