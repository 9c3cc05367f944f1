//! One spec relation -> a DataFusion plan (dispatch over [`PlanNode`]).

use std::sync::Arc;

use datafusion::common::TableReference;
use datafusion::datasource::provider_as_source;
use datafusion::logical_expr::utils::{find_aggregate_exprs, find_window_exprs};
use datafusion::logical_expr::{Filter, LogicalPlan, LogicalPlanBuilder};
use sabot_common::spec::{Expr, PlanNode, ReadKind, SortOrder};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::window::resolve_sort_order;
use super::{
    Resolver, aggregation, columns, generate, local, ordinals, output, range, show_string, unpivot,
};
use crate::error::from_datafusion;

impl Resolver<'_> {
    pub(super) async fn resolve_node(&mut self, node: &PlanNode) -> Result<LogicalPlan> {
        match node {
            PlanNode::Range {
                start,
                end,
                step,
                num_partitions: _,
            } => {
                let qualifier = self.internal_name("range");
                range::range_plan(self.ctx, *start, *end, *step, &qualifier)
            }
            PlanNode::LocalRelation {
                batches,
                arrow_schema,
                schema,
            } => {
                let qualifier = self.internal_name("local");
                local::local_relation(
                    batches,
                    arrow_schema.as_ref(),
                    schema.as_ref(),
                    &self.conf.time_zone,
                    &qualifier,
                )
            }
            PlanNode::OneRow => one_row(),
            PlanNode::Read(ReadKind::NamedTable { name, .. }) => self.read_table(name).await,
            PlanNode::Read(ReadKind::DataSource {
                format,
                schema,
                options,
                paths,
                predicates,
            }) => {
                self.read_data_source(
                    format.as_deref(),
                    schema.as_ref(),
                    options,
                    paths,
                    predicates,
                )
                .await
            }
            PlanNode::Project { input, exprs } => {
                let input = match input {
                    Some(p) => self.resolve(p).await?,
                    None => one_row()?,
                };
                self.prepare_subqueries(exprs, input.schema()).await?;
                let all: Vec<&Expr> = exprs.iter().collect();
                let (input, windowed) = self.time_windows(input, &all)?;
                let exprs = windowed.as_deref().unwrap_or(exprs);
                let (input, sessions) = self.session_windows_select(input, exprs)?;
                self.project(input, sessions.as_deref().unwrap_or(exprs))
            }
            PlanNode::Filter { input, condition } => {
                let input = self.resolve(input).await?;
                self.prepare_subqueries([condition], input.schema()).await?;
                self.filter(input, condition)
            }
            PlanNode::Sort { input, order, .. } => {
                let input = self.resolve(input).await?;
                self.prepare_subqueries(order.iter().map(|o| &o.expr), input.schema())
                    .await?;
                self.sort(input, order)
            }
            PlanNode::Limit { input, limit } => {
                let input = self.resolve(input).await?;
                let n = usize::try_from(*limit).map_err(|_| negative_limit("limit", *limit))?;
                builder_build(LogicalPlanBuilder::from(input).limit(0, Some(n)))
            }
            PlanNode::Offset { input, offset } => {
                let input = self.resolve(input).await?;
                let n = usize::try_from(*offset).map_err(|_| negative_limit("offset", *offset))?;
                builder_build(LogicalPlanBuilder::from(input).limit(n, None))
            }
            PlanNode::Aggregate {
                input,
                kind,
                grouping,
                aggregates,
                having,
            } => {
                self.resolve_aggregate(input, kind, grouping, aggregates, having.as_ref())
                    .await
            }
            PlanNode::SubqueryAlias { input, alias } => {
                let input = self.resolve(input).await?;
                builder_build(
                    LogicalPlanBuilder::from(input).alias(TableReference::bare(alias.as_str())),
                )
            }
            PlanNode::Values { rows, names } => {
                local::values(self.conf, &self.plan_ids, rows, names)
            }
            PlanNode::ShowString {
                input,
                num_rows,
                truncate,
                vertical,
            } => {
                let input = self.resolve(input).await?;
                show_string::show_string_plan(self.conf, input, *num_rows, *truncate, *vertical)
            }
            PlanNode::WithColumns { input, columns } => {
                let input = self.resolve(input).await?;
                self.with_window_columns(input, columns)
            }
            PlanNode::ToDf { input, names } => {
                let input = self.resolve(input).await?;
                columns::to_df(input, names)
            }
            PlanNode::FillNa { .. }
            | PlanNode::DropNa { .. }
            | PlanNode::Replace { .. }
            | PlanNode::StatDescribe { .. }
            | PlanNode::StatSummary { .. }
            | PlanNode::StatCov { .. }
            | PlanNode::StatCorr { .. }
            | PlanNode::StatCrosstab { .. }
            | PlanNode::StatApproxQuantile { .. }
            | PlanNode::StatFreqItems { .. }
            | PlanNode::StatSampleBy { .. } => self.resolve_stat(node).await,
            PlanNode::Unpivot {
                input,
                ids,
                values,
                variable_column_name,
                value_column_name,
            } => {
                let input = self.resolve(input).await?;
                unpivot::unpivot(
                    self.conf,
                    &self.plan_ids,
                    input,
                    ids,
                    values.as_deref(),
                    variable_column_name,
                    value_column_name,
                )
            }
            // grammar area: LATERAL VIEW, its columns qualified by its name.
            PlanNode::LateralView {
                input,
                generator,
                qualifier,
            } => {
                let input = self.resolve(input).await?;
                self.prepare_subqueries([generator], input.schema()).await?;
                let width = input.schema().fields().len();
                let star = Expr::Star {
                    target: None,
                    plan_id: None,
                };
                let plan = self.project(input, &[star, generator.clone()])?;
                super::lateral_view::qualify_generated(plan, width, qualifier)
            }
            // grammar area: UNPIVOT into several value columns.
            PlanNode::UnpivotSets {
                input,
                sets,
                variable_column_name,
                value_column_names,
            } => {
                let input = self.resolve(input).await?;
                unpivot::unpivot_sets(
                    self.conf,
                    &self.plan_ids,
                    input,
                    sets,
                    variable_column_name,
                    value_column_names,
                )
            }
            PlanNode::CollectMetrics {
                input,
                name,
                metrics,
            } => self.collect_metrics(input, name, metrics, None).await,
            PlanNode::CachedRemote { relation_id } => {
                match self.cached.pending_checkpoint(relation_id) {
                    // A lazy checkpoint before its first action (a schema request): its plan.
                    Some(plan) => Box::pin(self.resolve(&plan)).await,
                    None => self.read_checkpoint(relation_id),
                }
            }
            PlanNode::Transpose {
                input,
                index_columns,
            } => {
                let input = self.resolve(input).await?;
                self.transpose(input, index_columns).await
            }
            PlanNode::Cached { hash } => {
                let plan = self.cached.local_relation(hash)?;
                self.resolve(&plan).await
            }
            PlanNode::Join {
                left,
                right,
                join_type,
                condition,
                using,
            } => {
                self.join(left, right, *join_type, condition.as_ref(), using)
                    .await
            }
            PlanNode::LateralJoin {
                left,
                right,
                join_type,
                condition,
            } => {
                self.lateral_join(left, right, *join_type, condition.as_ref())
                    .await
            }
            PlanNode::NaturalJoin {
                left,
                right,
                join_type,
            } => self.natural_join(left, right, *join_type).await,
            // SQL grammar (issue 5): `WITH RECURSIVE` (see `recursive_cte.rs`).
            PlanNode::RecursiveCte {
                name,
                columns,
                max_level,
                body,
            } => {
                self.recursive_cte(name, columns.as_deref(), *max_level, body)
                    .await
            }
            PlanNode::RecursiveRef { name } => self.recursive_ref(name),
            PlanNode::AsOfJoin {
                left,
                right,
                left_as_of,
                right_as_of,
                condition,
                using,
                join_type,
                tolerance,
                allow_exact_matches,
                direction,
            } => {
                let spec = super::as_of_join::AsOf {
                    left_as_of,
                    right_as_of,
                    condition: condition.as_ref(),
                    using,
                    join_type: *join_type,
                    tolerance: tolerance.as_ref(),
                    allow_exact_matches: *allow_exact_matches,
                    direction: *direction,
                };
                self.as_of_join(left, right, spec).await
            }
            PlanNode::SetOp {
                left,
                right,
                kind,
                all,
                by_name,
                allow_missing,
            } => {
                self.set_op(left, right, *kind, *all, *by_name, *allow_missing)
                    .await
            }
            PlanNode::Deduplicate { input, columns } => {
                let input = self.resolve(input).await?;
                self.deduplicate(input, columns.as_deref())
            }
            PlanNode::Drop {
                input,
                columns,
                names,
            } => {
                let input = self.resolve(input).await?;
                self.drop(input, columns, names)
            }
            PlanNode::WithColumnsRenamed { input, renames } => {
                let input = self.resolve(input).await?;
                self.rename(input, renames)
            }
            PlanNode::Tail { input, limit } => {
                let input = self.resolve(input).await?;
                self.tail(input, *limit).await
            }
            // Join strategy hints are for the engine (a later optimizer rule); the rows are
            // the same without them, and Spark too ignores hints it does not know.
            PlanNode::Hint { input, name, .. } => {
                let input = self.resolve(input).await?;
                // Other hints (`shuffle_hash`, `merge`, ...) change no result; Spark too
                // ignores a hint it cannot apply.
                if crate::broadcast::is_broadcast_hint(name) {
                    Ok(LogicalPlan::Extension(
                        datafusion::logical_expr::Extension {
                            node: Arc::new(crate::broadcast::BroadcastHintNode { input }),
                        },
                    ))
                } else {
                    Ok(input)
                }
            }
            PlanNode::Repartition {
                input,
                num_partitions,
                shuffle: _,
                by,
            } => {
                let input = self.resolve(input).await?;
                self.repartition(input, *num_partitions, by)
            }
            PlanNode::Sample {
                input,
                lower,
                upper,
                with_replacement,
                seed,
                deterministic_order,
            } => {
                let input = self.resolve(input).await?;
                self.sample(
                    input,
                    *lower,
                    *upper,
                    *with_replacement,
                    *seed,
                    *deterministic_order,
                )
            }
            PlanNode::ToSchema { input, schema } => {
                let input = self.resolve(input).await?;
                self.to_schema(input, schema)
            }
            PlanNode::HtmlString {
                input,
                num_rows,
                truncate,
            } => {
                let input = self.resolve(input).await?;
                self.html_string(input, *num_rows, *truncate).await
            }
            PlanNode::ChunkedCached {
                data_hashes,
                schema_hash,
            } => {
                let plan = self
                    .cached
                    .chunked_local_relation(data_hashes, schema_hash.as_deref())?;
                self.resolve(&plan).await
            }
        }
    }

    /// A unique internal qualifier for a scan (hidden from users, see [`super::names`]).
    pub(super) fn internal_name(&mut self, what: &str) -> String {
        self.next_id += 1;
        format!("__{what}{}", self.next_id)
    }

    /// A temp view or table registered in the session; names are case-insensitive.
    async fn read_table(&mut self, name: &[String]) -> Result<LogicalPlan> {
        let lower: Vec<String> = name.iter().map(|p| p.to_lowercase()).collect();
        let not_found = || SparkError::table_not_found(&name.join("."));
        // catalog: temp views (one-part names) shadow catalog tables; other names go to the catalog.
        let is_temp = lower.len() == 1
            && self
                .ctx
                .table_exist(TableReference::bare(lower[0].as_str()))
                .unwrap_or(false);
        if !is_temp && let Some(relation) = self.cached.catalog_relation(name, None)? {
            return self.read_catalog_relation(relation).await;
        }
        // readers: `SELECT * FROM parquet.`/path`` (after the catalog, as in Spark).
        if !is_temp && let Some(plan) = self.read_sql_on_file(name).await? {
            return Ok(plan);
        }
        let table_ref = match lower.as_slice() {
            [t] => TableReference::bare(t.as_str()),
            [s, t] => TableReference::partial(s.as_str(), t.as_str()),
            [c, s, t] => TableReference::full(c.as_str(), s.as_str(), t.as_str()),
            _ => return Err(not_found()),
        };
        let provider = self
            .ctx
            .table_provider(table_ref.clone())
            .await
            .map_err(|_| not_found())?;
        builder_build(LogicalPlanBuilder::scan(
            table_ref,
            provider_as_source(provider),
            None,
        ))
    }

    /// `select`: a projection, a global aggregate when it calls aggregate functions, with
    /// window operators below it for window expressions.
    fn project(&self, input: LogicalPlan, exprs: &[Expr]) -> Result<LogicalPlan> {
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids)
            .with_context(&self.outer_schemas, &self.subqueries);
        if generate::has_generator(&exprs.iter().collect::<Vec<_>>())? {
            let mut items = Vec::with_capacity(exprs.len());
            for e in exprs {
                match generate::as_generator(e) {
                    Some(g) => items.push(generate::Item::Generator(g)),
                    None => items.extend(
                        scope
                            .resolve_many(e)?
                            .into_iter()
                            .map(generate::Item::Plain),
                    ),
                }
            }
            return generate::project_with_generator(&scope, input, items);
        }
        let items = scope
            .resolve_list(exprs)?
            .into_iter()
            .map(|n| {
                Ok(Named::new(
                    super::subquery::exists_as_scalar(n.expr)?,
                    n.name,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let all: Vec<_> = items.iter().map(|n| n.expr.clone()).collect();
        if !find_aggregate_exprs(all.iter()).is_empty() {
            return aggregation::aggregate(input, Vec::new(), items, None);
        }
        project_with_windows(input, items)
    }

    fn filter(&self, input: LogicalPlan, condition: &Expr) -> Result<LogicalPlan> {
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids)
            .with_context(&self.outer_schemas, &self.subqueries);
        let cond = scope.resolve(condition)?.expr.unalias();
        if !find_window_exprs(std::slice::from_ref(&cond)).is_empty() {
            return Err(super::window_plan::not_allowed_in("WHERE"));
        }
        if !find_aggregate_exprs(std::iter::once(&cond)).is_empty()
            || !find_window_exprs(std::slice::from_ref(&cond)).is_empty()
        {
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "INVALID_WHERE_CONDITION",
                "42903",
                "The WHERE condition contains invalid expressions: aggregate or window functions are not allowed.",
            ));
        }
        Filter::try_new(cond, Arc::new(input))
            .map(LogicalPlan::Filter)
            .map_err(from_datafusion)
    }

    /// `orderBy`; keys may use columns the input projected away (Spark's
    /// `ResolveMissingReferences`), which DataFusion's sort builder adds back.
    fn sort(&self, input: LogicalPlan, order: &[SortOrder]) -> Result<LogicalPlan> {
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids)
            .with_context(&self.outer_schemas, &self.subqueries);
        // grammar area: ORDER BY ALL.
        let all = super::select_all::order_by_all(order, &schema);
        let order = all.as_deref().unwrap_or(order);
        // Ordinals name the input's columns; their errors are final.
        let by_position = order
            .iter()
            .map(|o| ordinals::sort_key(o, &schema))
            .collect::<Result<Vec<_>>>()?;
        // Each key is resolved on its own: against the output first, then (Spark's
        // `ResolveMissingReferences`) against the projection's input, so `ORDER BY cnt, a.x`
        // may mix a select-list alias and a column the select list renamed or dropped.
        let below = match &input {
            LogicalPlan::Projection(p) => Some(Arc::clone(p.input.schema())),
            _ => None,
        };
        let below_scope = below.as_ref().map(|b| {
            Scope::new(b, self.conf, &self.plan_ids)
                .with_context(&self.outer_schemas, &self.subqueries)
        });
        let keys = order
            .iter()
            .zip(&by_position)
            .map(|(o, key)| match key {
                Some(key) => Ok(key.clone()),
                None => resolve_sort_order(&scope, o).or_else(|e| {
                    let below = match &below_scope {
                        Some(b) => resolve_sort_order(b, o).ok(),
                        None => None,
                    };
                    below
                        .or_else(|| {
                            super::sort_aggregate::sort_key_over_aggregate(
                                &input,
                                o,
                                self.conf,
                                &self.plan_ids,
                            )
                        })
                        .ok_or(e)
                }),
            })
            .collect::<Result<Vec<_>>>()?;
        super::window_plan::check_sort_keys(&keys)?;
        check_no_correlated_sort_key(&keys)?;
        let sorted =
            builder_build(LogicalPlanBuilder::from(input).sort(keys.into_iter().map(|(s, _)| s)))?;
        // The sort may sit under the projection that drops the keys DataFusion added back.
        use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
        sorted
            .transform_down(|p| match &p {
                LogicalPlan::Sort(s) => {
                    Ok(match crate::optimizer::domain_join::sort_keys_below(s)? {
                        Some(p) => Transformed::new(p, true, TreeNodeRecursion::Jump),
                        None => Transformed::new(p, false, TreeNodeRecursion::Jump),
                    })
                }
                LogicalPlan::Projection(_) => Ok(Transformed::no(p)),
                _ => Ok(Transformed::new(p, false, TreeNodeRecursion::Jump)),
            })
            .map(|t| t.data)
            .map_err(from_datafusion)
    }
}

