//! Sessions: one per (user id, session id), each with its own DataFusion context, Spark config,
//! temp views, artifacts, running executions and kept errors, so sessions never see each
//! other's state.
//!
//! Mirrors Spark's `SparkConnectSessionManager`: every session gets a fresh server-side session
//! id, which the client echoes back (`client_observed_server_side_session_id`); after a server
//! restart the ids differ and the client is told `INVALID_HANDLE.SESSION_CHANGED`. Sessions idle
//! longer than the timeout are closed by [`SessionManager::close_idle`].

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use datafusion::execution::runtime_env::RuntimeEnv;
use datafusion::execution::{SessionState, TaskContext};
use datafusion::prelude::{SessionConfig, SessionContext};
use sabot_common::config::{self, SparkConf};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::Plan;
use sabot_common::{Result, SparkError};
use sabot_plan::{CachedRelations, PlanConfig};

/// Spark's `spark.sql.join.preferSortMergeJoin` (see `Session::sync_engine_config`).
const PREFER_SORT_MERGE_JOIN: &str = "spark.sql.join.preferSortMergeJoin";

use crate::artifacts::ArtifactStore;
use crate::error::ErrorStore;
use crate::execution::ExecuteHolder;

/// Locks a mutex, turning poisoning (a panic elsewhere while holding it) into an error.
pub fn lock<T>(m: &Mutex<T>) -> Result<MutexGuard<'_, T>> {
    m.lock()
        .map_err(|_| SparkError::internal("internal state lock poisoned"))
}

/// One Spark session.
pub struct Session {
    pub user_id: String,
    pub session_id: String,
    /// Fresh per server start and per session creation.
    pub server_side_session_id: String,
    /// DataFusion state: catalog (temp views), functions, config.
    pub ctx: SessionContext,
    /// The context queries run in, made from `ctx` whenever its config changes
    /// (`sync_engine_config`): building one copies the function registry's maps (several
    /// hundred names) and the config, a large part of a small query's time if done per query.
    task_ctx: Mutex<Arc<TaskContext>>,
    /// The state queries are planned in, made from `ctx` at the same moments as `task_ctx`
    /// (`SessionContext::state` copies the function registry's maps and the config per call:
    /// about a tenth of the server's time for a small query).
    planning: Mutex<Arc<SessionState>>,
    /// Values set by `--conf`/the config file, shared by all sessions.
    server_conf: Arc<SparkConf>,
    /// Values this session set.
    conf: Mutex<SparkConf>,
    pub artifacts: ArtifactStore,
    pub errors: ErrorStore,
    executions: Mutex<HashMap<String, Arc<ExecuteHolder>>>,
    last_access: Mutex<Instant>,
    /// The client's Spark version as `major * 1000 + minor` (0: unknown), from its
    /// `client_type`; see `client_types`.
    pub client_version: std::sync::atomic::AtomicU32,
    /// Cached relations (`df.cache()`, `CACHE TABLE`), freed with the session.
    pub cache: Mutex<Vec<Arc<sabot_plan::cache::CacheEntry>>>,
    /// Checkpointed DataFrames by relation id, until the client releases them.
    pub checkpoints: Mutex<HashMap<String, Arc<sabot_plan::cache::Cached>>>,
    /// engine: lazy checkpoints (`eager=False`) not computed yet, by relation id.
    pub pending_checkpoints: Mutex<HashMap<String, crate::checkpoint::Pending>>,
    /// catalog: the shared catalog and this session's current database.
    pub catalog: crate::catalog::SessionCatalog,
    /// Session variables (`DECLARE VARIABLE`), see `execution::variables`.
    pub variables: Mutex<crate::execution::variables::Variables>,
    /// objstore: this session's object stores, built from its `spark.hadoop.*` settings.
    pub stores: Arc<sabot_plan::stores::SparkObjectStores>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user_id", &self.user_id)
            .field("session_id", &self.session_id)
            .field("server_side_session_id", &self.server_side_session_id)
            .finish_non_exhaustive()
    }
}

