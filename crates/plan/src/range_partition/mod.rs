//! Spark's range partitioning (`repartitionByRange`, the `REPARTITION_BY_RANGE` hint): a
//! [`RangeRepartitionNode`] in the logical plan, planned as a [`RangeExchangeExec`] that
//! computes the range bounds from the data as Spark's `RangePartitioner` does ([`bounds`]).

mod bounds;
mod exec;
mod node;

pub use exec::RangeExchangeExec;
pub use node::{RANGE_REPARTITION, RangeExchangePlanner, RangeRepartitionNode};
