//! Broadcast joins: `F.broadcast(df)` and `df.hint("broadcast" | "broadcastjoin" | "mapjoin")`
//! (Spark's `ResolveHints.ResolveJoinStrategyHints`), and Spark's size threshold.
//!
//! A hint becomes a pass-through [`node::BroadcastHintNode`] over the hinted relation (filters
//! and column pruning still pass it), planned as a [`exec::BroadcastExchangeExec`] marker.
//! [`rule::BroadcastJoins`] then builds every hash join on its marked side: DataFusion's
//! `CollectLeft` mode collects that side once and shares it with every probe partition, which
//! is Spark's `BroadcastHashJoin`. Without a hint, DataFusion's `JoinSelection` collects a
//! side smaller than `spark.sql.autoBroadcastJoinThreshold` (see the session's engine config).

mod exec;
mod node;
mod planner;
mod portable;
mod rule;

pub use exec::BroadcastExchangeExec;
pub use node::{BROADCAST_HINT, BroadcastHintNode, is_broadcast_hint};
pub use planner::BroadcastPlanner;
pub use rule::{BroadcastJoins, with_broadcast_rule};
