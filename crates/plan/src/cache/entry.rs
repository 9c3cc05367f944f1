//! [`CacheEntry`]: one cached relation and, once a query has used it, its data.

use std::sync::{Arc, Mutex, PoisonError};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::arrow::ipc::writer::FileWriter;
use datafusion::common::DFSchemaRef;
use datafusion::execution::SpillFile;
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryReservation};
use datafusion::object_store::ObjectStoreExt;
use datafusion::prelude::SessionContext;
use sabot_common::spec::Plan;
use sabot_common::{Result, SparkError};

/// Spark's `StorageLevel` (what `df.storageLevel` shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageLevel {
    pub use_disk: bool,
    pub use_memory: bool,
    pub use_off_heap: bool,
    pub deserialized: bool,
    pub replication: i32,
}

impl StorageLevel {
    /// `MEMORY_AND_DISK`: `CACHE TABLE`'s and `cacheTable`'s default.
    pub const MEMORY_AND_DISK: StorageLevel = StorageLevel {
        use_disk: true,
        use_memory: true,
        use_off_heap: false,
        deserialized: true,
        replication: 1,
    };
}

/// What a materialized entry holds. Stored columns are named `_c0`, `_c1`, ... (a relation
/// may have duplicate names); `columns` is the relation's own qualified schema.
pub enum Cached {
    /// In memory, accounted in the server's pool for as long as the entry lives.
    Batches {
        columns: DFSchemaRef,
        schema: SchemaRef,
        partitions: Vec<Vec<RecordBatch>>,
        _reservation: MemoryReservation,
    },
    /// One Arrow IPC file per partition on the spill disk (deleted with the entry).
    Files {
        columns: DFSchemaRef,
        schema: SchemaRef,
        files: Vec<Arc<dyn SpillFile>>,
    },
    /// A reliable checkpoint: Parquet files in its own directory under the checkpoint
    /// directory (they outlive a crash; the directory is deleted when the entry is released).
    Parquet {
        columns: DFSchemaRef,
        schema: SchemaRef,
        dir: CheckpointDir,
    },
    /// A memory-only level whose data did not fit: every use recomputes it (as Spark
    /// recomputes the partitions it could not keep).
    Recompute,
}

/// A checkpoint's directory (local or on an object store), removed when the checkpoint is
/// released.
pub struct CheckpointDir {
    /// The directory as a scan lists it: a local path or an object-store URL.
    pub uri: String,
    location: crate::write::location::Location,
}

impl std::fmt::Debug for CheckpointDir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CheckpointDir({})", self.uri)
    }
}

impl Drop for CheckpointDir {
    fn drop(&mut self) {
        // A directory that cannot be removed is left behind; nothing reads it again.
        if let Some(local) = &self.location.local {
            let _ = std::fs::remove_dir_all(local);
        } else if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            // An object store's deletes are requests: made after the release, off its path.
            let at = self.location.clone();
            runtime.spawn(async move {
                if let Ok(objects) = at.list(&at.root).await {
                    let _ = at.delete_all(&objects).await;
                }
            });
        }
    }
}

impl std::fmt::Debug for Cached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cached::Batches { partitions, .. } => {
                write!(f, "Cached::Batches({} partitions)", partitions.len())
            }
            Cached::Files { files, .. } => write!(f, "Cached::Files({} files)", files.len()),
            Cached::Parquet { dir, .. } => write!(f, "Cached::Parquet({})", dir.uri),
            Cached::Recompute => write!(f, "Cached::Recompute"),
        }
    }
}

#[derive(Debug)]
pub struct CacheEntry {
    pub key: String,
    pub plan: Plan,
    pub level: StorageLevel,
    data: Mutex<Option<Arc<Cached>>>,
}

impl CacheEntry {
    pub fn new(key: String, plan: Plan, level: StorageLevel) -> Self {
        Self {
            key,
            plan,
            level,
            data: Mutex::new(None),
        }
    }

