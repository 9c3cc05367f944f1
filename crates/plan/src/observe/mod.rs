//! Observed metrics (`df.observe(name, *metrics)`, Spark's `CollectMetrics`): named aggregates
//! computed while the rows pass through, in the same execution, and reported with the result.
//!
//! The logical [`node::CollectMetricsNode`] passes its input through and carries the metrics
//! as their own small plan (`Aggregate` over a [`node::MetricsSourceNode`] leaf with the
//! input's schema), so DataFusion's aggregates compute them exactly as `df.agg` would.
//! [`exec::CollectMetricsExec`] forwards every batch it passes on to that plan, which runs
//! beside the query; [`collect`] gathers the values once the query's stream is done.

mod checks;
mod exec;
mod node;
mod planner;
mod portable;

pub(crate) use checks::{check_metrics, check_unique_names};
pub use exec::{CollectMetricsExec, MetricsSourceExec, ObservedMetrics, collect};
pub use node::{COLLECT_METRICS, CollectMetricsNode, METRICS_SOURCE, MetricsSourceNode};
pub use planner::ObservePlanner;
