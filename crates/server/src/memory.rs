//! Memory limits: one pool for the server (`sabot.memory.limit`, `--memory-limit`) shared
//! fairly by the queries that can spill, and a per-query cap inside it
//! (`sabot.memory.queryLimit`, `--query-memory-limit`, settable per session). Sorts, aggregates
//! and sort-merge joins spill to disk when their reservation fails; what cannot spill fails that
//! one query with Spark's `UNABLE_TO_ACQUIRE_MEMORY`, and every other query keeps going.

use std::fmt;
use std::sync::Arc;

use datafusion::common::{Result as DfResult, resources_datafusion_err};
use datafusion::execution::config::SessionConfig;
use datafusion::execution::memory_pool::{
    FairSpillPool, MemoryConsumer, MemoryLimit, MemoryPool, MemoryReservation, TrackConsumersPool,
};
use datafusion::execution::runtime_env::{RuntimeEnv, RuntimeEnvBuilder};
use sabot_common::{Result, SparkError};

/// The server's pool: `limit` bytes, or 3/4 of the machine's memory when unset.
pub fn server_pool(limit: Option<usize>) -> Arc<dyn MemoryPool> {
    let limit = limit.or_else(default_limit).unwrap_or(usize::MAX);
    let top = std::num::NonZeroUsize::new(5).unwrap_or(std::num::NonZeroUsize::MIN);
    Arc::new(TrackConsumersPool::new(FairSpillPool::new(limit), top))
}

/// 3/4 of `MemTotal` (Linux), so that a query fails with an error before the OOM killer acts.
fn default_limit() -> Option<usize> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb.saturating_mul(1024) / 4 * 3)
}

/// Engine settings for spilling, applied to every session.
///
/// `RepartitionExec` spills a batch it has no memory for into a pool of files that all its
/// input tasks share; DataFusion 55's reader waits on the oldest file while two tasks write two
/// files at once, and the query stops for good (apache/datafusion#24883). With files of one
/// batch each (`max_spill_file_size_bytes` of 1) every file is finished before its batch is
/// announced, so the reader never waits on a file that nothing will complete.
pub fn spill_settings(config: &mut SessionConfig) {
    if let Ok(one) = datafusion::common::config::ConfigNonZeroUsize::try_new(1) {
        config.options_mut().execution.max_spill_file_size_bytes = one;
    }
}

/// A runtime for one query: the server's runtime with its pool capped at `limit` bytes.
pub fn query_runtime(server: &RuntimeEnv, limit: Option<usize>) -> Result<Arc<RuntimeEnv>> {
    let pool = match limit {
        Some(limit) => {
            Arc::new(QueryPool::new(Arc::clone(&server.memory_pool), limit)) as Arc<dyn MemoryPool>
        }
        None => Arc::clone(&server.memory_pool),
    };
    RuntimeEnvBuilder::from_runtime_env(server)
        .with_memory_pool(pool)
        .build_arc()
        .map_err(|e| SparkError::internal(e.to_string()))
}

/// The engine settings of a query under `limit`: the memory a sort sets aside for merging its
/// spill files (10 MB by default) stays a small part of the query's share.
pub fn query_config(mut config: SessionConfig, limit: Option<usize>) -> SessionConfig {
    if let Some(limit) = limit {
        let execution = &mut config.options_mut().execution;
        execution.sort_spill_reservation_bytes =
            execution.sort_spill_reservation_bytes.min(limit / 8);
    }
    config
}

/// A query's view of the server pool: its own fair-spill pool of `limit` bytes (so that the
/// query's spilling operators leave room for its non-spilling ones, as the server pool does
/// between queries), each reservation also taken from the server pool.
#[derive(Debug)]
struct QueryPool {
    local: FairSpillPool,
    server: Arc<dyn MemoryPool>,
    limit: usize,
}

impl QueryPool {
    fn new(server: Arc<dyn MemoryPool>, limit: usize) -> Self {
        Self {
            local: FairSpillPool::new(limit),
            server,
            limit,
        }
    }
}

impl fmt::Display for QueryPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "query pool ({} bytes) in {}", self.limit, self.server)
    }
}