/// Spark's `CheckAnalysis`: a correlated scalar subquery may not be a sort key (an
/// uncorrelated one may).
fn check_no_correlated_sort_key(
    keys: &[(datafusion::logical_expr::SortExpr, String)],
) -> Result<()> {
    use datafusion::common::tree_node::TreeNode;
    let correlated = keys.iter().any(|(k, _)| {
        k.expr
            .exists(|e| {
                Ok(
                    matches!(e, datafusion::logical_expr::Expr::ScalarSubquery(s)
                    if !s.subquery.all_out_ref_exprs().is_empty()),
                )
            })
            .unwrap_or(false)
    });
    if correlated {
        return Err(SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY",
            "0A000",
            "Unsupported subquery expression: Correlated scalar subqueries can only be used in filters, aggregations, projections, and UPDATE/MERGE/DELETE commands.",
        ));
    }
    Ok(())
}

/// A projection with the window operators its window expressions need below it.
pub(crate) fn project_with_windows(input: LogicalPlan, items: Vec<Named>) -> Result<LogicalPlan> {
    let (plan, items) = super::window_plan::plan_windows(input, items)?;
    output::project(plan, items)
}

fn one_row() -> Result<LogicalPlan> {
    builder_build(Ok(LogicalPlanBuilder::empty(true)))
}

pub(crate) fn builder_build(
    b: datafusion::common::Result<LogicalPlanBuilder>,
) -> Result<LogicalPlan> {
    b.and_then(|b| b.build()).map_err(from_datafusion)
}

fn negative_limit(what: &str, v: i64) -> SparkError {
    SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
        "42K0E",
        format!("The {what} like expression \"{v}\" is invalid. The {what} expression must be equal to or greater than 0, but got {v}."),
    )
    .param("name", what)
    .param("expr", format!("\"{v}\""))
    .param("v", v.to_string())
}
