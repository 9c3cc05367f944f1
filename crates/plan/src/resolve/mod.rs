//! Spec plans -> DataFusion logical plans with Spark's semantics (Spark's `Analyzer`): names are
//! resolved as Spark resolves them, every output column gets Spark's name and type.
//!
//! - [`relations`]: one `PlanNode` -> one resolved relation (dispatch), with helpers per node in
//!   [`range`], [`local`], [`columns`] and [`show_string`].
//! - [`expressions`]: one spec `Expr` -> a DataFusion expression and its Spark name.
//! - [`names`]: column / star resolution against an input schema (case, qualifiers, plan ids).
//! - [`literals`], [`casts`], [`type_sql`], [`extract`], [`window`]: expression kinds.
//! - [`aggregation`]: `GROUP BY` and global aggregates, `HAVING`; [`aggregate_node`] resolves the
//!   `Aggregate` relation, with [`grouping_sets`] (rollup, cube, `grouping()`) and [`pivot`].
//! - [`unpivot`]: `unpivot` / `melt`; [`transpose`]: `transpose`.
//! - [`output`]: projections with Spark names (duplicates allowed) and Spark's Arrow types.
//! - [`join`], [`as_of_join`], [`set_op`]: relations over two inputs; [`wider_type`] is their common type.
//! - [`rows`]: distinct, drop, rename, tail, hint, repartition, `to(schema)`, HTML; with
//!   [`materialize`] for relations computed at planning time and [`up_cast`] for `to`.
//! - [`generate`]: `explode` and friends in a select list.
//! - [`sample`]: `sample`/`randomSplit` with Spark's random generator.
//! - [`subquery`]: `df.scalar()`, `df.exists()`, `col.isin(df)`, correlated or not.
//! - [`lambda`]: `transform`/`filter`/`exists`/`forall` with lambda arguments.
//! - [`views`]: temporary views.
//! - [`stat`]: `df.na.*`, `df.stat.*`, `describe`, `summary` (with [`na`], [`summary`],
//!   [`stat_collect`], [`sample_by`]).

mod aggregate_node;
mod aggregation;
mod as_of_join;
mod cached;
mod cast_alias;
mod cast_rules;
pub(crate) mod casts;
// catalog: reads of tables and views by name.
mod catalog_read;
mod col_regex;
mod columns;
mod complex_string;
mod correlation;
mod expressions;
mod extract;
mod generate;
mod grouping_sets;
mod implicit_cast;
mod implicit_ids;
mod in_subquery;
pub(crate) mod interval_cast;
mod interval_string;
mod join;
mod lambda;
mod lambda_fold;
mod lateral_select; // issue 5: LATERAL (SELECT ...) without FROM
mod lateral_view;
mod literals;
mod local;
mod materialize;
mod na;
mod named_args;
mod names;
mod natural_join;
mod observe;
mod ordinals;
mod output;
mod pivot;
mod pivot_struct;
mod range;
mod read;
pub(crate) use read::{DecodeExec, MetaExec};
mod recursive_cte; // issue 5: WITH RECURSIVE
mod relations;
mod rows;
pub(crate) mod sample;
mod sample_by;
mod select_all;
mod session_window;
mod set_op;
mod show_string;
mod sort_aggregate; // TPC-DS: ORDER BY aggregate calls over GROUP BY
mod stack;
mod stat;
mod stat_collect;
#[cfg(test)]
mod stat_tests;
mod struct_args;
mod subquery;
mod summary;
mod time_cast;
pub(crate) mod time_window;
mod transpose;
pub(crate) mod type_sql;
mod typed_literal;
mod unpivot;
mod up_cast;
mod update_fields;
mod views;
mod wider_type;
mod window;
mod window_frame;
mod window_frame_checks;
mod window_plan;

#[cfg(test)]
mod grouping_tests;
#[cfg(test)]
mod relation_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod window_tests;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use datafusion::common::DFSchemaRef;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::SessionContext;
use sabot_common::Result;
use sabot_common::spec::{Plan, PlanNode};

pub use views::register_temp_view;
// catalog: what a table name refers to.
pub use catalog_read::CatalogRelation;

