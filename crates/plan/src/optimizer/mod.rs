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

pub mod constant_folding;
pub mod domain_join;
pub mod parquet_pushdown;

use std::sync::Arc;

use datafusion::optimizer::{Optimizer, OptimizerRule};

/// DataFusion's logical optimizer rules with Sabot's in front of them.
pub fn logical_rules() -> Vec<Arc<dyn OptimizerRule + Send + Sync>> {
    let mut rules: Vec<Arc<dyn OptimizerRule + Send + Sync>> =
        vec![Arc::new(domain_join::DomainJoin::new())];
    rules.extend(Optimizer::new().rules);
    rules
}