    /// The data, if a query has materialized it.
    pub fn data(&self) -> Option<Arc<Cached>> {
        self.data
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Keeps the first materialization (two queries may race to build it).
    pub(crate) fn set_data(&self, data: Cached) -> Arc<Cached> {
        let mut slot = self.data.lock().unwrap_or_else(PoisonError::into_inner);
        match slot.as_ref() {
            Some(existing) => Arc::clone(existing),
            None => {
                let data = Arc::new(data);
                *slot = Some(Arc::clone(&data));
                data
            }
        }
    }
}

/// Stores computed partitions at `level`: in memory if the pool grants it, else on disk if
/// the level allows, else nowhere.
pub fn store(
    ctx: &SessionContext,
    columns: DFSchemaRef,
    partitions: Vec<Vec<RecordBatch>>,
    level: &StorageLevel,
) -> Result<Cached> {
    let runtime = ctx.runtime_env();
    let schema = stored_schema(&columns);
    let partitions = partitions
        .into_iter()
        .map(|batches| {
            batches
                .into_iter()
                .map(|b| RecordBatch::try_new(Arc::clone(&schema), b.columns().to_vec()))
                .collect::<std::result::Result<Vec<_>, _>>()
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| SparkError::internal(e.to_string()))?;
    if level.use_memory || level.use_off_heap {
        let size: usize = partitions
            .iter()
            .flatten()
            .map(RecordBatch::get_array_memory_size)
            .sum();
        let reservation = MemoryConsumer::new("cached relation").register(&runtime.memory_pool);
        if reservation.try_grow(size).is_ok() {
            return Ok(Cached::Batches {
                columns,
                schema,
                partitions,
                _reservation: reservation,
            });
        }
    }
    if !level.use_disk {
        return Ok(Cached::Recompute);
    }
    let io = |e: &dyn std::fmt::Display| SparkError::internal(format!("cache file: {e}"));
    let mut files = Vec::with_capacity(partitions.len());
    for batches in &partitions {
        let file = runtime
            .disk_manager
            .create_tmp_file("cached relation")
            .map_err(|e| io(&e))?;
        let out = file.open_writer().map_err(|e| io(&e))?;
        let mut writer = FileWriter::try_new(out, &schema).map_err(|e| io(&e))?;
        for b in batches {
            writer.write(b).map_err(|e| io(&e))?;
        }
        writer.finish().map_err(|e| io(&e))?;
        writer
            .into_inner()
            .map_err(|e| io(&e))?
            .finish()
            .map_err(|e| io(&e))?;
        files.push(file);
    }
    Ok(Cached::Files {
        columns,
        schema,
        files,
    })
}

/// The stored columns: the relation's fields renamed `_c0`, `_c1`, ...
fn stored_schema(columns: &DFSchemaRef) -> SchemaRef {
    let fields: Vec<Field> = columns
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| f.as_ref().clone().with_name(format!("_c{i}")))
        .collect();
    Arc::new(Schema::new(fields))
}

/// Writes computed partitions as a reliable checkpoint: one Parquet file per partition in
/// the directory `location` (a local path or an object-store URL of the session's stores).
pub async fn write_checkpoint(
    ctx: &SessionContext,
    location: &str,
    columns: DFSchemaRef,
    partitions: Vec<Vec<RecordBatch>>,
) -> Result<Cached> {
    let io = |e: &dyn std::fmt::Display| SparkError::internal(format!("checkpoint: {e}"));
    let at = crate::write::location::Location::resolve(ctx, location)?;
    if let Some(local) = &at.local {
        // The scan lists the directory, so it exists even without partitions.
        std::fs::create_dir_all(local).map_err(|e| io(&e))?;
    }
    let uri = match &at.local {
        Some(local) => local.display().to_string(),
        None => at.display.clone(),
    };
    let dir = CheckpointDir {
        uri,
        location: at.clone(),
    };
    let schema = stored_schema(&columns);
    for (i, batches) in partitions.iter().enumerate() {
        let mut bytes = Vec::new();
        let mut writer =
            datafusion::parquet::arrow::ArrowWriter::try_new(&mut bytes, Arc::clone(&schema), None)
                .map_err(|e| io(&e))?;
        for b in batches {
            let b = RecordBatch::try_new(Arc::clone(&schema), b.columns().to_vec())
                .map_err(|e| io(&e))?;
            writer.write(&b).map_err(|e| io(&e))?;
        }
        writer.close().map_err(|e| io(&e))?;
        at.store
            .put(&at.child(&format!("part-{i:05}.parquet")), bytes.into())
            .await
            .map_err(crate::write::location::store_error)?;
    }
    Ok(Cached::Parquet {
        columns,
        schema,
        dir,
    })
}
