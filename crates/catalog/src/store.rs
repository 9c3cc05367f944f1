//! [`Store`]: the metastore in one redb file. Every change is one write transaction, committed
//! with fsync (redb's default `Durability::Immediate`), so after a crash the store holds exactly
//! the committed changes.

use std::collections::BTreeMap;
use std::path::Path;

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use sabot_common::Result;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors::{
    schema_already_exists, schema_not_empty, schema_not_found, store_error, table_already_exists,
};
use crate::meta::{DatabaseMeta, TableMeta};

/// Databases by lower-cased name, as JSON.
const DATABASES: TableDefinition<&str, &[u8]> = TableDefinition::new("databases");
/// Tables and views by `db NUL table` (lower-cased), as JSON.
const TABLES: TableDefinition<&str, &[u8]> = TableDefinition::new("tables");

fn table_key(db: &str, table: &str) -> String {
    format!("{db}\0{table}")
}

fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(store_error)
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(store_error)
}

/// The metastore.
pub struct Store {
    db: Database,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (or creates) the store at `path`, with the database `default` at
    /// `default_location` when it is new.
    pub fn open(path: &Path, default_location: &str) -> Result<Self> {
        let db = Database::create(path).map_err(store_error)?;
        let store = Self { db };
        let txn = store.db.begin_write().map_err(store_error)?;
        {
            let mut dbs = txn.open_table(DATABASES).map_err(store_error)?;
            txn.open_table(TABLES).map_err(store_error)?;
            if dbs
                .get(crate::DEFAULT_DATABASE)
                .map_err(store_error)?
                .is_none()
            {
                let default = DatabaseMeta {
                    name: crate::DEFAULT_DATABASE.to_string(),
                    comment: Some("default database".to_string()),
                    location: default_location.to_string(),
                    properties: BTreeMap::new(),
                };
                dbs.insert(crate::DEFAULT_DATABASE, encode(&default)?.as_slice())
                    .map_err(store_error)?;
            }
        }
        txn.commit().map_err(store_error)?;
        Ok(store)
    }

    /// The database named `name` (lower-cased), if any.
    pub fn get_database(&self, name: &str) -> Result<Option<DatabaseMeta>> {
        let txn = self.db.begin_read().map_err(store_error)?;
        let dbs = txn.open_table(DATABASES).map_err(store_error)?;
        dbs.get(name)
            .map_err(store_error)?
            .map(|v| decode(v.value()))
            .transpose()
    }

    /// The database, or `SCHEMA_NOT_FOUND`.
    pub fn database(&self, name: &str) -> Result<DatabaseMeta> {
        self.get_database(name)?
            .ok_or_else(|| schema_not_found(name))
    }

    /// All databases, by name.
    pub fn list_databases(&self) -> Result<Vec<DatabaseMeta>> {
        let txn = self.db.begin_read().map_err(store_error)?;
        let dbs = txn.open_table(DATABASES).map_err(store_error)?;
        let mut out = Vec::new();
        for entry in dbs.iter().map_err(store_error)? {
            let (_, v) = entry.map_err(store_error)?;
            out.push(decode(v.value())?);
        }
        Ok(out)
    }

    /// Creates a database; `Ok(false)` when it exists and `if_not_exists`.
    pub fn create_database(&self, meta: &DatabaseMeta, if_not_exists: bool) -> Result<bool> {
        let txn = self.db.begin_write().map_err(store_error)?;
        {
            let mut dbs = txn.open_table(DATABASES).map_err(store_error)?;
            if dbs.get(meta.name.as_str()).map_err(store_error)?.is_some() {
                return if if_not_exists {
                    Ok(false)
                } else {
                    Err(schema_already_exists(&meta.name))
                };
            }
            dbs.insert(meta.name.as_str(), encode(meta)?.as_slice())
                .map_err(store_error)?;
        }
        txn.commit().map_err(store_error)?;
        Ok(true)
    }

    /// Replaces a database's record (e.g. new properties).
    pub fn alter_database(&self, meta: &DatabaseMeta) -> Result<()> {
        let txn = self.db.begin_write().map_err(store_error)?;
        {
            let mut dbs = txn.open_table(DATABASES).map_err(store_error)?;
            if dbs.get(meta.name.as_str()).map_err(store_error)?.is_none() {
                return Err(schema_not_found(&meta.name));
            }
            dbs.insert(meta.name.as_str(), encode(meta)?.as_slice())
                .map_err(store_error)?;
        }
        txn.commit().map_err(store_error)
    }

