//! The exchange nodes in the plan codec: a shuffle is its partitioning over its input (the
//! batch splitting below a round robin is rebuilt by the constructor), a split its count, an
//! adaptive read its rule's numbers.

use std::sync::Arc;

use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::adaptive::AdaptiveCoalesce;
use super::adaptive_exec::AdaptiveCoalesceExec;
use super::exec::ShuffleExchangeExec;
use super::split::SplitBatchesExec;
use crate::codec::{DecodeContext, EncodeContext, PortableExec, single_input};

impl PortableExec for ShuffleExchangeExec {
    const KEY: &'static str = "shuffle_exchange";

    fn encode(&self, e: &mut Encoder, cx: &EncodeContext<'_>) -> DfResult<()> {
        e.bytes(cx.partitioning(self.partitioning())?);
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let input = single_input(inputs)?;
        let partitioning = cx.partitioning(&d.bytes()?, &input.schema())?;
        Self::try_new(input, partitioning)
    }
}

impl PortableExec for SplitBatchesExec {
    const KEY: &'static str = "split_batches";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        e.int(self.slices() as i64);
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        _: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let slices = usize::try_from(d.int()?)
            .map_err(|_| DataFusionError::Internal("malformed slice count".into()))?;
        Ok(Self::new(single_input(inputs)?, slices))
    }
}

impl PortableExec for AdaptiveCoalesceExec {
    const KEY: &'static str = "adaptive_coalesce";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        encode_rule(e, self.rule());
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        _: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let rule = decode_rule(d)?;
        Ok(Self::new(single_input(inputs)?, rule))
    }
}

/// The adaptive rule's four numbers (also in the partition layer's coalesce tag).
pub(crate) fn encode_rule(e: &mut Encoder, rule: &AdaptiveCoalesce) {
    let int = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    e.int(int(rule.advisory_size))
        .int(int(rule.min_partition_size))
        .usize(rule.min_partitions)
        .int(int(rule.buffer_limit));
}

pub(crate) fn decode_rule(d: &mut Decoder) -> DfResult<AdaptiveCoalesce> {
    let mut size = || {
        u64::try_from(d.int()?)
            .map_err(|_| DataFusionError::Internal("malformed adaptive size".into()))
    };
    let (advisory_size, min_partition_size) = (size()?, size()?);
    let min_partitions = d.usize()?;
    let buffer_limit = u64::try_from(d.int()?)
        .map_err(|_| DataFusionError::Internal("malformed adaptive size".into()))?;
    Ok(AdaptiveCoalesce {
        advisory_size,
        min_partition_size,
        min_partitions,
        buffer_limit,
    })
}
