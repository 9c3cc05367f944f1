//! What an `ExecutePlan` operation does: run a relation into Arrow batches, or run a command.
//!
//! Mirrors Spark's `ExecuteThreadRunner` / `SparkConnectPlanExecution`: a relation streams its
//! schema, its rows as Arrow batches, then execution metrics; a command answers with its own
//! result (for `spark.sql`, `SqlCommandResult` with the relation the client turns into a
//! DataFrame); a reattachable operation ends with `ResultComplete`.

use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema};
use datafusion::execution::{SessionState, TaskContext};
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::joins::HashJoinExec;
use futures::StreamExt;
use prost::Message;
use sabot_common::spec::{Plan, Statement};
use sabot_common::{Result, SparkError, config};
use spark_connect_proto::connect::execute_plan_response::{
    Metrics, ResponseType, ResultComplete, SqlCommandResult,
    metrics::{MetricObject, MetricValue},
};
use spark_connect_proto::connect::plan::OpType;
use spark_connect_proto::connect::plan::compressed_operation::OpType as CompressedOpType;
use spark_connect_proto::connect::{
    CachedRemoteRelation, CheckpointCommandResult, Command, ExecutePlanResponse, LocalRelation,
    Relation, command::CommandType, relation,
};

use super::arrow_result::{ArrowBatcher, encode_ipc};
use super::holder::ExecuteHolder;
use crate::session::Session;

/// A plan's operation after decompression.
pub enum Operation {
    Relation(Box<Relation>),
    Command(Box<Command>),
}

/// Unpacks `Plan.op_type`, decompressing a `CompressedOperation` (zstd), as Spark 4.1+
/// clients send large plans.
pub fn operation(plan: spark_connect_proto::connect::Plan) -> Result<Operation> {
    match plan.op_type {
        Some(OpType::Root(r)) => Ok(Operation::Relation(Box::new(r))),
        Some(OpType::Command(c)) => Ok(Operation::Command(Box::new(c))),
        Some(OpType::CompressedOperation(c)) => {
            // compression_codec 1 is ZSTD, the only codec of the protocol.
            if c.compression_codec != 1 {
                return Err(cannot_parse(format!(
                    "unknown plan compression codec {}",
                    c.compression_codec
                )));
            }
            let raw = zstd::stream::decode_all(c.data.as_slice())
                .map_err(|e| cannot_parse(format!("zstd: {e}")))?;
            match CompressedOpType::try_from(c.op_type) {
                Ok(CompressedOpType::Relation) => Relation::decode(raw.as_slice())
                    .map(|r| Operation::Relation(Box::new(r)))
                    .map_err(|e| cannot_parse(e.to_string())),
                Ok(CompressedOpType::Command) => Command::decode(raw.as_slice())
                    .map(|c| Operation::Command(Box::new(c)))
                    .map_err(|e| cannot_parse(e.to_string())),
                _ => Err(cannot_parse(
                    "unknown compressed operation type".to_string(),
                )),
            }
        }
        None => Err(SparkError::invalid_plan(
            "The plan has no relation or command.",
        )),
    }
}

/// `CONNECT_INVALID_PLAN.CANNOT_PARSE`: PySpark then stops compressing plans for the session.
fn cannot_parse(reason: String) -> SparkError {
    SparkError::with_class(
        sabot_common::error::ExceptionKind::InvalidPlanInput,
        "CONNECT_INVALID_PLAN.CANNOT_PARSE",
        "XX000",
        format!("The client plan cannot be parsed: {reason}"),
    )
    .param("errorMsg", reason)
}

/// Runs an operation to completion, pushing its responses into `holder`. Stops when the holder
/// is interrupted; errors are delivered through the holder.
pub async fn run(session: Arc<Session>, holder: Arc<ExecuteHolder>, op: Operation) {
    let token = holder.cancel_token();
    let result = tokio::select! {
        r = execute(&session, &holder, op) => r,
        _ = token.cancelled() => Err(SparkError::operation_canceled()),
    };
    let result = match result {
        Ok(()) if holder.reattachable => {
            holder
                .push(ExecutePlanResponse {
                    response_type: Some(ResponseType::ResultComplete(ResultComplete {})),
                    ..base(&session)
                })
                .await
        }
        other => other,
    };
    match result {
        Ok(()) => holder.finish(),
        Err(e) => {
            tracing::debug!(operation_id = %holder.operation_id, error = %e, "operation failed");
            holder.fail(e)
        }
    }
}