impl MemoryPool for QueryPool {
    fn name(&self) -> &str {
        "sabot_query_pool"
    }

    fn register(&self, consumer: &MemoryConsumer) {
        self.local.register(consumer);
        self.server.register(consumer)
    }

    fn unregister(&self, consumer: &MemoryConsumer) {
        self.local.unregister(consumer);
        self.server.unregister(consumer)
    }

    fn grow(&self, reservation: &MemoryReservation, additional: usize) {
        self.local.grow(reservation, additional);
        self.server.grow(reservation, additional)
    }

    fn shrink(&self, reservation: &MemoryReservation, shrink: usize) {
        self.local.shrink(reservation, shrink);
        self.server.shrink(reservation, shrink)
    }

    fn try_grow(&self, reservation: &MemoryReservation, additional: usize) -> DfResult<()> {
        self.local.try_grow(reservation, additional).map_err(|e| {
            resources_datafusion_err!(
                "the query's memory limit of {} bytes is reached ({} held): {e}",
                self.limit,
                self.local.reserved()
            )
        })?;
        if let Err(e) = self.server.try_grow(reservation, additional) {
            self.local.shrink(reservation, additional);
            return Err(e);
        }
        Ok(())
    }

    fn reserved(&self) -> usize {
        self.local.reserved()
    }

    fn memory_limit(&self) -> MemoryLimit {
        MemoryLimit::Finite(self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::execution::memory_pool::GreedyMemoryPool;

    #[test]
    fn a_query_is_capped_inside_the_server_pool() {
        let server: Arc<dyn MemoryPool> = Arc::new(GreedyMemoryPool::new(1000));
        let q1: Arc<dyn MemoryPool> = Arc::new(QueryPool::new(Arc::clone(&server), 300));
        let r = MemoryConsumer::new("sort").register(&q1);
        assert!(r.try_grow(200).is_ok());
        assert!(r.try_grow(200).is_err(), "over the query's 300 bytes");
        assert_eq!((q1.reserved(), server.reserved()), (200, 200));
        r.shrink(150);
        assert!(r.try_grow(200).is_ok());
        assert_eq!((q1.reserved(), server.reserved()), (250, 250));
        drop(r);
        assert_eq!((q1.reserved(), server.reserved()), (0, 0));
    }

    /// DataFusion's reproduction of its `RepartitionExec` spill deadlock (apache/datafusion
    /// #24883): a grouped aggregation on two partitions under a tiny pool, several times; the
    /// attempts that finished within 20 s. With DataFusion's defaults 5 of 12 never finished
    /// (measured on 55.2).
    async fn repartition_spill_attempts(config: SessionConfig) -> usize {
        use datafusion::execution::SessionStateBuilder;
        use datafusion::prelude::SessionContext;
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_pool(Arc::new(FairSpillPool::new(2 << 20)))
            .build_arc()
            .unwrap();
        let config = config.with_target_partitions(2).with_batch_size(64);
        let state = SessionStateBuilder::new()
            .with_config(config)
            .with_runtime_env(runtime)
            .with_default_features()
            .build();
        let ctx = SessionContext::new_with_state(state);
        ctx.sql(
            "CREATE TABLE t AS SELECT v % 13 AS g, md5(CAST(v % 337 AS VARCHAR)) AS trace_id \
             FROM generate_series(1, 40000) AS s(v)",
        )
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
        let mut finished = 0;
        for _ in 0..12 {
            let run = async {
                ctx.sql("SELECT g, count(DISTINCT trace_id) FROM t GROUP BY g")
                    .await?
                    .collect()
                    .await
            };
            match tokio::time::timeout(std::time::Duration::from_secs(20), run).await {
                Ok(Ok(batches)) => {
                    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 13);
                    finished += 1;
                }
                Ok(Err(e)) => panic!("{e}"),
                Err(_) => {}
            }
        }
        finished
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn repartition_spills_do_not_deadlock() {
        let mut config = SessionConfig::new();
        spill_settings(&mut config);
        assert_eq!(repartition_spill_attempts(config).await, 12);
    }
}
