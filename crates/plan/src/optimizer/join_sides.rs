//! [`JoinSidesByRows`]: a partitioned hash join never builds on the side estimated to have ten
//! times the rows of the other.
//!
//! DataFusion's `JoinSelection` compares estimated byte sizes first and row counts only when a
//! size is missing. Byte sizes estimated through joins can be far off (TPC-H q21's semi join:
//! 600 thousand rows estimated at 950 MB, because its string column is a view type with a known
//! width while plain strings have none), and then the anti join above it builds on 60 million
//! lineitem rows instead of its 600 thousand: slower, and over a memory limit it cannot fit.
//! Row counts survive joins better, so a side with ten times the rows of the other is taken as
//! the larger one, as Spark's `JoinSelection` would build on the smaller relation. Runs right
//! after `JoinSelection`, before broadcast hints are applied and distribution is enforced.

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::config::ConfigOptions;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::joins::{HashJoinExec, PartitionMode};
use datafusion::physical_plan::{StatisticsArgs, StatisticsContext};

/// How many times the rows of the probe side a build side must have to be swapped.
const ROW_RATIO: usize = 10;

#[derive(Debug, Default)]
pub struct JoinSidesByRows;

/// The estimated rows of `plan`, if known (computed as `JoinSelection` computes them).
fn rows(plan: &Arc<dyn ExecutionPlan>) -> Option<usize> {
    StatisticsContext::new()
        .compute(plan.as_ref(), &StatisticsArgs::new())
        .ok()
        .and_then(|s| s.num_rows.get_value().copied())
}

impl PhysicalOptimizerRule for JoinSidesByRows {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        config: &ConfigOptions,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        if !config.optimizer.join_reordering {
            return Ok(plan);
        }
        plan.transform_up(|node| {
            let Some(join) = node.downcast_ref::<HashJoinExec>() else {
                return Ok(Transformed::no(node));
            };
            // Collected (broadcast) builds were chosen by size thresholds; null-aware anti
            // joins (`NOT IN`) cannot swap.
            if *join.partition_mode() != PartitionMode::Partitioned
                || join.null_aware
                || !join.join_type().supports_swap()
            {
                return Ok(Transformed::no(node));
            }
            let (Some(build), Some(probe)) = (rows(join.left()), rows(join.right())) else {
                return Ok(Transformed::no(node));
            };
            if build > probe.saturating_mul(ROW_RATIO) {
                return Ok(Transformed::yes(
                    join.swap_inputs(PartitionMode::Partitioned)?,
                ));
            }
            Ok(Transformed::no(node))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "JoinSidesByRows"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::common::stats::Precision;
    use datafusion::common::{ColumnStatistics, JoinType, NullEquality, Statistics};
    use datafusion::physical_expr::expressions::col;
    use datafusion::physical_plan::displayable;
    use datafusion::physical_plan::test::exec::StatisticsExec;

    use super::*;

    /// A one-column input estimated at `rows` rows (`bytes` bytes when given).
    fn input(name: &str, rows: usize, bytes: Option<usize>) -> Arc<dyn ExecutionPlan> {
        let stats = Statistics {
            num_rows: Precision::Inexact(rows),
            total_byte_size: bytes.map_or(Precision::Absent, Precision::Inexact),
            column_statistics: vec![ColumnStatistics::new_unknown()],
        };
        let schema = Schema::new(vec![Field::new(name, DataType::Int64, false)]);
        Arc::new(StatisticsExec::new(stats, schema))
    }

    fn join(
        left: Arc<dyn ExecutionPlan>,
        right: Arc<dyn ExecutionPlan>,
        mode: PartitionMode,
    ) -> Arc<dyn ExecutionPlan> {
        let on = vec![(
            col("a", &left.schema()).unwrap(),
            col("b", &right.schema()).unwrap(),
        )];
        Arc::new(
            HashJoinExec::try_new(
                left,
                right,
                on,
                None,
                &JoinType::LeftAnti,
                None,
                mode,
                NullEquality::NullEqualsNothing,
                false,
            )
            .unwrap(),
        )
    }

    fn optimized(plan: Arc<dyn ExecutionPlan>) -> String {
        let plan = JoinSidesByRows
            .optimize(plan, &ConfigOptions::default())
            .unwrap();
        displayable(plan.as_ref()).indent(false).to_string()
    }

    #[test]
    fn a_build_side_with_ten_times_the_rows_becomes_the_probe_side() {
        // Byte sizes that say the opposite, as estimated through joins.
        let left = input("a", 60_000_000, Some(900 << 20));
        let right = input("b", 600_000, Some(950 << 20));
        let shown = optimized(join(left, right, PartitionMode::Partitioned));
        assert!(shown.contains("join_type=RightAnti"), "{shown}");
        assert!(shown.contains("on=[(b@0, a@0)]"), "{shown}");
    }

    #[test]
    fn comparable_sides_collected_builds_and_unknown_rows_are_kept() {
        let kept = [
            join(
                input("a", 90, None),
                input("b", 10, None),
                PartitionMode::Partitioned,
            ),
            join(
                input("a", 1000, None),
                input("b", 10, None),
                PartitionMode::CollectLeft,
            ),
        ];
        for plan in kept {
            let shown = optimized(plan);
            assert!(shown.contains("join_type=LeftAnti"), "{shown}");
        }
    }
}
