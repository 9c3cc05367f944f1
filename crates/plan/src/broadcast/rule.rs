//! [`BroadcastJoins`]: builds each hash join on the side a broadcast hint marks, as Spark's
//! `JoinSelection` does for `BROADCAST` hints (`canBuildBroadcastLeft`/`Right`: the left side
//! of inner and right outer joins, the right side of inner, left outer, semi and anti joins;
//! otherwise the hint is ignored, as Spark ignores it). Runs right after DataFusion's
//! `JoinSelection`, before distribution is enforced.

use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{JoinType, Result as DfResult};
use datafusion::config::ConfigOptions;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::filter::FilterExec;
use datafusion::physical_plan::joins::{HashJoinExec, PartitionMode};
use datafusion::physical_plan::projection::ProjectionExec;

use super::exec::BroadcastExchangeExec;

#[derive(Debug, Default)]
pub struct BroadcastJoins;

/// Whether `plan` is a broadcast-marked relation (possibly under projections and filters the
/// planner put above the marker).
fn marked(plan: &Arc<dyn ExecutionPlan>) -> bool {
    if plan.downcast_ref::<BroadcastExchangeExec>().is_some() {
        return true;
    }
    if let Some(p) = plan.downcast_ref::<ProjectionExec>() {
        return marked(p.input());
    }
    if let Some(f) = plan.downcast_ref::<FilterExec>() {
        return marked(f.input());
    }
    false
}

fn can_build_left(t: JoinType) -> bool {
    matches!(t, JoinType::Inner | JoinType::Right)
}

fn can_build_right(t: JoinType) -> bool {
    matches!(
        t,
        JoinType::Inner
            | JoinType::Left
            | JoinType::LeftSemi
            | JoinType::LeftAnti
            | JoinType::LeftMark
    )
}

impl PhysicalOptimizerRule for BroadcastJoins {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|node| {
            let Some(join) = node.downcast_ref::<HashJoinExec>() else {
                return Ok(Transformed::no(node));
            };
            let t = *join.join_type();
            // The right side first, as Spark's `JoinSelection` prefers it when both are hinted.
            if marked(join.right()) && can_build_right(t) {
                return Ok(Transformed::yes(
                    join.swap_inputs(PartitionMode::CollectLeft)?,
                ));
            }
            if marked(join.left()) && can_build_left(t) {
                if *join.partition_mode() == PartitionMode::CollectLeft {
                    return Ok(Transformed::no(node));
                }
                let built = join
                    .builder()
                    .with_partition_mode(PartitionMode::CollectLeft)
                    .build()?;
                return Ok(Transformed::yes(Arc::new(built)));
            }
            Ok(Transformed::no(node))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "BroadcastJoins"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// DataFusion's physical optimizer rules with [`BroadcastJoins`] right after `JoinSelection`.
pub fn with_broadcast_rule(
    rules: Vec<Arc<dyn PhysicalOptimizerRule + Send + Sync>>,
) -> Vec<Arc<dyn PhysicalOptimizerRule + Send + Sync>> {
    let mut out = Vec::with_capacity(rules.len() + 1);
    let mut placed = false;
    for rule in rules {
        let after = rule.name() == "join_selection";
        out.push(rule);
        if after {
            out.push(Arc::new(BroadcastJoins) as Arc<dyn PhysicalOptimizerRule + Send + Sync>);
            placed = true;
        }
    }
    if !placed {
        out.insert(0, Arc::new(BroadcastJoins));
    }
    out
}

#[cfg(test)]
mod tests {
    use datafusion::physical_optimizer::optimizer::PhysicalOptimizer;

    use super::*;

    #[test]
    fn runs_right_after_join_selection() {
        let rules = with_broadcast_rule(PhysicalOptimizer::new().rules);
        let names: Vec<&str> = rules.iter().map(|r| r.name()).collect();
        let at = names.iter().position(|n| *n == "join_selection");
        assert!(at.is_some(), "{names:?}");
        assert_eq!(names.get(at.unwrap_or(0) + 1), Some(&"BroadcastJoins"));
        assert_eq!(names.iter().filter(|n| **n == "BroadcastJoins").count(), 1);
    }

    #[test]
    fn spark_build_sides() {
        assert!(can_build_right(JoinType::Left) && !can_build_left(JoinType::Left));
        assert!(can_build_left(JoinType::Right) && !can_build_right(JoinType::Right));
        assert!(!can_build_left(JoinType::Full) && !can_build_right(JoinType::Full));
    }
}
