//! The exchange nodes in the plan codec: a shuffle is its partitioning over its input (the
//! batch splitting below a round robin is rebuilt by the constructor), a split its count.

use std::sync::Arc;

use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

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
