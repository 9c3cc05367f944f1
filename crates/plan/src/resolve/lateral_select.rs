//! `left, LATERAL (SELECT exprs)` with no `FROM` in the subquery: one row per left row, so the
//! join is a projection of `left` with the subquery's expressions added (what Spark's
//! decorrelation makes of it). DataFusion cannot decorrelate a projection over no relation, so
//! this form is planned here. Aggregates, windows and generators in `exprs` would change the
//! row count; they keep DataFusion's lateral join.

use std::sync::Arc;

use datafusion::common::TableReference;
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder};
use sabot_common::Result;
use sabot_common::spec::{Expr, JoinType, Plan, PlanNode};

use super::Resolver;
use super::names::column_at;
use super::relations::builder_build;

impl Resolver<'_> {
    pub(super) async fn lateral_select(
        &mut self,
        left: &Plan,
        right: &Plan,
        join_type: JoinType,
        condition: Option<&Expr>,
    ) -> Result<Option<LogicalPlan>> {
        if condition.is_some() || !matches!(join_type, JoinType::Inner | JoinType::LeftOuter) {
            return Ok(None);
        }
        let (inner, alias) = match &right.node {
            PlanNode::SubqueryAlias { input, alias } => (input.as_ref(), Some(alias)),
            _ => (right, None),
        };
        let PlanNode::Project { input, exprs } = &inner.node else {
            return Ok(None);
        };
        if !matches!(
            input.as_deref().map(|p| &p.node),
            None | Some(PlanNode::OneRow)
        ) {
            return Ok(None);
        }
        let mut all = vec![Expr::Star {
            target: None,
            plan_id: None,
        }];
        all.extend(exprs.iter().cloned());
        let rewritten = Plan::new(PlanNode::Project {
            input: Some(Box::new(left.clone())),
            exprs: all,
        });
        let resolved_left = self.resolve(left).await?;
        let plan = self.resolve(&rewritten).await?;
        if row_changing_nodes(&plan) != row_changing_nodes(&resolved_left) {
            return Ok(None);
        }
        let Some(alias) = alias else {
            return Ok(Some(plan));
        };
        // The subquery's columns are `alias.name`, the left's keep their qualifiers.
        let width = resolved_left.schema().fields().len();
        let schema = Arc::clone(plan.schema());
        let exprs: Vec<DfExpr> = (0..schema.fields().len())
            .map(|i| {
                let c = column_at(&schema, i);
                if i < width {
                    c
                } else {
                    c.alias_qualified(
                        Some(TableReference::bare(alias.as_str())),
                        schema.field(i).name(),
                    )
                }
            })
            .collect();
        builder_build(LogicalPlanBuilder::from(plan).project(exprs)).map(Some)
    }
}

/// How many aggregates, windows and unnests a plan has.
fn row_changing_nodes(plan: &LogicalPlan) -> usize {
    let own = usize::from(matches!(
        plan,
        LogicalPlan::Aggregate(_) | LogicalPlan::Window(_) | LogicalPlan::Unnest(_)
    ));
    own + plan
        .inputs()
        .into_iter()
        .map(row_changing_nodes)
        .sum::<usize>()
}
