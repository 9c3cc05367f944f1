//! Cached DataFrames (`df.cache()`/`persist(level)`, `spark.catalog.cacheTable`, `CACHE TABLE`),
//! as Spark's `CacheManager`: an entry is registered lazily, materialized by the first query
//! that uses it, and then replaces that sub-plan wherever a later plan contains it.
//!
//! - [`entry`]: [`CacheEntry`], its [`StorageLevel`] and the materialized data (Arrow batches
//!   held against the memory pool, or Arrow IPC files on the spill disk);
//! - [`key`]: when two plans are the same sub-plan.

pub(crate) mod entry;
mod key;

pub use entry::{CacheEntry, Cached, CheckpointDir, StorageLevel, store, write_checkpoint};
pub use key::plan_key;
