//! The portable plan nodes, alphabetical by key: every `ExecutionPlan` Sabot defines.

use std::any::Any;
use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::fields::Value;
use sabot_functions::portable::{Decoder, Encoder};

use super::{DecodeContext, EncodeContext, PortableExec};
use crate::broadcast::BroadcastExchangeExec;
use crate::exchange::{AdaptiveCoalesceExec, ShuffleExchangeExec, SplitBatchesExec};
use crate::observe::{CollectMetricsExec, MetricsSourceExec};
use crate::partition::{CoalesceTagExec, PartitionFnsExec};
use crate::progress::TaskCountingExec;
use crate::range_partition::RangeExchangeExec;
use crate::recursion::{UnionLoopExec, UnionLoopRefExec};
use crate::resolve::{DecodeExec, MetaExec};
use crate::reuse::ReusedSubplanExec;
use crate::show::ShowStringExec;

/// Encodes a node if it is of the kind's type (`None` otherwise).
pub type EncodeFn = fn(&dyn Any, &EncodeContext<'_>) -> DfResult<Option<Vec<Value>>>;
/// Rebuilds a node from its fields and inputs.
pub type DecodeFn = fn(
    &mut Decoder,
    &[Arc<dyn ExecutionPlan>],
    &DecodeContext<'_>,
) -> DfResult<Arc<dyn ExecutionPlan>>;

/// One node type: its key, and how to encode an instance and rebuild one.
pub struct ExecKind {
    pub key: &'static str,
    pub encode: EncodeFn,
    pub decode: DecodeFn,
}

fn encode_any<T: PortableExec + 'static>(
    any: &dyn Any,
    cx: &EncodeContext<'_>,
) -> DfResult<Option<Vec<Value>>> {
    match any.downcast_ref::<T>() {
        Some(t) => {
            let mut e = Encoder::new();
            t.encode(&mut e, cx)?;
            Ok(Some(e.finish()))
        }
        None => Ok(None),
    }
}

fn decode_any<T: PortableExec + 'static>(
    d: &mut Decoder,
    inputs: &[Arc<dyn ExecutionPlan>],
    cx: &DecodeContext<'_>,
) -> DfResult<Arc<dyn ExecutionPlan>> {
    Ok(Arc::new(T::decode(d, inputs, cx)?))
}

/// The table entry of a node type.
pub const fn exec_kind<T: PortableExec + 'static>() -> ExecKind {
    ExecKind {
        key: T::KEY,
        encode: encode_any::<T>,
        decode: decode_any::<T>,
    }
}

/// Sabot's plan nodes, alphabetical by key.
pub(super) static NODES: &[ExecKind] = &[
    exec_kind::<AdaptiveCoalesceExec>(),
    exec_kind::<BroadcastExchangeExec>(),
    exec_kind::<CoalesceTagExec>(),
    exec_kind::<CollectMetricsExec>(),
    exec_kind::<DecodeExec>(),
    exec_kind::<MetaExec>(),
    exec_kind::<MetricsSourceExec>(),
    exec_kind::<PartitionFnsExec>(),
    exec_kind::<RangeExchangeExec>(),
    exec_kind::<ReusedSubplanExec>(),
    exec_kind::<ShowStringExec>(),
    exec_kind::<ShuffleExchangeExec>(),
    exec_kind::<SplitBatchesExec>(),
    exec_kind::<TaskCountingExec>(),
    exec_kind::<UnionLoopExec>(),
    exec_kind::<UnionLoopRefExec>(),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_unique() {
        for w in NODES.windows(2) {
            assert!(w[0].key < w[1].key, "{} !< {}", w[0].key, w[1].key);
        }
    }
}