impl Session {
    fn new(
        user_id: &str,
        session_id: &str,
        server_conf: Arc<SparkConf>,
        runtime: Arc<RuntimeEnv>,
        catalog: Arc<crate::catalog::CatalogState>,
    ) -> Self {
        let mut config = SessionConfig::new()
            .with_information_schema(false)
            .with_create_default_catalog_and_schema(true);
        // Spark's string type is Utf8 on the wire; avoid view types we would cast back anyway.
        config
            .options_mut()
            .execution
            .parquet
            .schema_force_view_types = false;
        config.options_mut().sql_parser.map_string_types_to_utf8view = false;
        crate::memory::spill_settings(&mut config);
        // objstore: the session's own object-store registry over the server's runtime.
        let stores = Arc::new(sabot_plan::stores::SparkObjectStores::new(
            sabot_plan::stores::HadoopConf::from_spark(server_conf.iter()),
        ));
        let runtime = crate::object_stores::session_runtime(&runtime, &stores);
        // Sabot's query planner knows Sabot's logical extension nodes.
        let state = datafusion::execution::SessionStateBuilder::new()
            .with_config(config)
            .with_runtime_env(runtime)
            .with_default_features()
            .with_query_planner(sabot_plan::partition::query_planner())
            .with_optimizer_rules(sabot_plan::optimizer::logical_rules())
            .with_physical_optimizer_rules(sabot_plan::optimizer::physical_rules())
            .build();
        let ctx = SessionContext::new_with_state(state);
        for udf in sabot_functions::udfs() {
            ctx.register_udf(udf.as_ref().clone());
        }
        for udaf in sabot_functions::udafs() {
            ctx.register_udaf(udaf.as_ref().clone());
        }
        let session = Self {
            user_id: user_id.to_string(),
            session_id: session_id.to_string(),
            server_side_session_id: uuid::Uuid::new_v4().to_string(),
            task_ctx: Mutex::new(ctx.task_ctx()),
            planning: Mutex::new(Arc::new(ctx.state())),
            ctx,
            server_conf,
            conf: Mutex::new(SparkConf::new()),
            variables: Mutex::new(Default::default()),
            artifacts: ArtifactStore::default(),
            errors: ErrorStore::default(),
            executions: Mutex::new(HashMap::new()),
            last_access: Mutex::new(Instant::now()),
            client_version: std::sync::atomic::AtomicU32::new(0),
            cache: Mutex::new(Vec::new()),
            checkpoints: Mutex::new(HashMap::new()),
            pending_checkpoints: Mutex::new(HashMap::new()),
            catalog: crate::catalog::SessionCatalog::new(catalog),
            stores,
        };
        if let Err(e) = session.sync_engine_config() {
            tracing::warn!(error = %e, "could not apply the session time zone to the engine");
        }
        session
    }

    /// The effective value of a config key: set in the session, else on the server, else
    /// Spark's default. `None` when the key is unknown or has no default.
    pub fn conf_get(&self, key: &str) -> Result<Option<String>> {
        if let Some(v) = self.conf_explicit(key)? {
            return Ok(Some(v));
        }
        if key == config::SESSION_TIME_ZONE {
            return Ok(Some(config::local_time_zone()));
        }
        if key == "spark.sql.warehouse.dir" {
            let cwd = std::env::current_dir().unwrap_or_default();
            return Ok(Some(format!(
                "file:{}",
                cwd.join("spark-warehouse").display()
            )));
        }
        Ok(config::lookup(key)
            .and_then(|e| e.default)
            .map(str::to_string))
    }

    /// The value of a key set explicitly: in the session, else on the server (no defaults).
    fn conf_explicit(&self, key: &str) -> Result<Option<String>> {
        Ok(lock(&self.conf)?
            .get_set(key)
            .or_else(|| self.server_conf.get_set(key))
            .map(str::to_string))
    }

    /// Whether a key is known at all (registered, or set somewhere).
    pub fn conf_is_known(&self, key: &str) -> Result<bool> {
        Ok(config::lookup(key).is_some()
            || key == config::SESSION_TIME_ZONE
            || lock(&self.conf)?.get_set(key).is_some()
            || self.server_conf.get_set(key).is_some())
    }

    /// Sets a session value.
    pub fn conf_set(&self, key: &str, value: &str) -> Result<()> {
        lock(&self.conf)?.set(key, value, false)?;
        self.sync_engine_config()
    }

    /// Unsets a session value.
    pub fn conf_unset(&self, key: &str) -> Result<()> {
        lock(&self.conf)?.unset(key);
        self.sync_engine_config()
    }

