//! The `Aggregate` relation (`groupBy`, `rollup`, `cube`, `groupingSets`, `pivot`; SQL `GROUP
//! BY`): resolves its expressions and builds it with [`aggregation`] / [`grouping_sets`] /
//! [`super::pivot`].

use std::sync::Arc;

use datafusion::logical_expr::utils::find_aggregate_exprs;
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan};
use sabot_common::Result;
use sabot_common::spec::{AggregateKind, Expr, Plan};

use super::expressions::Scope;
use super::{Resolver, aggregation, grouping_sets, ordinals, select_all};

impl Resolver<'_> {
    /// Resolves an `Aggregate` node.
    pub(super) async fn resolve_aggregate(
        &mut self,
        input: &Plan,
        kind: &AggregateKind,
        grouping: &[Expr],
        aggregates: &[Expr],
        having: Option<&Expr>,
    ) -> Result<LogicalPlan> {
        let input = self.resolve(input).await?;
        if let AggregateKind::Pivot { column, values } = kind {
            return self
                .pivot(input, grouping, column, values.as_deref(), aggregates)
                .await;
        }
        let all: Vec<&Expr> = grouping.iter().chain(aggregates).collect();
        let (input, windowed) = self.time_windows(input, &all)?;
        let (grouping, aggregates) = match &windowed {
            Some(w) => w.split_at(grouping.len()),
            None => (grouping, aggregates),
        };
        let (input, sessions) = self.session_windows(input, grouping, aggregates)?;
        let (grouping, aggregates) = match &sessions {
            Some(w) => w.split_at(grouping.len()),
            None => (grouping, aggregates),
        };
        let schema = Arc::clone(input.schema());
        self.prepare_subqueries(grouping.iter().chain(aggregates).chain(having), &schema)
            .await?;
        let base = Scope::new(&schema, self.conf, &self.plan_ids)
            .with_context(&self.outer_schemas, &self.subqueries);
        let select = base.resolve_list(aggregates)?;
        // Select-list aliases, for names that are not input columns: in `GROUP BY` (Spark's
        // `spark.sql.groupByAliases`) and in `HAVING`.
        let aliases: Vec<(String, DfExpr)> = select
            .iter()
            .map(|n| (n.name.clone(), n.expr.clone().unalias()))
            .collect();
        let scope = Scope {
            aliases: &aliases,
            ..base
        };
        let aggregating: Vec<bool> = select
            .iter()
            .map(|n| !find_aggregate_exprs(std::iter::once(&n.expr)).is_empty())
            .collect();
        // grammar area: GROUP BY ALL.
        let all = select_all::group_by_all(grouping, &aggregating, &schema);
        let grouping = all.as_deref().unwrap_or(grouping);
        let by_position = ordinals::grouping(grouping, aggregates, &aggregating)?;
        let grouping = by_position.as_deref().unwrap_or(grouping);
        let groups = scope.resolve_list(grouping)?;
        let having = match having {
            Some(h) => Some(scope.resolve(h)?.expr.unalias()),
            None => None,
        };
        let group_exprs: Vec<DfExpr> = groups.iter().map(|g| g.expr.clone().unalias()).collect();
        let sets = match kind {
            AggregateKind::GroupBy | AggregateKind::Pivot { .. } => None,
            AggregateKind::Rollup => Some(grouping_sets::rollup_sets(&group_exprs)),
            AggregateKind::Cube => Some(grouping_sets::cube_sets(&group_exprs)?),
            AggregateKind::GroupingSets(sets) => Some(
                sets.iter()
                    .map(|set| {
                        Ok(scope
                            .resolve_list(set)?
                            .into_iter()
                            .map(|n| n.expr.unalias())
                            .collect())
                    })
                    .collect::<Result<Vec<Vec<DfExpr>>>>()?,
            ),
        };
        aggregation::aggregate_sets(input, groups, sets, select, having)
    }
}
