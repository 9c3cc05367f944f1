//! Names -> what a read scans: a global temporary view, a persistent view (its SQL parsed) or a
//! table's files with the schema the catalog keeps.

use std::sync::Arc;

use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::common::TableReference;
use sabot_catalog::{CATALOG_NAME, TableKind, TableMeta};
use sabot_common::spec::{Plan, Statement};
use sabot_common::{Result, SparkError, config};
use sabot_plan::CatalogRelation;

use super::names::table_name;
use crate::session::{Session, lock};

/// The catalog relation a name refers to, `None` when there is none.
pub fn catalog_relation(
    session: &Session,
    name: &[String],
    view_database: Option<&str>,
) -> Result<Option<CatalogRelation>> {
    let current = match view_database {
        Some(db) => db.to_string(),
        None => session.catalog.current_database()?,
    };
    let Ok(n) = table_name(name, &current) else {
        return Ok(None);
    };
    if n.is_global_temp() {
        let views = lock(&session.catalog.state.global_views)?;
        return Ok(views.get(&n.table).map(|plan| CatalogRelation::Resolved {
            name: TableReference::partial(n.database.as_str(), n.table.as_str()),
            plan: plan.clone(),
        }));
    }
    let store = session.catalog.state.store()?;
    let Some(meta) = store.get_table(&n.database, &n.table)? else {
        return Ok(None);
    };
    let time_zone = session
        .conf_get(config::SESSION_TIME_ZONE)?
        .unwrap_or_else(|| "UTC".to_string());
    relation_of(&meta, &time_zone).map(Some)
}

/// The reference a table's columns are qualified with: `spark_catalog.db.t`.
pub fn table_reference(meta: &TableMeta) -> TableReference {
    TableReference::full(CATALOG_NAME, meta.database.as_str(), meta.name.as_str())
}

/// The relation of a catalog record.
pub fn relation_of(meta: &TableMeta, time_zone: &str) -> Result<CatalogRelation> {
    let name = table_reference(meta);
    if meta.kind == TableKind::View {
        let text = meta.view_text.clone().unwrap_or_default();
        let Statement::Query(query) = sabot_sql::parse_statement(&text, &Default::default())?
        else {
            return Err(SparkError::internal(format!(
                "the text of view {} is not a query",
                meta.qualified_name()
            )));
        };
        return Ok(CatalogRelation::View {
            name,
            query: Box::new(query),
            database: meta.database.clone(),
            columns: meta.columns.iter().map(|c| c.name.clone()).collect(),
            configs: meta.view_sql_configs.clone(),
        });
    }
    let fields = meta
        .columns
        .iter()
        .map(|c| {
            let t = sabot_sql::parse_data_type(&c.data_type)?;
            Ok(Field::new(
                c.name.as_str(),
                sabot_plan::spark_to_arrow(&t, time_zone)?,
                true,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(CatalogRelation::Files {
        name,
        format: meta.provider.clone().unwrap_or_else(|| "parquet".into()),
        location: meta.location.clone().unwrap_or_default(),
        schema: Arc::new(Schema::new(fields)),
        partition_columns: meta.partition_columns.clone(),
        options: meta.options.clone(),
    })
}

/// A query plan reading a table by name (for `DESCRIBE QUERY`, view creation...).
pub fn read_plan(parts: &[String]) -> Plan {
    Plan::new(sabot_common::spec::PlanNode::Read(
        sabot_common::spec::ReadKind::NamedTable {
            name: parts.to_vec(),
            options: Default::default(),
        },
    ))
}