    /// Mirrors Spark settings the engine reads itself into DataFusion's config: the session
    /// time zone (used by `current_date` and timestamp parsing inside DataFusion).
    fn sync_engine_config(&self) -> Result<()> {
        let tz = self.conf_get(config::SESSION_TIME_ZONE)?;
        let state = self.ctx.state_ref();
        // Spark's `spark.sql.autoBroadcastJoinThreshold` (bytes; -1 disables) is the size under
        // which DataFusion's `JoinSelection` collects a join side once for every partition.
        let broadcast = self
            .conf_bytes(config::AUTO_BROADCAST_JOIN_THRESHOLD)?
            .unwrap_or(10 << 20);
        // engine: a `spark.sql.shuffle.partitions` (or `spark.default.parallelism`) set in the
        // session is DataFusion's target partitions; unset, the machine's cores (Spark's 200
        // stays the partition *numbering* of shuffles without a count, see `shuffle_partitions`).
        let target = self.engine_parallelism()?;
        // engine: Spark prefers sort-merge joins (`spark.sql.join.preferSortMergeJoin`, true by
        // default); DataFusion's hash joins are faster but their build side cannot spill. Sabot
        // keeps hash joins unless the setting is given: `true` then plans sort-merge joins,
        // which spill under a memory limit. (Unset, `spark.conf.get` still answers Spark's
        // default; a hash join that runs out of memory falls back, see `execution::runner`.)
        let prefer_hash_join = !self
            .conf_explicit(PREFER_SORT_MERGE_JOIN)?
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        // Spark's `spark.sql.exchange.reuse`: a repeated subplan computed once.
        let reuse = self
            .conf_get(config::EXCHANGE_REUSE)?
            .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
        let parquet_pushdown = self
            .conf_get(sabot_plan::optimizer::parquet_pushdown::FILTER_PUSHDOWN)?
            .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
        // objstore: `spark.hadoop.*` settings reach the session's object stores.
        let all = self.conf_all()?;
        self.stores
            .set_settings(sabot_plan::stores::HadoopConf::from_spark(
                all.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            ));
        let mut state = state.write();
        let options = state.config_mut().options_mut();
        options.execution.time_zone = tz;
        options.execution.target_partitions = target;
        sabot_plan::optimizer::parquet_pushdown::apply(
            &mut options.execution.parquet,
            parquet_pushdown,
        );
        options.optimizer.prefer_hash_join = prefer_hash_join;
        options.optimizer.hash_join_single_partition_threshold =
            usize::try_from(broadcast).unwrap_or(0);
        if broadcast <= 0 {
            options.optimizer.hash_join_single_partition_threshold_rows = 0;
        }
        state
            .config_mut()
            .set_extension(Arc::new(sabot_plan::reuse::ReuseSetting(reuse)));
        // Readers copy the table defaults, not the session's Parquet options.
        sabot_plan::optimizer::parquet_pushdown::apply(
            &mut state.table_options_mut().parquet.global,
            parquet_pushdown,
        );
        // Replaced while the state is still locked, so that concurrent changes store their
        // contexts in the order they changed the state.
        *lock(&self.task_ctx)? = Arc::new(TaskContext::from(&*state));
        *lock(&self.planning)? = Arc::new((*state).clone());
        Ok(())
    }

    /// The session's per-query memory limit (`sabot.memory.queryLimit`), if any.
    pub fn query_limit(&self) -> Result<Option<usize>> {
        Ok(self
            .conf_bytes(config::QUERY_MEMORY_LIMIT)?
            .and_then(|n| usize::try_from(n).ok()))
    }

    /// The context of one write, cache fill or checkpoint: the session's own, or under a
    /// per-query memory limit a copy of it whose pool is capped (tables and views stay shared).
    pub fn query_ctx(&self) -> Result<SessionContext> {
        let Some(limit) = self.query_limit()? else {
            return Ok(self.ctx.clone());
        };
        let state = self.ctx.state();
        let runtime = crate::memory::query_runtime(state.runtime_env(), Some(limit))?;
        // The copy shares the session's catalogs: without this, building it would register a
        // new, empty default catalog in their place and drop the session's temporary views.
        let config = crate::memory::query_config(state.config().clone(), Some(limit))
            .with_create_default_catalog_and_schema(false);
        let state = datafusion::execution::SessionStateBuilder::new_from_existing(state)
            .with_runtime_env(runtime)
            .with_config(config)
            .build();
        Ok(SessionContext::new_with_state(state))
    }

    /// The state a query is planned in: the session's functions, engine config and catalogs
    /// (shared, not copied; a query that changes its config copies it).
    pub fn planning_state(&self) -> Result<Arc<SessionState>> {
        Ok(Arc::clone(&*lock(&self.planning)?))
    }

