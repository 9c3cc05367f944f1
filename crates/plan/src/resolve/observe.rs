//! `df.observe(name, *metrics)`: the input, passed through a [`CollectMetricsNode`] whose
//! metrics plan aggregates the same rows (Spark's `CollectMetrics`).

use std::sync::Arc;

use datafusion::logical_expr::{Extension, LogicalPlan};
use sabot_common::Result;
use sabot_common::spec::{Expr, Plan};

use super::expressions::Scope;
use super::{Resolver, aggregation, output};
use crate::observe::{CollectMetricsNode, MetricsSourceNode, check_metrics};

impl Resolver<'_> {
    pub(super) async fn collect_metrics(
        &mut self,
        input: &Plan,
        name: &str,
        metrics: &[Expr],
        plan_id: Option<i64>,
    ) -> Result<LogicalPlan> {
        let input = self.resolve(input).await?;
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids)
            .with_context(&self.outer_schemas, &self.subqueries);
        let select = scope.resolve_list(metrics)?;
        let named: Vec<(&str, &_)> = select.iter().map(|n| (n.name.as_str(), &n.expr)).collect();
        check_metrics(name, &named)?;
        let source = LogicalPlan::Extension(Extension {
            node: Arc::new(MetricsSourceNode {
                schema: Arc::clone(&schema),
            }),
        });
        let metrics = aggregation::aggregate_sets(source, vec![], None, select, None)?;
        let metrics = output::with_spark_types(metrics, &self.conf.time_zone)?;
        Ok(LogicalPlan::Extension(Extension {
            node: Arc::new(CollectMetricsNode {
                input,
                name: name.to_string(),
                plan_id: plan_id.unwrap_or_default(),
                metrics,
            }),
        }))
    }
}