/// The session settings that change how a plan is resolved.
#[derive(Debug, Clone)]
pub struct PlanConfig {
    /// `spark.sql.session.timeZone`.
    pub time_zone: String,
    /// `spark.sql.ansi.enabled`.
    pub ansi: bool,
    /// `spark.sql.caseSensitive`.
    pub case_sensitive: bool,
    /// `spark.sql.pivotMaxValues`: how many distinct values a pivot without values may have.
    pub pivot_max_values: usize,
    /// `spark.sql.transposeMaxValues`: how many rows `transpose` may turn into columns.
    pub transpose_max_values: usize,
    /// The session's user (the client's `UserContext.user_id`), for `current_user()`.
    pub user: String,
    /// `spark.default.parallelism`: the partitions of `range` without a partition count.
    pub default_parallelism: usize,
    /// engine: `spark.sql.shuffle.partitions`, Spark's partition count of a shuffle without
    /// one (`repartition(cols)`, `DISTRIBUTE BY`).
    pub shuffle_partitions: usize,
    /// Spark's adaptive coalescing of the partitions of a shuffle without a count, unless
    /// `spark.sql.adaptive.enabled` or `...coalescePartitions.enabled` is off.
    pub adaptive: Option<crate::exchange::AdaptiveCoalesce>,
    /// `spark.sql.timeType.enabled` (Spark 4.1+, off by default).
    pub time_type: bool,
    /// The query's instant in microseconds since the epoch (see `FunctionContext::now_micros`).
    pub now_micros: i64,
    /// Session variables (`DECLARE VARIABLE`) by lower-cased name: their name and value.
    pub variables: std::sync::Arc<
        std::collections::BTreeMap<String, (String, datafusion::common::ScalarValue)>,
    >,
    /// `spark.sql.cteRecursionLevelLimit` (SQL grammar, issue 5).
    pub cte_recursion_level_limit: u64,
    /// `spark.sql.cteRecursionRowLimit` (SQL grammar, issue 5).
    pub cte_recursion_row_limit: u64,
}

#[cfg(test)]
impl PlanConfig {
    /// The configuration unit tests plan with: UTC, ANSI on, TIME enabled.
    pub(crate) fn for_tests() -> Self {
        Self {
            time_zone: "UTC".into(),
            ansi: true,
            case_sensitive: false,
            pivot_max_values: 10000,
            transpose_max_values: 500,
            user: "tester".into(),
            default_parallelism: 2,
            shuffle_partitions: 200,
            adaptive: Some(crate::exchange::AdaptiveCoalesce::default()),
            time_type: true,
            now_micros: sabot_functions::now_micros(),
            variables: Default::default(),
            cte_recursion_level_limit: crate::recursion::DEFAULT_LEVEL_LIMIT,
            cte_recursion_row_limit: crate::recursion::DEFAULT_ROW_LIMIT,
        }
    }
}

/// Relations the session holds by id: `CachedLocalRelation` artifacts (decoded by the server).
pub trait CachedRelations: Send + Sync {
    /// The rows and Arrow schema of a cached local relation, by its artifact hash.
    fn local_relation(&self, hash: &str) -> Result<Plan>;

    /// A chunked cached local relation: its data chunks and optional schema, by hashes.
    fn chunked_local_relation(
        &self,
        data_hashes: &[String],
        schema_hash: Option<&str>,
    ) -> Result<Plan>;

    /// The stored data of a checkpoint (`df.checkpoint()`), by the id the session gave it.
    fn checkpoint(&self, relation_id: &str) -> Result<std::sync::Arc<crate::cache::Cached>> {
        Err(sabot_common::SparkError::unsupported(format!(
            "the cached remote relation {relation_id}"
        )))
    }

    /// The cache entry `plan` is the relation of, if it is cached (`df.cache()`, ...).
    fn cache_entry(&self, _plan: &Plan) -> Option<std::sync::Arc<crate::cache::CacheEntry>> {
        None
    }

    /// The plan of a lazy checkpoint (`df.checkpoint(eager=False)`) not computed yet: a schema
    /// request resolves it without running it.
    fn pending_checkpoint(&self, _relation_id: &str) -> Option<Plan> {
        None
    }

    // catalog: a table or view of the catalog by name (`None`: not found). `view_database` is
    // the database of the persistent view being resolved, for its unqualified names.
    fn catalog_relation(
        &self,
        _name: &[String],
        _view_database: Option<&str>,
    ) -> Result<Option<CatalogRelation>> {
        Ok(None)
    }
}

/// Resolves a spec plan into a DataFusion logical plan whose output columns have Spark's names
/// (duplicates allowed) and the Arrow types Spark uses for their Spark types.
pub async fn resolve_plan(
    ctx: &SessionContext,
    conf: &PlanConfig,
    cached: &dyn CachedRelations,
    plan: &Plan,
) -> Result<LogicalPlan> {
    resolve_with(Resolver::new(ctx, conf, cached), plan).await
}