    /// Drops a database and, with `cascade`, its tables (returned, so that the caller deletes
    /// the managed tables' data). `Ok(None)` when it does not exist and `if_exists`.
    pub fn drop_database(
        &self,
        name: &str,
        if_exists: bool,
        cascade: bool,
    ) -> Result<Option<(DatabaseMeta, Vec<TableMeta>)>> {
        let txn = self.db.begin_write().map_err(store_error)?;
        let out;
        {
            let mut dbs = txn.open_table(DATABASES).map_err(store_error)?;
            let Some(meta) = dbs
                .get(name)
                .map_err(store_error)?
                .map(|v| decode::<DatabaseMeta>(v.value()))
                .transpose()?
            else {
                return if if_exists {
                    Ok(None)
                } else {
                    Err(schema_not_found(name))
                };
            };
            let mut tables = txn.open_table(TABLES).map_err(store_error)?;
            let (start, end) = (format!("{name}\0"), format!("{name}\u{1}"));
            let mut dropped = Vec::new();
            let mut keys = Vec::new();
            for entry in tables
                .range(start.as_str()..end.as_str())
                .map_err(store_error)?
            {
                let (k, v) = entry.map_err(store_error)?;
                keys.push(k.value().to_string());
                dropped.push(decode::<TableMeta>(v.value())?);
            }
            if !dropped.is_empty() && !cascade {
                return Err(schema_not_empty(name));
            }
            for k in keys {
                tables.remove(k.as_str()).map_err(store_error)?;
            }
            dbs.remove(name).map_err(store_error)?;
            out = Some((meta, dropped));
        }
        txn.commit().map_err(store_error)?;
        Ok(out)
    }

    /// The table or view `db.name`, if any (`None` also when the database is missing).
    pub fn get_table(&self, db: &str, name: &str) -> Result<Option<TableMeta>> {
        let txn = self.db.begin_read().map_err(store_error)?;
        let tables = txn.open_table(TABLES).map_err(store_error)?;
        tables
            .get(table_key(db, name).as_str())
            .map_err(store_error)?
            .map(|v| decode(v.value()))
            .transpose()
    }

    /// The tables and views of a database, by name; `SCHEMA_NOT_FOUND` when it is missing.
    pub fn list_tables(&self, db: &str) -> Result<Vec<TableMeta>> {
        let txn = self.db.begin_read().map_err(store_error)?;
        let dbs = txn.open_table(DATABASES).map_err(store_error)?;
        if dbs.get(db).map_err(store_error)?.is_none() {
            return Err(schema_not_found(db));
        }
        let tables = txn.open_table(TABLES).map_err(store_error)?;
        let (start, end) = (format!("{db}\0"), format!("{db}\u{1}"));
        let mut out = Vec::new();
        for entry in tables
            .range(start.as_str()..end.as_str())
            .map_err(store_error)?
        {
            let (_, v) = entry.map_err(store_error)?;
            out.push(decode(v.value())?);
        }
        Ok(out)
    }

    /// Creates a table or view. An existing one is replaced with `replace`, kept (`Ok(false)`)
    /// with `if_not_exists`, else `TABLE_OR_VIEW_ALREADY_EXISTS`. The database must exist.
    pub fn create_table(
        &self,
        meta: &TableMeta,
        if_not_exists: bool,
        replace: bool,
    ) -> Result<bool> {
        let txn = self.db.begin_write().map_err(store_error)?;
        {
            let dbs = txn.open_table(DATABASES).map_err(store_error)?;
            if dbs
                .get(meta.database.as_str())
                .map_err(store_error)?
                .is_none()
            {
                return Err(schema_not_found(&meta.database));
            }
            let mut tables = txn.open_table(TABLES).map_err(store_error)?;
            let key = table_key(&meta.database, &meta.name);
            if !replace && tables.get(key.as_str()).map_err(store_error)?.is_some() {
                return if if_not_exists {
                    Ok(false)
                } else {
                    Err(table_already_exists(&meta.database, &meta.name))
                };
            }
            tables
                .insert(key.as_str(), encode(meta)?.as_slice())
                .map_err(store_error)?;
        }
        txn.commit().map_err(store_error)?;
        Ok(true)
    }

    /// Replaces the record of an existing table (ALTER TABLE).
    pub fn alter_table(&self, meta: &TableMeta) -> Result<()> {
        self.create_table(meta, false, true).map(|_| ())
    }

    /// Drops `db.name`; returns its record, `None` when it did not exist.
    pub fn drop_table(&self, db: &str, name: &str) -> Result<Option<TableMeta>> {
        let txn = self.db.begin_write().map_err(store_error)?;
        let removed;
        {
            let mut tables = txn.open_table(TABLES).map_err(store_error)?;
            removed = tables
                .remove(table_key(db, name).as_str())
                .map_err(store_error)?
                .map(|v| decode::<TableMeta>(v.value()))
                .transpose()?;
        }
        txn.commit().map_err(store_error)?;
        Ok(removed)
    }

