//! Row-level relations of the DataFrame API: `distinct`/`dropDuplicates`, `drop`,
//! `withColumnsRenamed`, `tail`, `hint`, `repartition`/`coalesce`, `to(schema)` and
//! `_repr_html_`.

use std::collections::HashSet;
use std::sync::Arc;

use datafusion::common::{Column, DFSchema};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, Partitioning};
use sabot_common::error::{ExceptionKind, quote_identifier};
use sabot_common::spec::{DataType, Expr};
use sabot_common::{Result, SparkError};

use super::Resolver;
use super::expressions::{Named, Scope};
use super::names::{column_at, name_eq, visible_names};
use super::relations::builder_build;
use super::{materialize, output};

impl Resolver<'_> {
    /// `distinct()` / `dropDuplicates(names)` (Spark's `Deduplicate`: one arbitrary row per key;
    /// a name matches every column with that name).
    pub(super) fn deduplicate(
        &self,
        input: LogicalPlan,
        columns: Option<&[String]>,
    ) -> Result<LogicalPlan> {
        let Some(names) = columns else {
            for f in input.schema().fields() {
                sabot_functions::variant::check_distinct_column(f.name(), f.data_type())?;
            }
            return builder_build(LogicalPlanBuilder::from(input).distinct());
        };
        let schema = Arc::clone(input.schema());
        let mut keys = Vec::new();
        for name in names {
            let found: Vec<usize> = schema
                .fields()
                .iter()
                .enumerate()
                .filter(|(_, f)| name_eq(self.conf, f.name(), name))
                .map(|(i, _)| i)
                .collect();
            if found.is_empty() {
                return Err(unresolved_among(name, &schema));
            }
            keys.extend(found.into_iter().map(|i| column_at(&schema, i)));
        }
        if keys.is_empty() {
            // `dropDuplicates([])` keeps one row (Spark groups by nothing).
            return builder_build(LogicalPlanBuilder::from(input).limit(0, Some(1)));
        }
        let select: Vec<DfExpr> = (0..schema.fields().len())
            .map(|i| column_at(&schema, i))
            .collect();
        let plan = builder_build(LogicalPlanBuilder::from(input).distinct_on(keys, select, None))?;
        // DISTINCT ON keeps the names but not always the qualifiers: re-project to the input's.
        let out = Arc::clone(plan.schema());
        let items = schema
            .fields()
            .iter()
            .enumerate()
            .map(|(i, f)| Named::new(column_at(&out, i), f.name().clone()))
            .collect();
        output::project(plan, items)
    }

    /// `df.drop(...)`: names drop every top-level column with that name (unknown names are
    /// ignored); columns drop the column they resolve to (unresolvable ones are ignored, as
    /// Spark's `Dataset.drop(col)` does for names it cannot find).
    pub(super) fn drop(
        &self,
        input: LogicalPlan,
        columns: &[Expr],
        names: &[String],
    ) -> Result<LogicalPlan> {
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        let mut dropped: HashSet<usize> = HashSet::new();
        for (i, f) in schema.fields().iter().enumerate() {
            if names.iter().any(|n| name_eq(self.conf, n, f.name())) {
                dropped.insert(i);
            }
        }
        for c in columns {
            match c {
                Expr::Column { name, .. } if name.len() == 1 => match scope.resolve(c) {
                    Ok(Named {
                        expr: DfExpr::Column(col),
                        ..
                    }) => {
                        if let Some(i) = index_of(&schema, &col) {
                            dropped.insert(i);
                        }
                    }
                    Ok(_) => {}
                    Err(e) if e.error_class.as_deref() == Some("AMBIGUOUS_REFERENCE") => {
                        return Err(e);
                    }
                    Err(_) => {}
                },
                Expr::Column { .. } => {}
                other => {
                    // Any other expression is resolved (so invalid ones still fail) and then
                    // matches no column.
                    let _ = scope.resolve(other)?;
                }
            }
        }
        let items = schema
            .fields()
            .iter()
            .enumerate()
            .filter(|(i, _)| !dropped.contains(i))
            .map(|(i, f)| Named::new(column_at(&schema, i), f.name().clone()))
            .collect();
        output::project(input, items)
    }

    /// `withColumnsRenamed`: each rename applies to every column with that name; unknown
    /// names are ignored (Spark's `Dataset.withColumnsRenamed`).
    pub(super) fn rename(
        &self,
        input: LogicalPlan,
        renames: &[(String, String)],
    ) -> Result<LogicalPlan> {
        let schema = Arc::clone(input.schema());
        let mut names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        for (old, new) in renames {
            for n in names.iter_mut() {
                if name_eq(self.conf, n, old) {
                    *n = new.clone();
                }
            }
        }
        let items = names
            .into_iter()
            .enumerate()
            .map(|(i, n)| Named::new(column_at(&schema, i), n))
            .collect();
        output::project(input, items)
    }

    /// `df.tail(n)`: runs the input and keeps its last `n` rows.
    pub(super) async fn tail(&mut self, input: LogicalPlan, limit: i64) -> Result<LogicalPlan> {
        let n = usize::try_from(limit).map_err(|_| {
            SparkError::with_class(
                ExceptionKind::Analysis,
                "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
                "42K0E",
                format!("The limit like expression \"{limit}\" is invalid. The tail expression must be equal to or greater than 0, but got {limit}."),
            )
            .param("name", "tail")
            .param("expr", format!("\"{limit}\""))
            .param("v", limit.to_string())
        })?;
        let schema = Arc::new(input.schema().as_arrow().clone());
        let batches = materialize::collect(self.ctx, input).await?;
        let total: usize = batches.iter().map(|b| b.num_rows()).sum();
        let mut skip = total.saturating_sub(n);
        let mut kept = Vec::new();
        for b in batches {
            if skip >= b.num_rows() {
                skip -= b.num_rows();
                continue;
            }
            kept.push(b.slice(skip, b.num_rows() - skip));
            skip = 0;
        }
        let qualifier = format!("__tail{}", self.bump());
        materialize::batches_plan(&schema, kept, &qualifier)
    }

    /// `repartition(n)`, `coalesce(n)`, `repartition(n, cols)`, `repartitionByRange(n, cols)`.
    /// The rows are the same; only their partitioning changes.
    pub(super) fn repartition(
        &self,
        input: LogicalPlan,
        num_partitions: Option<i32>,
        by: &[Expr],
    ) -> Result<LogicalPlan> {
        let n = match num_partitions {
            Some(n) if n <= 0 => {
                return Err(SparkError::illegal_argument(format!(
                    "requirement failed: Number of partitions ({n}) must be positive."
                )));
            }
            Some(n) => usize::try_from(n).unwrap_or(1),
            // Spark's `spark.sql.shuffle.partitions` (numbering only without keys).
            None if by.is_empty() => self.ctx.state_ref().read().config().target_partitions(),
            None => self.conf.shuffle_partitions.max(1),
        };
        if by.is_empty() {
            return builder_build(
                LogicalPlanBuilder::from(input).repartition(Partitioning::RoundRobinBatch(n)),
            );
        }
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        // engine: sort orders partition by range (Spark's `RangePartitioning`).
        if by.iter().any(|e| matches!(e, Expr::SortOrder(_))) {
            let mut order = Vec::with_capacity(by.len());
            for e in by {
                let Expr::SortOrder(o) = e else {
                    // Spark's `RepartitionByExpression` requirement.
                    return Err(SparkError::illegal_argument(
                        "requirement failed: RepartitionByExpression expects that either all its \
                         `partitionExpressions` are of type `SortOrder`, which means \
                         `RangePartitioning`, or none of them are `SortOrder`, which means \
                         `HashPartitioning`.",
                    ));
                };
                order.push(super::window::resolve_sort_order(&scope, o)?.0);
            }
            let ranged =
                crate::range_partition::RangeRepartitionNode::try_new(input, order, n, None)
                    .map(|node| {
                        LogicalPlan::Extension(datafusion::logical_expr::Extension {
                            node: Arc::new(node),
                        })
                    })
                    .map_err(crate::error::from_datafusion)?;
            return Ok(self.adaptive(ranged, num_partitions));
        }
        let keys = by
            .iter()
            .map(|e| match e {
                Expr::SortOrder(o) => scope.resolve(&o.expr).map(|n| n.expr.unalias()),
                other => scope.resolve(other).map(|n| n.expr.unalias()),
            })
            .collect::<Result<Vec<_>>>()?;
        let hashed = builder_build(
            LogicalPlanBuilder::from(input).repartition(Partitioning::Hash(keys, n)),
        )?;
        Ok(self.adaptive(hashed, num_partitions))
    }

    /// A shuffle that names no partition count read through Spark's adaptive coalescing
    /// (`REPARTITION_BY_COL` can change its partition count; `REPARTITION_BY_NUM` cannot).
    fn adaptive(&self, shuffle: LogicalPlan, num_partitions: Option<i32>) -> LogicalPlan {
        match (num_partitions, self.conf.adaptive) {
            (None, Some(rule)) => LogicalPlan::Extension(datafusion::logical_expr::Extension {
                node: Arc::new(crate::exchange::AdaptiveCoalesceNode {
                    input: shuffle,
                    rule,
                }),
            }),
            _ => shuffle,
        }
    }

    /// `df.to(schema)` (Spark's `Project.matchSchema`): columns by name in the schema's order,
    /// cast where the types differ; missing columns and NULLs into non-nullable fields fail.
    pub(super) fn to_schema(&self, input: LogicalPlan, target: &DataType) -> Result<LogicalPlan> {
        let DataType::Struct(fields) = target else {
            return Err(SparkError::invalid_plan("ToSchema requires a struct type"));
        };
        let schema = Arc::clone(input.schema());
        let mut items = Vec::with_capacity(fields.len());
        for field in fields {
            let found: Vec<usize> = schema
                .fields()
                .iter()
                .enumerate()
                .filter(|(_, f)| name_eq(self.conf, f.name(), &field.name))
                .map(|(i, _)| i)
                .collect();
            let i = match found.as_slice() {
                [i] => *i,
                // Spark 4.3 fills a missing nullable column with NULLs.
                [] if field.nullable => {
                    let t = crate::types::spark_to_arrow(&field.data_type, &self.conf.time_zone)?;
                    let null = datafusion::common::ScalarValue::try_from(&t)
                        .map_err(crate::error::from_datafusion)?;
                    items.push(Named::new(DfExpr::Literal(null, None), field.name.clone()));
                    continue;
                }
                [] => {
                    return Err(super::names::unresolved(
                        std::slice::from_ref(&field.name),
                        &schema,
                    ));
                }
                many => {
                    return Err(super::names::ambiguous(
                        std::slice::from_ref(&field.name),
                        &many
                            .iter()
                            .map(|i| (None, schema.field(*i).name().clone()))
                            .collect::<Vec<_>>(),
                    ));
                }
            };
            let source = schema.field(i);
            if source.is_nullable() && !field.nullable {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "NULLABLE_COLUMN_OR_FIELD",
                    "42000",
                    format!(
                        "Column or field {} is nullable while it's required to be non-nullable.",
                        quote_identifier(&field.name)
                    ),
                )
                .param("name", quote_identifier(&field.name)));
            }
            let target_type = crate::types::spark_to_arrow(&field.data_type, &self.conf.time_zone)?;
            let col = column_at(&schema, i);
            let expr = if source.data_type() == &target_type {
                col
            } else {
                let scope = Scope::new(&schema, self.conf, &self.plan_ids);
                let from = crate::types::arrow_to_spark(source.data_type())?;
                if !super::up_cast::can_up_cast(&from, &field.data_type) {
                    return Err(SparkError::with_class(
                        ExceptionKind::Analysis,
                        "INVALID_COLUMN_OR_FIELD_DATA_TYPE",
                        "42000",
                        format!(
                            "Column or field {} is of type \"{}\" while it's required to be \"{}\".",
                            quote_identifier(&field.name),
                            super::type_sql::type_sql(&from),
                            super::type_sql::type_sql(&field.data_type)
                        ),
                    )
                    .param("name", quote_identifier(&field.name))
                    .param("type", format!("\"{}\"", super::type_sql::type_sql(&from)))
                    .param(
                        "expectedType",
                        format!("\"{}\"", super::type_sql::type_sql(&field.data_type)),
                    ));
                }
                super::casts::resolve_cast(
                    &scope,
                    Named::new(col, field.name.clone()),
                    &field.data_type,
                    sabot_common::spec::CastMode::Ansi,
                )?
                .expr
            };
            items.push(Named::new(expr, field.name.clone()));
        }
        output::project(input, items)
    }

    /// `df._repr_html_()`: one `html_string` row.
    pub(super) async fn html_string(
        &mut self,
        input: LogicalPlan,
        num_rows: i32,
        truncate: i32,
    ) -> Result<LogicalPlan> {
        let input = output::with_spark_types(input, &self.conf.time_zone)?;
        let schema = input.schema().as_arrow().clone();
        let rows = usize::try_from(num_rows.max(0)).unwrap_or(0);
        let limited = builder_build(LogicalPlanBuilder::from(input).limit(0, Some(rows + 1)))?;
        let batches = materialize::collect(self.ctx, limited).await?;
        let truncate = usize::try_from(truncate.max(0)).unwrap_or(0);
        let html =
            crate::show::html_string(&schema, &batches, rows, truncate, &self.conf.time_zone)?;
        let qualifier = format!("__html{}", self.bump());
        materialize::string_row_plan("html_string", html, &qualifier)
    }

    /// A fresh number for internal names.
    pub(super) fn bump(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }
}

/// The index of a resolved column in `schema`.
fn index_of(schema: &DFSchema, col: &Column) -> Option<usize> {
    schema
        .iter()
        .position(|(q, f)| f.name() == &col.name && q == col.relation.as_ref())
}

/// Spark's `UNRESOLVED_COLUMN_AMONG_FIELD_NAMES` (`dropDuplicates` or `unionByName` with a name
/// the relation lacks; `QueryCompilationErrors.cannotResolveColumnNameAmongAttributesError`).
pub(super) fn unresolved_among(name: &str, schema: &DFSchema) -> SparkError {
    let fields = visible_names(schema).join(", ");
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNRESOLVED_COLUMN_AMONG_FIELD_NAMES",
        "42703",
        format!("Cannot resolve column name \"{name}\" among ({fields})."),
    )
    .param("colName", name)
    .param("fieldNames", fields)
}