/// The session fields every response carries.
pub fn base(session: &Session) -> ExecutePlanResponse {
    ExecutePlanResponse {
        session_id: session.session_id.clone(),
        server_side_session_id: session.server_side_session_id.clone(),
        ..Default::default()
    }
}

async fn execute(session: &Arc<Session>, holder: &ExecuteHolder, op: Operation) -> Result<()> {
    match op {
        Operation::Relation(rel) => {
            // catalog: the `spark.catalog` API runs eagerly; its rows are the result.
            if let Some(relation::RelType::Catalog(c)) = &rel.rel_type {
                let batch = crate::catalog::api::run(session, c.clone()).await?;
                let logical = crate::catalog::out::batch_plan(batch)?;
                return stream_results(session, holder, logical).await;
            }
            let plan = sabot_connect::relation_to_plan(&rel)?;
            let logical = resolve_for_execution(session, &plan).await?;
            stream_results(session, holder, logical).await
        }
        Operation::Command(cmd) => run_command(session, holder, *cmd).await,
    }
}

/// Resolves a spec plan in the session.
pub async fn resolve(session: &Arc<Session>, plan: &Plan) -> Result<LogicalPlan> {
    // engine: lazy checkpoints are computed when first read.
    crate::checkpoint::compute_pending(session, plan).await?;
    let conf = session.plan_config()?;
    sabot_plan::resolve_plan(&session.ctx, &conf, session.as_ref(), plan).await
}

/// Resolves a temporary view's definition (string views from Parquet stay views).
pub async fn resolve_view(session: &Arc<Session>, plan: &Plan) -> Result<LogicalPlan> {
    crate::checkpoint::compute_pending(session, plan).await?;
    let conf = session.plan_config()?;
    sabot_plan::resolve_view_plan(&session.ctx, &conf, session.as_ref(), plan).await
}

/// Resolves a spec plan for a schema request: nothing runs (a lazy checkpoint not computed yet
/// is resolved from its own plan).
pub async fn resolve_for_analysis(session: &Arc<Session>, plan: &Plan) -> Result<LogicalPlan> {
    let conf = session.plan_config()?;
    sabot_plan::resolve_plan(&session.ctx, &conf, session.as_ref(), plan).await
}

/// Resolves a spec plan that is about to run (cached relations it reaches are stored now).
pub async fn resolve_for_execution(session: &Arc<Session>, plan: &Plan) -> Result<LogicalPlan> {
    crate::checkpoint::compute_pending(session, plan).await?;
    let conf = session.plan_config()?;
    // The cached relations filled now keep to the per-query memory limit.
    let ctx = session.query_ctx()?;
    sabot_plan::resolve_plan_for_execution(&ctx, &conf, session.as_ref(), plan).await
}

