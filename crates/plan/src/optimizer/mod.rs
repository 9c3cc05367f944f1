//! Sabot's optimizer settings and checks beyond DataFusion's defaults, one concern per file.
//!
//! - [`constant_folding`]: Spark functions with constant arguments fold at planning time
//!   (DataFusion's `SimplifyExpressions` evaluates every non-volatile call); nondeterministic
//!   ones never do.
//! - [`domain_join`]: correlated subqueries DataFusion cannot decorrelate (a non-equality
//!   correlation under an aggregate) become joins with the domain of their outer values, as
//!   Spark's `DecorrelateInnerQuery` plans them; [`logical_rules`] puts it before DataFusion's.
//! - [`parquet_pushdown`]: filters and projections pushed into Parquet scans, and Spark's
//!   `spark.sql.parquet.filterPushdown` switch.
//! - Join order: DataFusion's logical optimizer only reorders inner joins (`EliminateCrossJoin`
//!   regroups the inputs of inner joins, which cannot change results) and the physical
//!   `JoinSelection` swaps build and probe sides of a hash join (same rows); outer, semi and
//!   anti joins keep the order Spark's plan gives them. Broadcast selection is in
//!   [`crate::broadcast`].
//! - [`join_sides`]: a partitioned hash join never builds on a side with ten times the rows
//!   of the other, whatever the byte-size estimates say; [`physical_rules`] puts it right
//!   after `JoinSelection`.
//! - [`ordered_output`]: the root's casts to Spark's types read a sorted result as the one
//!   ordered stream it is; [`physical_rules`] runs it last.

pub mod constant_folding;
pub mod domain_join;
pub mod join_sides;
pub mod ordered_output;
pub mod parquet_pushdown;

use std::sync::Arc;

use datafusion::optimizer::{Optimizer, OptimizerRule};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_optimizer::optimizer::PhysicalOptimizer;

/// DataFusion's physical optimizer rules with Sabot's after `JoinSelection`:
/// [`join_sides::JoinSidesByRows`], then [`crate::broadcast::BroadcastJoins`] (hints last, so
/// that they win); [`ordered_output::OrderedOutput`] after all of them.
pub fn physical_rules() -> Vec<Arc<dyn PhysicalOptimizerRule + Send + Sync>> {
    let mut out = Vec::new();
    for rule in crate::broadcast::with_broadcast_rule(PhysicalOptimizer::new().rules) {
        let after = rule.name() == "join_selection";
        out.push(rule);
        if after {
            out.push(Arc::new(join_sides::JoinSidesByRows) as Arc<_>);
        }
    }
    out.push(Arc::new(ordered_output::OrderedOutput));
    out
}

/// DataFusion's logical optimizer rules with Sabot's in front of them.
pub fn logical_rules() -> Vec<Arc<dyn OptimizerRule + Send + Sync>> {
    let mut rules: Vec<Arc<dyn OptimizerRule + Send + Sync>> =
        vec![Arc::new(domain_join::DomainJoin::new())];
    rules.extend(Optimizer::new().rules);
    rules
}

#[cfg(test)]
mod tests {
    #[test]
    fn join_sides_then_broadcast_hints_follow_join_selection() {
        let names: Vec<String> = super::physical_rules()
            .iter()
            .map(|r| r.name().to_string())
            .collect();
        let at = names.iter().position(|n| n == "join_selection").unwrap();
        assert_eq!(names[at + 1..at + 3], ["JoinSidesByRows", "BroadcastJoins"]);
        assert_eq!(names.last().map(String::as_str), Some("OrderedOutput"));
    }
}
