//! The user's repartitions as Spark's `ShuffleExchangeExec`: `repartition(n)`,
//! `repartition(n, cols)`, `coalesce(n)`, `DISTRIBUTE BY` and the partitioning hints make a
//! DataFusion `Repartition`, which DataFusion's `EnforceDistribution` would drop as not needed
//! by the operators above. Spark keeps them: the result has exactly `n` partitions (a write
//! makes one file per partition) and explain shows the exchange. At physical planning each
//! such `Repartition` becomes a [`ShuffleExchangeNode`], planned as a [`ShuffleExchangeExec`]
//! that DataFusion's optimizers keep. A shuffle that names no count is read through an
//! [`AdaptiveCoalesceNode`] (Spark's adaptive coalescing of small shuffles).
//!
//! Files: `exec`/`node` (the shuffle), `split` (batch slicing under a round robin),
//! `adaptive` (Spark's coalescing rule and the size estimate), `adaptive_node`/`adaptive_exec`
//! (the coalesced read), `shared_run` (work an exec does once for all its partitions, also
//! used by the range exchange), `portable` (the codec).

pub mod adaptive;
mod adaptive_exec;
mod adaptive_node;
mod exec;
mod node;
pub(crate) mod portable;
pub(crate) mod shared_run;
mod split;

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::logical_expr::{Extension, LogicalPlan, Partitioning};

pub use adaptive::AdaptiveCoalesce;
pub use adaptive_exec::AdaptiveCoalesceExec;
pub use adaptive_node::{ADAPTIVE_COALESCE, AdaptiveCoalesceNode, AdaptiveCoalescePlanner};
pub use exec::ShuffleExchangeExec;
pub use node::{SHUFFLE_EXCHANGE, ShuffleExchangeNode, ShuffleExchangePlanner};
pub use split::SplitBatchesExec;

/// `plan` with every round-robin or hash `Repartition` replaced by a [`ShuffleExchangeNode`].
pub fn keep_repartitions(plan: LogicalPlan) -> DfResult<LogicalPlan> {
    plan.transform_up(|p| match p {
        LogicalPlan::Repartition(r)
            if matches!(
                r.partitioning_scheme,
                Partitioning::RoundRobinBatch(_) | Partitioning::Hash(..)
            ) =>
        {
            let node = ShuffleExchangeNode {
                input: Arc::unwrap_or_clone(r.input),
                partitioning: r.partitioning_scheme,
            };
            Ok(Transformed::yes(LogicalPlan::Extension(Extension {
                node: Arc::new(node),
            })))
        }
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
}