/// Executes a logical plan and streams schema, Arrow batches and metrics.
async fn stream_results(
    session: &Arc<Session>,
    holder: &ExecuteHolder,
    logical: LogicalPlan,
) -> Result<()> {
    let conf = session.plan_config()?;
    let arrow_schema =
        sabot_plan::types::to_spark_arrow_schema(logical.schema().as_arrow(), &conf.time_zone)?;
    let spark_schema = sabot_plan::types::spark_schema(&arrow_schema)?;
    // Spark's own refusal of TIME columns (config off) comes before the old-client check.
    crate::time_gate::check_result(session, &spark_schema)?;
    crate::client_types::check(session, &spark_schema)?;
    let schema = sabot_connect::types::data_type_to_proto(&spark_schema);

    let max_bytes = session
        .conf_bytes(config::ARROW_MAX_BATCH_SIZE)?
        .unwrap_or(4 << 20);
    let max_rows = session
        .conf_get(config::ARROW_MAX_RECORDS_PER_BATCH)?
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(10_000);
    let out = Output {
        arrow_schema,
        max_bytes: max_bytes.max(1) as usize,
        max_rows: max_rows as usize,
        interval: super::progress::report_interval(session)?,
    };
    let task_ctx = session.query_task_ctx()?;
    // Every message costs the client a ReleaseExecute call, so the schema travels with the
    // first batch, or with the first progress report when one is due before any batch (as
    // Spark, a short query gets no report while it runs, only the final one).
    let mut schema = Some(schema);
    // The session's state, shared: copied only when this query changes its config (the
    // query's `now()` is Sabot's own, fixed at resolution, see `PlanConfig::now_micros`).
    let mut state = session.planning_state()?;
    let held_before = task_ctx.memory_pool().reserved();
    let ran = loop {
        match run_plan(
            session,
            holder,
            &state,
            &logical,
            &task_ctx,
            &out,
            &mut schema,
        )
        .await
        {
            Ok(ran) => break ran,
            // engine: Spark plans sort-merge joins unless told otherwise
            // (`spark.sql.join.preferSortMergeJoin`); Sabot plans hash joins, which are faster
            // but whose build side cannot spill. A query whose hash join did not fit runs again
            // with sort-merge joins, which spill, when no row has reached the client yet.
            Err(failed) if failed.retry_with_sort_merge_joins => {
                tracing::info!(
                    operation_id = %holder.operation_id,
                    error = %failed.error,
                    held = task_ctx.memory_pool().reserved(),
                    "a query with hash joins ran out of memory: running it again with sort-merge joins"
                );
                Arc::make_mut(&mut state)
                    .config_mut()
                    .options_mut()
                    .optimizer
                    .prefer_hash_join = false;
                memory_back(&task_ctx, held_before).await;
            }
            Err(failed) => return Err(failed.error),
        }
    };
    let Ran {
        rows,
        physical,
        mut reporter,
    } = ran;
    let observed = sabot_plan::observe::collect(&physical, &task_ctx)
        .await
        .map_err(sabot_plan::from_datafusion)?;
    // One closing message: the final progress report (every stage done), the metrics and the
    // observations (Spark sends them apart; the client reads each field of every message).
    let mut last = match out.interval {
        Some(_) => reporter
            .report(session, true)
            .unwrap_or_else(|| base(session)),
        None => base(session),
    };
    last.metrics = Some(result_metrics(rows));
    // No batch at all: the schema comes last.
    last.schema = schema.take();
    if !observed.is_empty() {
        last.observed_metrics =
            super::observed::response(&conf.time_zone, observed)?.observed_metrics;
    }
    holder.push(last).await
}

/// How a query's rows go out: the Spark schema's Arrow form and the batch bounds.
struct Output {
    arrow_schema: Arc<Schema>,
    max_bytes: usize,
    max_rows: usize,
    /// How often a progress report is sent while the query runs (None: never).
    interval: Option<std::time::Duration>,
}

/// A query that ran to its end.
struct Ran {
    rows: i64,
    physical: Arc<dyn ExecutionPlan>,
    reporter: super::progress::Reporter,
}