    /// The context a query runs in: the session's functions, engine config and runtime.
    pub fn task_ctx(&self) -> Result<Arc<TaskContext>> {
        Ok(Arc::clone(&*lock(&self.task_ctx)?))
    }

    /// The task context of one query: [`Self::task_ctx`], or under a per-query memory limit a
    /// copy of it whose pool is capped (as [`Self::query_ctx`] for writes).
    pub fn query_task_ctx(&self) -> Result<Arc<TaskContext>> {
        let base = self.task_ctx()?;
        let Some(limit) = self.query_limit()? else {
            return Ok(base);
        };
        let runtime = crate::memory::query_runtime(&base.runtime_env(), Some(limit))?;
        let config = crate::memory::query_config(base.session_config().clone(), Some(limit));
        Ok(Arc::new(TaskContext::new(
            base.task_id(),
            base.session_id(),
            config,
            base.scalar_functions().clone(),
            base.higher_order_functions().clone(),
            base.aggregate_functions().clone(),
            base.window_functions().clone(),
            runtime,
        )))
    }

    /// All explicitly set values (server's, overridden by the session's), sorted by key.
    pub fn conf_all(&self) -> Result<Vec<(String, String)>> {
        let mut all: std::collections::BTreeMap<String, String> = self
            .server_conf
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for (k, v) in lock(&self.conf)?.iter() {
            all.insert(k.to_string(), v.to_string());
        }
        Ok(all.into_iter().collect())
    }

    /// The SQL configs a view captures when it is made (Spark's `ViewHelper.sqlConfigsToProps`):
    /// the explicitly set, modifiable `spark.sql.*` values outside Spark's deny list, and always
    /// the session time zone and ANSI mode.
    pub fn view_sql_configs(&self) -> Result<std::collections::BTreeMap<String, String>> {
        const DENIED: &[&str] = &[
            "spark.sql.view.maxNestedViewDepth",
            "spark.sql.optimizer.",
            "spark.sql.codegen.",
            "spark.sql.execution.",
            "spark.sql.shuffle.",
            "spark.sql.adaptive.",
            "spark.sql.hive.convert",
        ];
        let mut out: std::collections::BTreeMap<String, String> = self
            .conf_all()?
            .into_iter()
            .filter(|(k, _)| {
                (k.starts_with("spark.sql.")
                    && !config::lookup(k).is_some_and(|e| e.is_static)
                    && !DENIED.iter().any(|d| k.starts_with(d)))
                    || k == "spark.sql.optimizer.disableHints"
            })
            .collect();
        for key in [config::SESSION_TIME_ZONE, "spark.sql.ansi.enabled"] {
            if !out.contains_key(key)
                && let Some(v) = self.conf_get(key)?
            {
                out.insert(key.to_string(), v);
            }
        }
        Ok(out)
    }

    pub fn conf_bool(&self, key: &str) -> Result<bool> {
        Ok(self
            .conf_get(key)?
            .map(|v| v.trim().eq_ignore_ascii_case("true"))
            .unwrap_or(false))
    }

