//! A session's cached relations (Spark's `CacheManager`, per session): `df.persist`,
//! `spark.catalog.cacheTable`, `CACHE TABLE`. Entries are materialized by the first query that
//! runs over them (see `sabot_plan::cache`) and freed on unpersist, `CLEAR CACHE` or when the
//! session ends.

use std::sync::Arc;

use sabot_common::spec::{CacheCommand, Plan, PlanNode, ReadKind};
use sabot_common::{Result, SparkError};
use sabot_plan::cache::{CacheEntry, StorageLevel, plan_key};
use spark_connect_proto::connect::StorageLevel as ProtoLevel;

use crate::session::Session;

/// The cached entry whose relation `plan` is.
pub fn lookup(session: &Session, plan: &Plan) -> Option<Arc<CacheEntry>> {
    let entries = session.cache.lock().ok()?;
    let kind = std::mem::discriminant(&plan.node);
    // Cheap first: only entries of the same relation kind are keyed.
    if !entries
        .iter()
        .any(|e| std::mem::discriminant(&e.plan.node) == kind)
    {
        return None;
    }
    let key = plan_key(plan);
    entries.iter().find(|e| e.key == key).cloned()
}

/// Caches `plan` at `level` (lazily). Already cached: the first level stays, as in Spark.
pub fn persist(session: &Session, plan: Plan, level: StorageLevel) -> Result<()> {
    let key = plan_key(&plan);
    let mut entries = session
        .cache
        .lock()
        .map_err(|_| SparkError::internal("cache lock poisoned"))?;
    if !entries.iter().any(|e| e.key == key) {
        entries.push(Arc::new(CacheEntry::new(key, plan, level)));
    }
    Ok(())
}

/// Drops `plan`'s entry; whether there was one.
pub fn unpersist(session: &Session, plan: &Plan) -> Result<bool> {
    let key = plan_key(plan);
    let mut entries = session
        .cache
        .lock()
        .map_err(|_| SparkError::internal("cache lock poisoned"))?;
    let before = entries.len();
    entries.retain(|e| e.key != key);
    Ok(entries.len() != before)
}

pub fn clear(session: &Session) -> Result<()> {
    session
        .cache
        .lock()
        .map_err(|_| SparkError::internal("cache lock poisoned"))?
        .clear();
    Ok(())
}

/// The level `plan` is cached at, if it is.
pub fn storage_level(session: &Session, plan: &Plan) -> Option<StorageLevel> {
    lookup(session, plan).map(|e| e.level)
}

pub fn level_from_proto(level: Option<&ProtoLevel>) -> StorageLevel {
    match level {
        Some(l) => StorageLevel {
            use_disk: l.use_disk,
            use_memory: l.use_memory,
            use_off_heap: l.use_off_heap,
            deserialized: l.deserialized,
            replication: l.replication,
        },
        // `persist()` without a level: `MEMORY_AND_DISK_DESER`.
        None => StorageLevel::MEMORY_AND_DISK,
    }
}

pub fn level_to_proto(level: Option<StorageLevel>) -> ProtoLevel {
    let l = level.unwrap_or(StorageLevel {
        use_disk: false,
        use_memory: false,
        use_off_heap: false,
        deserialized: false,
        replication: 1,
    });
    ProtoLevel {
        use_disk: l.use_disk,
        use_memory: l.use_memory,
        use_off_heap: l.use_off_heap,
        deserialized: l.deserialized,
        replication: l.replication,
    }
}

/// The named levels `CACHE TABLE ... OPTIONS ('storageLevel' ...)` and
/// `spark.catalog.cacheTable` accept (Spark's `StorageLevel.fromString`).
pub fn level_from_name(name: &str) -> Result<StorageLevel> {
    let (disk, memory, off_heap, deser, replication) = match name.to_ascii_uppercase().as_str() {
        "NONE" => (false, false, false, false, 1),
        "DISK_ONLY" => (true, false, false, false, 1),
        "DISK_ONLY_2" => (true, false, false, false, 2),
        "DISK_ONLY_3" => (true, false, false, false, 3),
        "MEMORY_ONLY" => (false, true, false, true, 1),
        "MEMORY_ONLY_2" => (false, true, false, true, 2),
        "MEMORY_ONLY_SER" => (false, true, false, false, 1),
        "MEMORY_ONLY_SER_2" => (false, true, false, false, 2),
        "MEMORY_AND_DISK" => (true, true, false, true, 1),
        "MEMORY_AND_DISK_2" => (true, true, false, true, 2),
        "MEMORY_AND_DISK_SER" => (true, true, false, false, 1),
        "MEMORY_AND_DISK_SER_2" => (true, true, false, false, 2),
        "OFF_HEAP" => (true, true, true, false, 1),
        _ => {
            return Err(SparkError::illegal_argument(format!(
                "Invalid StorageLevel: {name}"
            )));
        }
    };
    Ok(StorageLevel {
        use_disk: disk,
        use_memory: memory,
        use_off_heap: off_heap,
        deserialized: deser,
        replication,
    })
}

/// The relation `spark.table(name)` sends: what a cached table is keyed by.
pub fn table_plan(name: Vec<String>) -> Plan {
    Plan::new(PlanNode::Read(ReadKind::NamedTable {
        name,
        options: Default::default(),
    }))
}

/// Runs `CACHE TABLE` / `UNCACHE TABLE` / `CLEAR CACHE`.
pub async fn run(session: &Arc<Session>, cmd: CacheCommand) -> Result<()> {
    match cmd {
        CacheCommand::ClearCache => clear(session),
        CacheCommand::UncacheTable { name, if_exists } => {
            let plan = table_plan(name);
            // The table must exist unless IF EXISTS (Spark's `UncacheTableExec`).
            if let Err(e) = crate::execution::runner::resolve(session, &plan).await {
                return if if_exists { Ok(()) } else { Err(e) };
            }
            unpersist(session, &plan).map(|_| ())
        }
        CacheCommand::CacheTable {
            name,
            lazy,
            options,
            query,
        } => {
            let mut level = StorageLevel::MEMORY_AND_DISK;
            for (k, v) in &options {
                if k.eq_ignore_ascii_case("storageLevel") {
                    level = level_from_name(v)?;
                }
            }
            if let Some(query) = query {
                // `CACHE TABLE t AS query` makes `t` a temp view of the query first.
                let logical = crate::execution::runner::resolve_view(session, &query).await?;
                let view = name.last().cloned().unwrap_or_default();
                if name.len() > 1 {
                    return Err(SparkError::with_class(
                        sabot_common::error::ExceptionKind::Parse,
                        "INVALID_SQL_SYNTAX.CREATE_TEMP_VIEW_WITH_NAMESPACE",
                        "42000",
                        "Invalid SQL syntax: CACHE TABLE AS SELECT names a temporary view, which cannot have a namespace.",
                    ));
                }
                sabot_plan::register_temp_view(&session.ctx, &view, logical, true)?;
                crate::catalog::view_info::note(session, &view, false, None)?;
            }
            let plan = table_plan(name);
            // Resolving checks that the table exists.
            crate::execution::runner::resolve(session, &plan).await?;
            persist(session, plan.clone(), level)?;
            if !lazy {
                // Eager: materialize now, as Spark's `CacheTableExec` counts the rows.
                let logical =
                    crate::execution::runner::resolve_for_execution(session, &plan).await?;
                datafusion::prelude::DataFrame::new(session.query_ctx()?.state(), logical)
                    .count()
                    .await
                    .map_err(sabot_plan::from_datafusion)?;
            }
            Ok(())
        }
    }
}