/// Waits (at most 2 s) until the pool holds no more than `before` again: the failed attempt's
/// tasks (exchanges, joins) are aborted when its streams drop, but free their memory only when
/// the runtime next polls them, and the retry shares the query's pool.
async fn memory_back(task_ctx: &TaskContext, before: usize) {
    for _ in 0..200 {
        if task_ctx.memory_pool().reserved() <= before {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// A query that failed, and whether it may finish with sort-merge joins instead of hash joins.
struct Failed {
    error: SparkError,
    retry_with_sort_merge_joins: bool,
}

impl From<SparkError> for Failed {
    fn from(error: SparkError) -> Self {
        Self {
            error,
            retry_with_sort_merge_joins: false,
        }
    }
}

/// Plans `logical` in `state` and streams its rows into `holder` as Arrow batches.
async fn run_plan(
    session: &Arc<Session>,
    holder: &ExecuteHolder,
    state: &SessionState,
    logical: &LogicalPlan,
    task_ctx: &Arc<TaskContext>,
    out: &Output,
    schema: &mut Option<spark_connect_proto::connect::DataType>,
) -> std::result::Result<Ran, Failed> {
    // SQL grammar (issue 5): a DataFusion optimizer panic (seen in filter pushdown over some
    // lateral joins) becomes an error for the client instead of an operation that never ends.
    let physical = futures::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(
        state.create_physical_plan(logical),
    ))
    .await
    .map_err(|_| SparkError::internal("the query planner failed (a DataFusion panic)"))?
    .map_err(sabot_plan::from_datafusion)?;
    let physical = if session.conf_bool(config::PLAN_ROUND_TRIP)? {
        sabot_plan::codec::round_trip(physical, task_ctx).map_err(sabot_plan::from_datafusion)?
    } else {
        physical
    };
    // The planner makes sort-merge joins of repartitioned equi-joins only (DataFusion's
    // `DefaultPhysicalPlanner`): without repartitioning there is nothing to fall back to.
    let engine = state.config();
    let hash_joins = engine.options().optimizer.prefer_hash_join
        && engine.target_partitions() > 1
        && engine.repartition_joins()
        && contains_hash_join(&physical);
    // engine (progress): count each stage's tasks and report them while the query runs.
    let (physical, tracker) = sabot_plan::progress::ProgressTracker::instrument(physical)
        .map_err(sabot_plan::from_datafusion)?;
    let mut reporter = super::progress::Reporter::new(tracker);
    // The first report is due one interval in (an interval's immediate first tick would still
    // cost a turn of the timer driver before the first batch).
    let period = out
        .interval
        .unwrap_or(std::time::Duration::from_secs(86_400));
    let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut batcher = ArrowBatcher::new(Arc::clone(&out.arrow_schema), out.max_bytes, out.max_rows);
    let mut stream =
        datafusion::physical_plan::execute_stream(Arc::clone(&physical), Arc::clone(task_ctx))
            .map_err(sabot_plan::from_datafusion)?;
    let mut rows: i64 = 0;
    let mut sent = false;
    loop {
        let batch = tokio::select! {
            biased;
            _ = ticker.tick(), if out.interval.is_some() => {
                if let Some(mut progress) = reporter.report(session, false) {
                    progress.schema = schema.take();
                    holder.push(progress).await?;
                }
                continue;
            }
            batch = stream.next() => batch,
        };
        let Some(batch) = batch else { break };
        let batch = match batch {
            Ok(batch) => batch,
            Err(e) => {
                let error = sabot_plan::from_datafusion(e);
                let retry_with_sort_merge_joins = hash_joins
                    && !sent
                    && error.error_class.as_deref() == Some("UNABLE_TO_ACQUIRE_MEMORY");
                return Err(Failed {
                    error,
                    retry_with_sort_merge_joins,
                });
            }
        };
        rows += batch.num_rows() as i64;
        let batch = sabot_plan::types::cast_batch_to_schema(&batch, &out.arrow_schema)?;
        for mut response in batcher.push(batch)? {
            response.schema = response.schema.or_else(|| schema.take());
            holder.push(with_base(session, response)).await?;
            sent = true;
        }
    }
    for mut response in batcher.finish()? {
        response.schema = response.schema.or_else(|| schema.take());
        holder.push(with_base(session, response)).await?;
    }
    // The observations' inputs are done once the stream is: their metrics are final.
    drop(stream);
    Ok(Ran {
        rows,
        physical,
        reporter,
    })
}

/// Whether a physical plan has a hash join anywhere.
fn contains_hash_join(plan: &Arc<dyn ExecutionPlan>) -> bool {
    plan.downcast_ref::<HashJoinExec>().is_some()
        || plan.children().into_iter().any(contains_hash_join)
}

fn with_base(session: &Session, mut response: ExecutePlanResponse) -> ExecutePlanResponse {
    response.session_id = session.session_id.clone();
    response.server_side_session_id = session.server_side_session_id.clone();
    response
}

/// Execution metrics, as Spark sends after the results (the root's output rows).
fn result_metrics(rows: i64) -> Metrics {
    let value = MetricValue {
        name: "number of output rows".into(),
        value: rows,
        metric_type: "sum".into(),
    };
    Metrics {
        metrics: vec![MetricObject {
            name: "Result".into(),
            plan_id: 0,
            parent: -1,
            execution_metrics: [("numOutputRows".to_string(), value)].into_iter().collect(),
        }],
    }
}

// Older clients send SQL text and parameters in the deprecated top-level fields.
#[allow(deprecated)]
async fn run_command(session: &Arc<Session>, holder: &ExecuteHolder, cmd: Command) -> Result<()> {
    match cmd.command_type {
        Some(CommandType::SqlCommand(sql)) => {
            let relation = match sql.input {
                Some(input) => input,
                None => Relation {
                    common: None,
                    rel_type: Some(relation::RelType::Sql(spark_connect_proto::connect::Sql {
                        query: sql.sql,
                        args: sql.args,
                        pos_args: sql.pos_args,
                        named_arguments: sql.named_arguments,
                        pos_arguments: sql.pos_arguments,
                    })),
                },
            };
            // grammar area: `${var}` substitution (see `substitute.rs`).
            let relation = super::substitute::substitute_sql(session, relation)?;
            let Some(relation::RelType::Sql(sql_rel)) = &relation.rel_type else {
                // Not SQL text: the relation itself is the result.
                return push_sql_result(session, holder, relation).await;
            };
            let statement = sabot_connect::sql_statement(sql_rel)?;
            match statement {
                // A query stays lazy: the client gets the relation back and runs it later.
                Statement::Query(_) => push_sql_result(session, holder, relation).await,
                other => {
                    let batch = run_statement(session, other).await?;
                    let local = Relation {
                        common: None,
                        rel_type: Some(relation::RelType::LocalRelation(LocalRelation {
                            data: Some(encode_ipc(&batch)?),
                            schema: None,
                        })),
                    };
                    push_sql_result(session, holder, local).await
                }
            }
        }
        Some(CommandType::CreateDataframeView(view)) => {
            let input = view.input.ok_or_else(|| {
                SparkError::invalid_plan("CreateDataFrameViewCommand has no input")
            })?;
            let plan = sabot_connect::relation_to_plan(&input)?;
            let logical = resolve_view(session, &plan).await?;
            if view.is_global {
                // catalog: global temp views are shared by the server's sessions.
                crate::catalog::tables::put_global_temp_view(
                    session,
                    &view.name,
                    logical,
                    view.replace,
                )?;
            } else {
                sabot_plan::register_temp_view(&session.ctx, &view.name, logical, view.replace)?;
            }
            crate::catalog::view_info::note(session, &view.name, view.is_global, None)
        }
        Some(CommandType::CheckpointCommand(c)) => {
            let relation_id = crate::checkpoint::checkpoint(session, c).await?;
            holder
                .push(ExecutePlanResponse {
                    response_type: Some(ResponseType::CheckpointCommandResult(
                        CheckpointCommandResult {
                            relation: Some(CachedRemoteRelation { relation_id }),
                        },
                    )),
                    ..base(session)
                })
                .await
        }
        Some(CommandType::RemoveCachedRemoteRelationCommand(c)) => {
            let id = c.relation.map(|r| r.relation_id).unwrap_or_default();
            crate::checkpoint::release(session, &id)
        }
        // File writers: `df.write...save(path)`.
        Some(CommandType::WriteOperation(write)) => {
            let summary = super::write::run_path_write(session, write).await?;
            push_observed(session, holder, summary.observed).await
        }
        // Table writes: `df.writeTo(t)...`.
        Some(CommandType::WriteOperationV2(write)) => {
            let summary = crate::catalog::save_table::run_v2(session, write).await?;
            push_observed(session, holder, summary.observed).await
        }
        Some(other) => Err(SparkError::unsupported(format!(
            "Spark Connect command '{}'",
            command_name(&other)
        ))),
        None => Err(SparkError::invalid_plan("The command has no command type.")),
    }
}

/// engine: the observations in a written plan, for `Observation.get` after the write.
async fn push_observed(
    session: &Session,
    holder: &ExecuteHolder,
    observed: Vec<sabot_plan::observe::ObservedMetrics>,
) -> Result<()> {
    if observed.is_empty() {
        return Ok(());
    }
    let conf = session.plan_config()?;
    let response = super::observed::response(&conf.time_zone, observed)?;
    holder.push(with_base(session, response)).await
}

async fn push_sql_result(
    session: &Session,
    holder: &ExecuteHolder,
    relation: Relation,
) -> Result<()> {
    holder
        .push(ExecutePlanResponse {
            response_type: Some(ResponseType::SqlCommandResult(SqlCommandResult {
                relation: Some(relation),
            })),
            ..base(session)
        })
        .await
}

/// Runs a SQL command (not a query) eagerly; returns its result rows.
pub async fn run_statement(session: &Arc<Session>, statement: Statement) -> Result<RecordBatch> {
    match statement {
        Statement::SetConfig { key, value } => {
            session.conf_set(&key, &value)?;
            key_value_batch(vec![(key, Some(value))])
        }
        Statement::ShowConfig { key } => {
            // Spark shows `<undefined>` for a key with no value.
            let value = session
                .conf_get(&key)?
                .unwrap_or_else(|| "<undefined>".to_string());
            key_value_batch(vec![(key, Some(value))])
        }
        Statement::ShowAllConfigs => {
            let all = session
                .conf_all()?
                .into_iter()
                .map(|(k, v)| (k, Some(v)))
                .collect();
            key_value_batch(all)
        }
        Statement::ResetConfig { key } => {
            match key {
                Some(k) => session.conf_unset(&k)?,
                None => {
                    for (k, _) in session.conf_all()? {
                        session.conf_unset(&k)?;
                    }
                }
            }
            let schema = Arc::new(Schema::empty());
            Ok(RecordBatch::new_empty(schema))
        }
        // grammar area: session variables (see `variables.rs`).
        s @ (Statement::DeclareVariable { .. }
        | Statement::SetVariable { .. }
        | Statement::DropVariable { .. }) => super::variables::run(session, s).await,
        Statement::SetVariables {
            names,
            query,
            defaults,
        } => super::set_variables::run(session, names, *query, defaults).await,
        Statement::Explain { plan, mode } => {
            let logical = resolve(session, &plan).await?;
            let text = sabot_plan::explain::explain_string(&session.ctx, &logical, mode).await?;
            let schema = Arc::new(Schema::new(vec![Field::new("plan", ArrowType::Utf8, true)]));
            RecordBatch::try_new(schema, vec![Arc::new(StringArray::from(vec![text]))])
                .map_err(|e| SparkError::internal(e.to_string()))
        }
        // catalog: statements over databases, tables and views.
        Statement::Catalog(cmd) => crate::catalog::commands::run(session, *cmd).await,
        Statement::Cache(cmd) => {
            crate::cache::run(session, cmd).await?;
            Ok(RecordBatch::new_empty(Arc::new(Schema::empty())))
        }
        Statement::Query(_) => Err(SparkError::internal("a query is not a command")),
    }
}

/// The `key`/`value` result of `SET`.
fn key_value_batch(rows: Vec<(String, Option<String>)>) -> Result<RecordBatch> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("key", ArrowType::Utf8, false),
        Field::new("value", ArrowType::Utf8, true),
    ]));
    let keys = StringArray::from_iter_values(rows.iter().map(|(k, _)| k.as_str()));
    let values: StringArray = rows.iter().map(|(_, v)| v.as_deref()).collect();
    RecordBatch::try_new(schema, vec![Arc::new(keys), Arc::new(values)])
        .map_err(|e| SparkError::internal(e.to_string()))
}