    /// A positive count config value (partition counts); none when unset or not a count.
    pub fn conf_count(&self, key: &str) -> Result<Option<usize>> {
        Ok(self
            .conf_get(key)?
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0))
    }

    /// A byte-size config value, e.g. `spark.connect.grpc.arrow.maxBatchSize`.
    pub fn conf_bytes(&self, key: &str) -> Result<Option<i64>> {
        Ok(self.conf_get(key)?.and_then(|v| config::parse_bytes(&v)))
    }

    /// The settings the plan layer needs.
    pub fn plan_config(&self) -> Result<PlanConfig> {
        let adaptive = self.adaptive_coalesce()?;
        Ok(PlanConfig {
            time_zone: self
                .conf_get(config::SESSION_TIME_ZONE)?
                .unwrap_or_else(|| "UTC".to_string()),
            ansi: self.conf_bool(config::ANSI_ENABLED)?,
            case_sensitive: self.conf_bool(config::CASE_SENSITIVE)?,
            pivot_max_values: self
                .conf_get(config::PIVOT_MAX_VALUES)?
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(10_000),
            transpose_max_values: self
                .conf_get(config::TRANSPOSE_MAX_VALUES)?
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(500),
            user: current_user(&self.user_id),
            default_parallelism: self.default_parallelism()?,
            // engine: Spark's shuffle partition count (numbering only; see `engine_parallelism`).
            shuffle_partitions: self.shuffle_partitions(adaptive.is_some())?,
            adaptive,
            time_type: self.conf_bool(config::TIME_TYPE_ENABLED)?,
            now_micros: sabot_functions::now_micros(),
            variables: Arc::new(lock(&self.variables)?.values()),
            cte_recursion_level_limit: self
                .conf_get("spark.sql.cteRecursionLevelLimit")?
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(sabot_plan::recursion::DEFAULT_LEVEL_LIMIT),
            cte_recursion_row_limit: self
                .conf_get("spark.sql.cteRecursionRowLimit")?
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(sabot_plan::recursion::DEFAULT_ROW_LIMIT),
        })
    }

    /// A shuffle's partition count when it names none: `spark.sql.shuffle.partitions`, or
    /// with adaptive coalescing `spark.sql.adaptive.coalescePartitions.initialPartitionNum`
    /// when set (Spark's `SQLConf.numShufflePartitions`).
    fn shuffle_partitions(&self, adaptive: bool) -> Result<usize> {
        let initial = match adaptive {
            true => self.conf_count("spark.sql.adaptive.coalescePartitions.initialPartitionNum")?,
            false => None,
        };
        Ok(match initial {
            Some(n) => n,
            None => self
                .conf_count("spark.sql.shuffle.partitions")?
                .unwrap_or(200),
        })
    }

    /// Spark's `CoalesceShufflePartitions` settings, or none when the session turns adaptive
    /// execution or its coalescing off.
    fn adaptive_coalesce(&self) -> Result<Option<sabot_plan::exchange::AdaptiveCoalesce>> {
        let on = |key: &str| -> Result<bool> {
            Ok(self
                .conf_get(key)?
                .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false")))
        };
        if !on("spark.sql.adaptive.enabled")?
            || !on("spark.sql.adaptive.coalescePartitions.enabled")?
        {
            return Ok(None);
        }
        let defaults = sabot_plan::exchange::AdaptiveCoalesce::default();
        let bytes = |key: &str, default: u64| -> Result<u64> {
            Ok(self
                .conf_bytes(key)?
                .and_then(|b| u64::try_from(b).ok())
                .unwrap_or(default))
        };
        let min_partitions = if on("spark.sql.adaptive.coalescePartitions.parallelismFirst")? {
            match self.conf_count("spark.sql.adaptive.coalescePartitions.minPartitionNum")? {
                Some(n) => n,
                None => self.default_parallelism()?,
            }
        } else {
            1
        };
        Ok(Some(sabot_plan::exchange::AdaptiveCoalesce {
            advisory_size: bytes(
                "spark.sql.adaptive.advisoryPartitionSizeInBytes",
                defaults.advisory_size,
            )?,
            min_partition_size: bytes(
                "spark.sql.adaptive.coalescePartitions.minPartitionSize",
                defaults.min_partition_size,
            )?,
            min_partitions,
            buffer_limit: bytes(config::ADAPTIVE_COALESCE_BUFFER, defaults.buffer_limit)?,
        }))
    }

    /// The partitions of a `range` without a count: `spark.sql.leafNodeDefaultParallelism`,
    /// else `spark.default.parallelism`, else 2 (a `local[2]` Spark, whose results the test
    /// suite records), so that partition-dependent results do not depend on the machine.
    fn default_parallelism(&self) -> Result<usize> {
        for key in [
            "spark.sql.leafNodeDefaultParallelism",
            "spark.default.parallelism",
        ] {
            if let Some(n) = self.conf_count(key)? {
                return Ok(n);
            }
        }
        Ok(2)
    }

    /// DataFusion's target partitions: the session's `spark.sql.shuffle.partitions`, else its
    /// `spark.default.parallelism`, else the machine's cores.
    fn engine_parallelism(&self) -> Result<usize> {
        let mut set = None;
        for key in ["spark.sql.shuffle.partitions", "spark.default.parallelism"] {
            set = self
                .conf_explicit(key)?
                .and_then(|v| v.trim().parse::<usize>().ok())
                .filter(|n| *n > 0);
            if set.is_some() {
                break;
            }
        }
        Ok(set.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }))
    }

    fn touch(&self) {
        if let Ok(mut t) = self.last_access.lock() {
            *t = Instant::now();
        }
    }

    fn idle_for(&self) -> Duration {
        self.last_access
            .lock()
            .map(|t| t.elapsed())
            .unwrap_or_default()
    }

    /// Registers a new execution; its operation id must be new in this session.
    pub fn add_execution(&self, holder: Arc<ExecuteHolder>) -> Result<()> {
        let mut execs = lock(&self.executions)?;
        if execs.contains_key(&holder.operation_id) {
            return Err(SparkError::with_class(
                ExceptionKind::Sql,
                "INVALID_HANDLE.OPERATION_ALREADY_EXISTS",
                "HY000",
                format!(
                    "The handle {} is invalid. Operation already exists.",
                    holder.operation_id
                ),
            )
            .param("handle", holder.operation_id.clone()));
        }
        execs.insert(holder.operation_id.clone(), holder);
        Ok(())
    }

    /// The execution with this id.
    pub fn execution(&self, operation_id: &str) -> Result<Arc<ExecuteHolder>> {
        lock(&self.executions)?
            .get(operation_id)
            .cloned()
            .ok_or_else(|| operation_not_found(operation_id))
    }

    /// Forgets an execution (after ReleaseExecute or when a non-reattachable stream ends).
    pub fn remove_execution(&self, operation_id: &str) -> Result<Option<Arc<ExecuteHolder>>> {
        Ok(lock(&self.executions)?.remove(operation_id))
    }

    /// All executions, for interrupts.
    pub fn executions(&self) -> Result<Vec<Arc<ExecuteHolder>>> {
        Ok(lock(&self.executions)?.values().cloned().collect())
    }

    /// Cancels everything running and forgets it (session close, server shutdown).
    pub fn close(&self) {
        if let Ok(mut execs) = self.executions.lock() {
            for holder in execs.values() {
                holder.interrupt();
            }
            execs.clear();
        }
        self.artifacts.clear();
    }

    /// Drops executions that finished and were never released, or whose client went away,
    /// after `timeout` (Spark's `spark.connect.execute.manager.detachedTimeout`).
    pub fn drop_abandoned_executions(&self, timeout: Duration) {
        if let Ok(mut execs) = self.executions.lock() {
            execs.retain(|_, h| {
                let abandoned = h.detached_for().is_some_and(|d| d > timeout);
                if abandoned {
                    h.interrupt();
                }
                !abandoned
            });
        }
    }
}