/// [`resolve_plan`] for a plan about to run: cached relations it reaches are computed and
/// stored now (a plan only analysed leaves them for a query that runs).
pub async fn resolve_plan_for_execution(
    ctx: &SessionContext,
    conf: &PlanConfig,
    cached: &dyn CachedRelations,
    plan: &Plan,
) -> Result<LogicalPlan> {
    let mut resolver = Resolver::new(ctx, conf, cached);
    resolver.execute = true;
    resolve_with(resolver, plan).await
}

/// [`resolve_plan`] for a temporary view's definition: its columns keep the string views a
/// Parquet scan gives ([`read::parquet::scan_field`]), which the queries reading the view
/// filter, join and group on; each such query casts them for the client at its own output.
pub async fn resolve_view_plan(
    ctx: &SessionContext,
    conf: &PlanConfig,
    cached: &dyn CachedRelations,
    plan: &Plan,
) -> Result<LogicalPlan> {
    let resolver = Resolver::new(ctx, conf, cached);
    let resolved = resolve_unchecked(resolver, plan).await?;
    output::with_spark_types_but_views(resolved, &conf.time_zone)
}

async fn resolve_with(resolver: Resolver<'_>, plan: &Plan) -> Result<LogicalPlan> {
    let zone = resolver.conf.time_zone.clone();
    let resolved = resolve_unchecked(resolver, plan).await?;
    output::with_spark_types(resolved, &zone)
}

/// The plan resolved and its output names checked, in DataFusion's types.
async fn resolve_unchecked(mut resolver: Resolver<'_>, plan: &Plan) -> Result<LogicalPlan> {
    let resolved = resolver.resolve(plan).await?;
    crate::observe::check_unique_names(&resolved)?;
    Ok(resolved)
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The state of one resolution: the session and the relations with a `plan_id` seen so far
/// (their output schemas), for `df["col"]` references.
pub(crate) struct Resolver<'a> {
    pub ctx: &'a SessionContext,
    pub conf: &'a PlanConfig,
    pub cached: &'a dyn CachedRelations,
    pub plan_ids: HashMap<i64, DFSchemaRef>,
    /// Counter for unique internal scan qualifiers.
    pub next_id: usize,
    /// The qualifiers' numbers of set operations by their inputs (see `set_op`).
    pub set_op_tags: HashMap<u64, usize>,
    /// While a subquery is resolved: the inputs of the queries around it, innermost last.
    pub outer_schemas: Vec<DFSchemaRef>,
    /// Subquery relations resolved ahead of the expressions using them ([`subquery::key`]).
    pub subqueries: HashMap<usize, LogicalPlan>,
    /// Whether the plan will run (then cached relations are materialized).
    pub execute: bool,
    /// SQL grammar (issue 5): the recursive CTEs whose recursive terms are being resolved.
    pub(crate) recursive_ctes: Vec<recursive_cte::WorkTable>,
}

impl<'a> Resolver<'a> {
    pub fn new(
        ctx: &'a SessionContext,
        conf: &'a PlanConfig,
        cached: &'a dyn CachedRelations,
    ) -> Self {
        Self {
            ctx,
            conf,
            cached,
            plan_ids: HashMap::new(),
            next_id: 0,
            set_op_tags: HashMap::new(),
            outer_schemas: Vec::new(),
            subqueries: HashMap::new(),
            execute: false,
            recursive_ctes: Vec::new(),
        }
    }

    /// Resolves a relation itself, not its cached data.
    pub(crate) fn resolve_uncached<'b>(
        &'b mut self,
        plan: &'b Plan,
    ) -> BoxFuture<'b, Result<LogicalPlan>> {
        Box::pin(async move {
            let resolved = match &plan.node {
                // The only node that reports its own plan id (with its metrics).
                PlanNode::CollectMetrics {
                    input,
                    name,
                    metrics,
                } => {
                    self.collect_metrics(input, name, metrics, plan.plan_id)
                        .await?
                }
                node => self.resolve_node(node).await?,
            };
            // readers: input-file functions and `_metadata` over the file scans below.
            let resolved = read::metadata::apply(resolved, &self.conf.time_zone)?;
            crate::partition::place(&plan.node, resolved, self.conf)
        })
    }

    /// Resolves a relation and remembers its output under its plan id.
    pub fn resolve<'b>(&'b mut self, plan: &'b Plan) -> BoxFuture<'b, Result<LogicalPlan>> {
        Box::pin(async move {
            let resolved = match self.cached.cache_entry(plan) {
                Some(entry) => self.through_cache(&entry, plan).await?,
                None => self.resolve_uncached(plan).await?,
            };
            if let Some(id) = plan.plan_id {
                self.plan_ids
                    .insert(id, std::sync::Arc::clone(resolved.schema()));
            }
            Ok(resolved)
        })
    }
}