    /// Renames a table in one transaction: the record `from` becomes `to` (same database).
    pub fn rename_table(&self, from: &TableMeta, to: &TableMeta) -> Result<()> {
        let txn = self.db.begin_write().map_err(store_error)?;
        {
            let mut tables = txn.open_table(TABLES).map_err(store_error)?;
            let new_key = table_key(&to.database, &to.name);
            if tables.get(new_key.as_str()).map_err(store_error)?.is_some() {
                return Err(table_already_exists(&to.database, &to.name));
            }
            tables
                .remove(table_key(&from.database, &from.name).as_str())
                .map_err(store_error)?;
            tables
                .insert(new_key.as_str(), encode(to)?.as_slice())
                .map_err(store_error)?;
        }
        txn.commit().map_err(store_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{ColumnMeta, TableKind};

    fn temp_path(tag: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("sabot-catalog-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("metastore.redb")
    }

    fn db(name: &str) -> DatabaseMeta {
        DatabaseMeta {
            name: name.into(),
            comment: None,
            location: format!("file:/w/{name}.db"),
            properties: BTreeMap::new(),
        }
    }

    fn table(db: &str, name: &str) -> TableMeta {
        TableMeta {
            database: db.into(),
            name: name.into(),
            kind: TableKind::Managed,
            provider: Some("parquet".into()),
            location: Some(format!("file:/w/{name}")),
            columns: vec![ColumnMeta {
                name: "a".into(),
                data_type: "int".into(),
                nullable: true,
                comment: None,
            }],
            partition_columns: vec![],
            options: BTreeMap::new(),
            properties: BTreeMap::new(),
            comment: None,
            view_text: None,
            view_query_columns: vec![],
            view_sql_configs: BTreeMap::new(),
            created_ms: 0,
        }
    }

    #[test]
    fn databases_and_tables_survive_reopening() {
        let path = temp_path("reopen");
        {
            let s = Store::open(&path, "file:/w").unwrap();
            assert!(s.create_database(&db("d1"), false).unwrap());
            assert!(s.create_table(&table("d1", "t"), false, false).unwrap());
        }
        let s = Store::open(&path, "file:/other").unwrap();
        let names: Vec<_> = s
            .list_databases()
            .unwrap()
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(names, ["d1", "default"]);
        assert_eq!(s.database("default").unwrap().location, "file:/w");
        assert_eq!(s.get_table("d1", "t").unwrap(), Some(table("d1", "t")));
    }

    #[test]
    fn catalog_errors_are_sparks() {
        let s = Store::open(&temp_path("errors"), "file:/w").unwrap();
        s.create_database(&db("d"), false).unwrap();
        let e = s.create_database(&db("d"), false).unwrap_err();
        assert_eq!(e.error_class.as_deref(), Some("SCHEMA_ALREADY_EXISTS"));
        assert!(!s.create_database(&db("d"), true).unwrap());
        let e = s
            .create_table(&table("nope", "t"), false, false)
            .unwrap_err();
        assert_eq!(e.error_class.as_deref(), Some("SCHEMA_NOT_FOUND"));
        s.create_table(&table("d", "t"), false, false).unwrap();
        let e = s.create_table(&table("d", "t"), false, false).unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("TABLE_OR_VIEW_ALREADY_EXISTS")
        );
        let e = s.drop_database("d", false, false).unwrap_err();
        assert_eq!(e.error_class.as_deref(), Some("SCHEMA_NOT_EMPTY"));
        let (_, dropped) = s.drop_database("d", false, true).unwrap().unwrap();
        assert_eq!(dropped.len(), 1);
        assert!(s.get_table("d", "t").unwrap().is_none());
        assert!(s.drop_database("d", true, false).unwrap().is_none());
    }

    #[test]
    fn tables_are_listed_per_database_and_renamed() {
        let s = Store::open(&temp_path("list"), "file:/w").unwrap();
        s.create_database(&db("a"), false).unwrap();
        s.create_database(&db("ab"), false).unwrap();
        s.create_table(&table("a", "t1"), false, false).unwrap();
        s.create_table(&table("ab", "t2"), false, false).unwrap();
        let names: Vec<_> = s
            .list_tables("a")
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["t1"]);
        let from = table("a", "t1");
        let to = table("a", "t3");
        s.rename_table(&from, &to).unwrap();
        assert!(s.get_table("a", "t1").unwrap().is_none());
        assert!(s.get_table("a", "t3").unwrap().is_some());
        assert_eq!(
            s.drop_table("a", "t3").unwrap().map(|t| t.name).as_deref(),
            Some("t3")
        );
        assert!(s.drop_table("a", "t3").unwrap().is_none());
    }
}