/// `INVALID_HANDLE.OPERATION_NOT_FOUND`.
pub fn operation_not_found(operation_id: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Sql,
        "INVALID_HANDLE.OPERATION_NOT_FOUND",
        "HY000",
        format!("The handle {operation_id} is invalid. Operation not found."),
    )
    .param("handle", operation_id.to_string())
}

impl CachedRelations for Session {
    fn local_relation(&self, hash: &str) -> Result<Plan> {
        self.artifacts.cached_local_relation(hash)
    }

    fn chunked_local_relation(
        &self,
        data_hashes: &[String],
        schema_hash: Option<&str>,
    ) -> Result<Plan> {
        self.artifacts
            .chunked_local_relation(data_hashes, schema_hash)
    }

    fn checkpoint(&self, relation_id: &str) -> Result<Arc<sabot_plan::cache::Cached>> {
        crate::checkpoint::lookup(self, relation_id)
    }

    fn cache_entry(&self, plan: &Plan) -> Option<Arc<sabot_plan::cache::CacheEntry>> {
        crate::cache::lookup(self, plan)
    }

    fn pending_checkpoint(&self, relation_id: &str) -> Option<Plan> {
        crate::checkpoint::pending_plan(self, relation_id)
    }

    // catalog: tables and views by name.
    fn catalog_relation(
        &self,
        name: &[String],
        view_database: Option<&str>,
    ) -> Result<Option<sabot_plan::CatalogRelation>> {
        crate::catalog::lookup::catalog_relation(self, name, view_database)
    }
}

/// All sessions of the server.
pub struct SessionManager {
    sessions: Mutex<HashMap<(String, String), Arc<Session>>>,
    /// Session ids released by clients: reusing one is an error, as in Spark.
    closed: Mutex<HashSet<(String, String)>>,
    server_conf: Arc<SparkConf>,
    runtime: Arc<RuntimeEnv>,
    /// catalog: shared by all sessions.
    catalog: Arc<crate::catalog::CatalogState>,
}

impl SessionManager {
    pub fn new(server_conf: SparkConf, runtime: Arc<RuntimeEnv>) -> Self {
        Self {
            sessions: Mutex::new(HashMap::new()),
            closed: Mutex::new(HashSet::new()),
            catalog: Arc::new(crate::catalog::CatalogState::new(&server_conf)),
            server_conf: Arc::new(server_conf),
            runtime,
        }
    }