/// The proto field name of a command, for error messages.
fn command_name(c: &CommandType) -> &'static str {
    match c {
        CommandType::RegisterFunction(_) => "register_function",
        CommandType::WriteOperation(_) => "write_operation",
        CommandType::CreateDataframeView(_) => "create_dataframe_view",
        CommandType::WriteOperationV2(_) => "write_operation_v2",
        CommandType::SqlCommand(_) => "sql_command",
        CommandType::WriteStreamOperationStart(_) => "write_stream_operation_start",
        CommandType::StreamingQueryCommand(_) => "streaming_query_command",
        CommandType::GetResourcesCommand(_) => "get_resources_command",
        CommandType::StreamingQueryManagerCommand(_) => "streaming_query_manager_command",
        CommandType::RegisterTableFunction(_) => "register_table_function",
        CommandType::StreamingQueryListenerBusCommand(_) => "streaming_query_listener_bus_command",
        CommandType::RegisterDataSource(_) => "register_data_source",
        CommandType::CreateResourceProfileCommand(_) => "create_resource_profile_command",
        CommandType::CheckpointCommand(_) => "checkpoint_command",
        CommandType::RemoveCachedRemoteRelationCommand(_) => {
            "remove_cached_remote_relation_command"
        }
        CommandType::MergeIntoTableCommand(_) => "merge_into_table_command",
        CommandType::MlCommand(_) => "ml_command",
        CommandType::ExecuteExternalCommand(_) => "execute_external_command",
        CommandType::PipelineCommand(_) => "pipeline_command",
        CommandType::Extension(_) => "extension",
    }
}
