//! The session catalog (`spark_catalog`) of the server: the persistent metastore
//! ([`sabot_catalog::Store`], opened on first use in the warehouse directory), global temporary
//! views shared by all sessions, and each session's current database.
//!
//! - [`names`]: multi-part names -> database and table, as Spark's `SessionCatalog` qualifies them.
//! - [`lookup`]: names -> what a read scans ([`sabot_plan::CatalogRelation`]).
//! - [`commands`] (+ [`describe`], [`show`], [`tables`]): the SQL statements over the catalog.
//! - [`api`]: the `spark.catalog` API (Spark Connect's `Catalog` relation).
//! - [`table_write`] (+ [`assign`], [`save_table`]): writes of table data (CTAS, INSERT,
//!   TRUNCATE, `saveAsTable`, `insertInto`, `writeTo`) through the file writer.
//! - [`out`]: result batches with Spark's column names and nullability.
//! - [`view_info`]: what a temporary view records beyond its plan (creation time, SQL text).

pub mod api;
pub mod assign;
pub mod commands;
pub mod describe;
pub mod describe_json;
pub mod describe_more;
pub mod dirs;
pub mod lookup;
pub mod names;
pub mod out;
pub mod replace_where;
pub mod save_table;
pub mod show;
pub mod table_write;
pub mod tables;
pub mod view_info;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use datafusion::logical_expr::LogicalPlan;
use sabot_catalog::Store;
use sabot_common::config::SparkConf;
use sabot_common::{Result, SparkError};

use crate::session::lock;

/// The config key of the warehouse directory (static: set on the server).
pub const WAREHOUSE_KEY: &str = "spark.sql.warehouse.dir";
/// The metastore file inside the warehouse directory (hidden from Spark's file listing).
pub const METASTORE_FILE: &str = ".sabot_metastore.redb";

/// Where the metastore file lives when the warehouse is on an object store.
pub const METASTORE_DIR_KEY: &str = "sabot.catalog.metastoreDir";

/// The catalog state of the server, shared by all sessions.
pub struct CatalogState {
    /// The warehouse as Spark shows it: `file:/abs/path`, or an object-store URL
    /// (`s3a://bucket/warehouse`) where managed tables' data then lives.
    warehouse: std::result::Result<String, SparkError>,
    /// The directory of the metastore file: the warehouse itself when it is local; beside an
    /// object-store warehouse, `sabot.catalog.metastoreDir` (default `./sabot_metastore`, as
    /// Spark's embedded Derby metastore lives in `./metastore_db` whatever the warehouse).
    metastore_dir: PathBuf,
    store: OnceLock<std::result::Result<Arc<Store>, SparkError>>,
    /// Global temporary views (`global_temp.name`), by lower-cased name.
    pub global_views: Mutex<BTreeMap<String, LogicalPlan>>,
    /// What each global temp view records beyond its plan.
    pub global_view_info: Mutex<BTreeMap<String, view_info::TempViewInfo>>,
}