    /// The session for a request, created on first use. Checks the session id format and
    /// the server-side session id the client saw.
    pub fn get_or_create(
        &self,
        user_id: &str,
        session_id: &str,
        client_observed_server_side_session_id: Option<&str>,
    ) -> Result<Arc<Session>> {
        if uuid::Uuid::parse_str(session_id).is_err() {
            return Err(SparkError::with_class(
                ExceptionKind::Sql,
                "INVALID_HANDLE.FORMAT",
                "HY000",
                format!("The handle {session_id} is invalid. Handle must be an UUID string of the format '00112233-4455-6677-8899-aabbccddeeff'"),
            )
            .param("handle", session_id.to_string()));
        }
        let key = (user_id.to_string(), session_id.to_string());
        if lock(&self.closed)?.contains(&key) {
            return Err(SparkError::with_class(
                ExceptionKind::Sql,
                "INVALID_HANDLE.SESSION_CLOSED",
                "HY000",
                format!("The handle {session_id} is invalid. Session was closed."),
            )
            .param("handle", session_id.to_string()));
        }
        let session = {
            let mut sessions = lock(&self.sessions)?;
            Arc::clone(sessions.entry(key).or_insert_with(|| {
                tracing::info!(user_id, session_id, "new session");
                Arc::new(Session::new(
                    user_id,
                    session_id,
                    Arc::clone(&self.server_conf),
                    Arc::clone(&self.runtime),
                    Arc::clone(&self.catalog),
                ))
            }))
        };
        if let Some(observed) = client_observed_server_side_session_id
            && !observed.is_empty()
            && observed != session.server_side_session_id
        {
            return Err(SparkError::with_class(
                    ExceptionKind::Sql,
                    "INVALID_HANDLE.SESSION_CHANGED",
                    "HY000",
                    format!("The handle {session_id} is invalid. The existing Spark server driver instance has restarted. Please reconnect."),
                )
                .param("handle", session_id.to_string()));
        }
        session.touch();
        Ok(session)
    }

    /// The session if it exists (no creation), e.g. for ReleaseSession.
    pub fn get(&self, user_id: &str, session_id: &str) -> Result<Option<Arc<Session>>> {
        Ok(lock(&self.sessions)?
            .get(&(user_id.to_string(), session_id.to_string()))
            .cloned())
    }

    /// Closes a session; with `allow_reconnect` the id may be used again.
    pub fn release(
        &self,
        user_id: &str,
        session_id: &str,
        allow_reconnect: bool,
    ) -> Result<Option<Arc<Session>>> {
        let key = (user_id.to_string(), session_id.to_string());
        let removed = lock(&self.sessions)?.remove(&key);
        if let Some(s) = &removed {
            s.close();
        }
        if !allow_reconnect {
            lock(&self.closed)?.insert(key);
        }
        Ok(removed)
    }

    /// Closes sessions idle for longer than `timeout`, and abandoned executions in the others.
    pub fn close_idle(&self, timeout: Duration, detached_timeout: Duration) {
        let Ok(mut sessions) = self.sessions.lock() else {
            return;
        };
        sessions.retain(|(user, id), s| {
            let idle =
                s.idle_for() > timeout && s.executions().map(|e| e.is_empty()).unwrap_or(true);
            if idle {
                tracing::info!(user_id = %user, session_id = %id, "closing idle session");
                s.close();
            } else {
                s.drop_abandoned_executions(detached_timeout);
            }
            !idle
        });
    }

    /// Closes every session (server shutdown).
    pub fn close_all(&self) {
        if let Ok(mut sessions) = self.sessions.lock() {
            for s in sessions.values() {
                s.close();
            }
            sessions.clear();
        }
    }

    /// Every running execution across sessions (shutdown waits for these).
    pub fn running_executions(&self) -> usize {
        let Ok(sessions) = self.sessions.lock() else {
            return 0;
        };
        sessions
            .values()
            .filter_map(|s| s.executions().ok())
            .flatten()
            .filter(|h| !h.is_finished())
            .count()
    }
}

/// The session's user as Spark's `current_user()` reports it: the client's user id, or when
/// the client sent none the server process's user (Spark's `Utils.getCurrentUserName`:
/// `SPARK_USER`, else the OS user).
fn current_user(user_id: &str) -> String {
    if !user_id.is_empty() {
        return user_id.to_string();
    }
    // Looked up once (it reads /etc/passwd), as the JVM fixes its user at start-up.
    static SERVER_USER: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        ["SPARK_USER", "USER", "LOGNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .or_else(os_user)
            .unwrap_or_default()
    });
    SERVER_USER.clone()
}

