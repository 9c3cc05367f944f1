//! [`BroadcastExchangeExec`] in the plan codec: no fields besides its input.

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::exec::BroadcastExchangeExec;
use crate::codec::{DecodeContext, EncodeContext, PortableExec, single_input};

impl PortableExec for BroadcastExchangeExec {
    const KEY: &'static str = "broadcast_exchange";

    fn encode(&self, _: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        Ok(())
    }

    fn decode(
        _: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        _: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        Ok(Self::new(single_input(inputs)?))
    }
}
