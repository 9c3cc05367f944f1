//! Checkpoints (`df.checkpoint(eager)`, `df.localCheckpoint(eager, storageLevel)`): the
//! DataFrame is computed now and stored, and the client gets back a `CachedRemoteRelation` id
//! whose plan is only the stored data (its lineage is cut, as Spark's `Dataset.checkpoint`).
//! Reliable checkpoints are Parquet files under `spark.checkpoint.dir` (they outlive a crash);
//! local ones are kept like a cached relation. Both are freed when the client releases the
//! DataFrame (`RemoveCachedRemoteRelationCommand`) or the session ends.
//!
//! A lazy checkpoint (`eager=False`) is analysed at the call but computed when a plan that
//! reads it first runs (or is cached or made a view); from then on it reads the stored data,
//! as Spark's checkpointed RDD does after its first job. A schema request before that resolves
//! the DataFrame's own plan without running it.

use std::sync::Arc;

use datafusion::prelude::DataFrame;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError, config};
use sabot_plan::cache::{Cached, StorageLevel};
use spark_connect_proto::connect::CheckpointCommand;

use crate::session::Session;

/// Computes and stores the checkpoint; returns its relation id.
pub async fn checkpoint(session: &Arc<Session>, cmd: CheckpointCommand) -> Result<String> {
    let rel = cmd
        .relation
        .clone()
        .ok_or_else(|| SparkError::invalid_plan("CheckpointCommand has no relation"))?;
    let plan = sabot_connect::relation_to_plan(&rel)?;
    let dir = if cmd.local {
        None
    } else {
        // Spark's `SparkContext.checkpointDir` check, before any work.
        let Some(dir) = session.conf_get(config::CHECKPOINT_DIR)? else {
            let mut e = SparkError::with_class(
                ExceptionKind::Internal,
                "_LEGACY_ERROR_TEMP_3016",
                "",
                "Checkpoint directory has not been set in the SparkContext",
            );
            // A legacy error class: Spark gives it no SQLSTATE.
            e.sql_state = None;
            return Err(e);
        };
        Some(dir)
    };
    let id = uuid::Uuid::new_v4().to_string();
    let pending = Pending {
        plan,
        dir,
        storage_level: cmd.storage_level,
    };
    if cmd.eager {
        let stored = pending.compute(session, &id).await?;
        insert(session, &id, stored)?;
    } else {
        // Analysis errors come at the call, as in Spark.
        crate::execution::runner::resolve(session, &pending.plan).await?;
        session
            .pending_checkpoints
            .lock()
            .map_err(|_| SparkError::internal("checkpoint lock poisoned"))?
            .insert(id.clone(), pending);
    }
    Ok(id)
}

/// A checkpoint to compute: the DataFrame's plan and where to keep the data.
#[derive(Debug, Clone)]
pub struct Pending {
    plan: sabot_common::spec::Plan,
    /// The checkpoint directory of a reliable checkpoint.
    dir: Option<String>,
    storage_level: Option<spark_connect_proto::connect::StorageLevel>,
}

fn insert(session: &Session, id: &str, stored: Cached) -> Result<()> {
    session
        .checkpoints
        .lock()
        .map_err(|_| SparkError::internal("checkpoint lock poisoned"))?
        .insert(id.to_string(), Arc::new(stored));
    Ok(())
}

/// Computes the lazy checkpoints `plan` reads that are not computed yet.
pub async fn compute_pending(
    session: &Arc<Session>,
    plan: &sabot_common::spec::Plan,
) -> Result<()> {
    let mut ids = Vec::new();
    pending_ids(plan, &mut ids);
    for id in ids {
        let pending = session
            .pending_checkpoints
            .lock()
            .map_err(|_| SparkError::internal("checkpoint lock poisoned"))?
            .get(&id)
            .cloned();
        let Some(pending) = pending else { continue };
        let stored = Box::pin(pending.compute(session, &id)).await?;
        insert(session, &id, stored)?;
        session
            .pending_checkpoints
            .lock()
            .map_err(|_| SparkError::internal("checkpoint lock poisoned"))?
            .remove(&id);
    }
    Ok(())
}

fn pending_ids(plan: &sabot_common::spec::Plan, out: &mut Vec<String>) {
    if let sabot_common::spec::PlanNode::CachedRemote { relation_id } = &plan.node {
        out.push(relation_id.clone());
    }
    for child in plan.children() {
        pending_ids(child, out);
    }
}

impl Pending {
    /// Runs the plan and stores its rows.
    async fn compute(&self, session: &Arc<Session>, id: &str) -> Result<Cached> {
        let logical = Box::pin(crate::execution::runner::resolve_for_execution(
            session, &self.plan,
        ))
        .await?;
        self.store(session, id, logical).await
    }

    async fn store(
        &self,
        session: &Arc<Session>,
        id: &str,
        logical: datafusion::logical_expr::LogicalPlan,
    ) -> Result<Cached> {
        let (dir, cmd) = (self.dir.clone(), self);
        let columns = Arc::clone(logical.schema());
        let partitions = DataFrame::new(session.query_ctx()?.state(), logical)
            .collect_partitioned()
            .await
            .map_err(sabot_plan::from_datafusion)?;
        let stored = match dir {
            Some(dir) => {
                // A local directory as a path (relative to the server's directory), an object
                // store's as its URL.
                let base = if crate::catalog::is_local(&dir) {
                    dir.strip_prefix("file:").unwrap_or(&dir)
                } else {
                    dir.as_str()
                };
                let location = format!(
                    "{}/{}/{id}",
                    base.trim_end_matches('/'),
                    session.server_side_session_id
                );
                sabot_plan::cache::write_checkpoint(&session.ctx, &location, columns, partitions)
                    .await?
            }
            None => {
                let level = match cmd.storage_level.as_ref() {
                    Some(l) => crate::cache::level_from_proto(Some(l)),
                    None => StorageLevel::MEMORY_AND_DISK,
                };
                match sabot_plan::cache::store(
                    &session.ctx,
                    columns.clone(),
                    partitions.clone(),
                    &level,
                )? {
                    // A local checkpoint must keep its data: without memory, the disk.
                    Cached::Recompute => sabot_plan::cache::store(
                        &session.ctx,
                        columns,
                        partitions,
                        &StorageLevel {
                            use_disk: true,
                            ..level
                        },
                    )?,
                    stored => stored,
                }
            }
        };
        Ok(stored)
    }
}

/// Releases a checkpoint (its files are deleted with it).
pub fn release(session: &Session, relation_id: &str) -> Result<()> {
    session
        .checkpoints
        .lock()
        .map_err(|_| SparkError::internal("checkpoint lock poisoned"))?
        .remove(relation_id);
    session
        .pending_checkpoints
        .lock()
        .map_err(|_| SparkError::internal("checkpoint lock poisoned"))?
        .remove(relation_id);
    Ok(())
}

/// A checkpoint's stored data.
/// The plan of a lazy checkpoint not computed yet.
pub fn pending_plan(session: &Session, relation_id: &str) -> Option<sabot_common::spec::Plan> {
    let pending = session.pending_checkpoints.lock().ok()?;
    pending.get(relation_id).map(|p| p.plan.clone())
}

pub fn lookup(session: &Session, relation_id: &str) -> Result<Arc<Cached>> {
    session
        .checkpoints
        .lock()
        .map_err(|_| SparkError::internal("checkpoint lock poisoned"))?
        .get(relation_id)
        .cloned()
        .ok_or_else(|| {
            SparkError::invalid_plan(format!(
                "No DataFrame with id {relation_id} is found in the session"
            ))
        })
}