/// The name of the user running the server, from `/etc/passwd` (Unix).
#[cfg(unix)]
fn os_user() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut parts = line.split(':');
        let name = parts.next()?;
        let id = parts.nth(1)?;
        (id.parse::<u32>().ok()? == uid).then(|| name.to_string())
    })
}

#[cfg(not(unix))]
fn os_user() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::execution::runtime_env::RuntimeEnvBuilder;

    fn manager() -> SessionManager {
        SessionManager::new(
            SparkConf::new(),
            RuntimeEnvBuilder::new().build_arc().unwrap(),
        )
    }

    #[test]
    fn the_task_context_follows_the_session_config() {
        let m = manager();
        let s = m
            .get_or_create("alice", &uuid::Uuid::new_v4().to_string(), None)
            .unwrap();
        let before = s.task_ctx().unwrap();
        // Shared between queries while nothing changes ...
        assert!(Arc::ptr_eq(&before, &s.task_ctx().unwrap()));
        assert!(before.scalar_functions().contains_key("spark_like_match"));
        // ... and made again when a setting the engine reads changes.
        s.conf_set(config::SESSION_TIME_ZONE, "Asia/Tokyo").unwrap();
        s.conf_set("spark.sql.shuffle.partitions", "37").unwrap();
        let after = s.task_ctx().unwrap();
        let execution = &after.session_config().options().execution;
        assert_eq!(execution.time_zone.as_deref(), Some("Asia/Tokyo"));
        assert_eq!(execution.target_partitions, 37);
        assert_eq!(
            after.scalar_functions().len(),
            before.scalar_functions().len()
        );
        s.conf_unset("spark.sql.shuffle.partitions").unwrap();
        assert_ne!(
            s.task_ctx()
                .unwrap()
                .session_config()
                .options()
                .execution
                .target_partitions,
            37
        );
    }

    #[test]
    fn sessions_are_isolated_and_keyed_by_user_and_id() {
        let m = manager();
        let id = uuid::Uuid::new_v4().to_string();
        let a = m.get_or_create("alice", &id, None).unwrap();
        let b = m.get_or_create("bob", &id, None).unwrap();
        a.conf_set("spark.sql.ansi.enabled", "false").unwrap();
        assert_eq!(
            a.conf_get("spark.sql.ansi.enabled").unwrap().as_deref(),
            Some("false")
        );
        assert_eq!(
            b.conf_get("spark.sql.ansi.enabled").unwrap().as_deref(),
            Some("true")
        );
        assert_ne!(a.server_side_session_id, b.server_side_session_id);
        let again = m
            .get_or_create("alice", &id, Some(&a.server_side_session_id))
            .unwrap();
        assert!(Arc::ptr_eq(&a, &again));
    }

    #[test]
    fn idle_sessions_are_closed() {
        let m = manager();
        let id = uuid::Uuid::new_v4().to_string();
        let s = m.get_or_create("u", &id, None).unwrap();
        m.close_idle(Duration::from_secs(3600), Duration::from_secs(300));
        assert!(m.get("u", &id).unwrap().is_some(), "not idle yet");
        std::thread::sleep(Duration::from_millis(20));
        m.close_idle(Duration::from_millis(10), Duration::from_secs(300));
        assert!(
            m.get("u", &id).unwrap().is_none(),
            "closed after the timeout"
        );
        // A client coming back after that gets a new session, and notices the change.
        let err = m
            .get_or_create("u", &id, Some(&s.server_side_session_id))
            .unwrap_err();
        assert_eq!(
            err.error_class.as_deref(),
            Some("INVALID_HANDLE.SESSION_CHANGED")
        );
    }

    #[test]
    fn released_sessions_cannot_be_reused_unless_reconnect_is_allowed() {
        let m = manager();
        let id = uuid::Uuid::new_v4().to_string();
        m.get_or_create("u", &id, None).unwrap();
        m.release("u", &id, false).unwrap();
        let err = m.get_or_create("u", &id, None).unwrap_err();
        assert_eq!(
            err.error_class.as_deref(),
            Some("INVALID_HANDLE.SESSION_CLOSED")
        );
        let id2 = uuid::Uuid::new_v4().to_string();
        m.get_or_create("u", &id2, None).unwrap();
        m.release("u", &id2, true).unwrap();
        assert!(m.get_or_create("u", &id2, None).is_ok());
    }
}
