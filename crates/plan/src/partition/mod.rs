//! Spark's partitions where a result depends on them (`spark_partition_id()`,
//! `monotonically_increasing_id()`, seeded `rand`/`randn`/`uniform`/`randstr`/`uuid`/`shuffle`).
//!
//! Sabot keeps such inputs in one ordered DataFusion stream (per union input) and knows, from
//! the Spark plan, which Spark partition each row position belongs to ([`layout`]); where a
//! filter or a union breaks positions, rows are tagged with their partition at the source. [`rewrite`] moves the calls
//! of a projection into a [`node::PartitionFnsNode`] over that stream, [`exec`] evaluates it with
//! one function state per Spark partition, and [`planner`] plans the node physically.

mod checks;
mod coalesce;
mod coalesce_exec;
mod exec;
mod layout;
mod node;
mod planner;
mod portable;
mod rewrite;
mod shuffle;
#[cfg(test)]
mod tests;

pub use coalesce_exec::{
    COALESCE_TAG, CoalesceTagExec, CoalesceTagNode, CoalesceTagPlanner, Grouping,
};
pub use exec::PartitionFnsExec;
pub use layout::SparkLayout;
pub use node::{NODE_NAME, PartitionCall, PartitionFnsNode};
pub use planner::{PartitionFnsPlanner, SabotQueryPlanner, query_planner};
pub(crate) use rewrite::place;
