//! The persistent catalog (Spark's session catalog, `spark_catalog`): databases, tables and
//! persistent views, kept in an embedded, crash-safe store ([`redb`], ACID with fsync on every
//! commit) so they survive a server restart and a crash.
//!
//! - [`meta`]: the records (database, table, view) as Spark's `CatalogDatabase`/`CatalogTable`.
//! - [`store`]: [`Store`], the transactional metastore over one redb file.
//! - [`errors`]: Spark's catalog errors (`SCHEMA_NOT_FOUND`, `TABLE_OR_VIEW_ALREADY_EXISTS`...).

pub mod errors;
pub mod meta;
pub mod store;

pub use meta::{ColumnMeta, DatabaseMeta, TableKind, TableMeta};
pub use store::Store;

/// The name of the (only) catalog.
pub const CATALOG_NAME: &str = "spark_catalog";
/// The database every session starts in.
pub const DEFAULT_DATABASE: &str = "default";
/// The database of global temporary views (Spark's `spark.sql.globalTempDatabase`).
pub const GLOBAL_TEMP_DATABASE: &str = "global_temp";