/// Now, in milliseconds since the epoch (a table's or view's creation time).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A local path made absolute against the working directory.
fn absolute(p: PathBuf) -> PathBuf {
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

impl CatalogState {
    /// The state for a server's static config.
    pub fn new(server_conf: &SparkConf) -> Self {
        let configured = server_conf.get_set(WAREHOUSE_KEY);
        let metastore_dir = server_conf
            .get_set(METASTORE_DIR_KEY)
            .map(|d| absolute(local_path(d)));
        let (warehouse, metastore_dir) = match configured {
            Some(w) if !is_local(w) => (
                qualify_table_location(w),
                metastore_dir.unwrap_or_else(|| absolute(PathBuf::from("sabot_metastore"))),
            ),
            _ => {
                let local = absolute(
                    configured.map_or_else(|| PathBuf::from("spark-warehouse"), local_path),
                );
                (Ok(path_uri(&local)), metastore_dir.unwrap_or(local))
            }
        };
        Self {
            warehouse,
            metastore_dir,
            store: OnceLock::new(),
            global_views: Mutex::new(BTreeMap::new()),
            global_view_info: Mutex::new(BTreeMap::new()),
        }
    }

    /// The metastore, opened (and a local warehouse created) on first use.
    pub fn store(&self) -> Result<Arc<Store>> {
        self.store
            .get_or_init(|| {
                let warehouse = self.warehouse.clone()?;
                let create = |dir: &std::path::Path| {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        SparkError::internal(format!(
                            "cannot create the directory {}: {e}",
                            dir.display()
                        ))
                    })
                };
                create(&self.metastore_dir)?;
                // An object store has no directory to create.
                if is_local(&warehouse) {
                    create(&local_path(&warehouse))?;
                }
                let path = self.metastore_dir.join(METASTORE_FILE);
                Store::open(&path, &warehouse).map(Arc::new)
            })
            .clone()
    }

    /// The default location of a new database.
    pub fn database_location(&self, db: &str) -> Result<String> {
        Ok(dirs::child(&self.warehouse.clone()?, &format!("{db}.db")))
    }
}

/// `file:/abs/path` for a local path.
pub fn path_uri(p: &std::path::Path) -> String {
    format!("file:{}", p.display())
}

/// The local path of a `file:` URI or plain path.
pub fn local_path(uri: &str) -> PathBuf {
    let p = uri
        .strip_prefix("file://")
        .or_else(|| uri.strip_prefix("file:"))
        .unwrap_or(uri);
    PathBuf::from(p)
}

/// A location as Spark qualifies it: a local path becomes an absolute `file:` URI.
pub fn qualify_location(location: &str) -> Result<String> {
    if location.contains("://") && !location.starts_with("file://") {
        return Err(SparkError::unsupported(format!(
            "table locations outside the local file system ({location})"
        )));
    }
    let path = local_path(location);
    let path = if path.is_absolute() {
        path
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    Ok(path_uri(&path))
}

/// objstore: the schemes of object stores an external table may live in.
const TABLE_STORE_SCHEMES: &[&str] = &["s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs"];

/// Whether a location is on the local file system (`file:` URI or plain path).
pub fn is_local(uri: &str) -> bool {
    uri.starts_with("file:") || !uri.contains("://")
}

/// An external table's location: an object-store URL as given (without a trailing `/`), or a
/// local one qualified as [`qualify_location`] does.
pub fn qualify_table_location(location: &str) -> Result<String> {
    if is_local(location) {
        return qualify_location(location);
    }
    let scheme = location
        .split_once("://")
        .map(|(s, _)| s.to_ascii_lowercase())
        .unwrap_or_default();
    if !TABLE_STORE_SCHEMES.contains(&scheme.as_str()) {
        return Err(SparkError::unsupported(format!(
            "table locations on {scheme}:// paths ({location})"
        )));
    }
    Ok(location.trim_end_matches('/').to_string())
}

/// One session's view of the catalog: the shared state and its current database.
pub struct SessionCatalog {
    pub state: Arc<CatalogState>,
    current: Mutex<String>,
    /// What each of the session's temp views records beyond its plan.
    pub temp_view_info: Mutex<BTreeMap<String, view_info::TempViewInfo>>,
}

impl SessionCatalog {
    pub fn new(state: Arc<CatalogState>) -> Self {
        Self {
            state,
            current: Mutex::new(sabot_catalog::DEFAULT_DATABASE.to_string()),
            temp_view_info: Mutex::new(BTreeMap::new()),
        }
    }

    /// The current database (lower-cased).
    pub fn current_database(&self) -> Result<String> {
        Ok(lock(&self.current)?.clone())
    }

    /// Sets the current database, which must exist.
    pub fn set_current_database(&self, db: &str) -> Result<()> {
        let db = db.to_lowercase();
        if db != sabot_catalog::GLOBAL_TEMP_DATABASE {
            self.state.store()?.database(&db)?;
        }
        *lock(&self.current)? = db;
        Ok(())
    }
}
